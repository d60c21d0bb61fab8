"""Stores hold codes, never words of one language; the layer that shows them translates
(issue 8, item 8)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import sqlcipher3

from app.db import audit
from app.db import repositories as repo
from app.db.vault import Secret
from app.domain.errors import ValidationError
from app.domain.kinds import LogPurpose, RemovedContentKind
from app.domain.models import Client, Relationship
from app.i18n import message_for
from app.i18n.codes import log_purpose_label, removed_content_label
from app.i18n.messages import ERROR_MESSAGES
from app.services import clinical
from app.services import register as register_service
from app.services.session import Session
from tests.conftest import FIXED_NOW

STORED = Path(__file__).resolve().parents[2] / "data" / "registers"


def _note(session: Session, client: Client, rel: Relationship) -> int:
    from app.domain.kinds import NoteKind
    from app.domain.models import Note

    note = clinical.add_note(
        session,
        Note(
            client_id=client.id or "",
            relationship_id=rel.id or 0,
            register_kind=rel.register_kind,
            kind=NoteKind.SESSION_NOTE,
            body="Käynti.",
            written_at=FIXED_NOW,
            author_name="Terttu Testiterapeutti",
            author_title="psykoterapeutti",
        ),
    )
    return note.id or 0


@pytest.mark.parametrize("words", ["Tarpeeton tieto", "Onödiga uppgifter", "anything"])
def test_a_removal_marker_takes_a_code_not_words(
    session: Session, client: Client, patient_relationship: Relationship, words: str
) -> None:
    note_id = _note(session, client, patient_relationship)
    log_before = len(audit.rows(session.conn))
    with pytest.raises(ValidationError) as raised:
        clinical.remove_content(session, note_id, words, "Syy", "Terttu Testiterapeutti", "")
    assert raised.value.code == "note.content_kind_unknown"
    assert raised.value.field == "content_kind"
    for lang in ("fi", "sv"):
        assert message_for(raised.value, lang) != ERROR_MESSAGES[raised.value.code]
    stored = repo.NOTES.get(session.conn, note_id)
    assert stored is not None and stored.body == "Käynti." and not stored.removed
    assert len(audit.rows(session.conn)) == log_before


def test_the_code_is_stored_and_shown_in_the_readers_language(
    session: Session, client: Client, patient_relationship: Relationship
) -> None:
    note_id = _note(session, client, patient_relationship)
    clinical.remove_content(session, note_id, "third_party", "Syy", "Terttu Testiterapeutti", "")
    stored = repo.NOTES.get(session.conn, note_id)
    assert stored is not None and stored.removed_content_kind == "third_party"
    labels = {
        lang: removed_content_label(stored.removed_content_kind, lang)
        for lang in ("fi", "sv", "en")
    }
    assert labels == {
        "fi": "Tietoja kolmannesta osapuolesta",
        "sv": "Uppgifter om tredje part",
        "en": "Information about a third party",
    }
    # A description typed before codes (and not one of the known words) is shown as written.
    assert removed_content_label("Oma kuvaus", "sv") == "Oma kuvaus"


def test_every_code_has_a_label_in_every_language() -> None:
    for lang in ("fi", "sv"):
        for kind in RemovedContentKind:
            assert removed_content_label(kind, lang) != removed_content_label(kind, "en")
        for purpose in LogPurpose:
            if purpose is not LogPurpose.EXPORT or lang == "fi":  # "Export" is Swedish too
                assert log_purpose_label(purpose, lang) != log_purpose_label(purpose, "en")
    assert log_purpose_label("care", "sv") == "Vård"
    assert log_purpose_label("care", "fi") == "Hoito"


def test_the_log_takes_only_purpose_codes(session: Session) -> None:
    before = len(audit.rows(session.conn))
    with pytest.raises(ValueError), session.transaction():
        session.log(audit.AuditEvent("export", data_kind="register", purpose="hoito"))
    assert len(audit.rows(session.conn)) == before


def test_migration_turns_the_stored_words_into_codes(tmp_path: Path) -> None:
    source = STORED / "v2"
    expected = json.loads((source / "expected.json").read_text(encoding="utf-8"))
    folder = tmp_path / "register"
    shutil.copytree(source / "register", folder)
    raw = [
        str(row[0])
        for row in _clinical_rows(folder, expected["recovery_code"])
        if row[0] is not None
    ]
    assert raw and not set(raw) <= {k.value for k in RemovedContentKind}  # words before
    session = register_service.unlock(folder, Secret(passphrase=expected["passphrase"]))
    try:
        kinds = [
            row[0]
            for row in session.conn.execute(
                "SELECT removed_content_kind FROM clinical.notes "
                "WHERE removed_content_kind IS NOT NULL"
            )
        ]
        assert len(kinds) == len(raw)
        assert set(kinds) <= {k.value for k in RemovedContentKind}
        assert register_service.check(session) == []
        # The append-only guard is back in place.
        with pytest.raises(sqlcipher3.IntegrityError, match="append-only"):
            session.conn.execute("UPDATE clinical.notes SET removed_content_kind = 'wrong'")
    finally:
        session.close()


def _clinical_rows(folder: Path, recovery_code: str) -> list[tuple[object, ...]]:
    from app.db.connection import raw_key
    from app.domain.recovery_code import decode_recovery_code

    conn = sqlcipher3.connect(str(folder / "clinical.db"))
    try:
        conn.execute(f'PRAGMA key = "{raw_key(decode_recovery_code(recovery_code))}"')
        return list(conn.execute("SELECT removed_content_kind FROM notes"))
    finally:
        conn.close()
