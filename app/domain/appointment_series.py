"""Recurring visits and cancellations (no Qt, no SQL): the dates of a series, and which
visits can be cancelled and with what."""

from __future__ import annotations

from datetime import datetime, timedelta

from app.domain.errors import ValidationError
from app.domain.kinds import AppointmentStatus, CancelledBy
from app.domain.models import Appointment

EVERY_WEEKS = (1, 2)  # weekly or every other week
MAX_SERIES_COUNT = 52  # a year of weekly visits at most
MAX_REASON_LENGTH = 500


def series_starts(first: datetime, every_weeks: int, count: int) -> list[datetime]:
    """The start times of a series: ``count`` visits ``every_weeks`` weeks apart, the same
    wall-clock time each week (a change to or from summer time does not move them)."""
    if every_weeks not in EVERY_WEEKS:
        raise ValidationError("series.every_weeks", field="every_weeks")
    if not 2 <= count <= MAX_SERIES_COUNT:
        raise ValidationError("series.count", field="count", most=MAX_SERIES_COUNT)
    step = timedelta(weeks=every_weeks)
    return [first + step * index for index in range(count)]


def can_be_cancelled(appointment: Appointment) -> bool:
    """Only a booked visit can be cancelled; a held, missed or cancelled one is history."""
    return appointment.status is AppointmentStatus.BOOKED


def check_cancellation(appointment: Appointment, cancelled_by: CancelledBy, reason: str) -> str:
    """The reason as stored (stripped); raises when the visit cannot be cancelled so."""
    if not can_be_cancelled(appointment):
        raise ValidationError("appointment.not_booked", field="status")
    if cancelled_by is CancelledBy.NONE:
        raise ValidationError("appointment.cancelled_by", field="cancelled_by")
    reason = reason.strip()
    if not reason:
        raise ValidationError("appointment.cancel_reason", field="cancel_reason")
    if len(reason) > MAX_REASON_LENGTH:
        raise ValidationError(
            "appointment.cancel_reason_long", field="cancel_reason", most=MAX_REASON_LENGTH
        )
    return reason


def cancel(
    appointment: Appointment, cancelled_by: CancelledBy, reason: str, now: datetime
) -> Appointment:
    """The visit marked cancelled by whom and why (checked first)."""
    appointment.cancel_reason = check_cancellation(appointment, cancelled_by, reason)
    appointment.status = AppointmentStatus.CANCELLED
    appointment.cancelled_by = cancelled_by
    appointment.cancelled_at = now.replace(microsecond=0)
    return appointment


def this_and_following(appointment: Appointment, series: list[Appointment]) -> list[Appointment]:
    """The visits of the series from this one on that can still be cancelled."""
    if not appointment.series_id:
        return [appointment] if can_be_cancelled(appointment) else []
    return sorted(
        (
            a
            for a in series
            if a.series_id == appointment.series_id
            and a.starts_at >= appointment.starts_at
            and can_be_cancelled(a)
        ),
        key=lambda a: a.starts_at,
    )
