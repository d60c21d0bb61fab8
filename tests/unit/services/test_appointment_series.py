"""Cancelling with a reason and booking a series through the services (issue 11)."""

from __future__ import annotations

from datetime import datetime

import pytest

from app.db import audit
from app.domain.errors import ValidationError
from app.domain.kinds import AppointmentStatus, CancelledBy
from app.domain.models import Appointment
from app.services import appointments, relationships
from app.services.session import Session
from tests.helpers import assert_translated
from tests.unit.services.test_register_services import add, other_relationship

MONDAY = datetime(2026, 11, 30, 14, 0)


def booked(session: Session, when: datetime = MONDAY) -> Appointment:
    client = add(session)
    rel = relationships.start_relationship(session, other_relationship(client))
    return appointments.add_appointment(
        session, Appointment(client.id or "", rel.id or 0, when, 45, place="Vastaanotto")
    )


def log_rows(session: Session) -> list[audit.AuditRow]:
    return audit.rows(session.conn)


def test_cancel_records_who_and_why_and_is_logged_without_the_reason(session: Session) -> None:
    visit = booked(session)
    with pytest.raises(ValidationError) as info:
        appointments.cancel_appointment(session, visit.id or 0, CancelledBy.CLIENT, " ")
    assert info.value.code == "appointment.cancel_reason"
    assert_translated(info.value)
    before = len(log_rows(session))

    cancelled = appointments.cancel_appointment(
        session, visit.id or 0, CancelledBy.CLIENT, "Flunssa, Matti soitti"
    )
    stored = appointments.appointments_of(session, visit.client_id)[0]
    assert stored.status is AppointmentStatus.CANCELLED
    assert stored.cancelled_by is CancelledBy.CLIENT
    assert stored.cancel_reason == "Flunssa, Matti soitti"
    assert stored.cancelled_at == session.now().replace(microsecond=0)
    assert cancelled.cancelled_at == stored.cancelled_at
    rows = log_rows(session)
    cancel_rows = [r for r in rows[before:] if r.action == "appointment.cancel"]
    assert len(cancel_rows) == 1
    assert cancel_rows[0].client_id == visit.client_id
    assert cancel_rows[0].ref == f"appointment:{visit.id}"
    assert "Flunssa" not in repr(cancel_rows[0]) and "Matti" not in repr(cancel_rows[0])

    with pytest.raises(ValidationError) as info:
        appointments.cancel_appointment(session, visit.id or 0, CancelledBy.CLIENT, "Taas")
    assert info.value.code == "appointment.not_booked"
    # Its time is free again.
    assert appointments.overlapping(session, MONDAY, 45) == []


def test_set_status_no_longer_cancels_without_a_reason(session: Session) -> None:
    visit = booked(session)
    with pytest.raises(ValidationError) as info:
        appointments.set_status(session, visit.id or 0, AppointmentStatus.CANCELLED)
    assert info.value.code == "appointment.cancel_reason"
    assert appointments.appointments_of(session, visit.client_id)[0].status is (
        AppointmentStatus.BOOKED
    )


def test_a_series_reports_its_clashes_before_booking_anything(session: Session) -> None:
    first = booked(session, MONDAY)
    clash = booked(session, datetime(2026, 12, 14, 14, 30))  # the third week
    template = Appointment(
        first.client_id, first.relationship_id, datetime(2026, 11, 23, 14, 0), 45
    )
    assert appointments.series_conflicts(session, template, 1, 5) == [
        datetime(2026, 11, 30, 14, 0),
        datetime(2026, 12, 14, 14, 0),
    ]
    # Every other week (23.11, 7.12, 21.12) misses both.
    assert appointments.series_conflicts(session, template, 2, 3) == []
    assert clash.id is not None
    count_before = len(appointments.agenda(session, MONDAY.date().replace(day=1), 60))
    with pytest.raises(ValidationError) as info:
        appointments.book_series(session, template, 1, 5)
    assert info.value.code == "series.conflicts"
    assert_translated(info.value)
    assert len(appointments.agenda(session, MONDAY.date().replace(day=1), 60)) == count_before

    series = appointments.book_series(session, template, 1, 5, allow_conflicts=True)
    assert [a.starts_at.day for a in series] == [23, 30, 7, 14, 21]
    assert len({a.series_id for a in series}) == 1 and series[0].series_id
    assert all(a.id is not None and a.status is AppointmentStatus.BOOKED for a in series)
    assert log_rows(session)[-1].action == "appointment.series"
    with pytest.raises(ValidationError) as info:
        appointments.book_series(session, template, 1, 53)
    assert info.value.code == "series.count"


def test_cancel_this_and_the_following_visits_of_a_series(session: Session) -> None:
    first = booked(session, datetime(2026, 11, 16, 9, 0))
    template = Appointment(first.client_id, first.relationship_id, MONDAY, 45)
    series = appointments.book_series(session, template, 2, 4)
    appointments.cancel_appointment(session, series[0].id or 0, CancelledBy.PRACTITIONER, "Loma")
    chosen = appointments.cancel_following(
        session, series[1].id or 0, CancelledBy.CLIENT, "Terapia päättyy"
    )
    assert [a.id for a in chosen] == [a.id for a in series[1:]]
    stored = {a.id: a for a in appointments.appointments_of(session, first.client_id)}
    assert stored[first.id].status is AppointmentStatus.BOOKED  # not in the series
    assert stored[series[0].id].cancel_reason == "Loma"
    assert all(stored[a.id].cancel_reason == "Terapia päättyy" for a in series[1:])
    with pytest.raises(ValidationError):
        appointments.cancel_following(session, series[1].id or 0, CancelledBy.CLIENT, "x")


def test_move_keeps_the_rest_of_the_visit(session: Session) -> None:
    visit = booked(session)
    moved = appointments.move_appointment(session, visit.id or 0, datetime(2026, 12, 1, 8, 0))
    stored = appointments.appointments_of(session, visit.client_id)[0]
    assert stored.starts_at == datetime(2026, 12, 1, 8, 0) == moved.starts_at
    assert (stored.place, stored.duration_min) == ("Vastaanotto", 45)


def test_a_visit_of_a_series_edited_in_the_dialog_stays_in_its_series(session: Session) -> None:
    first = booked(session, datetime(2026, 11, 16, 9, 0))
    template = Appointment(first.client_id, first.relationship_id, MONDAY, 45)
    series = appointments.book_series(session, template, 1, 3)
    # The dialog sends the visit as the form has it: no series id.
    edited = Appointment(
        first.client_id, first.relationship_id, MONDAY.replace(hour=15), 60, id=series[1].id
    )
    appointments.update_appointment(session, edited)
    stored = {a.id: a for a in appointments.appointments_of(session, first.client_id)}
    assert stored[series[1].id].series_id == series[0].series_id
    assert stored[series[1].id].duration_min == 60
