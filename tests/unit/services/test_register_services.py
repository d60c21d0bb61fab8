"""Use cases of the register store: clients, relationships, appointments, billing,
consents and disclosures, requests and legal holds."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime

import pytest

from app.db import audit
from app.domain.errors import NotFoundError, ValidationError
from app.domain.kinds import (
    AppointmentStatus,
    CancelledBy,
    ConsentKind,
    Controller,
    HoldGround,
    IdentityMethod,
    IssuerKind,
    PayerKind,
    RecordsKept,
    RegisterKind,
    RequestKind,
    RequestStatus,
    ServiceTask,
)
from app.domain.models import (
    Appointment,
    Client,
    Consent,
    Disclosure,
    Invoice,
    InvoiceLine,
    PaymentCommitment,
    Practice,
    Relationship,
)
from app.services import (
    appointments,
    billing,
    clients,
    consents,
    holds,
    invoicing,
    relationships,
    requests,
)
from app.services import register as register_service
from app.services.session import Session

TODAY = date(2026, 11, 23)  # FIXED_NOW in tests/conftest.py
COUNTY = "Testialueen hyvinvointialue"


def count(session: Session, table: str) -> int:
    return int(session.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def audit_actions(session: Session, client_id: str | None = None) -> list[str]:
    return [row.action for row in audit.rows(session.conn, client_id)]


def add(session: Session, first: str = "Testi", last: str = "Asiakas", **fields: str) -> Client:
    return clients.add_client(session, Client(first_name=first, last_name=last, **fields))


def tied(session: Session, client: Client) -> int:
    """Start an `other` relationship for the client; its id, for records that need one."""
    rel = relationships.start_relationship(session, other_relationship(client))
    assert rel.id is not None
    return rel.id


def other_relationship(client: Client, **fields: object) -> Relationship:
    values: dict[str, object] = {
        "client_id": client.id or "",
        "register_kind": RegisterKind.OTHER,
        "records_kept": RecordsKept.VAKKA,
        "started_on": date(2026, 1, 15),
        **fields,
    }
    return Relationship(**values)


# --- clients ---------------------------------------------------------------------------------


def test_add_client_gets_number_and_opaque_id(session: Session) -> None:
    first = add(session, "  Aino ", "Äijälä", email=" aino@example.org ", phone="040 123 4567")
    second = add(session, "Väinö", "Kokeilu")
    assert first.client_number == 1001
    assert second.client_number == 1002
    assert first.id and second.id and first.id != second.id
    assert len(first.id) == 16 and int(first.id, 16) >= 0
    assert "aino" not in first.id.casefold()
    stored = clients.open_client(session, first.id)
    assert (stored.first_name, stored.last_name) == ("Aino", "Äijälä")
    assert stored.email == "aino@example.org"
    assert stored.created_at is not None and stored.created_at.date() == TODAY


def test_update_client(session: Session) -> None:
    client = add(session, "Eero", "Esimerkki")
    client.last_name = "Esimerkkinen"
    client.phone = "+358 40 765 4321"
    clients.update_client(session, client)
    stored = clients.open_client(session, client.id or "")
    assert stored.last_name == "Esimerkkinen"
    assert stored.phone == "+358 40 765 4321"
    assert stored.client_number == 1001
    assert count(session, "clients") == 1


def test_update_of_unknown_client_is_refused(session: Session) -> None:
    with pytest.raises(NotFoundError):
        clients.update_client(session, Client(first_name="Ei", last_name="Ketään", id="ffff"))
    with pytest.raises(NotFoundError):
        clients.update_client(session, Client(first_name="Ei", last_name="Ketään"))


@pytest.mark.parametrize(
    ("fields", "code", "field"),
    [
        ({}, "client.name_required", "last_name"),
        ({"first_name": "   ", "last_name": "\t"}, "client.name_required", "last_name"),
        ({"last_name": "Testinen", "email": "not-an-address"}, "email.invalid", "email"),
        ({"last_name": "Testinen", "email": "a@b"}, "email.invalid", "email"),
        ({"last_name": "Testinen", "phone": "12"}, "phone.invalid", "phone"),
        ({"last_name": "Testinen", "postal_code": "ABC"}, "postal_code.invalid", "postal_code"),
        ({"last_name": "Rivi\nvaihto"}, "name.invalid_characters", "last_name"),
    ],
)
def test_invalid_client_changes_nothing(
    session: Session, fields: dict[str, str], code: str, field: str
) -> None:
    existing = add(session, "Saga", "Provsson", email="saga@example.org")
    before = count(session, "clients")
    with pytest.raises(ValidationError) as info:
        clients.add_client(session, Client(**fields))
    assert (info.value.code, info.value.field) == (code, field)
    assert count(session, "clients") == before

    changed = clients.open_client(session, existing.id or "")
    for name, value in fields.items():
        setattr(changed, name, value)
    if not fields:
        changed.first_name = changed.last_name = ""
    with pytest.raises(ValidationError) as info:
        clients.update_client(session, changed)
    assert info.value.code == code
    stored = clients.open_client(session, existing.id or "")
    assert (stored.first_name, stored.last_name, stored.email) == (
        "Saga",
        "Provsson",
        "saga@example.org",
    )


# --- search ----------------------------------------------------------------------------------


@pytest.fixture
def people(session: Session) -> dict[str, Client]:
    return {
        "aijala": add(session, "Aino", "Äijälä", phone="040 123 4567"),
        "olga": add(session, "Ольга", "Тестова", email="olga.testova@example.org"),
        "saga": add(session, "Saga", "Öhman", phone="+358 50 999 0001"),
        "eero": add(session, "Eero", "Esimerkki", email="EERO@Example.ORG"),
    }


def found(session: Session, text: str) -> set[int]:
    return {summary.client_number for summary in clients.search_clients(session, text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("äijä", {1001}),
        ("ÄIJÄLÄ", {1001}),
        ("aino ä", {1001}),
        ("ольга", {1002}),
        ("ТЕСТОВА", {1002}),
        ("öhm", {1003}),
        ("1003", {1003}),
        ("0401234567", {1001}),
        ("040 123", {1001}),
        ("4567", {1001}),
        ("999 0001", {1003}),
        ("olga.testova@", {1002}),
        ("eero@example.org", {1004}),
        ("example.org", {1002, 1004}),
        ("", {1001, 1002, 1003, 1004}),
        ("   ", {1001, 1002, 1003, 1004}),
        ("nobody", set()),
    ],
)
def test_search_clients(
    session: Session, people: dict[str, Client], text: str, expected: set[int]
) -> None:
    assert found(session, text) == expected


def test_search_with_decomposed_input(session: Session, people: dict[str, Client]) -> None:
    """Text pasted in NFD (a + combining diaeresis) finds the NFC-stored name."""
    typed = unicodedata.normalize("NFD", "äijä")
    assert typed != "äijä"
    assert found(session, typed) == {1001}


def test_search_does_not_match_phone_digits_by_number_fragment(
    session: Session, people: dict[str, Client]
) -> None:
    # Digits only match the phone as a whole run of digits, ignoring spaces.
    assert found(session, "5678") == set()
    summary = next(s for s in clients.list_clients(session) if s.client_number == 1001)
    assert clients.matches(summary, "123 45")
    assert not clients.matches(summary, "123-4x")


# --- client list: controller -----------------------------------------------------------------


def test_list_controller_is_county_only_when_every_relationship_is(session: Session) -> None:
    county_only = add(session, "Kaija", "Kunnallinen")
    mixed = add(session, "Matti", "Sekalainen")
    none = add(session, "Niilo", "Uusinen")
    own = add(session, "Olli", "Omanen")
    county = {"controller": Controller.COUNTY, "county_name": COUNTY}
    relationships.start_relationship(session, other_relationship(county_only, **county))
    relationships.start_relationship(session, other_relationship(county_only, **county))
    relationships.start_relationship(session, other_relationship(mixed, **county))
    relationships.start_relationship(session, other_relationship(mixed))
    relationships.start_relationship(session, other_relationship(own))
    listed = {s.id: s for s in clients.list_clients(session)}
    assert listed[county_only.id or ""].controller is Controller.COUNTY
    assert listed[mixed.id or ""].controller is Controller.PRACTICE
    assert listed[none.id or ""].controller is Controller.PRACTICE
    assert listed[own.id or ""].controller is Controller.PRACTICE
    assert listed[county_only.id or ""].register_kinds == (RegisterKind.OTHER,)
    assert listed[none.id or ""].register_kinds == ()


def test_list_active_flag(session: Session) -> None:
    client = add(session)
    rel = relationships.start_relationship(session, other_relationship(client))
    assert clients.list_clients(session)[0].active
    relationships.end_relationship(session, rel.id or 0, date(2026, 11, 1), "Palvelu päättyi")
    assert not clients.list_clients(session)[0].active


# --- opening a client is logged once per session -----------------------------------------


def test_open_client_logged_once_per_session(session: Session) -> None:
    client = add(session)
    other = add(session, "Toinen", "Testinen")
    for _ in range(3):
        clients.open_client(session, client.id or "")
    assert audit_actions(session, client.id) == ["client.open"]
    clients.open_client(session, other.id or "")
    assert audit_actions(session, other.id) == ["client.open"]
    session.lock()
    clients.open_client(session, client.id or "")
    clients.open_client(session, client.id or "")
    assert audit_actions(session, client.id) == ["client.open", "client.open"]
    rows = audit.rows(session.conn, client.id)
    assert rows[0].data_kind == "client" and rows[0].purpose == "care"


def test_open_unknown_client_logs_nothing(session: Session) -> None:
    with pytest.raises(NotFoundError):
        clients.open_client(session, "0123456789abcdef")
    assert audit_actions(session) == []


# --- relationships ---------------------------------------------------------------------------


def test_social_care_needs_a_service_task(session: Session) -> None:
    client = add(session)
    rel = Relationship(
        client_id=client.id or "",
        register_kind=RegisterKind.SOCIAL_CARE,
        records_kept=RecordsKept.PAPER,
        records_location="Lukittu kaappi",
        started_on=date(2026, 2, 1),
    )
    with pytest.raises(ValidationError) as info:
        relationships.start_relationship(session, rel)
    assert info.value.code == "relationship.service_task_required"
    assert count(session, "relationships") == 0
    rel.service_task = ServiceTask.ADULT_SERVICES
    relationships.start_relationship(session, rel)
    assert count(session, "relationships") == 1


def test_service_task_only_for_social_care(session: Session) -> None:
    client = add(session)
    rel = other_relationship(client, service_task=ServiceTask.DISABILITY)
    with pytest.raises(ValidationError) as info:
        relationships.start_relationship(session, rel)
    assert info.value.code == "relationship.service_task_only_social_care"


def test_county_controller_needs_county_name(session: Session) -> None:
    client = add(session)
    rel = other_relationship(client, controller=Controller.COUNTY)
    with pytest.raises(ValidationError) as info:
        relationships.start_relationship(session, rel)
    assert info.value.code == "relationship.county_name_required"
    rel.county_name = "  "
    with pytest.raises(ValidationError):
        relationships.start_relationship(session, rel)
    rel.county_name = COUNTY
    saved = relationships.start_relationship(session, rel)
    assert relationships.relationships_of(session, client.id or "")[0].county_name == COUNTY
    assert saved.id is not None


def test_patient_notes_in_vakka_need_the_legal_note(session: Session) -> None:
    register_service.save_practice(session, Practice(practitioner_name="Terttu Testiterapeutti"))
    client = add(session)
    rel = Relationship(
        client_id=client.id or "",
        register_kind=RegisterKind.PATIENT,
        records_kept=RecordsKept.VAKKA,
        started_on=date(2026, 3, 1),
    )
    with pytest.raises(ValidationError) as info:
        relationships.start_relationship(session, rel)
    assert info.value.code == "relationship.notes_need_confirmation"
    assert count(session, "relationships") == 0
    # Confirming for another register kind does not help.
    relationships.confirm_legal_note(session, RegisterKind.SOCIAL_CARE)
    with pytest.raises(ValidationError):
        relationships.start_relationship(session, rel)
    relationships.confirm_legal_note(session, RegisterKind.PATIENT)
    assert relationships.confirmed_kinds(session) == {
        RegisterKind.PATIENT,
        RegisterKind.SOCIAL_CARE,
    }
    saved = relationships.start_relationship(session, rel)
    assert relationships.relationships_of(session, client.id or "") == [saved]
    row = session.conn.execute(
        "SELECT text_version, confirmed_at, confirmed_by FROM legal_note_confirmations "
        "WHERE register_kind = 'patient'"
    ).fetchone()
    assert row[0] == relationships.LEGAL_NOTE_VERSION
    assert row[1].startswith("2026-11-23")
    assert row[2] == "Terttu Testiterapeutti"
    assert audit_actions(session) == ["legal_note.confirm", "legal_note.confirm", "client.open"]


def test_patient_notes_on_paper_need_no_confirmation_but_a_location(session: Session) -> None:
    client = add(session)
    rel = Relationship(
        client_id=client.id or "",
        register_kind=RegisterKind.PATIENT,
        records_kept=RecordsKept.PAPER,
        started_on=date(2026, 3, 1),
    )
    with pytest.raises(ValidationError) as info:
        relationships.start_relationship(session, rel)
    assert info.value.code == "relationship.records_location_required"
    rel.records_location = "Lukittu arkistokaappi"
    relationships.start_relationship(session, rel)


def test_relationship_start_in_future_refused(session: Session) -> None:
    client = add(session)
    with pytest.raises(ValidationError) as info:
        relationships.start_relationship(
            session, other_relationship(client, started_on=date(2026, 11, 24))
        )
    assert info.value.code == "relationship.start_in_future"


def test_relationship_for_unknown_client_refused(session: Session) -> None:
    rel = Relationship(
        client_id="0123456789abcdef",
        register_kind=RegisterKind.OTHER,
        records_kept=RecordsKept.VAKKA,
        started_on=date(2026, 1, 1),
    )
    with pytest.raises(NotFoundError):
        relationships.start_relationship(session, rel)
    assert count(session, "relationships") == 0


def test_end_relationship(session: Session) -> None:
    client = add(session)
    rel = relationships.start_relationship(session, other_relationship(client))
    for reason in ("", "   "):
        with pytest.raises(ValidationError) as info:
            relationships.end_relationship(session, rel.id or 0, date(2026, 11, 20), reason)
        assert info.value.code == "relationship.end_reason_required"
    stored = relationships.relationships_of(session, client.id or "")[0]
    assert stored.ended_on is None and stored.active

    with pytest.raises(ValidationError) as info:
        relationships.end_relationship(session, rel.id or 0, date(2026, 1, 1), "Liian aikaisin")
    assert info.value.code == "date.end_before_start"
    with pytest.raises(ValidationError) as info:
        relationships.end_relationship(session, rel.id or 0, date(2026, 12, 1), "Tulevaisuus")
    assert info.value.code == "relationship.end_in_future"
    assert relationships.relationships_of(session, client.id or "")[0].ended_on is None

    ended = relationships.end_relationship(
        session, rel.id or 0, date(2026, 11, 20), "  Tavoitteet saavutettu "
    )
    assert ended.ended_on == date(2026, 11, 20)
    stored = relationships.relationships_of(session, client.id or "")[0]
    assert stored.ended_on == date(2026, 11, 20)
    assert stored.end_reason == "Tavoitteet saavutettu"
    assert not stored.active
    with pytest.raises(ValidationError) as info:
        relationships.end_relationship(session, rel.id or 0, date(2026, 11, 21), "Uudestaan")
    assert info.value.code == "relationship.already_ended"
    with pytest.raises(NotFoundError):
        relationships.end_relationship(session, 9999, date(2026, 11, 21), "Ei ole")


# --- appointments ----------------------------------------------------------------------------


def test_appointments_and_agenda(session: Session) -> None:
    client = add(session)
    rel = relationships.start_relationship(session, other_relationship(client))

    def book(when: datetime, minutes: int = 45) -> Appointment:
        return appointments.add_appointment(
            session, Appointment(client.id or "", rel.id or 0, when, minutes, place="Vastaanotto")
        )

    late = book(datetime(2026, 11, 24, 15, 0))
    early = book(datetime(2026, 11, 24, 8, 30))
    next_week = book(datetime(2026, 12, 1, 10, 0))
    midnight = book(datetime(2026, 11, 25, 0, 0))
    assert early.created_at is not None

    day = appointments.agenda(session, date(2026, 11, 24), 1)
    assert [a.id for a in day] == [early.id, late.id]
    two_days = appointments.agenda(session, date(2026, 11, 24), 2)
    assert [a.id for a in two_days] == [early.id, late.id, midnight.id]
    week = appointments.agenda(session, date(2026, 11, 24), 7)
    assert next_week.id not in [a.id for a in week]
    assert [a.id for a in appointments.agenda(session, date(2026, 11, 24), 8)][-1] == next_week.id

    appointments.cancel_appointment(session, late.id or 0, CancelledBy.CLIENT, "Sairas")
    day = appointments.agenda(session, date(2026, 11, 24), 1)
    assert [a.status for a in day] == [AppointmentStatus.BOOKED, AppointmentStatus.CANCELLED]
    assert [a.id for a in appointments.appointments_of(session, client.id or "")] == [
        early.id,
        late.id,
        midnight.id,
        next_week.id,
    ]


def test_invalid_appointments_refused(session: Session) -> None:
    client = add(session)
    other = add(session, "Toinen", "Testinen")
    rel = relationships.start_relationship(session, other_relationship(client))
    when = datetime(2026, 11, 24, 9, 0)
    for minutes in (0, -5, 24 * 60 + 1):
        with pytest.raises(ValidationError) as info:
            appointments.add_appointment(
                session, Appointment(client.id or "", rel.id or 0, when, minutes)
            )
        assert info.value.code == "appointment.duration"
    with pytest.raises(ValidationError):
        appointments.add_appointment(
            session, Appointment(client.id or "", rel.id or 0, when, 45, fee_cents=-1)
        )
    # Another client's relationship.
    with pytest.raises(NotFoundError):
        appointments.add_appointment(session, Appointment(other.id or "", rel.id or 0, when, 45))
    assert count(session, "appointments") == 0
    with pytest.raises(NotFoundError):
        appointments.set_status(session, 12345, AppointmentStatus.DONE)


# --- invoices --------------------------------------------------------------------------------


def _invoice(
    client: Client, number: str, lines: list[InvoiceLine], relationship_id: int | None = None
) -> Invoice:
    return Invoice(
        number=number,
        issued_on=date(2026, 11, 20),
        due_on=date(2026, 12, 4),
        payer_kind=PayerKind.CLIENT,
        payer_name="Aino Äijälä",
        payer_address="Testikatu 1, 00100 Helsinki",
        client_id=client.id,
        relationship_id=relationship_id,
        lines=lines,
    )


def test_invoice_with_lines_and_vat(session: Session) -> None:
    client = add(session, "Aino", "Äijälä")
    invoice = billing.add_invoice(
        session,
        _invoice(
            client,
            "2026-0001",
            relationship_id=tied(session, client),
            lines=[
                InvoiceLine("Psykoterapia 45 min", 10000),  # VAT-exempt health care
                InvoiceLine("Työnohjaus", 100, vat_rate_permille=255),  # 25.5 c -> 26 c
                InvoiceLine("Materiaali", 333, quantity=3, vat_rate_permille=255),  # 254.745
            ],
        ),
    )
    assert invoice.id is not None
    (stored,) = billing.invoices_of(session, client.id or "")
    assert [line.description for line in stored.lines] == [
        "Psykoterapia 45 min",
        "Työnohjaus",
        "Materiaali",
    ]
    assert [line.vat_cents for line in stored.lines] == [0, 26, 255]
    assert [line.net_cents for line in stored.lines] == [10000, 100, 999]
    assert stored.vat_cents == 281
    assert stored.total_cents == 10000 + 100 + 999 + 281
    assert stored.payer_name == "Aino Äijälä"
    assert stored.paid_on is None
    assert billing.next_invoice_number(session, 2026) == "2026-0002"
    assert billing.next_invoice_number(session, 2027) == "2027-0001"


def test_duplicate_invoice_number_refused(session: Session) -> None:
    client = add(session)
    rid = tied(session, client)
    billing.add_invoice(session, _invoice(client, "2026-0001", [InvoiceLine("Käynti", 9000)], rid))
    with pytest.raises(ValidationError) as info:
        billing.add_invoice(session, _invoice(client, "2026-0001", [InvoiceLine("Toinen", 1)], rid))
    assert info.value.code == "invoice.number_taken"
    assert count(session, "invoices") == 1
    assert count(session, "invoice_lines") == 1


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"number": " "}, "field.required"),
        ({"payer_name": ""}, "field.required"),
        ({"lines": []}, "invoice.no_lines"),
        ({"lines": [InvoiceLine("", 100)]}, "field.required"),
        ({"lines": [InvoiceLine("Hyvitys", -100)]}, "money.negative"),
        ({"lines": [InvoiceLine("Käynti", 100, quantity=0)]}, "invoice.quantity"),
        ({"due_on": date(2026, 11, 19)}, "date.end_before_start"),
    ],
)
def test_invalid_invoice_changes_nothing(
    session: Session, change: dict[str, object], code: str
) -> None:
    client = add(session)
    invoice = _invoice(client, "2026-0009", [InvoiceLine("Käynti", 9000)])
    for name, value in change.items():
        setattr(invoice, name, value)
    with pytest.raises(ValidationError) as info:
        billing.add_invoice(session, invoice)
    assert info.value.code == code
    assert count(session, "invoices") == 0
    assert count(session, "invoice_lines") == 0


def test_mark_paid(session: Session) -> None:
    client = add(session)
    invoice = billing.add_invoice(
        session, _invoice(client, "2026-0001", [InvoiceLine("Käynti", 9000)], tied(session, client))
    )
    invoicing.send_invoice(session, invoice.id or 0)
    with pytest.raises(ValidationError) as info:
        billing.mark_paid(session, invoice.id or 0, date(2026, 11, 19))
    assert info.value.code == "invoice.paid_before_issued"
    assert billing.invoices_of(session, client.id or "")[0].paid_on is None
    paid = billing.mark_paid(session, invoice.id or 0, date(2026, 11, 22))
    assert paid.paid_on == date(2026, 11, 22)
    assert [line.unit_price_cents for line in paid.lines] == [9000]
    assert billing.invoices_of(session, client.id or "")[0].paid_on == date(2026, 11, 22)
    with pytest.raises(NotFoundError):
        billing.mark_paid(session, 999, date(2026, 11, 22))


# --- payment commitments ---------------------------------------------------------------------


def test_commitment_visits_decrease_when_linked_appointment_done(session: Session) -> None:
    client = add(session)
    rel = relationships.start_relationship(session, other_relationship(client))
    commitment = billing.add_payment_commitment(
        session,
        PaymentCommitment(
            client_id=client.id or "",
            issuer_kind=IssuerKind.KELA,
            valid_from=date(2026, 1, 1),
            valid_until=date(2026, 12, 31),
            issuer_name="Kela",
            decision_number="TEST-0001",
            relationship_id=rel.id,
            visits_granted=10,
            visits_used_before=2,
        ),
    )
    assert commitment.visits_remaining == 8

    def remaining() -> int | None:
        (stored,) = billing.payment_commitments_of(session, client.id or "")
        return stored.visits_remaining

    linked = [
        appointments.add_appointment(
            session,
            Appointment(
                client.id or "",
                rel.id or 0,
                datetime(2026, 11, 16 + i, 10, 0),  # held visits are in the past
                45,
                payment_commitment_id=commitment.id,
            ),
        )
        for i in range(3)
    ]
    unlinked = appointments.add_appointment(
        session, Appointment(client.id or "", rel.id or 0, datetime(2026, 11, 20, 10), 45)
    )
    assert remaining() == 8  # booked visits are not used yet
    appointments.set_status(session, linked[0].id or 0, AppointmentStatus.DONE)
    assert remaining() == 7
    appointments.set_status(session, linked[1].id or 0, AppointmentStatus.NO_SHOW)
    appointments.set_status(session, unlinked.id or 0, AppointmentStatus.DONE)
    assert remaining() == 7
    appointments.set_status(session, linked[2].id or 0, AppointmentStatus.DONE)
    assert remaining() == 6


def test_invalid_commitments_refused(session: Session) -> None:
    client = add(session)
    base = {
        "client_id": client.id or "",
        "issuer_kind": IssuerKind.COUNTY,
        "valid_from": date(2026, 1, 1),
        "valid_until": date(2026, 6, 30),
    }
    with pytest.raises(ValidationError) as info:
        billing.add_payment_commitment(session, PaymentCommitment(**base))
    assert info.value.code == "commitment.nothing_granted"
    with pytest.raises(ValidationError) as info:
        billing.add_payment_commitment(
            session,
            PaymentCommitment(**{**base, "valid_until": date(2025, 12, 31)}, visits_granted=5),
        )
    assert info.value.code == "date.end_before_start"
    assert count(session, "payment_commitments") == 0


# --- consents and disclosures ----------------------------------------------------------------


def test_consent_versions(session: Session) -> None:
    client = add(session)
    first = consents.record_consent(
        session,
        Consent(
            client_id=client.id or "",
            relationship_id=tied(session, client),
            kind=ConsentKind.SHARING_PERMISSION,
            scope="Yhteenveto työterveyshuoltoon",
            given_on=date(2026, 2, 1),
            recipient="Testin työterveys",
        ),
    )
    assert first.version == 1 and first.current
    withdrawn = consents.withdraw_consent(session, first.id or 0, date(2026, 11, 20))
    assert withdrawn.version == 2
    assert withdrawn.supersedes_id == first.id
    assert withdrawn.withdrawn_on == date(2026, 11, 20)
    assert withdrawn.scope == first.scope and withdrawn.recipient == first.recipient

    every = consents.consents_of(session, client.id or "")
    assert [c.id for c in every] == [first.id, withdrawn.id]
    old, new = every
    assert old.replaced_at is not None and not old.current
    assert old.withdrawn_on is None and old.scope == "Yhteenveto työterveyshuoltoon"
    assert new.replaced_at is None and new.current
    current = consents.consents_of(session, client.id or "", include_superseded=False)
    assert [c.id for c in current] == [withdrawn.id]

    with pytest.raises(ValidationError) as info:
        consents.withdraw_consent(session, withdrawn.id or 0, date(2026, 11, 21))
    assert info.value.code == "consent.already_withdrawn"
    # A replaced version cannot be replaced again.
    with pytest.raises(NotFoundError):
        consents.withdraw_consent(session, first.id or 0, date(2026, 11, 21))
    assert count(session, "consents") == 2


def test_disclosure_needs_a_basis_or_consent_and_is_logged(session: Session) -> None:
    client = add(session)
    rid = tied(session, client)
    disclosure = Disclosure(
        client_id=client.id or "",
        relationship_id=rid,
        disclosed_on=date(2026, 11, 20),
        recipient="Kela",
        data_disclosed="Lausunto kuntoutuksesta",
        purpose="Kuntoutuspäätös",
    )
    with pytest.raises(ValidationError) as info:
        consents.record_disclosure(session, disclosure)
    assert info.value.code == "disclosure.basis_required"
    assert count(session, "disclosures") == 0
    assert audit_actions(session) == []

    disclosure.legal_basis = "703/2023 § 49"
    saved = consents.record_disclosure(session, disclosure)
    rows = audit.rows(session.conn, client.id)
    assert [(r.action, r.kind, r.ref) for r in rows] == [
        ("disclosure", "disclosure", f"disclosure:{saved.id}")
    ]

    consent = consents.record_consent(
        session,
        Consent(
            client_id=client.id or "",
            kind=ConsentKind.CONSENT,
            scope="Lausunto Kelalle",
            given_on=date(2026, 11, 1),
            relationship_id=rid,
        ),
    )
    by_consent = consents.record_disclosure(
        session,
        Disclosure(
            client_id=client.id or "",
            relationship_id=rid,
            disclosed_on=date(2026, 11, 21),
            recipient="Kela",
            data_disclosed="Lausunto",
            purpose="Kuntoutuspäätös",
            consent_id=consent.id,
        ),
    )
    assert [d.id for d in consents.disclosures_of(session, client.id or "")] == [
        saved.id,
        by_consent.id,
    ]
    assert audit_actions(session, client.id) == ["disclosure", "disclosure", "client.open"]


def test_disclosure_resting_on_another_clients_consent_refused(session: Session) -> None:
    client = add(session)
    other = add(session, "Toinen", "Testinen")
    consent = consents.record_consent(
        session,
        Consent(
            client_id=other.id or "",
            kind=ConsentKind.CONSENT,
            scope="Lausunto",
            given_on=date(2026, 11, 1),
            relationship_id=tied(session, other),
        ),
    )
    with pytest.raises(NotFoundError):
        consents.record_disclosure(
            session,
            Disclosure(
                client_id=client.id or "",
                relationship_id=tied(session, client),
                disclosed_on=date(2026, 11, 21),
                recipient="Kela",
                data_disclosed="Lausunto",
                purpose="Päätös",
                consent_id=consent.id,
            ),
        )
    assert count(session, "disclosures") == 0
    assert audit_actions(session) == []


# --- requests --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # 6.12.2026 is Independence Day and a Sunday: Monday 7.12.
        (date(2026, 11, 6), date(2026, 12, 7)),
        # No 31.2.: the last day of February (a Saturday), then Monday 2.3.
        (date(2026, 1, 31), date(2026, 3, 2)),
        # An ordinary working day a month later.
        (date(2026, 10, 14), date(2026, 11, 16)),
        (date(2026, 3, 10), date(2026, 4, 10)),
        # 6.4.2026 is Easter Monday: Tuesday 7.4.
        (date(2026, 3, 6), date(2026, 4, 7)),
    ],
)
def test_request_deadline(session: Session, received: date, due: date) -> None:
    client = add(session)
    request = requests.record_request(session, client.id or "", RequestKind.ACCESS, received)
    assert request.due_on == due
    (stored,) = requests.requests_of(session, client.id or "")
    assert stored.due_on == due and stored.deadline == due
    assert stored.status is RequestStatus.OPEN


def test_request_received_in_future_refused(session: Session) -> None:
    client = add(session)
    with pytest.raises(ValidationError) as info:
        requests.record_request(session, client.id or "", RequestKind.ACCESS, date(2026, 11, 24))
    assert info.value.code == "date.in_future"
    assert count(session, "requests") == 0


def test_closing_a_request_needs_an_identity_check(session: Session) -> None:
    client = add(session)
    request = requests.record_request(
        session, client.id or "", RequestKind.ERASURE, date(2026, 11, 16), "Poistopyyntö"
    )
    assert [r.id for r in requests.open_requests(session)] == [request.id]
    with pytest.raises(ValidationError) as info:
        requests.close_request(session, request.id or 0, "erased", date(2026, 11, 23))
    assert info.value.code == "request.identity_not_checked"
    assert requests.requests_of(session, client.id or "")[0].status is RequestStatus.OPEN

    with pytest.raises(ValidationError):
        requests.record_identity_check(
            session, request.id or 0, IdentityMethod.STRONG_ELECTRONIC, " ", date(2026, 11, 17)
        )
    requests.record_identity_check(
        session,
        request.id or 0,
        IdentityMethod.IN_PERSON_ID_DOCUMENT,
        "Terttu Testiterapeutti",
        date(2026, 11, 17),
    )
    closed = requests.close_request(session, request.id or 0, "erased", date(2026, 11, 23))
    assert closed.status is RequestStatus.CLOSED
    (stored,) = requests.requests_of(session, client.id or "")
    assert stored.status is RequestStatus.CLOSED
    assert stored.identity_method is IdentityMethod.IN_PERSON_ID_DOCUMENT
    assert stored.identity_checked_on == date(2026, 11, 17)
    assert stored.closed_on == date(2026, 11, 23)
    assert requests.open_requests(session) == []
    with pytest.raises(ValidationError) as info:
        requests.close_request(session, request.id or 0, "again", date(2026, 11, 23))
    assert info.value.code == "request.already_closed"


def test_request_extension(session: Session) -> None:
    client = add(session)
    request = requests.record_request(
        session, client.id or "", RequestKind.ACCESS, date(2026, 11, 6)
    )
    with pytest.raises(ValidationError):
        requests.extend_deadline(session, request.id or 0, "  ")
    extended = requests.extend_deadline(session, request.id or 0, "Laaja aineisto")
    # Three months from 6.11.2026 is Saturday 6.2.2027: Monday 8.2.
    assert extended.extended_to == date(2027, 2, 8)
    assert extended.deadline == date(2027, 2, 8)
    assert requests.requests_near_deadline(session) == 0


# --- legal holds -----------------------------------------------------------------------------


def test_legal_hold_place_and_release_are_logged(session: Session) -> None:
    client = add(session)
    with pytest.raises(ValidationError) as info:
        holds.place_hold(session, client.id or "", HoldGround.DISPUTE, date(2026, 11, 2), " ")
    assert info.value.code == "hold.description_required"
    assert audit_actions(session) == []
    assert not holds.is_held(session, client.id or "")

    hold = holds.place_hold(
        session, client.id or "", HoldGround.AUTHORITY_ORDER, date(2026, 11, 2), "Määräys 1/2026"
    )
    assert holds.is_held(session, client.id or "")
    rows = audit.rows(session.conn, client.id)
    assert [(r.action, r.ref) for r in rows] == [("hold.place", f"hold:{hold.id}")]

    released = holds.release_hold(session, hold.id or 0, date(2026, 11, 20))
    assert released.released_on == date(2026, 11, 20)
    assert not holds.is_held(session, client.id or "")
    assert audit_actions(session, client.id) == ["hold.place", "hold.release"]
    with pytest.raises(ValidationError) as info:
        holds.release_hold(session, hold.id or 0, date(2026, 11, 21))
    assert info.value.code == "hold.already_released"
    assert audit_actions(session, client.id) == ["hold.place", "hold.release"]
    (stored,) = holds.holds_of(session, client.id or "")
    assert stored.ground is HoldGround.AUTHORITY_ORDER
    assert stored.description == "Määräys 1/2026"
