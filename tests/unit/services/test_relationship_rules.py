"""Issue 8, items 1–3 and 10, called on the services directly (as the CLI or an import would):
every bad input gets a clear, translated error and changes nothing."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable
from datetime import date, datetime

import pytest
import sqlcipher3

from app.db import audit
from app.domain.errors import NotFoundError, VakkaError, ValidationError
from app.domain.kinds import (
    ConsentKind,
    IssuerKind,
    NoteKind,
    PayerKind,
    RecordsKept,
    RegisterKind,
    ServiceTask,
)
from app.domain.models import (
    Appointment,
    Client,
    Consent,
    Disclosure,
    Invoice,
    InvoiceLine,
    Note,
    PaymentCommitment,
    Practice,
    Relationship,
)
from app.i18n import message_for
from app.i18n.messages import ERROR_MESSAGES
from app.services import appointments, billing, clients, clinical, consents, relationships
from app.services import register as register_service
from app.services.session import Session
from app.ui.legal import LEGAL_NOTE
from tests.conftest import FIXED_NOW

TABLES = (
    "consents",
    "disclosures",
    "invoices",
    "invoice_lines",
    "payment_commitments",
    "relationships",
    "legal_note_confirmations",
    "audit_log",
    "clinical.notes",
)


def snapshot(session: Session) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the tables these rules guard, to compare before and after."""
    return {
        table: [tuple(row) for row in session.conn.execute(f"SELECT * FROM {table} ORDER BY 1")]
        for table in TABLES
        if session.register.clinical_open or not table.startswith("clinical.")
    }


def refused(session: Session, call: Callable[[], object], code: str) -> VakkaError:
    """The call fails with ``code``, its message is translated, and nothing changed."""
    before = snapshot(session)
    with pytest.raises(VakkaError) as info:
        call()
    assert info.value.code == code
    assert code in ERROR_MESSAGES
    for lang in ("fi", "sv"):
        text = message_for(info.value, lang)
        assert text and text != message_for(info.value, "en")
    assert snapshot(session) == before
    return info.value


def other_relationship(session: Session, client: Client, **fields: object) -> Relationship:
    values: dict[str, object] = {
        "client_id": client.id or "",
        "register_kind": RegisterKind.OTHER,
        "records_kept": RecordsKept.VAKKA,
        "started_on": date(2026, 1, 15),
        **fields,
    }
    return relationships.start_relationship(session, Relationship(**values))  # type: ignore[arg-type]


def new_note(client: Client, rel: Relationship, **fields: object) -> Note:
    note = Note(
        client_id=client.id or "",
        relationship_id=rel.id or 0,
        register_kind=rel.register_kind,
        kind=NoteKind.SESSION_NOTE,
        body="Keskusteltiin unesta (keksitty).",
        written_at=FIXED_NOW,
        author_name="Terttu Testiterapeutti",
    )
    return dataclasses.replace(note, **fields)  # type: ignore[arg-type]


# --- item 1: every record names its relationship -------------------------------------------


def _records(client_id: str, relationship_id: int | None) -> dict[str, Callable[[Session], object]]:
    return {
        "consent": lambda s: consents.record_consent(
            s,
            Consent(
                client_id,
                ConsentKind.CONSENT,
                "Lausunto Kelalle",
                date(2026, 11, 1),
                relationship_id=relationship_id,
            ),
        ),
        "disclosure": lambda s: consents.record_disclosure(
            s,
            Disclosure(
                client_id,
                date(2026, 11, 20),
                "Kela",
                "Lausunto",
                "Kuntoutuspäätös",
                legal_basis="703/2023 § 49",
                relationship_id=relationship_id,
            ),
        ),
        "invoice": lambda s: billing.add_invoice(
            s,
            Invoice(
                "2026-0001",
                date(2026, 11, 20),
                date(2026, 12, 4),
                PayerKind.CLIENT,
                "Aino Äijälä",
                client_id=client_id,
                relationship_id=relationship_id,
                lines=[InvoiceLine("Käynti", 9000)],
            ),
        ),
        "commitment": lambda s: billing.add_payment_commitment(
            s,
            PaymentCommitment(
                client_id,
                IssuerKind.KELA,
                date(2026, 1, 1),
                date(2026, 12, 31),
                visits_granted=10,
                relationship_id=relationship_id,
            ),
        ),
    }


@pytest.mark.parametrize("record", ["consent", "disclosure", "invoice", "commitment"])
def test_a_record_without_a_relationship_is_refused(session: Session, record: str) -> None:
    client = clients.add_client(session, Client(first_name="Aino", last_name="Äijälä"))
    other_relationship(session, client)
    error = refused(
        session, lambda: _records(client.id or "", None)[record](session), "relationship.required"
    )
    assert isinstance(error, ValidationError) and error.field == "relationship_id"


@pytest.mark.parametrize("record", ["consent", "disclosure", "invoice", "commitment"])
def test_a_record_on_another_clients_relationship_is_refused(session: Session, record: str) -> None:
    client = clients.add_client(session, Client(first_name="Aino", last_name="Äijälä"))
    other = clients.add_client(session, Client(first_name="Toinen", last_name="Testinen"))
    others = other_relationship(session, other)
    before = snapshot(session)
    with pytest.raises(NotFoundError):
        _records(client.id or "", others.id)[record](session)
    assert snapshot(session) == before
    # With its own relationship it is saved.
    own = other_relationship(session, client)
    _records(client.id or "", own.id)[record](session)


def test_an_invoice_takes_its_client_from_the_relationship(session: Session) -> None:
    client = clients.add_client(session, Client(first_name="Aino", last_name="Äijälä"))
    rel = other_relationship(session, client)
    invoice = Invoice(
        "2026-0001",
        date(2026, 11, 20),
        date(2026, 12, 4),
        PayerKind.OTHER,
        "Testi Oy",
        relationship_id=rel.id,
        lines=[InvoiceLine("Työnohjaus", 9000)],
    )
    assert billing.add_invoice(session, invoice).client_id == client.id


@pytest.mark.parametrize("table", ["consents", "disclosures", "invoices", "payment_commitments"])
def test_the_store_refuses_a_record_without_its_clients_relationship(
    session: Session, table: str
) -> None:
    """The triggers of schema v3 hold the rule for whatever writes past the services."""
    client = clients.add_client(session, Client(first_name="Aino", last_name="Äijälä"))
    other = clients.add_client(session, Client(first_name="Toinen", last_name="Testinen"))
    rel = other_relationship(session, client)
    others = other_relationship(session, other)
    _records(client.id or "", rel.id)[
        {"consents": "consent", "disclosures": "disclosure", "invoices": "invoice"}.get(
            table, "commitment"
        )
    ](session)
    row_id = session.conn.execute(f"SELECT max(id) FROM {table}").fetchone()[0]
    for value in (None, others.id):
        with pytest.raises(sqlcipher3.IntegrityError, match=r"relationship\.required"):
            session.conn.execute(
                f"UPDATE {table} SET relationship_id = ? WHERE id = ?", (value, row_id)
            )
    columns = [r[1] for r in session.conn.execute(f"PRAGMA table_info({table})")]
    row = session.conn.execute(f"SELECT * FROM {table} WHERE id = ?", (row_id,)).fetchone()
    values = dict(zip(columns, row, strict=True))
    values.pop("id")
    if "number" in values:
        values["number"] = "2026-0099"
    for value in (None, others.id):
        values["relationship_id"] = value
        marks = ", ".join("?" for _ in values)
        with pytest.raises(sqlcipher3.IntegrityError, match=r"relationship\.required"):
            session.conn.execute(
                f"INSERT INTO {table} ({', '.join(values)}) VALUES ({marks})",
                tuple(values.values()),
            )


def test_register_kind_is_fixed_once_the_relationship_has_records(session: Session) -> None:
    client = clients.add_client(session, Client(first_name="Aino", last_name="Äijälä"))
    rel = other_relationship(session, client)
    # Without records the kind can still be corrected.
    corrected = dataclasses.replace(
        rel,
        register_kind=RegisterKind.SOCIAL_CARE,
        service_task=ServiceTask.ADULT_SERVICES,
        records_kept=RecordsKept.PAPER,
        records_location="Arkistokaappi",
    )
    relationships.update_relationship(session, corrected)
    appointments.add_appointment(
        session, Appointment(client.id or "", rel.id or 0, datetime(2026, 11, 24, 10), 45)
    )
    for change in (
        {"register_kind": RegisterKind.PATIENT, "service_task": None},
        {"service_task": ServiceTask.DISABILITY},
    ):
        moved = dataclasses.replace(corrected, **change)  # type: ignore[arg-type]
        error = refused(
            session,
            lambda m=moved: relationships.update_relationship(session, m),
            "relationship.kind_fixed",
        )
        assert isinstance(error, ValidationError) and error.field == "register_kind"
    # Other fields can still be edited.
    relationships.update_relationship(
        session, dataclasses.replace(corrected, privacy_notice_given_on=date(2026, 2, 1))
    )


def test_a_note_fixes_the_register_kind_too(
    session: Session, client: Client, patient_relationship: Relationship
) -> None:
    clinical.add_note(session, new_note(client, patient_relationship))
    moved = dataclasses.replace(patient_relationship, register_kind=RegisterKind.OTHER)
    refused(
        session,
        lambda: relationships.update_relationship(session, moved),
        "relationship.kind_fixed",
    )
    # With the clinical store locked its notes cannot be seen: the kind is not changed blind.
    session.register.lock_clinical()
    refused(
        session,
        lambda: relationships.update_relationship(session, moved),
        "relationship.kind_change_needs_clinical",
    )


def test_the_default_relationship_is_the_most_recent_open_one(session: Session) -> None:
    client = clients.add_client(session, Client(first_name="Aino", last_name="Äijälä"))
    assert relationships.default_relationship([]) is None
    first = other_relationship(session, client, started_on=date(2026, 1, 1))
    second = other_relationship(session, client, started_on=date(2026, 2, 1))
    relationships.end_relationship(session, second.id or 0, date(2026, 3, 1), "Päättyi")
    listed = relationships.relationships_of(session, client.id or "")
    assert relationships.default_relationship(listed) == listed[0] == first
    relationships.end_relationship(session, first.id or 0, date(2026, 3, 1), "Päättyi")
    listed = relationships.relationships_of(session, client.id or "")
    assert relationships.default_relationship(listed) == listed[-1]


# --- item 2: times come from the register's clock ------------------------------------------


@pytest.mark.parametrize("given", [datetime(2019, 1, 1, 8, 0), datetime(2031, 6, 1, 8, 0)])
def test_the_entry_time_is_the_registers_clock(
    session: Session, client: Client, patient_relationship: Relationship, given: datetime
) -> None:
    note = clinical.add_note(session, new_note(client, patient_relationship, written_at=given))
    (stored,) = clinical.notes_of(session, client.id or "")
    assert stored.written_at == note.written_at == FIXED_NOW
    assert stored.session_date == FIXED_NOW.date()  # the default: today


def test_the_session_date_is_set_but_not_in_the_future(
    session: Session, client: Client, patient_relationship: Relationship
) -> None:
    error = refused(
        session,
        lambda: clinical.add_note(
            session, new_note(client, patient_relationship, session_date=date(2026, 11, 24))
        ),
        "note.session_date_in_future",
    )
    assert isinstance(error, ValidationError) and error.field == "session_date"
    note = clinical.add_note(
        session, new_note(client, patient_relationship, session_date=date(2026, 11, 2))
    )
    assert note.session_date == date(2026, 11, 2) and note.written_at == FIXED_NOW


def test_amendments_and_removals_take_their_times_from_the_clock(
    session: Session, client: Client, patient_relationship: Relationship
) -> None:
    note = clinical.add_note(
        session, new_note(client, patient_relationship, session_date=date(2026, 11, 2))
    )
    clock = session.register.clock
    try:
        session.register.clock = lambda: datetime(2026, 11, 23, 9, 30).astimezone()
        amendment = clinical.amend_note(session, note.id or 0, "Tarkennus", "Syy", "T T", "")
        session.register.clock = lambda: datetime(2026, 11, 23, 10, 0).astimezone()
        removed = clinical.remove_content(
            session, note.id or 0, "unnecessary", "Tarpeeton", "T T", ""
        )
    finally:
        session.register.clock = clock
    assert amendment.written_at == datetime(2026, 11, 23, 9, 30).astimezone()
    assert amendment.session_date == date(2026, 11, 2)
    assert removed.removed_at == datetime(2026, 11, 23, 10, 0).astimezone()


def test_the_store_keeps_the_session_date_unchangeable(
    session: Session, client: Client, patient_relationship: Relationship
) -> None:
    note = clinical.add_note(session, new_note(client, patient_relationship))
    with pytest.raises(sqlcipher3.IntegrityError, match="append-only"):
        session.conn.execute(
            "UPDATE clinical.notes SET session_date = '2026-01-01' WHERE id = ?", (note.id,)
        )


# --- item 3: § 27 title, § 38 ending --------------------------------------------------------


def test_a_health_care_entry_needs_the_practitioners_title(
    session: Session, client: Client, patient_relationship: Relationship
) -> None:
    note = clinical.add_note(session, new_note(client, patient_relationship))
    assert note.author_title == "psykoterapeutti"  # from the practice settings
    register_service.save_practice(
        session, Practice(practitioner_name="Terttu Testiterapeutti", practitioner_title="")
    )
    for call in (
        lambda: clinical.add_note(
            session, new_note(client, patient_relationship, author_title="psykologi")
        ),
        lambda: clinical.amend_note(session, note.id or 0, "Korjattu", "Syy", "T T", "psykologi"),
    ):
        error = refused(session, call, "note.practitioner_title_required")
        assert isinstance(error, ValidationError) and error.field == "practitioner_title"
    # Other services' entries need no title.
    other = other_relationship(session, client)
    assert clinical.add_note(session, new_note(client, other)).author_title == ""


def test_a_relationship_does_not_end_without_a_reason(session: Session) -> None:
    client = clients.add_client(session, Client(first_name="Aino", last_name="Äijälä"))
    rel = other_relationship(session, client)
    ended = dataclasses.replace(rel, ended_on=date(2026, 11, 20), end_reason=" ")
    error = refused(
        session,
        lambda: relationships.update_relationship(session, ended),
        "relationship.end_reason_required",
    )
    assert isinstance(error, ValidationError) and error.field == "end_reason"
    new = Relationship(
        client.id or "",
        RegisterKind.OTHER,
        RecordsKept.VAKKA,
        date(2026, 1, 1),
        ended_on=date(2026, 2, 1),
    )
    refused(
        session,
        lambda: relationships.start_relationship(session, new),
        "relationship.end_reason_required",
    )
    ended.end_reason = "Palvelu päättyi"
    assert relationships.update_relationship(session, ended).ended_on == date(2026, 11, 20)


def test_an_ended_relationship_is_not_reopened(session: Session) -> None:
    client = clients.add_client(session, Client(first_name="Aino", last_name="Äijälä"))
    rel = other_relationship(session, client)
    ended = relationships.end_relationship(session, rel.id or 0, date(2026, 11, 20), "Päättyi")
    reopened = dataclasses.replace(ended, ended_on=None, end_reason="")
    error = refused(
        session,
        lambda: relationships.update_relationship(session, reopened),
        "relationship.cannot_reopen",
    )
    assert isinstance(error, ValidationError) and error.field == "ended_on"
    with pytest.raises(sqlcipher3.IntegrityError, match=r"relationship\.cannot_reopen"):
        session.conn.execute("UPDATE relationships SET ended_on = NULL WHERE id = ?", (rel.id,))
    with pytest.raises(sqlcipher3.IntegrityError, match=r"relationship\.end_reason_required"):
        session.conn.execute("UPDATE relationships SET end_reason = '' WHERE id = ?", (rel.id,))


# --- item 10: the legal-note confirmation ---------------------------------------------------


def test_the_confirmation_records_who_and_is_logged(session: Session) -> None:
    refused(
        session,
        lambda: relationships.confirm_legal_note(session, RegisterKind.PATIENT),
        "legal_note.practitioner_name_required",
    )
    register_service.save_practice(session, Practice(practitioner_name="Terttu Testiterapeutti"))
    relationships.confirm_legal_note(session, RegisterKind.PATIENT)
    row = session.conn.execute(
        "SELECT id, register_kind, text_version, confirmed_by FROM legal_note_confirmations"
    ).fetchone()
    assert tuple(row)[1:] == ("patient", relationships.LEGAL_NOTE_VERSION, "Terttu Testiterapeutti")
    (logged,) = audit.rows(session.conn)
    assert (logged.action, logged.ref) == (
        "legal_note.confirm",
        f"legal_note_confirmation:{row[0]}",
    )
    assert register_service.check(session) == []


def test_a_newer_legal_note_needs_a_new_confirmation(
    session: Session,
    client: Client,
    patient_relationship: Relationship,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clinical.add_note(session, new_note(client, patient_relationship))
    monkeypatch.setattr(relationships, "LEGAL_NOTE_VERSION", "2027-01")
    assert relationships.confirmed_kinds(session) == set()
    refused(
        session,
        lambda: clinical.add_note(session, new_note(client, patient_relationship)),
        "note.legal_note_not_confirmed",
    )
    again = dataclasses.replace(patient_relationship, id=None)
    refused(
        session,
        lambda: relationships.start_relationship(session, again),
        "relationship.notes_need_confirmation",
    )
    relationships.confirm_legal_note(session, RegisterKind.PATIENT)
    clinical.add_note(session, new_note(client, patient_relationship))


def test_the_legal_note_text_is_pinned_to_its_version() -> None:
    """Changing the legal note's text needs a new LEGAL_NOTE_VERSION (and this digest):
    a confirmation counts only for the text it was given for."""
    digest = hashlib.sha256(LEGAL_NOTE.encode("utf-8")).hexdigest()[:16]
    assert (relationships.LEGAL_NOTE_VERSION, digest) == ("2026-11", "0fb29880dba545b1")
