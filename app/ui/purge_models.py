"""The tables of the purge review: what goes by category and by client, what stays and
why, the holds, and the purge record's entries.

Rows are plain data built from a ``PurgePlan`` (ids and counts) and the clients' names
that ``services.purge.plan_clients`` returned (inside the app only). The category and
client tables are checkable in their first column: what is checked goes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal

from app.domain.purge import LINKED_RECORDS, KeptReason
from app.i18n import N_
from app.i18n.codes import category_label, category_source, kept_reason_label, rule_label
from app.services.purge import PlanClient, PurgeEntry, PurgePlan
from app.ui.table_model import RecordTableModel
from app.ui.texts import _, ui_language

Index = QModelIndex | QPersistentModelIndex
K = TypeVar("K")
R = TypeVar("R")

HOLD_REASONS = (KeptReason.LEGAL_HOLD, KeptReason.OPEN_REQUEST)


def client_text(client: PlanClient | None, client_id: str) -> str:
    """The client's name; after the contact details went, the client number only."""
    if client is not None and client.name:
        return client.name
    if client is not None and client.client_number is not None:
        return _("Client no. {number}").format(number=client.client_number)
    return _("Client without a name")


# --- the rows ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CategoryRow:
    category: str  # a Category value, or LINKED_RECORDS (goes with the client's last record)
    count: int
    rule: str  # the rule code, "<kind>:<years>"

    @property
    def selectable(self) -> bool:
        return self.category != LINKED_RECORDS


@dataclass(frozen=True)
class ClientRow:
    client_id: str
    client: PlanClient | None
    counts: Mapping[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class KeptRow:
    reason: KeptReason
    category: str
    count: int


@dataclass(frozen=True)
class HoldRow:
    client_id: str
    client: PlanClient | None
    reason: KeptReason
    count: int


def category_rows(plan: PurgePlan, rules: Mapping[str, str]) -> list[CategoryRow]:
    return [CategoryRow(c, n, rules.get(c, "")) for c, n in plan.counts().items()]


def client_rows(plan: PurgePlan, clients: Mapping[str, PlanClient]) -> list[ClientRow]:
    rows = [
        ClientRow(cid, clients.get(cid), counts)
        for cid, counts in plan.by_client().items()
        if any(c != LINKED_RECORDS for c in counts)
    ]
    return sorted(rows, key=lambda r: (client_text(r.client, r.client_id).casefold(), r.client_id))


def kept_rows(plan: PurgePlan) -> list[KeptRow]:
    counts: dict[tuple[KeptReason, str], int] = defaultdict(int)
    for kept in plan.kept:
        if kept.reason not in HOLD_REASONS:
            counts[(kept.reason, kept.category)] += 1
    return [KeptRow(reason, category, n) for (reason, category), n in sorted(counts.items())]


def hold_rows(plan: PurgePlan, clients: Mapping[str, PlanClient]) -> list[HoldRow]:
    counts: dict[tuple[str, KeptReason], int] = defaultdict(int)
    for kept in plan.kept:
        if kept.reason in HOLD_REASONS and kept.client_id is not None:
            counts[(kept.client_id, kept.reason)] += 1
    rows = [HoldRow(cid, clients.get(cid), reason, n) for (cid, reason), n in counts.items()]
    return sorted(rows, key=lambda r: (client_text(r.client, r.client_id).casefold(), r.reason))


# --- the models ----------------------------------------------------------------------------


class CheckableModel(RecordTableModel[R], Generic[R, K]):
    """A table whose first column checks a row (Space or a click on the box); every row
    starts checked."""

    checks_changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._checked: set[K] = set()

    def key(self, record: R) -> K:
        raise NotImplementedError

    def selectable(self, record: R) -> bool:
        return True

    def set_rows(self, rows: Iterable[R]) -> None:
        rows = list(rows)
        self._checked = {self.key(r) for r in rows if self.selectable(r)}
        super().set_rows(rows)
        self.checks_changed.emit()

    def checked(self) -> set[K]:
        return set(self._checked)

    def all_checked(self) -> bool:
        return all(self.key(r) in self._checked for r in self._rows if self.selectable(r))

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == 0 and self.selectable(self._rows[index.row()]):
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role == Qt.ItemDataRole.CheckStateRole
            and index.isValid()
            and index.column() == 0
            and 0 <= index.row() < len(self._rows)
        ):
            record = self._rows[index.row()]
            if not self.selectable(record):
                return None
            on = self.key(record) in self._checked
            return Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        return super().data(index, role)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid() or index.column() != 0:
            return False
        record = self._rows[index.row()]
        if not self.selectable(record):
            return False
        state = value if isinstance(value, Qt.CheckState) else Qt.CheckState(int(value))
        if state == Qt.CheckState.Checked:
            self._checked.add(self.key(record))
        else:
            self._checked.discard(self.key(record))
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.checks_changed.emit()
        return True


class CategoryModel(CheckableModel[CategoryRow, str]):
    HEADERS = (N_("Category"), N_("Records"), N_("Rule"), N_("Source"))

    def key(self, record: CategoryRow) -> str:
        return record.category

    def selectable(self, record: CategoryRow) -> bool:
        return record.selectable

    def record_id(self, record: CategoryRow) -> object:
        return record.category

    def cell(self, record: CategoryRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            lang = ui_language()
            if column == 0:
                return category_label(record.category, lang)
            if column == 1:
                return str(record.count)
            if column == 2:
                return rule_label(record.rule, lang) if record.rule else ""
            return category_source(record.category, lang)
        if role == Qt.ItemDataRole.ToolTipRole and column == 3:
            return category_source(record.category, ui_language())
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class ClientModel(CheckableModel[ClientRow, str]):
    HEADERS = (N_("Client"), N_("Client no."), N_("Records"), N_("Categories"))

    def key(self, record: ClientRow) -> str:
        return record.client_id

    def record_id(self, record: ClientRow) -> object:
        return record.client_id

    def cell(self, record: ClientRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return client_text(record.client, record.client_id)
            if column == 1:
                number = record.client.client_number if record.client else None
                return "" if number is None else str(number)
            if column == 2:
                return str(record.total)
            lang = ui_language()
            return ", ".join(category_label(c, lang) for c in record.counts if c != LINKED_RECORDS)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (1, 2):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class KeptModel(RecordTableModel[KeptRow]):
    HEADERS = (N_("Why it stays"), N_("Category"), N_("Records"))

    def record_id(self, record: KeptRow) -> object:
        return (record.reason, record.category)

    def cell(self, record: KeptRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            lang = ui_language()
            if column == 0:
                return kept_reason_label(record.reason, lang)
            if column == 1:
                return category_label(record.category, lang)
            return str(record.count)
        return None


class HoldModel(RecordTableModel[HoldRow]):
    HEADERS = (N_("Client"), N_("Held by"), N_("Records kept"))

    def record_id(self, record: HoldRow) -> object:
        return (record.client_id, record.reason)

    def cell(self, record: HoldRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return client_text(record.client, record.client_id)
            if column == 1:
                return kept_reason_label(record.reason, ui_language())
            return str(record.count)
        return None


class RecordEntryModel(RecordTableModel[PurgeEntry]):
    """The purge record: per category, how many records went and by which rule."""

    HEADERS = (N_("Category"), N_("Records destroyed"), N_("Rule"))

    def record_id(self, record: PurgeEntry) -> object:
        return record.category

    def cell(self, record: PurgeEntry, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            lang = ui_language()
            if column == 0:
                return category_label(record.category, lang)
            if column == 1:
                return str(record.count)
            return rule_label(record.rule, lang)
        return None
