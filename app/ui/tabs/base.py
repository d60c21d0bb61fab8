"""What every client tab provides."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.ui.context import UiContext


class ClientTab(QWidget):
    """A tab of the client view. Subclasses load data with ``ctx.db.run`` in show_client
    and must drop every personal value from their widgets in ``clear`` (called on lock)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.client_id: str | None = None

    def title(self) -> str:
        raise NotImplementedError

    def show_client(self, client_id: str) -> None:
        self.client_id = client_id
        self.reload()

    def reload(self) -> None:
        """Fetch this client's data again (after a change)."""
        raise NotImplementedError

    def clear(self) -> None:
        self.client_id = None
