"""`vakka county-delivery` (issue 9 item 4): packet, confirmation, exit codes 0/1/2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.db.keyfile import FAST_INSECURE_KDF
from app.db.vault import Secret
from app.services import purge
from app.services import register as register_service
from tests.conftest import PASSPHRASE, fixed_clock
from tests.e2e.cli_helpers import assert_no_traceback, run_vakka
from tests.purge_register import Built, build_due_register


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Built, int, int]:
    """The due register; its county-controlled relationship and a practice one."""
    folder = tmp_path / "register"
    created = register_service.create(folder, PASSPHRASE, kdf=FAST_INSECURE_KDF, clock=fixed_clock)
    try:
        result = build_due_register(created.session)
        conn = created.session.conn
        county = conn.execute("SELECT id FROM relationships WHERE controller = 'county'").fetchone()
        practice = conn.execute(
            "SELECT id FROM relationships WHERE controller = 'practice'"
        ).fetchone()
    finally:
        created.session.close()
    return folder, result, int(county[0]), int(practice[0])


def _county_notes_planned(folder: Path, client_id: str) -> int:
    session = register_service.unlock(folder, Secret(passphrase=PASSPHRASE))
    try:
        plan = purge.plan_purge(session)
        return sum(1 for r in plan.records if r.table == "notes" and r.client_id == client_id)
    finally:
        session.close()


def test_packet_then_confirmation(built: tuple[Path, Built, int, int], tmp_path: Path) -> None:
    folder, data, county, _practice = built
    out = tmp_path / "out"
    out.mkdir()
    result = run_vakka("county-delivery", "--relationship", str(county), "--out", str(out),
                       "--lang", "sv", "--register", str(folder))  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert_no_traceback(result)
    files = sorted(out.iterdir())
    assert [f.suffix for f in files] == [".json", ".pdf"]
    packet = json.loads(files[0].read_text("utf-8"))
    assert packet["relationship"]["id"] == county
    for word in data.gone + data.stay:
        assert word not in result.stdout + result.stderr
        assert word not in " ".join(f.name for f in files)
    assert _county_notes_planned(folder, data.ids["D"]) == 0

    result = run_vakka("county-delivery", "--relationship", str(county), "--confirm",
                       "--on", "2026-11-20", "--how", "Suojattu posti", "--to", "Kirjaamo",
                       "--register", str(folder))  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert _county_notes_planned(folder, data.ids["D"]) == 1


def test_refusals_and_usage(built: tuple[Path, Built, int, int], tmp_path: Path) -> None:
    folder, _data, county, practice = built
    out = tmp_path / "out"
    out.mkdir()
    refused = run_vakka("county-delivery", "--relationship", str(practice), "--out", str(out),
                        "--register", str(folder))  # fmt: skip
    assert refused.returncode == 1
    assert_no_traceback(refused)
    assert "county" in refused.stderr and list(out.iterdir()) == []
    future = run_vakka("county-delivery", "--relationship", str(county), "--confirm",
                       "--on", "2999-01-01", "--how", "posti", "--to", "kirjaamo",
                       "--register", str(folder))  # fmt: skip
    assert future.returncode == 1
    for args in (
        ("--relationship", str(county)),
        ("--relationship", str(county), "--confirm", "--on", "2026-11-20"),
        ("--relationship", str(county), "--out", str(out), "--on", "2026-11-20"),
        ("--out", str(out)),
        ("--relationship", "x", "--out", str(out)),
    ):
        usage = run_vakka("county-delivery", *args, "--register", str(folder))
        assert usage.returncode == 2, args
        assert_no_traceback(usage)
    assert _county_notes_planned(folder, _data.ids["D"]) == 0
