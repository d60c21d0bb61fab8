"""The read-only table models and table views of the app, built one way.

``RecordTableModel`` keeps a list of records (one a row) and answers Qt's questions about
it; a subclass names its columns in ``HEADERS`` (``N_``-marked English, translated when
shown) and says what a cell shows in ``cell``. ``configure_record_table`` sets a view up
the way every list of records in the app is shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, ClassVar, Generic, TypedDict, TypeVar, Unpack

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from app.ui.texts import _

Index = QModelIndex | QPersistentModelIndex
T = TypeVar("T")


class RecordTableModel(QAbstractTableModel, Generic[T]):
    """A flat, read-only table of records, one a row."""

    HEADERS: ClassVar[tuple[str, ...]] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[T] = []

    # --- the records -------------------------------------------------------------------

    def set_rows(self, rows: Iterable[T]) -> None:
        """Show these records (in the order ``ordered`` puts them)."""
        self.beginResetModel()
        self._rows = self.ordered(list(rows))
        self.endResetModel()

    def ordered(self, rows: list[T]) -> list[T]:
        """The records in the order they are shown; subclasses sort here."""
        return rows

    def clear(self) -> None:
        self.set_rows([])

    def record(self, row: int) -> T:
        return self._rows[row]

    def record_id(self, record: T) -> object:
        """What ``row_of`` matches: the record's ``id``."""
        return getattr(record, "id", None)

    def row_of(self, record_id: object) -> int | None:
        """The row of the record with this id, None when it is not shown."""
        return next(
            (row for row, record in enumerate(self._rows) if self.record_id(record) == record_id),
            None,
        )

    def cell(self, record: T, column: int, role: int) -> Any:
        """What the cell of ``record`` in ``column`` holds for ``role`` (None: nothing)."""
        raise NotImplementedError

    # --- QAbstractTableModel -------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if not 0 <= index.column() < len(self.HEADERS):
            return None
        return self.cell(self._rows[index.row()], index.column(), role)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
            and 0 <= section < len(self.HEADERS)
        ):
            return _(self.HEADERS[section])  # the tip: the whole title of a narrowed column
        return None


def configure_record_table(
    view: QTableView,
    accessible_name: str,
    *,
    single_selection: bool = True,
    alternating_rows: bool = True,
    word_wrap: bool = True,
    resize_mode: QHeaderView.ResizeMode = QHeaderView.ResizeMode.ResizeToContents,
    stretch_columns: Sequence[int] = (),
) -> None:
    """A read-only list of records: whole rows are selected, nothing is edited in place,
    no row numbers. Columns take ``resize_mode``; ``stretch_columns`` take the width left
    over, or, without them, the last column does. Call after ``view.setModel``."""
    view.setAccessibleName(accessible_name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single_selection:
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(alternating_rows)
    view.setWordWrap(word_wrap)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setSectionResizeMode(resize_mode)
    for column in stretch_columns:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    header.setStretchLastSection(not stretch_columns)


class TableOptions(TypedDict, total=False):
    """The keyword arguments of ``configure_record_table``."""

    single_selection: bool
    alternating_rows: bool
    word_wrap: bool
    resize_mode: QHeaderView.ResizeMode
    stretch_columns: Sequence[int]


def record_table(
    model: QAbstractItemModel, accessible_name: str, **options: Unpack[TableOptions]
) -> QTableView:
    """A new table view of ``model``, set up by ``configure_record_table``."""
    table = QTableView()
    table.setModel(model)
    configure_record_table(table, accessible_name, **options)
    return table
