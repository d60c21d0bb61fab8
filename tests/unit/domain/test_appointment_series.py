"""Dates of a recurring series and the rules of cancelling (issue 11, "a week calendar")."""

from __future__ import annotations

from datetime import datetime

import pytest

from app.domain.appointment_series import (
    MAX_SERIES_COUNT,
    cancel,
    series_starts,
    this_and_following,
)
from app.domain.errors import ValidationError
from app.domain.kinds import AppointmentStatus, CancelledBy
from app.domain.models import Appointment

T = datetime(2026, 11, 23, 14, 0)


def visit(id_: int, start: datetime, series: str = "s1", **fields: object) -> Appointment:
    return Appointment("c", 1, start, 45, id=id_, series_id=series, **fields)  # type: ignore[arg-type]


def test_weekly_and_every_other_week_keep_the_weekday_and_wall_clock_time() -> None:
    weekly = series_starts(T, 1, 4)
    assert weekly == [
        datetime(2026, 11, 23, 14, 0),
        datetime(2026, 11, 30, 14, 0),
        datetime(2026, 12, 7, 14, 0),
        datetime(2026, 12, 14, 14, 0),
    ]
    fortnightly = series_starts(datetime(2027, 3, 22, 9, 0), 2, 3)
    # Summer time begins on 28.3.2027: the visits stay at 9.00.
    assert fortnightly == [
        datetime(2027, 3, 22, 9),
        datetime(2027, 4, 5, 9),
        datetime(2027, 4, 19, 9),
    ]
    assert all(d.weekday() == 0 for d in fortnightly)


@pytest.mark.parametrize(("every", "count"), [(3, 4), (0, 4), (1, 1), (1, MAX_SERIES_COUNT + 1)])
def test_a_series_outside_the_limits_is_refused(every: int, count: int) -> None:
    with pytest.raises(ValidationError) as info:
        series_starts(T, every, count)
    assert info.value.code in ("series.every_weeks", "series.count")


def test_a_year_of_weekly_visits_is_the_most() -> None:
    assert len(series_starts(T, 1, MAX_SERIES_COUNT)) == MAX_SERIES_COUNT


def test_cancel_needs_a_booked_visit_a_canceller_and_a_reason() -> None:
    booked = visit(1, T)
    with pytest.raises(ValidationError) as info:
        cancel(booked, CancelledBy.CLIENT, "   ", T)
    assert info.value.code == "appointment.cancel_reason"
    with pytest.raises(ValidationError) as info:
        cancel(booked, CancelledBy.NONE, "Sairas", T)
    assert info.value.code == "appointment.cancelled_by"
    assert booked.status is AppointmentStatus.BOOKED  # nothing changed by a refusal

    cancel(booked, CancelledBy.CLIENT, "  Sairastui  ", T.replace(microsecond=5))
    assert booked.status is AppointmentStatus.CANCELLED
    assert (booked.cancelled_by, booked.cancel_reason) == (CancelledBy.CLIENT, "Sairastui")
    assert booked.cancelled_at == T
    with pytest.raises(ValidationError) as info:
        cancel(booked, CancelledBy.CLIENT, "Uudestaan", T)
    assert info.value.code == "appointment.not_booked"
    done = visit(2, T, status=AppointmentStatus.DONE)
    with pytest.raises(ValidationError):
        cancel(done, CancelledBy.PRACTITIONER, "Myöhässä", T)


def test_this_and_following_takes_only_later_booked_visits_of_the_same_series() -> None:
    visits = [visit(i, start) for i, start in enumerate(series_starts(T, 1, 5), start=1)]
    visits[3].status = AppointmentStatus.CANCELLED
    other = visit(9, datetime(2026, 12, 8, 9, 0), series="s2")
    chosen = this_and_following(visits[1], [*reversed(visits), other])
    assert [a.id for a in chosen] == [2, 3, 5]
    lone = visit(7, T, series="")
    assert this_and_following(lone, visits) == [lone]
