"""Opening the appointment dialog for any client: from the appointments tab and from the
week calendar alike (the client's relationships, services and commitments read first)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from app.domain.models import Appointment
from app.ui.context import UiContext
from app.ui.dialogs.appointment_dialog import AppointmentDialog

if TYPE_CHECKING:
    from app.ui.tabs.appointments_tab import AppointmentsData


def appointment_dialog(
    ctx: UiContext,
    data: AppointmentsData,
    today: date,
    now: datetime,
    parent: QWidget | None,
    existing: Appointment | None = None,
    starts_at: datetime | None = None,
) -> AppointmentDialog:
    """A new visit (at ``starts_at`` if given) for one of the client's active
    relationships, or ``existing`` to move or edit."""
    places = [data.practice_place] if data.practice_place else []
    if existing is None:
        relationships = [r for r in data.relationships if r.ended_on is None]
        previous = data.appointments
    else:
        relationships = data.relationships
        previous = [a for a in data.appointments if a.id != existing.id]
    return AppointmentDialog(
        ctx,
        data.client_id,
        today,
        relationships,
        data.services,
        data.commitments,
        previous,
        places,
        now,
        parent,
        existing=existing,
        starts_at=starts_at,
    )


def open_booking(
    ctx: UiContext,
    parent: QWidget,
    client_id: str,
    today: date,
    now: datetime,
    show: Callable[[AppointmentDialog], None],
    existing: Appointment | None = None,
    starts_at: datetime | None = None,
) -> None:
    """Read the client's booking data on the worker, then hand the dialog to ``show``."""
    from app.ui.tabs.appointments_tab import load_appointments_data

    ctx.db.run(
        lambda s: load_appointments_data(s, client_id),
        lambda data: show(appointment_dialog(ctx, data, today, now, parent, existing, starts_at)),
        lambda error: ctx.show_error(parent, error),
    )
