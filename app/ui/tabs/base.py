"""What every client tab provides."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QDialog, QHBoxLayout, QWidget

from app.services.session import Session
from app.ui.context import UiContext

T = TypeVar("T")


class ClientTab(QWidget):
    """A tab of the client view. Subclasses load data with ``ctx.db.run`` in show_client
    and must drop every personal value from their widgets in ``clear`` (called on lock).

    A tab has at most one dialog open, ``dialog`` (opened with ``open_dialog``)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.client_id: str | None = None
        self.dialog: QDialog | None = None

    def title(self) -> str:
        raise NotImplementedError

    def show_client(self, client_id: str) -> None:
        self.client_id = client_id
        self.reload()

    def reload(self) -> None:
        """Fetch this client's data again (after a change)."""
        raise NotImplementedError

    def load(self, fetch: Callable[[Session, str], T], show: Callable[[T], None]) -> None:
        """Fetch the shown client's data on the worker; ``show`` gets it only if the tab
        still shows that client (another was chosen, or the tab cleared, meanwhile)."""
        client_id = self.client_id
        if client_id is None:
            return

        def arrived(data: T) -> None:
            if client_id == self.client_id:
                show(data)

        self.ctx.db.run(lambda session: fetch(session, client_id), arrived)

    def reload_and_announce(self) -> None:
        """After a save: fetch this client's data again and tell the other views."""
        client_id = self.client_id
        if client_id is None:
            return
        self.reload()
        self.ctx.events.client_changed.emit(client_id)

    def clear(self) -> None:
        self.client_id = None

    def open_dialog(self, dialog: QDialog) -> None:
        """Open ``dialog`` as the tab's dialog (the one open before is closed); it is
        forgotten and deleted when it finishes."""
        self.close_dialog()
        self.dialog = dialog
        dialog.finished.connect(lambda _result: self._dialog_finished(dialog))
        dialog.open()

    def _dialog_finished(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def close_dialog(self) -> None:
        """Close the open dialog without saving (the tab is cleared on lock)."""
        if self.dialog is not None:
            dialog, self.dialog = self.dialog, None
            dialog.done(QDialog.DialogCode.Rejected)


def button_row(*widgets: QWidget, align_right: bool = False) -> QHBoxLayout:
    """Buttons side by side at the left of the row (or at its right)."""
    row = QHBoxLayout()
    if align_right:
        row.addStretch(1)
    for widget in widgets:
        row.addWidget(widget)
    if not align_right:
        row.addStretch(1)
    return row
