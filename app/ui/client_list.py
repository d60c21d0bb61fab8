"""The client list: a table model of client summaries and a filtering, collating proxy."""

from __future__ import annotations

from enum import Enum
from typing import Any

from PySide6.QtCore import (
    QCollator,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from app.domain.models import ClientSummary
from app.i18n import N_
from app.services.clients import matches
from app.ui.table_model import RecordTableModel
from app.ui.texts import _, ui_locale

SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 1
ENDED_TIP = N_("Client relationship ended")
Index = QModelIndex | QPersistentModelIndex


class ClientListModel(RecordTableModel[ClientSummary]):
    HEADERS = (N_("Name"), N_("Client no."))
    NAME, NUMBER = 0, 1

    def set_clients(self, rows: list[ClientSummary]) -> None:
        self.set_rows(rows)

    def summary(self, row: int) -> ClientSummary:
        return self.record(row)

    def cell(self, summary: ClientSummary, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == self.NAME:
                return summary.name
            return str(summary.client_number)
        if role == SUMMARY_ROLE:
            return summary
        if role == Qt.ItemDataRole.ToolTipRole and not summary.active:
            return _(ENDED_TIP)
        if role == Qt.ItemDataRole.ForegroundRole and not summary.active:
            from PySide6.QtGui import QPalette
            from PySide6.QtWidgets import QApplication

            return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.NUMBER:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class StatusFilter(Enum):
    ACTIVE = "active"
    ENDED = "ended"
    ALL = "all"


class ClientFilterProxy(QSortFilterProxyModel):
    """Search-as-you-type in memory; names sorted as the user's language sorts them."""

    def __init__(self) -> None:
        super().__init__()
        self._text = ""
        self._status = StatusFilter.ACTIVE
        self._collator = QCollator(ui_locale())
        self._collator.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._collator.setNumericMode(True)
        self.setSortRole(Qt.ItemDataRole.DisplayRole)

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._text = text
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_status(self, status: StatusFilter) -> None:
        self.beginFilterChange()
        self._status = status
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, ClientListModel):
            return True
        summary = model.summary(source_row)
        if self._status is StatusFilter.ACTIVE and not summary.active:
            return False
        if self._status is StatusFilter.ENDED and summary.active:
            return False
        return matches(summary, self._text)

    def lessThan(self, left: Index, right: Index) -> bool:
        model = self.sourceModel()
        if isinstance(model, ClientListModel) and left.column() == ClientListModel.NUMBER:
            return (
                model.summary(left.row()).client_number < model.summary(right.row()).client_number
            )
        return self._collator.compare(str(left.data()), str(right.data())) < 0
