"""Full-text search over notes (schema v2: clinical.notes_fts, FTS5 with external content)."""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from app.db import audit
from app.db.migrations import SCHEMA_VERSION, store_version
from app.db.vault import Secret
from app.domain.errors import VakkaError
from app.domain.kinds import NoteKind, RecordsKept, RegisterKind
from app.domain.models import Client, Note, Practice, Relationship
from app.services import clients, clinical, relationships
from app.services import register as register_service
from app.services.session import Session
from tests.conftest import FIXED_NOW, PASSPHRASE

STORED_V1 = Path(__file__).resolve().parents[2] / "data" / "registers" / "v1"
UNIQUE = "vakkatestisanakello"  # an invented word, easy to find in the index pages


@pytest.fixture
def rel(patient_relationship: Relationship) -> Relationship:
    return patient_relationship


def write(session: Session, client: Client, rel: Relationship, body: str, days: int = 0) -> Note:
    return clinical.add_note(
        session,
        Note(
            client_id=client.id or "",
            relationship_id=rel.id or 0,
            register_kind=RegisterKind.PATIENT,
            kind=NoteKind.SESSION_NOTE,
            body=body,
            written_at=FIXED_NOW - timedelta(days=days),
            author_name="Terttu Testiterapeutti",
            author_title="psykoterapeutti",
        ),
    )


def ids(notes: list[Note]) -> list[int | None]:
    return [n.id for n in notes]


def fts_consistent(session: Session) -> None:
    """FTS5's own check of the index against the notes table (raises if they differ)."""
    session.conn.execute(
        "INSERT INTO clinical.notes_fts(notes_fts, rank) VALUES ('integrity-check', 1)"
    )


def index_pages(session: Session) -> bytes:
    return b"".join(
        bytes(row[0]) for row in session.conn.execute("SELECT block FROM clinical.notes_fts_data")
    )


def test_a_new_register_has_the_index(session: Session) -> None:
    assert SCHEMA_VERSION >= 2  # the index came with version 2
    assert store_version(session.conn, "clinical") == SCHEMA_VERSION
    sql = session.conn.execute(
        "SELECT sql FROM clinical.sqlite_master WHERE name = 'notes_fts'"
    ).fetchone()[0]
    assert "remove_diacritics 0" in sql and "content" in sql
    assert register_service.check(session) == []


def test_words_with_a_and_o_umlauts_case_insensitive(
    session: Session, client: Client, rel: Relationship
) -> None:
    first = write(session, client, rel, "Puhuttiin Äijälän mökistä ja sää oli kaunis.", days=2)
    second = write(session, client, rel, "Asiakas saa uuden ajan; vaara ohi.", days=1)
    cid = client.id or ""
    assert ids(clinical.search_notes(session, cid, "äijälän")) == [first.id]
    assert ids(clinical.search_notes(session, cid, "ÄIJÄLÄN")) == [first.id]
    assert ids(clinical.search_notes(session, cid, "MÖKISTÄ")) == [first.id]
    # ä, ö and å are letters of their own: "sää" is not "saa", "väärä" is not "vaara".
    assert ids(clinical.search_notes(session, cid, "sää")) == [first.id]
    assert ids(clinical.search_notes(session, cid, "saa")) == [second.id]
    assert clinical.search_notes(session, cid, "väärä") == []
    assert clinical.search_notes(session, cid, "aijalan") == []
    # Every word must occur; each word matches as a prefix (Finnish inflection).
    assert ids(clinical.search_notes(session, cid, "äijälä kaun")) == [first.id]
    assert clinical.search_notes(session, cid, "äijälä vaara") == []
    assert ids(clinical.search_notes(session, cid, "o")) == [first.id, second.id]  # oli, ohi
    assert ids(clinical.search_notes(session, cid, "a")) == [second.id]  # not "Äijälän"
    fts_consistent(session)


def test_user_text_cannot_inject_fts_syntax(
    session: Session, client: Client, rel: Relationship
) -> None:
    note = write(session, client, rel, "Keskusteltiin unesta.")
    cid = client.id or ""
    for text in ('"', "NEAR(", "body:unesta", "unesta OR", "*", "-unesta", "(unesta"):
        found = clinical.search_notes(session, cid, text)
        assert ids(found) in ([note.id], [])
    assert clinical.note_search_query("  ;;  ") is None
    assert clinical.search_notes(session, cid, " ... ") == []


def test_search_is_per_client_and_logged_without_the_text(
    session: Session, client: Client, rel: Relationship
) -> None:
    other = clients.add_client(session, Client(first_name="Toinen", last_name="Asiakas"))
    other_rel = relationships.start_relationship(
        session,
        Relationship(
            client_id=other.id or "",
            register_kind=RegisterKind.PATIENT,
            records_kept=RecordsKept.VAKKA,
            started_on=date(2026, 3, 2),
        ),
    )
    mine = write(session, client, rel, "Yhteinen sana: rentoutus.")
    write(session, other, other_rel, "Yhteinen sana: rentoutus.")
    assert ids(clinical.search_notes(session, client.id or "", "rentoutus")) == [mine.id]
    rows = audit.rows(session.conn, client.id)
    assert [(r.action, r.data_kind, r.ref) for r in rows][-1] == ("notes.view", "notes", "search")
    assert all("rentoutus" not in json.dumps(r.__dict__, default=str) for r in rows)


def test_amendments_are_searchable_and_removed_content_leaves_the_index(
    session: Session, client: Client, rel: Relationship
) -> None:
    cid = client.id or ""
    note = write(session, client, rel, f"Asiakas mainitsi {UNIQUE} ja unettomuuden.")
    amendment = clinical.amend_note(
        session,
        note.id or 0,
        "Asiakas mainitsi unettomuuden.",
        "Tarpeeton tieto",
        "Terttu Testiterapeutti",
        "psykoterapeutti",
    )
    assert ids(clinical.search_notes(session, cid, "unettomuuden")) == [note.id, amendment.id]
    assert ids(clinical.search_notes(session, cid, UNIQUE)) == [note.id]
    assert UNIQUE.encode() in index_pages(session)

    clinical.remove_content(
        session, note.id or 0, "unnecessary", "Ei kuulu asiaan", "Terttu", "psykoterapeutti"
    )
    assert clinical.search_notes(session, cid, UNIQUE) == []
    assert ids(clinical.search_notes(session, cid, "unettomuuden")) == [amendment.id]
    # Deleted from the index *and* gone from its pages (optimize ran in the same transaction).
    assert UNIQUE.encode() not in index_pages(session)
    fts_consistent(session)
    assert register_service.check(session) == []


def test_a_purge_deleting_notes_keeps_the_index_consistent(
    session: Session, client: Client, rel: Relationship
) -> None:
    cid = client.id or ""
    note = write(session, client, rel, f"Poistuva {UNIQUE} kirjaus.")
    kept = write(session, client, rel, "Jäävä kirjaus.")
    with session.transaction() as conn:
        conn.execute("DELETE FROM clinical.notes WHERE id = ?", (note.id,))
        clinical.optimize_note_index(conn)
    assert ids(clinical.search_notes(session, cid, "kirjaus")) == [kept.id]
    assert UNIQUE.encode() not in index_pages(session)
    fts_consistent(session)


def test_search_needs_the_clinical_store(session: Session, client: Client) -> None:
    session.register.lock_clinical()
    with pytest.raises(VakkaError) as info:
        clinical.search_notes(session, client.id or "", "mitä")
    assert info.value.code == "clinical.locked"


def test_search_survives_a_new_recovery_code(
    new_register: tuple[Session, str], register_folder: Path
) -> None:
    session, _code = new_register
    client = clients.add_client(session, Client(first_name="Väinö", last_name="Kokeilu"))
    register_service.save_practice(
        session,
        Practice(practitioner_name="Terttu Testiterapeutti", practitioner_title="psykologi"),
    )
    relationships.confirm_legal_note(session, RegisterKind.PATIENT)
    rel = relationships.start_relationship(
        session,
        Relationship(
            client_id=client.id or "",
            register_kind=RegisterKind.PATIENT,
            records_kept=RecordsKept.VAKKA,
            started_on=date(2026, 3, 2),
        ),
    )
    note = write(session, client, rel, "Sää oli sateinen.")
    code = register_service.new_recovery_code(session, PASSPHRASE)
    assert ids(clinical.search_notes(session, client.id or "", "sää")) == [note.id]
    later = write(session, client, rel, "Sää oli aurinkoinen.")
    assert ids(clinical.search_notes(session, client.id or "", "sää")) == [note.id, later.id]
    session.close()
    reopened = register_service.unlock(register_folder, Secret(recovery_code=code))
    try:
        assert reopened.register.check() == []
        assert ids(clinical.search_notes(reopened, client.id or "", "aurinkoinen")) == [later.id]
    finally:
        reopened.close()


def test_stored_v1_register_is_indexed_by_the_migration(tmp_path: Path) -> None:
    expected = json.loads((STORED_V1 / "expected.json").read_text(encoding="utf-8"))
    assert expected["schema_version"] == 1
    folder = tmp_path / "register"
    shutil.copytree(STORED_V1 / "register", folder)
    session = register_service.unlock(folder, Secret(passphrase=expected["passphrase"]))
    try:
        assert store_version(session.conn, "clinical") == SCHEMA_VERSION
        fts_consistent(session)
        rows = session.conn.execute(
            "SELECT client_id, body FROM clinical.notes WHERE body IS NOT NULL"
        ).fetchall()
        assert rows, "the stored register has notes"
        word = "tavoitteena"  # every plan note of the demo says it
        by_client: dict[str, int] = {}
        for client_id, body in rows:
            if word in body.casefold():
                by_client[client_id] = by_client.get(client_id, 0) + 1
        assert by_client
        for client_id, count in by_client.items():
            found = clinical.search_notes(session, client_id, word.upper())
            assert len(found) == count
            assert all(word in (n.body or "").casefold() for n in found)
        removed = session.conn.execute(
            "SELECT count(*) FROM clinical.notes WHERE body IS NULL"
        ).fetchone()[0]
        indexed = session.conn.execute("SELECT count(*) FROM clinical.notes_fts_docsize").fetchone()
        assert indexed[0] == len(rows) + removed
    finally:
        session.close()


@pytest.mark.parametrize(
    ("kind", "service", "expected"),
    [
        (RegisterKind.PATIENT, "Psykoterapia", True),
        (RegisterKind.PATIENT, "Kelan kuntoutuspsykoterapia", True),
        (RegisterKind.PATIENT, "Psychotherapy", True),
        (RegisterKind.PATIENT, "Mielenterveyskuntoutus", True),
        (RegisterKind.PATIENT, None, True),
        (RegisterKind.PATIENT, "Fysioterapia", False),
        (RegisterKind.SOCIAL_CARE, "Perhetyö", False),
        (RegisterKind.OTHER, "Neuropsykiatrinen valmennus", False),
    ],
)
def test_specially_protected_by_default(
    kind: RegisterKind, service: str | None, expected: bool
) -> None:
    rel = Relationship(
        client_id="c", register_kind=kind, records_kept=RecordsKept.VAKKA, started_on=date.today()
    )
    assert clinical.specially_protected_by_default(rel, service) is expected
