"""Every past schema version has a stored test register, and each still opens and verifies."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from app.db.migrations import MIGRATIONS, SCHEMA_VERSION, store_version
from app.db.vault import Secret
from app.services import clients
from app.services import register as register_service

STORED = Path(__file__).resolve().parents[2] / "data" / "registers"


def test_there_is_a_stored_register_for_every_schema_version() -> None:
    stored = sorted(int(p.name[1:]) for p in STORED.iterdir() if p.name.startswith("v"))
    assert stored == [m.version for m in MIGRATIONS]


@pytest.mark.parametrize("version", [m.version for m in MIGRATIONS])
@pytest.mark.parametrize("how", ["passphrase", "recovery_code"])
def test_stored_register_opens_migrates_and_verifies(
    version: int, how: str, tmp_path: Path
) -> None:
    source = STORED / f"v{version}"
    expected = json.loads((source / "expected.json").read_text(encoding="utf-8"))
    folder = tmp_path / "register"
    shutil.copytree(source / "register", folder)
    secret = Secret(**{how: expected[how]})
    session = register_service.unlock(folder, secret)
    try:
        assert store_version(session.conn, "main") == SCHEMA_VERSION
        assert store_version(session.conn, "clinical") == SCHEMA_VERSION
        assert register_service.check(session) == []
        assert sorted(s.name for s in clients.list_clients(session)) == expected["clients"]
        notes = session.conn.execute("SELECT count(*) FROM clinical.notes").fetchone()[0]
        assert notes == expected["notes"]
    finally:
        session.close()
