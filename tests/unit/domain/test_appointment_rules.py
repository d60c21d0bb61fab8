"""Overlaps and "held only once started" (issue 11, items 6 and 7)."""

from __future__ import annotations

from datetime import UTC, datetime

from app.domain.appointment_rules import (
    can_be_marked_held,
    double_booked,
    overlap,
    overlapping,
)
from app.domain.kinds import AppointmentStatus
from app.domain.models import Appointment

T = datetime(2026, 11, 30, 11, 0)


def visit(
    id_: int,
    start: datetime,
    minutes: int = 45,
    status: AppointmentStatus = AppointmentStatus.BOOKED,
) -> Appointment:
    return Appointment("c", 1, start, minutes, status=status, id=id_)


def test_back_to_back_is_not_an_overlap_but_one_minute_in_is() -> None:
    assert not overlap(T, 45, T.replace(minute=45), 45)
    assert overlap(T, 45, T.replace(minute=44), 45)
    assert overlap(T.replace(hour=10, minute=30), 120, T, 15)  # one inside the other


def test_cancelled_visits_free_their_time_and_a_visit_does_not_overlap_itself() -> None:
    others = [visit(1, T), visit(2, T, status=AppointmentStatus.CANCELLED)]
    assert [a.id for a in overlapping(T, 30, others)] == [1]
    assert overlapping(T, 30, others, exclude_id=1) == []


def test_double_booked_finds_every_visit_of_a_clash() -> None:
    rows = [
        visit(1, T),
        visit(2, T.replace(minute=30)),
        visit(3, T.replace(hour=13)),
        visit(4, T.replace(hour=13), status=AppointmentStatus.CANCELLED),
    ]
    assert double_booked(rows) == {1, 2}


def test_held_only_once_started() -> None:
    assert not can_be_marked_held(visit(1, T), T.replace(minute=0, hour=10))
    assert can_be_marked_held(visit(1, T), T)
    aware = T.astimezone(UTC)  # the register's clock is aware
    assert can_be_marked_held(visit(1, T), aware)
