"""Choose the client of a new visit booked from the calendar: search as you type over the
active clients (the main window's list, filtered in memory), Enter takes the first."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.client_list import SUMMARY_ROLE, ClientFilterProxy, ClientListModel, StatusFilter
from app.ui.table_model import record_table
from app.ui.texts import _


class ClientChoiceDialog(QDialog):
    def __init__(
        self, clients: ClientListModel, when_text: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("New appointment"))
        self.setMinimumSize(380, 420)
        self.chosen: str | None = None
        self.proxy = ClientFilterProxy()
        self.proxy.setSourceModel(clients)
        self.proxy.set_status(StatusFilter.ACTIVE)
        self.proxy.sort(ClientListModel.NAME, Qt.SortOrder.AscendingOrder)

        intro = QLabel(_("Whose visit is {when}?").format(when=when_text))
        intro.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search by name or client number"))
        label = QLabel(_("&Client:"))
        label.setBuddy(self.search)
        self.search.textChanged.connect(self._search)
        self.search.returnPressed.connect(self.accept)
        self.list = record_table(
            self.proxy, _("Active clients"), stretch_columns=(ClientListModel.NAME,)
        )
        self.list.activated.connect(lambda _index: self.accept())
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert isinstance(ok, QPushButton)
        ok.setText(_("C&hoose"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(label)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)
        self._select_first()
        self.search.setFocus()

    def _search(self, text: str) -> None:
        self.proxy.set_search(text)
        self._select_first()

    def _select_first(self) -> None:
        if self.proxy.rowCount() > 0:
            self.list.selectRow(0)

    def current_client(self) -> str | None:
        rows = self.list.selectionModel().selectedRows()
        index: QModelIndex = rows[0] if rows else self.proxy.index(0, 0)
        if not index.isValid():
            return None
        summary = self.proxy.data(index, SUMMARY_ROLE)
        return summary.id if summary is not None else None

    def accept(self) -> None:
        self.chosen = self.current_client()
        if self.chosen is not None:
            super().accept()
