"""The client list: a table model of client summaries and a filtering, collating proxy."""

from __future__ import annotations

from enum import Enum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCollator,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from app.domain.models import ClientSummary
from app.services.clients import matches
from app.ui.texts import _, ui_locale

SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


class ClientListModel(QAbstractTableModel):
    NAME, NUMBER = 0, 1

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[ClientSummary] = []

    def set_clients(self, rows: list[ClientSummary]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def clear(self) -> None:
        self.set_clients([])

    def summary(self, row: int) -> ClientSummary:
        return self._rows[row]

    def row_of(self, client_id: str) -> int | None:
        for row, summary in enumerate(self._rows):
            if summary.id == client_id:
                return row
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 2

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        summary = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if index.column() == self.NAME:
                return summary.name
            return str(summary.client_number)
        if role == SUMMARY_ROLE:
            return summary
        if role == Qt.ItemDataRole.ToolTipRole and not summary.active:
            return _("Client relationship ended")
        if role == Qt.ItemDataRole.ForegroundRole and not summary.active:
            from PySide6.QtGui import QPalette
            from PySide6.QtWidgets import QApplication

            return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == self.NUMBER:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _("Name") if section == self.NAME else _("Client no.")
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
