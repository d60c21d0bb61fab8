"""Every open request of every client, nearest deadline first (opened from the banner)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QWidget

from app.domain.models import DataRequest
from app.domain.request_rules import NEAR_DEADLINE_DAYS, is_near_deadline
from app.i18n import N_
from app.services import requests
from app.services.session import Session
from app.ui.context import UiContext
from app.ui.cross_client_list import CrossClientListDialog
from app.ui.dialogs.request_dialogs import days_left_text, deadline_text, request_kind_label
from app.ui.icons import icon
from app.ui.table_model import RecordTableModel
from app.ui.tabs.requests_tab import NEAR_COLOUR, identity_text
from app.ui.texts import _, format_date, ngettext

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


class RequestsOverviewDialog(CrossClientListDialog):
    """Open requests of all clients; a double-click (or Enter) opens the client."""

    def __init__(
        self,
        ctx: UiContext,
        parent: QWidget | None = None,
        on_open_client: Callable[[str], None] | None = None,
    ) -> None:
        self.model = OpenRequestModel()
        super().__init__(
            ctx,
            self.model,
            _("Open requests"),
            _("Open requests, nearest deadline first"),
            parent,
            on_open_client,
        )
        self.setWindowIcon(icon("warning"))
        self.reload()

    def reload(self) -> None:
        self.ctx.db.run(load_open_requests, lambda result: self._show(*result))

    def _show(self, rows: list[tuple[DataRequest, str]], today: date) -> None:
        self.model.set_rows(rows, today)
        total = self.model.rowCount()
        if total == 0:
            text = _("There are no open requests.")
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
        self.set_summary(text, total)

    def client_id_at(self, row: int) -> str | None:
        return self.model.request(row).client_id

    def clear_rows(self) -> None:
        self.model.set_rows([], date.min)
