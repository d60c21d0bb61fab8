"""Schema 5 (issue 11): a version 4 register's invoices count as sent and stay final, and
note drafts kept in the register store's settings move into the clinical store."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import sqlcipher3

from app.db.migrations import _run_script
from app.db.schema_v5 import CLINICAL_V5
from app.db.vault import Secret
from app.services import register as register_service

STORED = Path(__file__).resolve().parents[2] / "data" / "registers" / "v4"


def test_a_version_4_registers_invoices_are_sent_and_final(tmp_path: Path) -> None:
    expected = json.loads((STORED / "expected.json").read_text(encoding="utf-8"))
    folder = tmp_path / "register"
    shutil.copytree(STORED / "register", folder)
    session = register_service.unlock(folder, Secret(passphrase=expected["passphrase"]))
    try:
        conn = session.conn
        rows = conn.execute("SELECT count(*), count(sent_on) FROM invoices").fetchone()
        assert rows[0] > 0 and rows[0] == rows[1]
        invoice_id = conn.execute("SELECT min(id) FROM invoices").fetchone()[0]
        sent = r"invoice\.already_sent"
        with pytest.raises(sqlcipher3.IntegrityError, match=sent), session.transaction() as tx:
            tx.execute("UPDATE invoices SET payer_name = 'Toinen' WHERE id = ?", (invoice_id,))
        with pytest.raises(sqlcipher3.IntegrityError, match=sent), session.transaction() as tx:
            tx.execute(
                "INSERT INTO invoice_lines (invoice_id, description, unit_price_cents) "
                "VALUES (?, 'Lisä', 100)",
                (invoice_id,),
            )
        with session.transaction() as tx:  # the payment may still be recorded
            tx.execute("UPDATE invoices SET paid_on = '2026-12-01' WHERE id = ?", (invoice_id,))
        assert conn.execute("SELECT count(*) FROM clinical.note_drafts").fetchone()[0] == 0
    finally:
        session.close()


def test_note_drafts_move_from_the_settings_into_the_clinical_store() -> None:
    conn = sqlcipher3.connect(":memory:")
    conn.execute("ATTACH DATABASE ':memory:' AS clinical")
    conn.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    draft = json.dumps({"client_id": "c0ffee", "relationship_id": 7, "body": "Kesken"})
    conn.executemany(
        "INSERT INTO settings VALUES (?, ?)",
        [("note_draft:7", draft), ("note_draft:8", "not json"), ("language", "fi")],
    )
    _run_script(conn, CLINICAL_V5)  # type: ignore[arg-type]
    moved = conn.execute("SELECT relationship_id, client_id, draft FROM clinical.note_drafts")
    assert [tuple(r) for r in moved] == [(7, "c0ffee", draft)]
    assert [r[0] for r in conn.execute("SELECT key FROM settings")] == ["language"]
