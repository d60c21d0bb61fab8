"""A window listing records of many clients (open requests, unpaid invoices): a summary
line, the table, and Open the client (also double-click or Enter). Its names leave the
screen when the main window hides (the app locks)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QModelIndex
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from app.ui.context import UiContext
from app.ui.table_model import record_table
from app.ui.texts import _
from app.ui.window_watch import WindowHidden


class CrossClientListDialog(QDialog):
    """Subclasses give the model, the title and the table's name, then implement
    ``reload``, ``client_id_at`` and ``clear_rows``; ``set_summary`` shows what was read."""

    def __init__(
        self,
        ctx: UiContext,
        model: QAbstractItemModel,
        title: str,
        table_name: str,
        parent: QWidget | None = None,
        on_open_client: Callable[[str], None] | None = None,
        stretch_columns: tuple[int, ...] = (),
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.on_open_client = on_open_client
        self._opened = False  # a double-click emits both doubleClicked and activated
        self.setWindowTitle(title)
        self.resize(820, 420)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(_("Summary"))
        self.table = record_table(model, table_name, stretch_columns=stretch_columns)
        self.table.activated.connect(self._activated)
        self.table.doubleClicked.connect(self._activated)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_button = self.buttons.addButton(
            _("&Open the client"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.open_button.clicked.connect(self.open_selected)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self._update_buttons()
        self._window_hidden = WindowHidden(self, parent, self._close_with_window)

    # --- for subclasses ----------------------------------------------------------------

    def reload(self) -> None:
        raise NotImplementedError

    def client_id_at(self, row: int) -> str | None:
        raise NotImplementedError

    def clear_rows(self) -> None:
        raise NotImplementedError

    def set_summary(self, text: str, rows: int) -> None:
        """After the rows are in: the summary, the first row chosen, the table focused."""
        self._opened = False
        self.summary.setText(text)
        if rows:
            self.table.selectRow(0)
        self._update_buttons()
        self.table.setFocus()

    # --- shared -------------------------------------------------------------------------

    def clear(self) -> None:
        """Drop every name from the window (on lock)."""
        self.clear_rows()
        self.summary.clear()
        self._update_buttons()

    def _close_with_window(self) -> None:
        self.clear()
        self.reject()

    def _update_buttons(self) -> None:
        self.open_button.setEnabled(
            self.on_open_client is not None and bool(self.table.selectionModel().selectedRows())
        )

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_row(index.row())

    def open_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.open_row(rows[0].row())

    def open_row(self, row: int) -> None:
        client_id = self.client_id_at(row)
        if self.on_open_client is None or self._opened or not client_id:
            return
        self._opened = True
        self.accept()
        self.on_open_client(client_id)
