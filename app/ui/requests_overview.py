"""Every open request of every client, nearest deadline first (opened from the banner)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.domain.models import DataRequest
from app.domain.request_rules import NEAR_DEADLINE_DAYS, is_near_deadline
from app.i18n import N_
from app.services import requests
from app.services.session import Session
from app.ui.context import UiContext
from app.ui.dialogs.request_dialogs import days_left_text, deadline_text, request_kind_label
from app.ui.icons import icon
from app.ui.table_model import RecordTableModel, record_table
from app.ui.tabs.requests_tab import NEAR_COLOUR, identity_text
from app.ui.texts import _, format_date, ngettext
from app.ui.window_watch import WindowHidden

CLIENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1


def load_open_requests(session: Session) -> tuple[list[tuple[DataRequest, str]], date]:
    return requests.open_requests_with_names(session), session.today()


class OpenRequestModel(RecordTableModel[tuple[DataRequest, str]]):
    """A request and its client's name a row, nearest deadline first."""

    HEADERS = (
        N_("Client"),
        N_("Kind"),
        N_("Received"),
        N_("Deadline"),
        N_("Days left"),
        N_("Identity"),
    )
    DAYS_LEFT = 4

    def __init__(self) -> None:
        super().__init__()
        self._today = date.min

    def set_rows(self, rows: Iterable[tuple[DataRequest, str]], today: date = date.min) -> None:
        self._today = today
        super().set_rows(rows)

    def ordered(self, rows: list[tuple[DataRequest, str]]) -> list[tuple[DataRequest, str]]:
        return sorted(rows, key=lambda pair: (pair[0].deadline, pair[0].id or 0))

    def record_id(self, record: tuple[DataRequest, str]) -> object:
        return record[0].id

    def request(self, row: int) -> DataRequest:
        return self.record(row)[0]

    def near_count(self) -> int:
        return sum(1 for r, _name in self._rows if is_near_deadline(r.deadline, self._today))

    def cell(self, record: tuple[DataRequest, str], column: int, role: int) -> Any:
        request, name = record
        near = is_near_deadline(request.deadline, self._today)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return name
            if column == 1:
                return request_kind_label(request.kind)
            if column == 2:
                return format_date(request.received_on)
            if column == 3:
                return deadline_text(request)
            if column == self.DAYS_LEFT:
                return days_left_text(request.deadline, self._today)
            return identity_text(request)
        if role == Qt.ItemDataRole.ForegroundRole and column == self.DAYS_LEFT and near:
            return QBrush(NEAR_COLOUR)
        if role == Qt.ItemDataRole.DecorationRole and column == self.DAYS_LEFT and near:
            return icon("warning")
        if role == CLIENT_ID_ROLE:
            return request.client_id
        return None


class RequestsOverviewDialog(QDialog):
    """Open requests of all clients; a double-click (or Enter) opens the client."""

    def __init__(
        self,
        ctx: UiContext,
        parent: QWidget | None = None,
        on_open_client: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.on_open_client = on_open_client
        self._opened = False  # a double-click emits both doubleClicked and activated
        self.setWindowTitle(_("Open requests"))
        self.setWindowIcon(icon("warning"))
        self.resize(820, 420)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(_("Summary"))
        self.model = OpenRequestModel()
        self.table = record_table(self.model, _("Open requests, nearest deadline first"))
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
        # Names must not stay on screen when the main window hides (the app locks).
        self._window_hidden = WindowHidden(self, parent, self._close_with_window)
        self.reload()

    def _close_with_window(self) -> None:
        self.clear()
        self.reject()

    def reload(self) -> None:
        self._opened = False
        self.ctx.db.run(load_open_requests, lambda result: self._show(*result))

    def _show(self, rows: list[tuple[DataRequest, str]], today: date) -> None:
        self.model.set_rows(rows, today)
        total = self.model.rowCount()
        if total == 0:
            self.summary.setText(_("There are no open requests."))
        else:
            text = ngettext("{count} open request.", "{count} open requests.", total).format(
                count=total
            )
            near = self.model.near_count()
            if near:
                text += " " + ngettext(
                    "{count} is due within {days} days or past its deadline.",
                    "{count} are due within {days} days or past their deadlines.",
                    near,
                ).format(count=near, days=NEAR_DEADLINE_DAYS)
            self.summary.setText(text)
            self.table.selectRow(0)
        self._update_buttons()
        self.table.setFocus()

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
        client_id = self.model.request(row).client_id
        if self.on_open_client is None or self._opened:
            return
        self._opened = True
        self.accept()
        self.on_open_client(client_id)

    def clear(self) -> None:
        """Drop every name from the dialog (on lock)."""
        self.model.set_rows([], date.min)
        self.summary.clear()
        self._update_buttons()
