"""Appointments and the agenda."""

from __future__ import annotations

import dataclasses
import secrets
from datetime import date, datetime, time, timedelta

from app.db import billing_records
from app.db import repositories as repo
from app.db.audit import AuditEvent
from app.db.connection import Connection
from app.domain import appointment_rules, appointment_series
from app.domain.errors import NotFoundError, ValidationError
from app.domain.kinds import AppointmentStatus, CancelledBy, LogPurpose
from app.domain.models import Appointment
from app.services.session import Session


def _appointment(conn: Connection, appointment_id: int) -> Appointment:
    found = repo.APPOINTMENTS.get(conn, appointment_id)
    if found is None:
        raise NotFoundError("appointment.not_found")
    return found


def _check(appointment: Appointment) -> None:
    if appointment.duration_min <= 0 or appointment.duration_min > 24 * 60:
        raise ValidationError("appointment.duration", field="duration_min")
    if appointment.fee_cents is not None and appointment.fee_cents < 0:
        raise ValidationError("money.negative", field="fee_cents")
    if appointment.starts_at.tzinfo is not None:
        # Appointments are wall-clock times in the practice's own time zone.
        appointment.starts_at = appointment.starts_at.astimezone().replace(tzinfo=None)


def add_appointment(session: Session, appointment: Appointment) -> Appointment:
    _check(appointment)
    appointment.created_at = session.now()
    with session.transaction() as conn:
        rel = repo.RELATIONSHIPS.get(conn, appointment.relationship_id)
        if rel is None or rel.client_id != appointment.client_id:
            raise NotFoundError("relationship.not_found")
        repo.APPOINTMENTS.insert(conn, appointment)
    return appointment


def update_appointment(session: Session, appointment: Appointment) -> Appointment:
    """Move or edit a booked visit (time, length, service, place, fee, commitment). Its
    client and status stay; a held, missed or cancelled visit is history and is not
    changed (cancel and book anew instead)."""
    _check(appointment)
    with session.transaction() as conn:
        stored = repo.APPOINTMENTS.get(conn, appointment.id or 0)
        if stored is None or stored.client_id != appointment.client_id:
            raise NotFoundError("appointment.not_found")
        if stored.status is not AppointmentStatus.BOOKED:
            raise ValidationError("appointment.not_booked", field="status")
        rel = repo.RELATIONSHIPS.get(conn, appointment.relationship_id)
        if rel is None or rel.client_id != stored.client_id:
            raise NotFoundError("relationship.not_found")
        appointment.status = stored.status
        appointment.created_at = stored.created_at
        appointment.series_id = stored.series_id  # a visit moved stays in its series
        repo.APPOINTMENTS.update(conn, appointment)
    return appointment


def overlapping(
    session: Session, starts_at: datetime, duration_min: int, exclude_id: int | None = None
) -> list[Appointment]:
    """The booked or held visits (of any client) that take some of this time: a double
    booking is told before it is made, and the agenda marks it."""
    low = starts_at - appointment_rules.LONGEST_VISIT
    high = starts_at + timedelta(minutes=max(duration_min, 0))
    nearby = repo.APPOINTMENTS.between(session.conn, "starts_at", low, high, order=("starts_at",))
    return appointment_rules.overlapping(starts_at, duration_min, nearby, exclude_id)


def set_status(session: Session, appointment_id: int, status: AppointmentStatus) -> Appointment:
    with session.transaction() as conn:
        appointment = _appointment(conn, appointment_id)
        invoiced = billing_records.visit_invoiced_elsewhere(conn, appointment_id, None)
        refusal = appointment_rules.status_change_refusal(
            appointment, status, session.now(), invoiced
        )
        if refusal is not None:
            field = "cancel_reason" if refusal == "appointment.cancel_reason" else "status"
            raise ValidationError(refusal, field=field)
        appointment.status = status
        repo.APPOINTMENTS.update(conn, appointment)
    return appointment


def move_appointment(session: Session, appointment_id: int, starts_at: datetime) -> Appointment:
    """Move a booked visit to another time, everything else as it was (the calendar's drag)."""
    stored = _appointment(session.conn, appointment_id)
    return update_appointment(session, dataclasses.replace(stored, starts_at=starts_at))


def _log_cancel(session: Session, appointment: Appointment) -> None:
    session.log(
        AuditEvent(
            "appointment.cancel",
            client_id=appointment.client_id,
            data_kind="appointment",
            purpose=LogPurpose.CARE.value,
            ref=f"appointment:{appointment.id}",
        )
    )


def cancel_appointment(
    session: Session, appointment_id: int, cancelled_by: CancelledBy, reason: str
) -> Appointment:
    """Cancel a booked visit, saying who cancelled it and why. It stays in the client's
    history; its time is free again."""
    with session.transaction() as conn:
        appointment = _appointment(conn, appointment_id)
        _cancel(session, conn, appointment, cancelled_by, reason)
    return appointment


def cancel_following(
    session: Session, appointment_id: int, cancelled_by: CancelledBy, reason: str
) -> list[Appointment]:
    """Cancel this visit and the following booked visits of its series (one transaction)."""
    with session.transaction() as conn:
        appointment = _appointment(conn, appointment_id)
        appointment_series.check_cancellation(appointment, cancelled_by, reason)
        series = (
            repo.APPOINTMENTS.where(conn, series_id=appointment.series_id)
            if appointment.series_id
            else [appointment]
        )
        chosen = appointment_series.this_and_following(appointment, series)
        for visit in chosen:
            _cancel(session, conn, visit, cancelled_by, reason)
    return chosen


def _cancel(
    session: Session, conn: Connection, visit: Appointment, by: CancelledBy, reason: str
) -> None:
    appointment_series.cancel(visit, by, reason, session.now())
    repo.APPOINTMENTS.update(conn, visit)
    _log_cancel(session, visit)


def series_conflicts(
    session: Session, first: Appointment, every_weeks: int, count: int
) -> list[datetime]:
    """The start times of the series' visits that overlap other booked or held visits."""
    starts = appointment_series.series_starts(first.starts_at, every_weeks, count)
    return [when for when in starts if overlapping(session, when, first.duration_min)]


def book_series(
    session: Session,
    first: Appointment,
    every_weeks: int,
    count: int,
    allow_conflicts: bool = False,
) -> list[Appointment]:
    """Book ``count`` visits like ``first``, every week or every other week, sharing a new
    series id. Unless ``allow_conflicts``, a series that overlaps other visits is refused
    (nothing booked; ``series_conflicts`` tells which dates clash)."""
    _check(first)
    starts = appointment_series.series_starts(first.starts_at, every_weeks, count)
    if not allow_conflicts and series_conflicts(session, first, every_weeks, count):
        raise ValidationError("series.conflicts", field="starts_at")
    series_id = secrets.token_hex(8)
    now = session.now()
    booked: list[Appointment] = []
    with session.transaction() as conn:
        rel = repo.RELATIONSHIPS.get(conn, first.relationship_id)
        if rel is None or rel.client_id != first.client_id:
            raise NotFoundError("relationship.not_found")
        for when in starts:
            visit = dataclasses.replace(
                first,
                id=None,
                starts_at=when,
                status=AppointmentStatus.BOOKED,
                created_at=now,
                series_id=series_id,
                cancelled_by=CancelledBy.NONE,
                cancel_reason="",
                cancelled_at=None,
            )
            repo.APPOINTMENTS.insert(conn, visit)
            booked.append(visit)
        session.log(
            AuditEvent(
                "appointment.series",
                client_id=first.client_id,
                data_kind="appointment",
                purpose=LogPurpose.CARE.value,
                ref=f"series:{series_id}",
            )
        )
    return booked


def appointments_of(session: Session, client_id: str) -> list[Appointment]:
    """The client's appointments; not shown unless the view is logged."""
    session.log_view(client_id)
    return repo.APPOINTMENTS.where(session.conn, order=("starts_at",), client_id=client_id)


def agenda(session: Session, first_day: date, days: int) -> list[Appointment]:
    """Appointments from the start of ``first_day`` for ``days`` days, cancelled ones too."""
    start = datetime.combine(first_day, time.min)
    end = start + timedelta(days=days)
    return repo.APPOINTMENTS.between(session.conn, "starts_at", start, end, order=("starts_at",))


def agenda_with_names(
    session: Session, first_day: date, days: int
) -> list[tuple[Appointment, str]]:
    """The agenda with each client's display name (for the practitioner's own screen)."""
    rows = agenda(session, first_day, days)
    names: dict[str, str] = {}
    for client_id in {a.client_id for a in rows}:
        client = repo.CLIENTS.get(session.conn, client_id)
        names[client_id] = client.display_name if client else ""
    return [(a, names.get(a.client_id, "")) for a in rows]
