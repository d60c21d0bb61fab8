"""Where the week calendar draws each visit (no Qt): half-hour slots from 7.00 to 21.00,
one column a day, overlapping visits side by side in lanes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from app.domain.appointment_rules import counts_in_calendar, double_booked, ends_at
from app.domain.models import Appointment

FIRST_HOUR = 7
LAST_HOUR = 21
SLOT_MINUTES = 30
ROWS = (LAST_HOUR - FIRST_HOUR) * 60 // SLOT_MINUTES  # 28 half-hour rows


@dataclass(frozen=True)
class Slot:
    """A half-hour cell: the column (index into the days shown) and the row."""

    column: int
    row: int

    def moved(self, columns: int, rows: int, column_count: int) -> Slot:
        """The slot that many columns and rows away, kept inside the grid."""
        return Slot(
            min(max(self.column + columns, 0), column_count - 1),
            min(max(self.row + rows, 0), ROWS - 1),
        )


def slot_start(day: date, row: int) -> datetime:
    return datetime.combine(day, time(FIRST_HOUR)) + timedelta(minutes=row * SLOT_MINUTES)


def row_of(moment: datetime) -> int:
    """The row a time falls in (before 7.00 the first row, from 21.00 the last)."""
    minutes = (moment.hour - FIRST_HOUR) * 60 + moment.minute
    return min(max(minutes // SLOT_MINUTES, 0), ROWS - 1)


@dataclass(frozen=True)
class Block:
    """One visit as drawn: its column, its rows (fractions of a row), its lane of ``lanes``
    among the visits it overlaps, and whether it is a double booking."""

    appointment: Appointment
    name: str
    column: int
    top: float  # in rows from 7.00
    height: float  # in rows, at least a third of a row
    lane: int
    lanes: int
    conflict: bool

    @property
    def cancelled(self) -> bool:
        return not counts_in_calendar(self.appointment)

    def covers(self, slot: Slot) -> bool:
        return slot.column == self.column and self.top < slot.row + 1 and slot.row < self.bottom

    @property
    def bottom(self) -> float:
        return self.top + self.height


def _rows_between(day: date, start: datetime, end: datetime) -> tuple[float, float]:
    first = datetime.combine(day, time(FIRST_HOUR))
    top = (start - first).total_seconds() / 60 / SLOT_MINUTES
    bottom = (end - first).total_seconds() / 60 / SLOT_MINUTES
    top = min(max(top, 0.0), ROWS - 1 / 3)
    bottom = min(max(bottom, top + 1 / 3), float(ROWS))
    return top, bottom - top


def _lanes(visits: Sequence[Appointment]) -> dict[int, tuple[int, int]]:
    """Lane and lane count of each visit of one day (by its index): visits that overlap,
    directly or through a chain, form a group; each takes the first lane free at its start."""
    order = sorted(range(len(visits)), key=lambda i: (visits[i].starts_at, -visits[i].duration_min))
    result: dict[int, tuple[int, int]] = {}
    group: list[int] = []
    lane_ends: list[datetime] = []
    group_end: datetime | None = None

    def close_group() -> None:
        for index in group:
            result[index] = (result[index][0], len(lane_ends))

    for index in order:
        visit = visits[index]
        if group_end is not None and visit.starts_at >= group_end:
            close_group()
            group, lane_ends, group_end = [], [], None
        lane = next((n for n, end in enumerate(lane_ends) if end <= visit.starts_at), None)
        if lane is None:
            lane = len(lane_ends)
            lane_ends.append(ends_at(visit))
        else:
            lane_ends[lane] = ends_at(visit)
        result[index] = (lane, 0)
        group.append(index)
        group_end = max(group_end or ends_at(visit), ends_at(visit))
    close_group()
    return result


def blocks(rows: Iterable[tuple[Appointment, str]], days: Sequence[date]) -> list[Block]:
    """The blocks of the visits on ``days``. Cancelled ones are drawn beside the others
    (struck through): they leave the time free and are never a conflict."""
    rows = list(rows)
    conflicts = double_booked(a for a, _name in rows)
    result: list[Block] = []
    for column, day in enumerate(days):
        on_day = [(a, n) for a, n in rows if a.starts_at.date() == day]
        lanes = _lanes([a for a, _n in on_day])
        for index, (appointment, name) in enumerate(on_day):
            top, height = _rows_between(day, appointment.starts_at, ends_at(appointment))
            lane, count = lanes[index]
            conflict = appointment.id in conflicts
            result.append(Block(appointment, name, column, top, height, lane, count, conflict))
    return result


def block_at(found: Sequence[Block], slot: Slot) -> Block | None:
    """The visit shown in a slot: a kept visit before a cancelled one, the earliest first."""
    covering = [b for b in found if b.covers(slot)]
    covering.sort(key=lambda b: (b.cancelled, b.appointment.starts_at, b.lane))
    return covering[0] if covering else None


def week_of(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())
