"""The client list: a table model of client summaries and a filtering proxy.

Built for thousands of clients with search as you type (issue 12): the model sorts the
clients once, when they arrive, by precomputed ``QCollator`` sort keys (the user's
language's order), and prepares each client's case-folded search text. The proxy never
asks Python a question per row: a keystroke is one Python pass over the prepared texts,
after which the proxy tells its views that the layout changed (the views then ask only
for the rows they show). Selections survive a keystroke while their row stays visible.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractProxyModel,
    QCollator,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from app.domain.models import ClientSummary
from app.i18n import N_
from app.services.clients import (
    SearchHaystack,
    SearchNeedle,
    search_haystack,
    search_needle,
)
from app.ui.table_model import RecordTableModel
from app.ui.texts import _, ui_locale

SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 1
ENDED_TIP = N_("Client relationship ended")
Index = QModelIndex | QPersistentModelIndex


def name_collator() -> QCollator:
    """Names as the user's language sorts them (fi_FI, sv_FI), case-insensitive."""
    collator = QCollator(ui_locale())
    collator.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    collator.setNumericMode(True)
    return collator


class ClientListModel(RecordTableModel[ClientSummary]):
    """The clients in name order, each with its prepared search text."""

    HEADERS = (N_("Name"), N_("Client no."))
    NAME, NUMBER = 0, 1

    def __init__(self) -> None:
        super().__init__()
        self.haystacks: list[SearchHaystack] = []

    def set_clients(self, rows: list[ClientSummary]) -> None:
        self.set_rows(rows)

    def ordered(self, rows: list[ClientSummary]) -> list[ClientSummary]:
        # One sort key per name (not one collation per comparison), last name first;
        # the number breaks ties.
        collator = name_collator()
        keyed = sorted(
            (
                (collator.sortKey(row.sort_name or row.name), row.client_number, i)
                for i, row in enumerate(rows)
            ),
        )
        ordered = [rows[i] for _key, _number, i in keyed]
        self.haystacks = [search_haystack(row) for row in ordered]
        return ordered

    def summary(self, row: int) -> ClientSummary:
        return self.record(row)

    def summaries(self) -> list[ClientSummary]:
        """Every client, in the model's (name) order; not to be changed."""
        return self._rows

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


class ClientFilterProxy(QAbstractProxyModel):
    """Search-as-you-type and the status filter over a ``ClientListModel``, in memory.

    ``sort`` orders by name (the model's own order, or reversed) or by client number; a
    filter or order change is one pass over the model's prepared rows.
    """

    def __init__(self) -> None:
        super().__init__()
        self._needle: SearchNeedle | None = None
        self._status = StatusFilter.ACTIVE
        self._sort_column = ClientListModel.NAME
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._rows: list[int] = []  # proxy row -> source row
        self._position: dict[int, int] = {}  # source row -> proxy row
        # Kept between keystrokes: the rows before the search, and the last search's rows.
        self._base_rows: list[int] = []
        self._base_key: tuple[int, Qt.SortOrder, StatusFilter] | None = None
        self._narrowed: tuple[object, SearchNeedle, list[int]] | None = None

    # --- what is shown -----------------------------------------------------------------

    def set_search(self, text: str) -> None:
        needle = search_needle(text)
        if needle != self._needle:
            self._needle = needle
            self._refilter()

    def set_status(self, status: StatusFilter) -> None:
        if status is not self._status:
            self._status = status
            self._refilter()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        column = ClientListModel.NUMBER if column == ClientListModel.NUMBER else 0
        if (column, order) != (self._sort_column, self._sort_order):
            self._sort_column, self._sort_order = column, order
            self._refilter()

    def _base(self) -> list[int]:
        """The source rows of the status filter, in the order shown (kept until the
        clients, the order or the status change)."""
        key = (self._sort_column, self._sort_order, self._status)
        if self._base_key != key:
            model = self._model()
            summaries = model.summaries() if model is not None else []
            order = list(range(len(summaries)))
            if self._sort_column == ClientListModel.NUMBER:
                order.sort(key=lambda row: summaries[row].client_number)
            if self._sort_order == Qt.SortOrder.DescendingOrder:
                order.reverse()
            if self._status is not StatusFilter.ALL:
                active = self._status is StatusFilter.ACTIVE
                order = [row for row in order if summaries[row].active is active]
            self._base_rows, self._base_key = order, key
        return self._base_rows

    def _accepted(self) -> list[int]:
        """The source rows shown, in the order shown: one pass, no Qt call per row. A
        longer search text looks only among the rows the shorter one found."""
        model = self._model()
        if model is None:
            return []
        base = self._base()
        needle, haystacks = self._needle, model.haystacks
        if needle is None:
            return base
        text, digits = needle.text, needle.phone_digits
        previous = self._narrowed
        rows = base
        if (
            previous is not None
            and previous[0] == self._base_key
            and previous[1].phone_digits is None
            and digits is None
            and text.startswith(previous[1].text)
        ):
            rows = previous[2]
        if digits is None:
            found = [row for row in rows if text in haystacks[row].text]
        else:
            found = [
                row
                for row in rows
                if text in haystacks[row].text or digits in haystacks[row].phone_digits
            ]
        self._narrowed = (self._base_key, needle, found)
        return found

    def _refilter(self) -> None:
        """A new set or order of rows, told as a layout change: selections and other
        persistent indexes follow their client (or vanish with its row)."""
        rows = self._accepted()
        if rows == self._rows:
            return
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        position = {source: proxy for proxy, source in enumerate(rows)}
        new: list[QModelIndex] = []
        for index in old:
            proxy_row = position.get(self._rows[index.row()], -1) if index.isValid() else -1
            # createIndex: index() still checks against the old rows here.
            new.append(
                self.createIndex(proxy_row, index.column()) if proxy_row >= 0 else QModelIndex()
            )
        self._rows, self._position = rows, position
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    def _model(self) -> ClientListModel | None:
        model = self.sourceModel()
        return model if isinstance(model, ClientListModel) else None

    # --- QAbstractProxyModel -------------------------------------------------------------

    def setSourceModel(self, model: QAbstractItemModel) -> None:
        old = self.sourceModel()
        if old is not None:
            old.modelAboutToBeReset.disconnect(self.beginResetModel)
            old.modelReset.disconnect(self._source_reset)
            old.dataChanged.disconnect(self._source_data_changed)
        self.beginResetModel()
        self._forget()
        super().setSourceModel(model)
        model.modelAboutToBeReset.connect(self.beginResetModel)
        model.modelReset.connect(self._source_reset)
        model.dataChanged.connect(self._source_data_changed)
        self._rows = self._accepted()
        self._position = {source: proxy for proxy, source in enumerate(self._rows)}
        self.endResetModel()

    def _forget(self) -> None:
        self._base_key = None
        self._narrowed = None

    def _source_reset(self) -> None:
        self._forget()
        self._rows = self._accepted()
        self._position = {source: proxy for proxy, source in enumerate(self._rows)}
        self.endResetModel()

    def _source_data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex) -> None:
        rows = [
            self._position[row]
            for row in range(top_left.row(), bottom_right.row() + 1)
            if row in self._position
        ]
        if rows:
            self.dataChanged.emit(
                self.index(min(rows), top_left.column()),
                self.index(max(rows), bottom_right.column()),
            )

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if parent.isValid() or not 0 <= row < len(self._rows):
            return QModelIndex()
        if not 0 <= column < self.columnCount():
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, index: Index | None = None) -> Any:
        """A flat list: no item has a parent (``parent()`` alone is the QObject's)."""
        if index is None:
            return super().parent()
        return QModelIndex()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        model = self.sourceModel()
        return 0 if parent.isValid() or model is None else model.columnCount()

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and bool(self._rows)

    def mapToSource(self, proxy_index: Index) -> QModelIndex:
        model = self.sourceModel()
        if model is None or not proxy_index.isValid() or proxy_index.row() >= len(self._rows):
            return QModelIndex()
        return model.index(self._rows[proxy_index.row()], proxy_index.column())

    def mapFromSource(self, source_index: Index) -> QModelIndex:
        if not source_index.isValid():
            return QModelIndex()
        row = self._position.get(source_index.row())
        return QModelIndex() if row is None else self.index(row, source_index.column())

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        model = self.sourceModel()
        if model is None or orientation == Qt.Orientation.Vertical:
            return None
        return model.headerData(section, orientation, role)
