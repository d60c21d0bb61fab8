"""Appointments: past visits of each relationship, and the agenda from today on.

The practitioner sees one client at a time: every appointment takes a free slot of
the day (``Draw.used_slots``). A visit that a payment commitment covers is linked to it
while the commitment has visits left.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from app.domain.appointment_rules import overlap
from app.domain.kinds import AppointmentStatus, CancelledBy, NoteKind, RecordsKept
from app.domain.models import Appointment
from app.domain.request_rules import is_working_day
from app.services.demo import clinical_records
from app.services.demo.draw import Draw
from app.services.demo.plan import AppointmentPlan, ClientPlan, RelationshipPlan
from app.services.demo.practice import HOME_VISIT, PRACTICE_PLACE, REMOTE_PLACE, SLOTS


def past_appointments_of(d: Draw, rp: RelationshipPlan) -> None:
    """Visits from the start to yesterday (or the end): the first done, a few missed."""
    rng = d.rng
    first = rp.rel.started_on
    last = min(rp.last_day(d.today), d.today - timedelta(days=1))
    if last < first:
        return
    low, high = {"therapy": (4, 14), "family": (3, 10), "coaching": (2, 8)}[rp.service.style]
    wanted = min(rng.randint(low, high), (last - first).days // 7 + 1)
    days = sorted({d.working_day_between(first, last) for _ in range(wanted)} | {first})
    for index, day in enumerate(days):
        slot = d.free_slot(day)
        if slot is None:
            continue
        status = AppointmentStatus.DONE
        if index > 0:
            status = rng.choices(
                (
                    AppointmentStatus.DONE,
                    AppointmentStatus.CANCELLED,
                    AppointmentStatus.NO_SHOW,
                ),
                (86, 8, 6),
            )[0]
        plan = new_appointment(d, rp, d.at(day, slot), status)
        if status is AppointmentStatus.CANCELLED:
            cancel(d, plan.appointment)
        rp.appointments.append(plan)


CANCEL_REASONS: dict[CancelledBy, tuple[str, ...]] = {
    CancelledBy.CLIENT: (
        "Sairastui flunssaan",
        "Lapsi sairaana",
        "Työmatka",
        "Unohti ajan, soitti jälkeenpäin",
    ),
    CancelledBy.PRACTITIONER: ("Koulutuspäivä", "Terapeutti sairaana", "Loma"),
}
SERIES_CLIENTS = 3  # therapy clients with a weekly series in the demo
SERIES_WEEKS = 6


Taken = dict[date, list[tuple[datetime, int]]]  # the visits booked ahead, a day at a time


def fits(taken: Taken, starts_at: datetime, minutes: int) -> bool:
    """Whether a visit fits among those booked ahead (a solo practitioner books no two at
    once: a 90-minute visit at 8.00 keeps the 9.00 slot free)."""
    return not any(
        overlap(starts_at, minutes, other, other_minutes)
        for other, other_minutes in taken.get(starts_at.date(), [])
    )


def cancel(d: Draw, appointment: Appointment) -> None:
    """Cancelled by the client mostly, with a reason, the day before. Drawn from the visit's
    own time, not the demo's random stream: the rest of the demo stays as it was."""
    rng = random.Random(f"{d.today} {appointment.starts_at.isoformat()}")
    who = CancelledBy.CLIENT if rng.random() < 0.75 else CancelledBy.PRACTITIONER
    appointment.status = AppointmentStatus.CANCELLED
    appointment.cancelled_by = who
    appointment.cancel_reason = rng.choice(CANCEL_REASONS[who])
    appointment.cancelled_at = (appointment.starts_at - timedelta(days=1)).replace(tzinfo=None)


def book_series(d: Draw, plans: Sequence[ClientPlan], taken: Taken) -> set[int]:
    """Weekly series of a few therapy clients from this week on, at a time free every week
    (one visit of each cancelled by the client). The ids of the relationships booked."""
    rng = d.rng
    therapy = [
        rp
        for plan in plans
        for rp in plan.relationships
        if rp.ended_on is None and rp.service.style == "therapy"
    ][:SERIES_CLIENTS]
    monday = d.today - timedelta(days=d.today.weekday())
    booked: set[int] = set()
    for rp in therapy:
        options = [
            (monday + timedelta(days=weekday), slot)
            for weekday in range(5)
            for slot in SLOTS
            if all(
                (monday + timedelta(days=weekday, weeks=w), slot) not in d.used_slots
                and fits(
                    taken,
                    d.at(monday + timedelta(days=weekday, weeks=w), slot),
                    rp.service.minutes,
                )
                for w in range(SERIES_WEEKS)
            )
        ]
        if not options:
            continue
        first_day, slot = rng.choice(options)
        series_id = f"{rng.getrandbits(64):016x}"
        to_come = [
            week
            for week in range(SERIES_WEEKS)
            if d.at(first_day + timedelta(weeks=week), slot) > d.now
        ]
        # The first series has its cancelled visit in the week shown first.
        cancelled_week = to_come[0] if not booked else rng.choice(to_come)
        for week in range(SERIES_WEEKS):
            day = first_day + timedelta(weeks=week)
            starts_at = d.at(day, slot)
            done = starts_at + timedelta(minutes=rp.service.minutes) <= d.now
            status = AppointmentStatus.DONE if done else AppointmentStatus.BOOKED
            if week == cancelled_week and not done:
                status = AppointmentStatus.CANCELLED  # linked to no commitment
            plan = new_appointment(d, rp, starts_at, status)
            plan.appointment.series_id = series_id
            if status is AppointmentStatus.CANCELLED:
                cancel(d, plan.appointment)
            rp.appointments.append(plan)
            d.used_slots.add((day, slot))
            taken.setdefault(day, []).append((starts_at, rp.service.minutes))
        booked.add(id(rp))
    return booked


def book_agenda(d: Draw, plans: Sequence[ClientPlan]) -> None:
    """Next appointments of current clients: today, this week and a few weeks on."""
    rng = d.rng
    taken: Taken = {}
    in_series = book_series(d, plans, taken)
    candidates = [
        rp
        for plan in plans
        for rp in plan.relationships
        if rp.ended_on is None and rng.random() < 0.8 and id(rp) not in in_series
    ]
    rng.shuffle(candidates)
    days = [d.today]
    day = d.today
    while len(days) < 30:
        day += timedelta(days=1)
        if is_working_day(day):
            days.append(day)
    free = [(day, slot) for day in days for slot in SLOTS if (day, slot) not in d.used_slots]
    pending = iter(candidates)
    rp = next(pending, None)
    for day, slot in free:
        if rp is None:
            break
        starts_at = d.at(day, slot)
        if rng.random() < 0.2 or not fits(taken, starts_at, rp.service.minutes):
            continue
        done = starts_at + timedelta(minutes=rp.service.minutes) <= d.now
        status = AppointmentStatus.DONE if done else AppointmentStatus.BOOKED
        rp.appointments.append(new_appointment(d, rp, starts_at, status))
        d.used_slots.add((day, slot))
        taken.setdefault(day, []).append((starts_at, rp.service.minutes))
        if done and rp.rel.records_kept is RecordsKept.VAKKA:
            written = starts_at + timedelta(minutes=rp.service.minutes + 10)
            body = clinical_records.note_text(d, rp.service.style)
            clinical_records.add_note(d, rp, NoteKind.SESSION_NOTE, body, written)
        rp = next(pending, None)


def new_appointment(
    d: Draw, rp: RelationshipPlan, starts_at: datetime, status: AppointmentStatus
) -> AppointmentPlan:
    """An appointment of the relationship's service: where, how long, for which fee."""
    rng = d.rng
    service = rp.service
    remote = service.style != "family" and rng.random() < 0.2
    if remote:
        place = REMOTE_PLACE
    elif service.style == "family" and rng.random() < 0.6:
        place = HOME_VISIT
    else:
        place = PRACTICE_PLACE
    appointment = Appointment(
        client_id="",
        relationship_id=0,
        starts_at=starts_at,
        duration_min=service.minutes,
        service=service.name,
        place=place,
        remote=remote,
        status=status,
        fee_cents=service.fee_cents,
    )
    plan = AppointmentPlan(appointment)
    if status in (AppointmentStatus.DONE, AppointmentStatus.BOOKED):
        plan.commitment_index = link_commitment(d, rp, starts_at.date())
    return plan


def link_commitment(d: Draw, rp: RelationshipPlan, day: date) -> int | None:
    """The commitment covering ``day`` that still has visits left, if any."""
    for index, commitment in enumerate(rp.commitments):
        if not commitment.valid_from <= day <= commitment.valid_until:
            continue
        linked = sum(1 for a in rp.appointments if a.commitment_index == index)
        granted = commitment.visits_granted or 0
        if commitment.visits_used_before + linked < granted:
            return index
    return None
