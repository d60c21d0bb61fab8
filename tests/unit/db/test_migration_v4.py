"""Schema 4 (issue 10): a version 3 register gains structured requests, withheld parts and
the sources of data, its own rows kept and given the defaults."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from app.db import repositories as repo
from app.db.vault import Secret
from app.domain.kinds import DataSource, Requester, WithholdReason
from app.domain.models import WithheldPart
from app.services import register as register_service

STORED = Path(__file__).resolve().parents[2] / "data" / "registers" / "v3"


def test_a_version_3_register_gets_the_new_fields_with_defaults(tmp_path: Path) -> None:
    expected = json.loads((STORED / "expected.json").read_text(encoding="utf-8"))
    folder = tmp_path / "register"
    shutil.copytree(STORED / "register", folder)
    session = register_service.unlock(folder, Secret(passphrase=expected["passphrase"]))
    try:
        rels = repo.RELATIONSHIPS.where(session.conn)
        assert rels and {r.source for r in rels} == {DataSource.CLIENT}
        requests = repo.REQUESTS.where(session.conn)
        assert requests, "the stored register has requests"
        assert {r.requester for r in requests} == {Requester.CLIENT}
        assert all(r.registers == "" and r.packet_id == "" for r in requests)
        part = WithheldPart(requests[0].id or 0, "note:1", WithholdReason.HEALTH_OR_CARE)
        with session.transaction() as conn:
            repo.WITHHELD.insert(conn, part)
        assert repo.WITHHELD.where(session.conn, request_id=requests[0].id)[0].part == "note:1"
        with pytest.raises(Exception), session.transaction() as conn:  # noqa: B017
            conn.execute("UPDATE requests SET requester = 'neighbour'")
    finally:
        session.close()
