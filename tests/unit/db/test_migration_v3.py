"""Schema v3 on a register of the previous version: records without a relationship are tied
to the client's only one, or counted by `vakka check` as needing a choice; notes get their
session date."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from app.db.connection import attach_clinical, open_store
from app.db.migrations import SCHEMA_VERSION, store_version
from app.db.vault import Secret
from app.domain.recovery_code import decode_recovery_code
from app.i18n import message_for
from app.services import register as register_service
from app.services import relationships

V2 = Path(__file__).resolve().parents[2] / "data" / "registers" / "v2"
TIED = ("consents", "disclosures", "invoices", "payment_commitments")


def _untie_all(folder: Path, recovery_code: str) -> dict[str, dict[int, int | None]]:
    """Remove every record's relationship, as a register of schema v2 may have had it; return
    what each row should name after the migration (None: the client has several)."""
    key = decode_recovery_code(recovery_code)
    conn = open_store(folder / "register.db", key)
    try:
        attach_clinical(conn, folder / "clinical.db", key)
        assert store_version(conn, "main") == 2
        # One client with a second relationship, so that their rows need a choice.
        several = conn.execute(
            "SELECT client_id FROM consents WHERE client_id IN "
            "(SELECT client_id FROM relationships GROUP BY client_id HAVING count(*) = 1) LIMIT 1"
        ).fetchone()[0]
        conn.execute(
            "INSERT INTO relationships (client_id, register_kind, records_kept, started_on) "
            "VALUES (?, 'other', 'vakka', '2026-01-01')",
            (several,),
        )
        expected: dict[str, dict[int, int | None]] = {}
        for table in TIED:
            rows = conn.execute(
                f"SELECT t.id, t.relationship_id, "
                f"(SELECT count(*) FROM relationships r WHERE r.client_id = t.client_id) "
                f"FROM {table} t"
            ).fetchall()
            expected[table] = {row[0]: (row[1] if row[2] == 1 else None) for row in rows}
            conn.execute(f"UPDATE {table} SET relationship_id = NULL")
    finally:
        conn.close()
    return expected


def test_a_v2_register_ties_its_records_or_lists_them(tmp_path: Path) -> None:
    expected_json = json.loads((V2 / "expected.json").read_text(encoding="utf-8"))
    folder = tmp_path / "register"
    shutil.copytree(V2 / "register", folder)
    expected = _untie_all(folder, expected_json["recovery_code"])
    untied = sum(v is None for rows in expected.values() for v in rows.values())
    assert 0 < untied < sum(len(rows) for rows in expected.values())

    session = register_service.unlock(folder, Secret(passphrase=expected_json["passphrase"]))
    try:
        assert store_version(session.conn, "main") == SCHEMA_VERSION
        for table in TIED:
            rows = dict(session.conn.execute(f"SELECT id, relationship_id FROM {table}").fetchall())
            assert rows == expected[table]
        assert relationships.records_without_relationship(session) == untied
        (notice,) = [
            n
            for n in register_service.check_notices(session)
            if n.code == "check.records_without_relationship"
        ]
        assert notice.params == {"count": untied}
        assert str(untied) in message_for(notice, "fi")
        assert register_service.check(session) == []
        # Every note got the date of its writing as its session date.
        assert (
            session.conn.execute(
                "SELECT count(*) FROM clinical.notes "
                "WHERE session_date IS NOT substr(written_at, 1, 10)"
            ).fetchone()[0]
            == 0
        )
        assert (
            session.conn.execute("SELECT count(*) FROM clinical.notes").fetchone()[0]
            == expected_json["notes"]
        )
        # An old untied row can still be updated (e.g. marked paid), not moved elsewhere.
        row = session.conn.execute(
            "SELECT id FROM invoices WHERE relationship_id IS NULL LIMIT 1"
        ).fetchone()
        if row is not None:
            session.conn.execute("UPDATE invoices SET paid_on = issued_on WHERE id = ?", (row[0],))
    finally:
        session.close()


def test_a_v2_register_with_every_record_tied_has_no_notice(tmp_path: Path) -> None:
    expected_json = json.loads((V2 / "expected.json").read_text(encoding="utf-8"))
    folder = tmp_path / "register"
    shutil.copytree(V2 / "register", folder)
    session = register_service.unlock(folder, Secret(passphrase=expected_json["passphrase"]))
    try:
        assert register_service.check_notices(session) == []
    finally:
        session.close()
