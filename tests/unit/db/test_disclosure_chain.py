"""The disclosure log is part of the audit chain (issue 8, item 4): ``check`` finds an
edited, a deleted and an inserted disclosure row, in new registers and in migrated ones."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from app.db import audit
from app.db.connection import transaction
from app.db.vault import Secret
from app.domain.errors import RegisterDamagedError, VakkaError
from app.domain.kinds import RecordsKept, RegisterKind
from app.domain.models import Client, Disclosure, Relationship
from app.i18n import message_for
from app.services import clients, consents, relationships
from app.services import register as register_service
from app.services.session import Session
from tests.e2e.cli_helpers import assert_no_traceback, run_vakka

STORED = Path(__file__).resolve().parents[2] / "data" / "registers"
CHAIN_PROBLEMS = {
    "audit.disclosure_altered",
    "audit.disclosure_missing",
    "audit.disclosure_unlogged",
    "audit.disclosure_seal_forged",
}


def _disclose(session: Session, cid: str, rel_id: int | None, recipient: str) -> Disclosure:
    return consents.record_disclosure(
        session,
        Disclosure(
            client_id=cid,
            disclosed_on=date(2026, 11, 20),
            recipient=recipient,
            data_disclosed="Lausunto",
            purpose="Etuuspäätös",
            legal_basis="703/2023 § 49",
            relationship_id=rel_id,
        ),
    )


@pytest.fixture
def disclosed(session: Session) -> list[Disclosure]:
    cid = clients.add_client(session, Client(first_name="Eero", last_name="Esimerkki")).id or ""
    rel = relationships.start_relationship(
        session,
        Relationship(
            client_id=cid,
            register_kind=RegisterKind.PATIENT,
            records_kept=RecordsKept.PAPER,
            records_location="kaappi",
            started_on=date(2026, 3, 2),
        ),
    )
    return [_disclose(session, cid, rel.id, name) for name in ("Kela", "Työterveys Oy")]


def test_a_clean_disclosure_log_verifies(session: Session, disclosed: list[Disclosure]) -> None:
    assert session.register.check() == []
    logged = [r for r in audit.rows(session.conn) if r.action == "disclosure"]
    assert [r.ref for r in logged] == [f"disclosure:{d.id}" for d in disclosed]
    assert all(len(r.content_digest) == 64 for r in logged)


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("recipient", "Joku muu"),
        ("data_disclosed", "Koko kertomus"),
        ("disclosed_on", "2026-01-01"),
        ("purpose", "Uteliaisuus"),
        ("legal_basis", "Ei perustetta"),
        ("recorded_at", "2026-11-01T10:00:00+02:00"),
        ("to_guardian", 1),
    ],
)
def test_an_edited_disclosure_is_found(
    session: Session, disclosed: list[Disclosure], column: str, value: object
) -> None:
    session.conn.execute(
        f"UPDATE disclosures SET {column} = ? WHERE id = ?", (value, disclosed[0].id)
    )
    assert session.register.check() == ["audit.disclosure_altered"]


def test_a_disclosure_moved_to_another_client_is_found(
    session: Session, disclosed: list[Disclosure]
) -> None:
    other = clients.add_client(session, Client(first_name="Saga", last_name="Provsson"))
    # The store refuses the move itself; someone editing the file with the key can drop
    # that guard first, and the chain still tells.
    session.conn.execute("DROP TRIGGER disclosures_relationship_update")
    session.conn.execute(
        "UPDATE disclosures SET client_id = ? WHERE id = ?", (other.id, disclosed[0].id)
    )
    assert session.register.check() == ["audit.disclosure_altered"]


def test_a_deleted_disclosure_is_found(session: Session, disclosed: list[Disclosure]) -> None:
    session.conn.execute("DELETE FROM disclosures WHERE id = ?", (disclosed[1].id,))
    assert session.register.check() == ["audit.disclosure_missing"]


def test_an_inserted_disclosure_is_found(session: Session, disclosed: list[Disclosure]) -> None:
    session.conn.execute(
        "INSERT INTO disclosures (client_id, relationship_id, disclosed_on, recipient, "
        "data_disclosed, purpose, legal_basis, recorded_at) SELECT client_id, relationship_id, "
        "disclosed_on, 'Naapuri', data_disclosed, purpose, legal_basis, recorded_at "
        "FROM disclosures WHERE id = ?",
        (disclosed[0].id,),
    )
    assert session.register.check() == ["audit.disclosure_unlogged"]


def test_the_digest_in_the_log_row_cannot_be_rewritten(
    session: Session, disclosed: list[Disclosure]
) -> None:
    session.conn.execute(
        "UPDATE disclosures SET recipient = 'Joku muu' WHERE id = ?", (disclosed[0].id,)
    )
    new_digest = audit.disclosure_digest(session.conn, disclosed[0].id or 0)
    session.conn.execute(
        "UPDATE audit_log SET content_digest = ? WHERE ref = ?",
        (new_digest, f"disclosure:{disclosed[0].id}"),
    )
    assert session.register.check() == ["audit.row_altered"]


def test_pruned_log_rows_leave_their_disclosures_sealed(
    session: Session, disclosed: list[Disclosure]
) -> None:
    conn, key = session.conn, session.register.audit_key
    with transaction(conn):
        assert audit.prune_before(conn, key, "9999") > 0
    assert audit.rows(conn) == []
    assert session.register.check() == []
    conn.execute("UPDATE disclosures SET purpose = 'Muu' WHERE id = ?", (disclosed[0].id,))
    assert session.register.check() == ["audit.disclosure_altered"]


def test_vakka_check_reports_the_tampering(
    new_register: tuple[Session, str], disclosed: list[Disclosure], register_folder: Path
) -> None:
    session = new_register[0]
    with transaction(session.conn):
        session.conn.execute(
            "UPDATE disclosures SET recipient = 'Joku muu' WHERE id = ?", (disclosed[0].id,)
        )
    session.close()
    result = run_vakka("check", "--register", str(register_folder))
    assert_no_traceback(result)
    assert result.returncode == RegisterDamagedError.exit_code
    assert message_for(VakkaError("audit.disclosure_altered"), "en") in result.stderr


@pytest.fixture
def migrated(tmp_path: Path) -> Session:
    """The stored schema-2 register, opened (and so migrated) by this version."""
    source = STORED / "v2"
    expected = json.loads((source / "expected.json").read_text(encoding="utf-8"))
    folder = tmp_path / "register"
    shutil.copytree(source / "register", folder)
    return register_service.unlock(folder, Secret(passphrase=expected["passphrase"]))


def test_migration_seals_the_disclosures_logged_before_it(migrated: Session) -> None:
    session = migrated
    try:
        count = session.conn.execute("SELECT count(*) FROM disclosures").fetchone()[0]
        seals = session.conn.execute("SELECT count(*) FROM disclosure_seals").fetchone()[0]
        assert count > 0 and seals == count
        assert session.register.check() == []
        first = session.conn.execute("SELECT min(id) FROM disclosures").fetchone()[0]
        session.conn.execute("UPDATE disclosures SET recipient = 'Joku muu' WHERE id = ?", (first,))
        assert session.register.check() == ["audit.disclosure_altered"]
    finally:
        session.close()


def test_an_old_disclosure_deleted_or_its_seal_forged_is_found(migrated: Session) -> None:
    session = migrated
    conn = session.conn
    try:
        first, last = conn.execute("SELECT min(id), max(id) FROM disclosures").fetchone()
        conn.execute(
            "UPDATE disclosure_seals SET digest = ? WHERE disclosure_id = ?", ("0" * 64, last)
        )
        assert session.register.check() == [
            "audit.disclosure_altered",
            "audit.disclosure_seal_forged",
        ]
        conn.execute("DELETE FROM disclosure_seals WHERE disclosure_id = ?", (last,))
        assert session.register.check() == ["audit.disclosure_altered"]
        conn.execute("DELETE FROM disclosures WHERE id = ?", (first,))
        assert "audit.disclosure_missing" in session.register.check()
    finally:
        session.close()


def test_every_chain_problem_has_a_translated_message() -> None:
    for code in CHAIN_PROBLEMS:
        english = message_for(VakkaError(code), "en")
        assert "unexpected" not in english
        for lang in ("fi", "sv"):
            assert message_for(VakkaError(code), lang) != english
