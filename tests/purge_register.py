"""A register with records due for destruction, built through the services with the
clock set back to 2010 and 2021; reviewed on the fixed clock of the tests (23.11.2026).

Every name and note text here is invented; the tests search for them after a purge.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from app.domain.kinds import (
    AppointmentStatus,
    ConsentKind,
    Controller,
    HoldGround,
    IssuerKind,
    NoteKind,
    PayerKind,
    RecordsKept,
    RegisterKind,
    RequestKind,
    ServiceTask,
)
from app.domain.models import (
    Appointment,
    Client,
    Consent,
    ContactPerson,
    Disclosure,
    Invoice,
    InvoiceLine,
    Note,
    PaymentCommitment,
    Practice,
    Relationship,
)
from app.services import (
    appointments,
    billing,
    clients,
    clinical,
    consents,
    holds,
    relationships,
    requests,
)
from app.services import register as register_service
from app.services.session import Session
from tests.conftest import FIXED_NOW


class MovableClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def set(self, day: date) -> None:
        self.now = datetime(day.year, day.month, day.day, 10, 0).astimezone()


@dataclass
class Built:
    clock: MovableClock
    ids: dict[str, str] = field(default_factory=dict)  # label -> client id
    # Words that must be gone after a purge (names, addresses, note text, recipients).
    gone: list[str] = field(default_factory=list)
    # Words that must stay (held or county-controlled clients; a kept invoice's payer).
    stay: list[str] = field(default_factory=list)


def _client(session: Session, built: Built, label: str, first: str, last: str) -> str:
    client = clients.add_client(
        session,
        Client(
            first_name=first,
            last_name=last,
            street_address=f"{last}tie 1",
            phone="040 1234567",
            email=f"{first.lower()}@example.invalid",
        ),
    )
    built.ids[label] = client.id or ""
    return client.id or ""


def _rel(session: Session, client_id: str, kind: RegisterKind, started: date, **kw: object) -> int:
    rel = relationships.start_relationship(
        session,
        Relationship(
            client_id=client_id,
            register_kind=kind,
            records_kept=RecordsKept.VAKKA,
            started_on=started,
            **kw,  # type: ignore[arg-type]
        ),
    )
    return rel.id or 0


def _visit(session: Session, client_id: str, rel_id: int, day: date, **kw: object) -> int:
    visit = appointments.add_appointment(
        session,
        Appointment(
            client_id=client_id,
            relationship_id=rel_id,
            starts_at=datetime(day.year, day.month, day.day, 12, 0),
            duration_min=60,
            status=AppointmentStatus.DONE,
            **kw,  # type: ignore[arg-type]
        ),
    )
    return visit.id or 0


def _invoice(
    session: Session, client_id: str, rel_id: int, number: str, day: date, payer: str
) -> None:
    billing.add_invoice(
        session,
        Invoice(
            number=number,
            issued_on=day,
            due_on=day,
            payer_kind=PayerKind.CLIENT,
            payer_name=payer,
            payer_address="Laskutie 5",
            client_id=client_id,
            relationship_id=rel_id,
            lines=[InvoiceLine("Käynti", 9000)],
        ),
    )


def _note(session: Session, client_id: str, rel_id: int, kind: RegisterKind, text: str) -> int:
    note = clinical.add_note(
        session,
        Note(
            client_id=client_id,
            relationship_id=rel_id,
            register_kind=kind,
            kind=NoteKind.SESSION_NOTE,
            body=text,
            written_at=datetime.now(),
            author_name="Terttu Testiterapeutti",
        ),
    )
    return note.id or 0


def _end(session: Session, rel_id: int, day: date, reason: str) -> None:
    """End a relationship on ``day`` with the clock on that day, then put the clock back."""
    clock = session.register.clock
    assert isinstance(clock, MovableClock)
    before = clock.now
    clock.set(day)
    relationships.end_relationship(session, rel_id, day, reason)
    clock.now = before


def _coaching_client(
    session: Session, built: Built, label: str, first: str, last: str, word: str
) -> tuple[str, int]:
    """An `other` relationship 2010–2011 with visits, a note, an invoice, a contact person."""
    cid = _client(session, built, label, first, last)
    rel = _rel(session, cid, RegisterKind.OTHER, date(2010, 3, 1))
    _visit(session, cid, rel, date(2010, 3, 15))
    _note(session, cid, rel, RegisterKind.OTHER, f"Valmennuskirjaus {word} tavoitteista")
    # Numbers of digits, each its own reference number (payments are matched by it).
    _invoice(session, cid, rel, f"2010-{ord(label):04d}", date(2010, 3, 20), f"{first} {last}")
    clients.add_contact_person(session, ContactPerson(cid, f"Läheinen {last}", "sisar"))
    _end(session, rel, date(2011, 1, 31), "Valmennus päättyi")
    return cid, rel


def build_due_register(session: Session) -> Built:
    """Clients A (all due: nothing remains), B (legal hold), C (open access request),
    D (county-controlled social care), E (patient: visits and contact details go, records
    and identity stay), F (contact details go, a 2021 invoice keeps its payer snapshot),
    G (a superseded consent and an old disclosure resting on it)."""
    clock = MovableClock(FIXED_NOW)
    session.register.clock = clock
    built = Built(clock)
    clock.set(date(2010, 3, 1))
    register_service.save_practice(
        session,
        Practice(practitioner_name="Terttu Testiterapeutti", practitioner_title="psykoterapeutti"),
    )
    for kind in (RegisterKind.PATIENT, RegisterKind.SOCIAL_CARE):
        relationships.confirm_legal_note(session, kind)
    clock.set(date(2010, 3, 20))

    _coaching_client(session, built, "A", "Aapeli", "Häviäjä", "kadotettava")
    built.gone += ["Aapeli", "Häviäjä", "kadotettava", "Läheinen Häviäjä"]

    b, _ = _coaching_client(session, built, "B", "Birgitta", "Pidätetty", "säilytettävä")
    built.stay += ["Birgitta", "säilytettävä"]
    c, _ = _coaching_client(session, built, "C", "Cecilia", "Pyytäjä", "pyydetty")
    built.stay += ["Cecilia", "pyydetty"]

    d = _client(session, built, "D", "Dan", "Maakunta")
    drel = _rel(session, d, RegisterKind.SOCIAL_CARE, date(2010, 3, 1),
                service_task=ServiceTask.ADULT_SERVICES, controller=Controller.COUNTY,
                county_name="Testin hyvinvointialue")  # fmt: skip
    _note(session, d, drel, RegisterKind.SOCIAL_CARE, "Maakunnan asiakkaan ostopalvelukirjaus")
    _end(session, drel, date(2011, 1, 31), "Palvelu päättyi")
    built.stay += ["ostopalvelukirjaus"]
    built.gone += ["Maakunta"]  # contact details are the practice's: they go

    e = _client(session, built, "E", "Eemeli", "Potilas")
    erel = _rel(session, e, RegisterKind.PATIENT, date(2010, 3, 1))
    clinical.set_identity(session, e, "Eemeli Kirjattu Potilas", birth_date=date(1950, 5, 17))
    commitment = billing.add_payment_commitment(
        session,
        PaymentCommitment(
            client_id=e,
            issuer_kind=IssuerKind.KELA,
            valid_from=date(2010, 3, 1),
            valid_until=date(2010, 12, 31),
            relationship_id=erel,
            visits_granted=10,
        ),
    )
    _visit(session, e, erel, date(2010, 3, 18), payment_commitment_id=commitment.id)
    _note(session, e, erel, RegisterKind.PATIENT, "Psykoterapiakäynnin pysyväkirjaus")
    _invoice(session, e, erel, "2010-0200", date(2010, 3, 20), "Eemeli Potilas")
    _end(session, erel, date(2011, 1, 31), "Terapia päättyi")
    built.gone += ["Eemeli Potilas"]
    built.stay += ["pysyväkirjaus", "Eemeli Kirjattu Potilas"]

    g = _client(session, built, "G", "Gunnar", "Suostuja")
    grel = _rel(session, g, RegisterKind.OTHER, date(2010, 3, 1))
    first = consents.record_consent(
        session, Consent(g, ConsentKind.SHARING_PERMISSION, "Yhteenveto työterveyteen",
                         date(2010, 3, 1), recipient="Työterveys Oy", relationship_id=grel),
    )  # fmt: skip
    consents.record_disclosure(
        session,
        Disclosure(g, date(2010, 3, 20), "Työterveyslääkäri Ilmari Vastaanottaja",
                   "Yhteenveto", "Työkyvyn arvio", consent_id=first.id, relationship_id=grel),
    )  # fmt: skip
    clock.set(date(2010, 6, 1))
    consents.record_consent(
        session, Consent(g, ConsentKind.SHARING_PERMISSION, "Yhteenveto ja lausunto",
                         date(2010, 6, 1), recipient="Työterveys Oy", relationship_id=grel,
                         version=2, supersedes_id=first.id),
    )  # fmt: skip
    _end(session, grel, date(2011, 1, 31), "Päättyi")
    built.gone += ["Gunnar", "Suostuja", "Ilmari Vastaanottaja"]

    clock.set(date(2021, 1, 20))
    f = _client(session, built, "F", "Fanni", "Laskutettu")
    frel = _rel(session, f, RegisterKind.OTHER, date(2021, 1, 10))
    _invoice(session, f, frel, "2021-0300", date(2021, 1, 20), "Fanni Laskutettu")
    _end(session, frel, date(2021, 6, 30), "Päättyi")
    built.stay += ["Fanni Laskutettu"]  # the payer snapshot of the kept invoice

    clock.set(date(2026, 11, 1))
    holds.place_hold(session, b, HoldGround.DISPUTE, date(2026, 11, 1), "Riita-asia vireillä")
    requests.record_request(session, c, RequestKind.ACCESS, date(2026, 11, 1))
    clock.now = FIXED_NOW
    return built
