"""Appointments and the agenda."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from app.db import repositories as repo
from app.domain import appointment_rules
from app.domain.errors import NotFoundError, ValidationError
from app.domain.kinds import AppointmentStatus
from app.domain.models import Appointment
from app.services.session import Session


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
        appointment = repo.APPOINTMENTS.get(conn, appointment_id)
        if appointment is None:
            raise NotFoundError("appointment.not_found")
        if status in (AppointmentStatus.DONE, AppointmentStatus.NO_SHOW) and not (
            appointment_rules.can_be_marked_held(appointment, session.now())
        ):
            # A visit still to come was neither held nor missed.
            raise ValidationError("appointment.not_yet", field="status")
        appointment.status = status
        repo.APPOINTMENTS.update(conn, appointment)
    return appointment


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
