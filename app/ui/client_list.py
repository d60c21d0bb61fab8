"""The client list: a table model of client summaries and a filtering proxy.

Built for thousands of clients with search as you type (issue 12): the model sorts the
clients once, when they arrive, by precomputed ``QCollator`` sort keys (the user's
language's order), and prepares each client's case-folded search text. The proxy never
asks Python a question per row: a keystroke is one Python pass over the prepared texts,
after which the proxy tells its views that the layout changed (the views then ask only
for the rows they show). Selections survive a keystroke while their row stays visible.
"""

from __future__ import annotations

from dataclasses import dataclass
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
    list_clients,
    search_haystack,
    search_needle,
)
from app.services.session import Session
from app.ui.table_model import RecordTableModel
from app.ui.texts import _, ui_locale

SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 1
ENDED_TIP = N_("Client relationship ended")
Index = QModelIndex | QPersistentModelIndex
# The roles as plain numbers: a view asks for several per visible cell at every keystroke.
_TEXT_ROLES = frozenset({int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.AccessibleTextRole)})
_SUMMARY = int(SUMMARY_ROLE)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_FLAGS = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemNeverHasChildren


def name_collator() -> QCollator:
    """Names as the user's language sorts them (fi_FI, sv_FI), case-insensitive."""
    collator = QCollator(ui_locale())
    collator.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    collator.setNumericMode(True)
    return collator


@dataclass(frozen=True)
class PreparedClients:
    """The clients in name order with their search texts, made off the GUI thread."""

    rows: list[ClientSummary]
    haystacks: list[SearchHaystack]


def prepare_clients(rows: list[ClientSummary]) -> PreparedClients:
    """Sort by last name (one QCollator sort key per name, not one collation per
    comparison; the number breaks ties) and case-fold the search texts. Runs on the
    worker when the list is loaded (QCollator is reentrant: this thread's own collator)."""
    collator = name_collator()
    # Each name once (a register repeats many): a rank per name, equal for names the
    # collator holds equal; then numbers only are compared.
    names = {row.sort_name or row.name for row in rows}
    keyed = sorted((collator.sortKey(name), name) for name in names)
    ranks: dict[str, int] = {}
    rank, previous = -1, None
    for key, name in keyed:
        if previous is None or key.compare(previous) != 0:
            rank += 1
        ranks[name] = rank
        previous = key
    ordered = sorted(rows, key=lambda row: (ranks[row.sort_name or row.name], row.client_number))
    return PreparedClients(ordered, [search_haystack(row) for row in ordered])


def load_clients(session: Session) -> PreparedClients:
    """The client list as the window shows it: read and prepared on the worker."""
    return prepare_clients(list_clients(session))


class ClientListModel(RecordTableModel[ClientSummary]):
    """The clients in name order, each with its prepared search text."""

    HEADERS = (N_("Name"), N_("Client no."), N_("Born"))
    NAME, NUMBER, BORN = 0, 1, 2

    def __init__(self) -> None:
        super().__init__()
        self.haystacks: list[SearchHaystack] = []
        # Birth years from the kept identities, only while the patient records are open.
        self.birth_years: dict[str, int] = {}

    def set_birth_years(self, years: dict[str, int]) -> None:
        self.birth_years = years
        if self._rows:
            last = len(self._rows) - 1
            self.dataChanged.emit(self.index(0, self.BORN), self.index(last, self.BORN))

    def set_clients(self, rows: list[ClientSummary]) -> None:
        self.set_prepared(prepare_clients(rows))

    def set_prepared(self, prepared: PreparedClients) -> None:
        """Show clients already sorted and folded (``prepare_clients``)."""
        self.beginResetModel()
        self._rows = prepared.rows
        self.haystacks = prepared.haystacks
        self.endResetModel()

    def ordered(self, rows: list[ClientSummary]) -> list[ClientSummary]:
        prepared = prepare_clients(rows)
        self.haystacks = prepared.haystacks
        return prepared.rows

    def summary(self, row: int) -> ClientSummary:
        return self.record(row)

    def summaries(self) -> list[ClientSummary]:
        """Every client, in the model's (name) order; not to be changed."""
        return self._rows

    def cell(self, summary: ClientSummary, column: int, role: int) -> Any:
        role = int(role)
        if role in _TEXT_ROLES:
            if column == self.NAME:
                return summary.name
            if column == self.BORN:
                year = self.birth_years.get(summary.id)
                return "" if year is None else str(year)
            return str(summary.client_number)
        if role == _SUMMARY:
            return summary
        if role == _TOOLTIP:  # the whole name where the column elides it
            return summary.name if summary.active else f"{summary.name} — {_(ENDED_TIP)}"
        if role == _FOREGROUND and not summary.active:
            from PySide6.QtGui import QPalette
            from PySide6.QtWidgets import QApplication

            return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        if role == _ALIGNMENT and column != self.NAME:
            return _RIGHT
        return None


class StatusFilter(Enum):
    ACTIVE = "active"
    ENDED = "ended"
    ALL = "all"


class ClientFilterProxy(QAbstractProxyModel):
    """Search-as-you-type and the status filter over a ``ClientListModel``, in memory.

    ``sort`` orders by name (the model's own order, or reversed), by client number or by
    birth year (namesakes apart); a filter or order change is one pass over the model's
    prepared rows. Clients found by their kept identity (``set_identity_matches``: a hetu
    or birth date searched in the patient records) are shown with those the text finds.
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
        self._source: ClientListModel | None = None  # the source model, typed
        self._identity_ids: frozenset[str] = frozenset()

    # --- what is shown -----------------------------------------------------------------

    def set_search(self, text: str) -> None:
        needle = search_needle(text)
        if needle != self._needle:
            self._needle = needle
            self._refilter()

    def set_identity_matches(self, client_ids: frozenset[str]) -> None:
        if client_ids != self._identity_ids:
            self._identity_ids = client_ids
            self._refilter()

    def birth_years_changed(self) -> None:
        """The years arrived or went: an order by them is made again."""
        if self._sort_column == ClientListModel.BORN:
            self._forget()
            self._refilter()

    def set_status(self, status: StatusFilter) -> None:
        if status is not self._status:
            self._status = status
            self._refilter()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column not in (ClientListModel.NUMBER, ClientListModel.BORN):
            column = ClientListModel.NAME
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
            elif self._sort_column == ClientListModel.BORN and model is not None:
                years = model.birth_years  # unknown years last; names in order within a year
                order.sort(key=lambda row: years.get(summaries[row].id, 10_000))
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
        if self._identity_ids:
            shown = set(found)
            ids = self._identity_ids
            summaries = model.summaries()
            return [row for row in base if row in shown or summaries[row].id in ids]
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
        self._source = model if isinstance(model, ClientListModel) else None
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

    # The view's questions answered here, not through mapToSource and the model's index:
    # a keystroke repaints every visible row (issue 12).

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row, column = index.row(), index.column()
        model = self._source
        if model is None or not 0 <= row < len(self._rows) or not 0 <= column < 3:
            return None
        return model.cell(model.summaries()[self._rows[row]], column, role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _FLAGS

    def sibling(self, row: int, column: int, index: Index) -> QModelIndex:
        return self.index(row, column)

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
