"""Clinical identities and notes: temporary hetus, plans, session notes, statements and
end summaries, with the occasional amendment or removal marker.

Identity codes are temporary codes only (individual number 900–999), made by the
domain's ``temporary_hetu``; they never could belong to a person. Notes are written
only for relationships whose records are kept in Vakka, and never in the future.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from app.domain.hetu import century_signs, temporary_hetu
from app.domain.kinds import AppointmentStatus, NoteKind, RecordsKept
from app.domain.models import Note
from app.services.demo.draw import Draw
from app.services.demo.phrases import AMENDMENTS, CLOSERS, GOALS, MIDDLES, OPENERS, REMOVALS
from app.services.demo.plan import ClientPlan, NotePlan, RelationshipPlan
from app.services.demo.practice import PRACTITIONER_TITLE


def identity_of(d: Draw, plan: ClientPlan, roles: set[str]) -> None:
    """A hetu for most patient and social care clients (always for one who has died)."""
    if plan.needs_identity and ("deceased" in roles or d.rng.random() < 0.9):
        plan.hetu = hetu(d, plan.birth_date)


def hetu(d: Draw, birth: date) -> str:
    """A temporary hetu (900–999) for the birth date, unique in the practice."""
    rng = d.rng
    signs = century_signs(birth.year)  # the basic sign first, then the extra ones
    basic, extra = signs[0], signs[1:]
    while True:
        sign = rng.choice(extra) if rng.random() < 0.1 and extra else basic
        code = temporary_hetu(birth, rng.randint(900, 999), sign)
        if code not in d.used_hetus:
            d.used_hetus.add(code)
            return code


def note_text(d: Draw, style: str) -> str:
    """A session note: an opener, one to three middles and a closer."""
    rng = d.rng
    middles = rng.sample(MIDDLES[style], rng.randint(1, 3))
    return " ".join([rng.choice(OPENERS[style]), *middles, rng.choice(CLOSERS)])


# --- the client ---


def notes_of(d: Draw, rp: RelationshipPlan) -> None:
    """The plan, session notes, a Kela statement and an end summary (notes in Vakka only)."""
    if rp.rel.records_kept is not RecordsKept.VAKKA:
        return
    rng = d.rng
    style = rp.service.style
    started_at = d.at(rp.rel.started_on, time(17, 0))
    goal = rng.choice(GOALS[style])
    add_note(
        d,
        rp,
        NoteKind.PLAN,
        f"Suunnitelma: tavoitteena {goal}. Tapaamisia noin "
        f"{rng.choice(('kerran viikossa', 'joka toinen viikko', 'kerran kuukaudessa'))}. "
        "Edistymistä arvioidaan yhdessä puolen vuoden välein.",
        started_at,
    )
    for plan in rp.appointments:
        appointment = plan.appointment
        if appointment.status is not AppointmentStatus.DONE or rng.random() > 0.85:
            continue
        written = appointment.starts_at + timedelta(minutes=appointment.duration_min + 10)
        add_note(d, rp, NoteKind.SESSION_NOTE, note_text(d, style), written)
        if rng.random() < 0.05:
            add_note(
                d,
                rp,
                NoteKind.PHONE_CONTACT,
                "Puhelu asiakkaan kanssa: siirrettiin seuraavaa tapaamista toiveen mukaan.",
                written + timedelta(days=2),
            )
    if rp.service.kela:
        for disclosure in rp.disclosures:
            add_note(
                d,
                rp,
                NoteKind.STATEMENT,
                "Hoitopalaute Kelalle: kuntoutuspsykoterapia on edennyt suunnitellusti, "
                "ja jatkoa suositellaan.",
                d.at(disclosure.disclosure.disclosed_on, time(16, 0)),
            )
    if style == "family" and rng.random() < 0.05:
        add_note(
            d,
            rp,
            NoteKind.THIRD_PARTY_DOCUMENT,
            "Erillinen asiakirja: asiakkaan läheistä koskeva tieto kirjattu erikseen.",
            started_at + timedelta(days=14),
        )
    if rp.ended_on is not None:
        add_note(
            d,
            rp,
            NoteKind.SUMMARY,
            f"Loppuyhteenveto: tavoitteena oli {goal}. {rng.choice(MIDDLES[style])} "
            f"Asiakkuus päättyi: {rp.end_reason.lower()}.",
            d.at(rp.ended_on, time(17, 30)),
        )


def add_note(d: Draw, rp: RelationshipPlan, kind: NoteKind, body: str, at: datetime) -> None:
    """A note dated ``at`` (none in the future); a few get an amendment or a removal."""
    if at > d.now:
        return
    rng = d.rng
    note = Note(
        client_id="",
        relationship_id=0,
        register_kind=rp.rel.register_kind,
        kind=kind,
        body=body,
        written_at=at,  # the service records its own clock; the plan's time dates the session
        author_name=d.practitioner,
        author_title=PRACTITIONER_TITLE,
        specially_protected=rp.service.protected,
        session_date=at.date(),
    )
    plan = NotePlan(note)
    draw = rng.random()
    if draw < 0.04:
        plan.amendment = rng.choice(AMENDMENTS)
    elif draw > 0.985:
        plan.removal = rng.choice(REMOVALS)
    rp.notes.append(plan)
