"""The clinical store: identity with the hetu, append-only notes, the clinical lock."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
import sqlcipher3
from stdnum.fi import hetu as stdnum_hetu

from app.db import audit
from app.db import repositories as repo
from app.db.vault import Secret
from app.domain.errors import NotFoundError, VakkaError, ValidationError
from app.domain.kinds import NoteKind, RecordsKept, RegisterKind, ServiceTask
from app.domain.models import Client, Note, Relationship
from app.services import clients, clinical, relationships
from app.services.session import Session
from tests.conftest import FIXED_NOW, PASSPHRASE
from tests.helpers import start_paper_patient_relationship, temporary_hetu

NOTE_TEXT = "Keskusteltiin unirytmistä; kokeiltiin rentoutusharjoitusta (keksitty)."
FTS_TABLES = {f"notes_fts{suffix}" for suffix in ("", "_data", "_idx", "_docsize", "_config")}
CLINICAL_TABLES = {"identities", "identity_corrections", "notes", "note_drafts", *FTS_TABLES}


HETU = temporary_hetu("150785", "-", 947)
HETU_2000S = temporary_hetu("290204", "A", 980)


def new_note(client: Client, rel: Relationship, body: str | None = NOTE_TEXT) -> Note:
    return Note(
        client_id=client.id or "",
        relationship_id=rel.id or 0,
        register_kind=RegisterKind.OTHER,  # the service takes the relationship's kind
        kind=NoteKind.SESSION_NOTE,
        body=body,
        written_at=FIXED_NOW,
        author_name="Terttu Testiterapeutti",
        author_title="psykoterapeutti",
        specially_protected=True,
    )


def actions(session: Session, client_id: str) -> list[str]:
    return [row.action for row in audit.rows(session.conn, client_id)]


# --- identity --------------------------------------------------------------------------------


def test_test_codes_are_valid_and_temporary() -> None:
    for code in (HETU, HETU_2000S):
        assert stdnum_hetu.is_valid(code, allow_temporary=True)
        assert not stdnum_hetu.is_valid(code)  # temporary codes are refused by default


def test_identity_with_temporary_hetu(
    session: Session, client: Client, patient_relationship: Relationship
) -> None:
    identity = clinical.set_identity(session, client.id or "", " Väinö Kokeilu ", hetu=HETU)
    assert identity.birth_date == date(1985, 7, 15)
    assert identity.hetu_temporary
    assert identity.name_as_recorded == "Väinö Kokeilu"

    masked = clinical.identity_masked(session, client.id or "")
    assert masked is not None
    assert masked.hetu == "150785-****"
    assert masked.birth_date == date(1985, 7, 15)
    assert HETU[7:] not in masked.hetu
    # Looking at the masked identity is not a reveal.
    assert "hetu.reveal" not in actions(session, client.id or "")

    assert clinical.reveal_hetu(session, client.id or "") == HETU
    rows = audit.rows(session.conn, client.id)
    assert [(r.action, r.data_kind) for r in rows] == [("hetu.reveal", "hetu")]
    assert all(HETU not in str(dataclasses.astuple(r)) for r in rows)
    assert clinical.reveal_hetu(session, client.id or "") == HETU
    assert actions(session, client.id or "") == ["hetu.reveal", "hetu.reveal"]


def test_clients_are_found_by_hetu_or_birth_date_only_with_the_records_open_and_logged(
    session: Session, client: Client, patient_relationship: Relationship
) -> None:
    client_id = client.id or ""
    clinical.set_identity(session, client_id, "Väinö Kokeilu", hetu=HETU)
    assert clients.find_by_identity(session, HETU.lower()) == [client_id]
    assert clients.find_by_identity(session, "15.7.1985") == [client_id]
    assert clients.find_by_identity(session, "16.7.1985") == []
    assert clients.find_by_identity(session, "Kokeilu") == []  # the list's own search
    assert clients.birth_years(session) == {client_id: 1985}
    assert actions(session, client_id) == ["identity.search", "identity.search"]
    assert all(HETU not in str(dataclasses.astuple(r)) for r in audit.rows(session.conn, None))
    session.register.lock_clinical()
    for ask in (
        lambda: clients.find_by_identity(session, HETU),
        lambda: clients.birth_years(session),
    ):
        with pytest.raises(VakkaError) as info:
            ask()
        assert info.value.code == "clinical.locked"


def test_identity_of_a_child_born_in_the_2000s(
    session: Session, client: Client, patient_relationship: Relationship
) -> None:
    identity = clinical.set_identity(session, client.id or "", "Väinö Kokeilu", hetu=HETU_2000S)
    assert identity.birth_date == date(2004, 2, 29)
    stored = clinical.identity_masked(session, client.id or "")
    assert stored is not None and stored.hetu == "290204A****"


def test_identity_errors(
    session: Session, client: Client, patient_relationship: Relationship
) -> None:
    wrong_check = HETU[:-1] + ("A" if HETU[-1] != "A" else "B")
    with pytest.raises(ValidationError) as info:
        clinical.set_identity(session, client.id or "", "Väinö Kokeilu", hetu=wrong_check)
    assert info.value.code == "hetu.checksum"
    with pytest.raises(ValidationError) as info:
        clinical.set_identity(
            session, client.id or "", "Väinö Kokeilu", hetu=HETU, birth_date=date(1985, 7, 16)
        )
    assert info.value.code == "identity.birth_date_mismatch"
    with pytest.raises(NotFoundError):
        clinical.set_identity(session, "0123456789abcdef", "Ei Ketään", hetu=HETU)
    assert clinical.identity_masked(session, client.id or "") is None
    assert clinical.reveal_hetu(session, client.id or "") is None
    assert actions(session, client.id or "") == []

    clinical.set_identity(session, client.id or "", "Väinö Kokeilu", hetu=HETU)
    with pytest.raises(ValidationError) as info:
        clinical.set_identity(session, client.id or "", "Väinö Kokeilu", hetu=HETU_2000S)
    assert info.value.code == "identity.exists"


def test_identity_correction_keeps_the_old_value(
    session: Session, client: Client, patient_relationship: Relationship
) -> None:
    clinical.set_identity(session, client.id or "", "Väinö Kokeilu", hetu=HETU)
    corrected = clinical.correct_identity(
        session, client.id or "", "hetu", HETU_2000S, "Väärä tunnus lähetteessä"
    )
    assert corrected.birth_date == date(2004, 2, 29)
    row = session.conn.execute(
        "SELECT field, old_value, new_value, reason, corrected_by "
        "FROM clinical.identity_corrections"
    ).fetchone()
    assert tuple(row) == (
        "hetu",
        HETU,
        HETU_2000S,
        "Väärä tunnus lähetteessä",
        "Terttu Testiterapeutti",
    )


# --- where things are stored -----------------------------------------------------------------


def _tables(session: Session, schema: str) -> set[str]:
    return {
        row[0]
        for row in session.conn.execute(
            f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table'"
        )
    }


def _columns(session: Session, schema: str, table: str) -> list[tuple[str, str]]:
    return [
        (row[1], row[2]) for row in session.conn.execute(f"PRAGMA {schema}.table_info({table})")
    ]


def test_register_store_has_no_hetu_body_or_note_columns(session: Session) -> None:
    suspicious = {
        (table, name, kind)
        for table in _tables(session, "main")
        for name, kind in _columns(session, "main", table)
        if any(word in name.casefold() for word in ("hetu", "body", "note", "ssn"))
    }
    # The matches are yes/no flags: whether the access answer shows the hetu, and whether
    # notes of an `other` relationship are kept by agreement (retention).
    assert suspicious == {
        ("requests", "hetu_in_answer", "INTEGER"),
        ("relationships", "other_notes_kept_by_agreement", "INTEGER"),
    }


def test_clinical_tables_live_only_in_the_clinical_store(session: Session) -> None:
    assert _tables(session, "clinical") == CLINICAL_TABLES
    assert not _tables(session, "main") & CLINICAL_TABLES
    assert {"clients", "audit_log", "invoices"} <= _tables(session, "main")
    assert "hetu" in dict(_columns(session, "clinical", "identities"))
    assert "body" in dict(_columns(session, "clinical", "notes"))


def test_hetu_and_note_text_never_reach_the_register_store(
    session: Session, client: Client, patient_relationship: Relationship
) -> None:
    clinical.set_identity(session, client.id or "", "Väinö Kokeilu", hetu=HETU)
    clinical.reveal_hetu(session, client.id or "")
    note = clinical.add_note(session, new_note(client, patient_relationship))
    clinical.amend_note(session, note.id or 0, "Tarkennus (keksitty)", "Tarkennus", "T T", "")
    clinical.notes_of(session, client.id or "")
    for table in _tables(session, "main"):
        for row in session.conn.execute(f"SELECT * FROM main.{table}"):
            text = " ".join(str(value) for value in row)
            assert HETU not in text, table
            assert "unirytmi" not in text, table
            assert "keksitty" not in text, table


# --- notes -----------------------------------------------------------------------------------


def test_add_note(session: Session, client: Client, patient_relationship: Relationship) -> None:
    note = clinical.add_note(session, new_note(client, patient_relationship))
    assert note.id is not None
    assert note.register_kind is RegisterKind.PATIENT
    stored = repo.NOTES.get(session.conn, note.id)
    assert stored is not None
    assert stored.body == NOTE_TEXT
    assert stored.author_name == "Terttu Testiterapeutti"
    assert stored.author_title == "psykoterapeutti"
    assert stored.written_at == FIXED_NOW
    assert stored.specially_protected
    rows = audit.rows(session.conn, client.id)
    assert [(r.action, r.ref) for r in rows] == [("note.write", f"note:{note.id}")]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"body": "  "}, "note.body_required"),
        ({"body": None}, "note.body_required"),
        ({"author_name": " "}, "note.author_required"),
        ({"kind": NoteKind.AMENDMENT}, "note.use_amend"),
    ],
)
def test_invalid_note_refused(
    session: Session,
    client: Client,
    patient_relationship: Relationship,
    change: dict[str, object],
    code: str,
) -> None:
    note = dataclasses.replace(new_note(client, patient_relationship), **change)
    with pytest.raises(ValidationError) as info:
        clinical.add_note(session, note)
    assert info.value.code == code
    assert session.conn.execute("SELECT count(*) FROM clinical.notes").fetchone()[0] == 0


def test_amend_keeps_the_original(
    session: Session, client: Client, patient_relationship: Relationship
) -> None:
    original = clinical.add_note(session, new_note(client, patient_relationship))
    with pytest.raises(ValidationError) as info:
        clinical.amend_note(session, original.id or 0, "Korjaus", " ", "Terttu Testiterapeutti", "")
    assert info.value.code == "note.reason_required"
    amendment = clinical.amend_note(
        session,
        original.id or 0,
        "Harjoitus oli hengitysharjoitus, ei rentoutus (keksitty).",
        "Väärä harjoituksen nimi",
        "Terttu Testiterapeutti",
        "psykoterapeutti",
    )
    assert amendment.kind is NoteKind.AMENDMENT
    assert amendment.amends_id == original.id
    assert amendment.amendment_reason == "Väärä harjoituksen nimi"
    assert amendment.register_kind is RegisterKind.PATIENT
    assert amendment.specially_protected

    notes = clinical.notes_of(session, client.id or "")
    assert [n.id for n in notes] == [original.id, amendment.id]
    assert notes[0].body == NOTE_TEXT
    assert notes[0].amends_id is None
    assert notes[1].body is not None and notes[1].body.startswith("Harjoitus oli")
    with pytest.raises(NotFoundError):
        clinical.amend_note(session, 9999, "x", "y", "z", "")


def test_remove_content_leaves_a_marker(
    session: Session, client: Client, patient_relationship: Relationship
) -> None:
    note = clinical.add_note(session, new_note(client, patient_relationship))
    with pytest.raises(ValidationError):
        clinical.remove_content(session, note.id or 0, "third_party", " ", "T", "")
    removed = clinical.remove_content(
        session,
        note.id or 0,
        "third_party",
        "Tarpeeton tieto toisesta henkilöstä",
        "Terttu Testiterapeutti",
        "psykoterapeutti",
    )
    assert removed.body is None
    stored = repo.NOTES.get(session.conn, note.id)
    assert stored is not None
    assert stored.body is None
    assert stored.removed
    assert stored.removed_at == FIXED_NOW
    assert stored.removed_by == "Terttu Testiterapeutti"
    assert stored.removed_by_title == "psykoterapeutti"
    assert stored.removal_reason == "Tarpeeton tieto toisesta henkilöstä"
    assert stored.removed_content_kind == "third_party"  # a code, never words
    # The rest of the entry is unchanged.
    assert (stored.author_name, stored.written_at, stored.kind) == (
        "Terttu Testiterapeutti",
        FIXED_NOW,
        NoteKind.SESSION_NOTE,
    )
    assert actions(session, client.id or "") == ["note.write", "note.remove"]
    with pytest.raises(ValidationError) as info:
        clinical.remove_content(session, note.id or 0, "wrong", "uudestaan", "T", "")
    assert info.value.code == "note.already_removed"


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE clinical.notes SET body = 'Muutettu jälkikäteen' WHERE id = ?",
        "UPDATE clinical.notes SET author_name = 'Joku Muu' WHERE id = ?",
        "UPDATE clinical.notes SET written_at = '2020-01-01T00:00:00' WHERE id = ?",
        # A removal marker without a reason is not a removal.
        "UPDATE clinical.notes SET body = NULL, removed_at = '2026-11-23', removed_by = 'X', "
        "removed_content_kind = 'x' WHERE id = ?",
        # A removal that keeps the text is not a removal either.
        "UPDATE clinical.notes SET removed_at = '2026-11-23', removed_by = 'X', "
        "removal_reason = 'y', removed_content_kind = 'x' WHERE id = ?",
    ],
)
def test_raw_update_of_a_note_is_refused_by_the_trigger(
    session: Session, client: Client, patient_relationship: Relationship, sql: str
) -> None:
    note = clinical.add_note(session, new_note(client, patient_relationship))
    with pytest.raises(sqlcipher3.DatabaseError) as info:
        session.conn.execute(sql, (note.id,))
    assert isinstance(info.value, sqlcipher3.IntegrityError)
    assert "append-only" in str(info.value)
    stored = repo.NOTES.get(session.conn, note.id)
    assert stored is not None and stored.body == NOTE_TEXT and not stored.removed


def test_removed_note_cannot_be_refilled(
    session: Session, client: Client, patient_relationship: Relationship
) -> None:
    note = clinical.add_note(session, new_note(client, patient_relationship))
    clinical.remove_content(session, note.id or 0, "wrong", "Tarpeeton", "T T", "")
    with pytest.raises(sqlcipher3.IntegrityError, match="append-only"):
        session.conn.execute(
            "UPDATE clinical.notes SET body = 'takaisin', removed_at = NULL WHERE id = ?",
            (note.id,),
        )


def test_notes_of_is_logged(
    session: Session, client: Client, patient_relationship: Relationship
) -> None:
    assert clinical.notes_of(session, client.id or "") == []
    assert actions(session, client.id or "") == ["notes.view"]
    clinical.add_note(session, new_note(client, patient_relationship))
    notes = clinical.notes_of(session, client.id or "", purpose="statement")
    assert [n.body for n in notes] == [NOTE_TEXT]
    rows = audit.rows(session.conn, client.id)
    assert [(r.action, r.purpose) for r in rows] == [
        ("notes.view", "care"),
        ("note.write", ""),
        ("notes.view", "statement"),
    ]


def test_notes_in_time_order(
    session: Session, client: Client, patient_relationship: Relationship
) -> None:
    """In the order of the sessions they are about, whenever they were written."""
    later = clinical.add_note(
        session,
        dataclasses.replace(
            new_note(client, patient_relationship), session_date=date(2026, 11, 20)
        ),
    )
    earlier = clinical.add_note(
        session,
        dataclasses.replace(new_note(client, patient_relationship), session_date=date(2026, 11, 6)),
    )
    assert [n.id for n in clinical.notes_of(session, client.id or "")] == [earlier.id, later.id]


# --- where notes may be written --------------------------------------------------------------


def test_notes_refused_when_records_are_kept_on_paper(session: Session, client: Client) -> None:
    rel = relationships.start_relationship(
        session,
        Relationship(
            client_id=client.id or "",
            register_kind=RegisterKind.SOCIAL_CARE,
            service_task=ServiceTask.ADULT_SERVICES,
            records_kept=RecordsKept.PAPER,
            records_location="Lukittu arkistokaappi",
            started_on=date(2026, 3, 2),
        ),
    )
    with pytest.raises(ValidationError) as info:
        clinical.add_note(session, new_note(client, rel))
    assert info.value.code == "note.records_kept_elsewhere"
    assert session.conn.execute("SELECT count(*) FROM clinical.notes").fetchone()[0] == 0
    assert actions(session, client.id or "") == []


def test_notes_refused_for_another_clients_relationship(
    session: Session, client: Client, patient_relationship: Relationship
) -> None:
    other = clients.add_client(session, Client(first_name="Toinen", last_name="Testinen"))
    note = dataclasses.replace(new_note(client, patient_relationship), client_id=other.id or "")
    with pytest.raises(NotFoundError):
        clinical.add_note(session, note)
    assert session.conn.execute("SELECT count(*) FROM clinical.notes").fetchone()[0] == 0


# --- the clinical lock -----------------------------------------------------------------------


def test_clinical_services_refused_while_locked(
    session: Session, client: Client, patient_relationship: Relationship
) -> None:
    note = clinical.add_note(session, new_note(client, patient_relationship))
    clinical.set_identity(session, client.id or "", "Väinö Kokeilu", hetu=HETU)
    rows_before = len(audit.rows(session.conn))
    session.register.lock_clinical()
    cid = client.id or ""
    calls = [
        lambda: clinical.set_identity(session, cid, "Väinö Kokeilu"),
        lambda: clinical.correct_identity(session, cid, "name_as_recorded", "V K", "syy"),
        lambda: clinical.identity_masked(session, cid),
        lambda: clinical.reveal_hetu(session, cid),
        lambda: clinical.add_note(session, new_note(client, patient_relationship)),
        lambda: clinical.amend_note(session, note.id or 0, "x", "y", "z", ""),
        lambda: clinical.remove_content(session, note.id or 0, "x", "y", "z", ""),
        lambda: clinical.notes_of(session, cid),
    ]
    for call in calls:
        with pytest.raises(VakkaError) as info:
            call()
        assert info.value.code == "clinical.locked"
    assert len(audit.rows(session.conn)) == rows_before
    # The register store still works while the clinical store is locked.
    assert clients.open_client(session, cid).last_name == "Kokeilu"

    session.register.unlock_clinical(Secret(passphrase=PASSPHRASE))
    assert [n.id for n in clinical.notes_of(session, cid)] == [note.id]
    assert clinical.reveal_hetu(session, cid) == HETU


def test_identity_corrections_keep_the_old_value_and_refuse_bad_input(session: Session) -> None:
    from app.domain.errors import ValidationError as _ValidationError
    from app.domain.models import Client as _Client
    from app.services import clients as _clients

    client = _clients.add_client(session, _Client(first_name="Korjaus", last_name="Testinen"))
    assert client.id is not None
    start_paper_patient_relationship(session, client.id)
    first = temporary_hetu("150380", "-", 923)
    second = temporary_hetu("150380", "-", 941)
    clinical.set_identity(session, client.id, "Korjaus Testinen", hetu=first)
    with pytest.raises(_ValidationError) as raised:
        clinical.correct_identity(session, client.id, "death_date", "31.2.2026", "typo")
    assert raised.value.code in ("date.invalid", "date.format")
    clinical.correct_identity(session, client.id, "hetu", " " + second.lower() + " ", "wrong code")
    rows = session.conn.execute(
        "SELECT field, old_value, new_value, reason FROM clinical.identity_corrections"
    ).fetchall()
    assert [tuple(r) for r in rows] == [("hetu", first, second, "wrong code")]


# --- note drafts (issue 11) -----------------------------------------------------------------------


def test_a_note_draft_is_kept_read_only_with_the_records_open_and_goes_with_its_note(
    session: Session, client: Client, patient_relationship: Relationship
) -> None:
    from app.db import purge_store
    from app.db.connection import transaction
    from app.domain.note_draft import NoteDraft

    rel_id = patient_relationship.id or 0
    draft = NoteDraft(client.id or "", rel_id, NoteKind.SESSION_NOTE.value, "Kesken (keksitty)")
    clinical.save_note_draft(session, draft)
    assert clinical.note_draft(session, rel_id) == draft
    assert clinical.pending_note_drafts(session) == [draft]
    with pytest.raises(NotFoundError):  # another client's relationship
        clinical.save_note_draft(session, dataclasses.replace(draft, client_id="someone-else"))
    session.register.lock_clinical()
    with pytest.raises(VakkaError) as info:
        clinical.note_draft(session, rel_id)
    assert info.value.code == "clinical.locked"
    with pytest.raises(VakkaError) as info:  # the lock saves drafts before it closes them
        clinical.save_note_draft(session, draft)
    assert info.value.code == "clinical.locked"
    session.register.unlock_clinical(Secret(passphrase=PASSPHRASE))
    assert clinical.note_draft(session, rel_id) == draft
    # Saving the note removes the draft.
    clinical.add_note(session, new_note(client, patient_relationship, "Kesken (keksitty)"))
    assert clinical.pending_note_drafts(session) == []
    # A purged relationship takes its draft along.
    clinical.save_note_draft(session, draft)
    with transaction(session.conn) as conn:
        conn.execute("DELETE FROM clinical.notes WHERE relationship_id = ?", (rel_id,))
        purge_store.delete_rows(conn, "relationships", [rel_id])
    assert session.conn.execute("SELECT count(*) FROM clinical.note_drafts").fetchone()[0] == 0
    assert clinical.note_draft(session, rel_id) is None
