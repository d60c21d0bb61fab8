"""Rules about appointments in time (no Qt, no SQL): overlaps and which visits can be
marked as held."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from app.domain.kinds import AppointmentStatus
from app.domain.models import Appointment

LONGEST_VISIT = timedelta(hours=24)  # appointments are at most a day long


def ends_at(appointment: Appointment) -> datetime:
    return appointment.starts_at + timedelta(minutes=appointment.duration_min)


def overlap(a_start: datetime, a_minutes: int, b_start: datetime, b_minutes: int) -> bool:
    """Two times overlap when each starts before the other ends (back to back is fine)."""
    a_end = a_start + timedelta(minutes=a_minutes)
    b_end = b_start + timedelta(minutes=b_minutes)
    return a_start < b_end and b_start < a_end


def counts_in_calendar(appointment: Appointment) -> bool:
    """A cancelled visit frees its time."""
    return appointment.status is not AppointmentStatus.CANCELLED


def overlapping(
    starts_at: datetime,
    duration_min: int,
    others: Iterable[Appointment],
    exclude_id: int | None = None,
) -> list[Appointment]:
    """The visits among ``others`` that take some of the same time."""
    return [
        other
        for other in others
        if other.id != exclude_id
        and counts_in_calendar(other)
        and overlap(starts_at, duration_min, other.starts_at, other.duration_min)
    ]


def double_booked(appointments: Iterable[Appointment]) -> set[int]:
    """Ids of the visits that overlap another visit in the same list."""
    rows = sorted(
        (a for a in appointments if counts_in_calendar(a) and a.id is not None),
        key=lambda a: a.starts_at,
    )
    found: set[int] = set()
    for i, first in enumerate(rows):
        for second in rows[i + 1 :]:
            if second.starts_at >= ends_at(first):
                break
            found.update((first.id or 0, second.id or 0))
    return found


def can_be_marked_held(appointment: Appointment, now: datetime) -> bool:
    """Only a visit that has started (past or going on now) can have been held.
    Appointments are wall-clock times: an aware ``now`` is taken in the local zone."""
    if now.tzinfo is not None:
        now = now.astimezone().replace(tzinfo=None)
    return appointment.starts_at <= now


def status_change_refusal(
    appointment: Appointment, status: AppointmentStatus, now: datetime, invoiced: bool
) -> str | None:
    """Why a visit's status may not become ``status`` (a message code), or None.

    A booked visit that has started becomes held or missed; held and missed may be
    swapped to correct a slip while no invoice charges the visit. Nothing goes back to
    booked, a cancelled visit stays cancelled, and cancelling goes through
    ``cancel_appointment`` (who cancelled and why)."""
    current = appointment.status
    if status is current:
        return None
    if status is AppointmentStatus.CANCELLED:
        return "appointment.cancel_reason"
    if current is AppointmentStatus.CANCELLED:
        return "appointment.already_cancelled"
    if status is AppointmentStatus.BOOKED:
        return "appointment.status_back"
    if not can_be_marked_held(appointment, now):
        return "appointment.not_yet"
    if current is not AppointmentStatus.BOOKED and invoiced:
        return "appointment.invoiced"
    return None
