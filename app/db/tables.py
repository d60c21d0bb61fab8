"""Mapping the domain's dataclasses to rows and back.

Conversions follow the field types: date and datetime as ISO text, bool as 0/1,
enums as their string values. Computed fields (listed in ``exclude``) are not stored.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any, Generic, TypeVar

from app.db.connection import Connection

T = TypeVar("T")


@cache
def _field_types(cls: type) -> dict[str, type]:
    """The concrete (non-None) type of each field, e.g. ``date | None`` -> date."""
    result: dict[str, type] = {}
    for name, hint in typing.get_type_hints(cls).items():
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        is_union = typing.get_origin(hint) in (typing.Union, types.UnionType)
        result[name] = args[0] if is_union and args else hint
    return result


def _to_db(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _converter(kind: type) -> typing.Callable[[Any], Any] | None:
    """How a non-None stored value of ``kind`` is read back, chosen once (None: as it is)."""
    if kind is bool:
        return bool
    if kind is datetime:
        return datetime.fromisoformat
    if kind is date:
        return date.fromisoformat
    if isinstance(kind, type) and issubclass(kind, Enum):
        return kind
    return None


class Table(Generic[T]):
    """One table holding one dataclass; ``key`` is the primary-key field."""

    def __init__(
        self, name: str, cls: type[T], key: str = "id", exclude: tuple[str, ...] = ()
    ) -> None:
        self.name = name
        self.cls = cls
        self.key = key
        stored = [f.name for f in dataclasses.fields(cls)]  # type: ignore[arg-type]
        self.columns = tuple(c for c in stored if c not in exclude)
        self._types = _field_types(typing.cast(type, cls))
        # Each column's conversion, decided once: a large read (a client's thousand notes)
        # then pays no type dispatch per value.
        self._converters = tuple(_converter(self._types[c]) for c in self.columns)

    def to_row(self, obj: T) -> dict[str, Any]:
        return {c: _to_db(getattr(obj, c)) for c in self.columns}

    def from_row(self, row: Any) -> T:
        """The object of a row whose values are in ``columns`` order."""
        values = {
            c: v if convert is None or v is None else convert(v)
            for c, convert, v in zip(self.columns, self._converters, row, strict=True)
        }
        return self.cls(**values)

    def insert(self, conn: Connection, obj: T) -> Any:
        """Insert; an integer key left as None is assigned by SQLite and set on ``obj``."""
        row = self.to_row(obj)
        if row.get(self.key) is None:
            row.pop(self.key, None)
        cols = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        cursor = conn.execute(
            f"INSERT INTO {self.name} ({cols}) VALUES ({marks})", tuple(row.values())
        )
        if getattr(obj, self.key) is None:
            setattr(obj, self.key, cursor.lastrowid)
        return getattr(obj, self.key)

    def update(self, conn: Connection, obj: T) -> None:
        row = self.to_row(obj)
        key_value = row.pop(self.key)
        sets = ", ".join(f"{c} = ?" for c in row)
        cursor = conn.execute(
            f"UPDATE {self.name} SET {sets} WHERE {self.key} = ?", (*row.values(), key_value)
        )
        if cursor.rowcount != 1:
            raise LookupError(f"{self.name}: no row to update")

    def get(self, conn: Connection, key_value: Any) -> T | None:
        row = conn.execute(
            f"SELECT {', '.join(self.columns)} FROM {self.name} WHERE {self.key} = ?", (key_value,)
        ).fetchone()
        return None if row is None else self.from_row(row)

    def select(
        self, conn: Connection, where: str = "1", params: tuple[Any, ...] = (), order: str = ""
    ) -> list[T]:
        sql = f"SELECT {', '.join(self.columns)} FROM {self.name} WHERE {where}"
        if order:
            sql += f" ORDER BY {order}"
        return [self.from_row(row) for row in conn.execute(sql, params)]

    def where(
        self, conn: Connection, *, order: tuple[str, ...] = (), **equals: Any
    ) -> list[T]:
        """The rows whose columns equal the values given (all rows without any), ordered
        by the columns named; the services ask through this and hold no SQL of their own."""
        self._known(*equals, *order)
        where = " AND ".join(f"{c} = ?" for c in equals) or "1"
        return self.select(conn, where, tuple(_to_db(v) for v in equals.values()), ", ".join(order))

    def between(
        self, conn: Connection, column: str, low: Any, high: Any, *, order: tuple[str, ...] = ()
    ) -> list[T]:
        """The rows with ``low <= column < high``."""
        self._known(column, *order)
        return self.select(
            conn, f"{column} >= ? AND {column} < ?", (_to_db(low), _to_db(high)), ", ".join(order)
        )

    def _known(self, *names: str) -> None:
        unknown = [n for n in names if n not in self.columns]
        if unknown:
            raise ValueError(f"{self.name}: no column {unknown}")

    def delete_where(self, conn: Connection, where: str, params: tuple[Any, ...]) -> int:
        return int(conn.execute(f"DELETE FROM {self.name} WHERE {where}", params).rowcount)
