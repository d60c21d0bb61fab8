"""SIGKILL at random moments of realistic work (issue 13 item 1): after each kill the
register unlocks, `vakka check` exits 0, and every change the writer acknowledged is there.

The writer (tests/e2e/kill_writer.py) adds clients, notes and invoices, imports a small
CSV and runs a purge, printing a line after each commit. One register is reused across
all 25 kills, so it accumulates. The delays are seeded; random-time kills complement the
syscall-exact kills of test_crash_injection.py.

Found while writing it (reported, not fixed): with the writer's clock set back to 2010
for its due records, a purge prunes the log up to the newest entry older than 12 years
(`audit.prune_before` deletes by sequence number), taking younger entries with it. A kill
that then fell between the purge's commit and its rewrite of audit.head left a head
pointing at a pruned entry, and `vakka check` said the log had been altered. The writer
now moves its clock forward instead.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from app.db.keyfile import FAST_INSECURE_KDF
from app.db.vault import Secret
from app.domain.models import Practice
from app.services import register as register_service
from tests.conftest import PASSPHRASE, fixed_clock
from tests.e2e.cli_helpers import assert_no_traceback, run_vakka

pytestmark = pytest.mark.slow
KILLS = 25
ROOT = Path(__file__).resolve().parents[2]


def _start(folder: Path, seed: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.e2e.kill_writer", str(folder), str(seed)],
        cwd=ROOT, env=dict(os.environ), text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
    )  # fmt: skip


def _acks(output: str) -> list[dict[str, Any]]:
    """The whole lines only: a line cut by the kill was not acknowledged."""
    complete = output[: output.rfind("\n") + 1]
    return [json.loads(line) for line in complete.splitlines()]


def _assert_all_there(folder: Path, acks: list[dict[str, Any]]) -> None:
    session = register_service.unlock(folder, Secret(passphrase=PASSPHRASE))
    try:
        conn = session.conn
        clients = {row[0] for row in conn.execute("SELECT id FROM clients")}
        names = {row[0] for row in conn.execute("SELECT first_name FROM clients")}
        notes = {row[0] for row in conn.execute("SELECT id FROM clinical.notes")}
        invoices = {row[0] for row in conn.execute("SELECT id FROM invoices")}
    finally:
        session.close()
    for entry in acks:
        op = entry["op"]
        if op == "client":
            assert entry["id"] in clients, entry
        elif op == "note":
            assert entry["id"] in notes, entry
        elif op == "invoice":
            assert entry["id"] in invoices, entry
        elif op == "import":
            assert set(entry["names"]) <= names, entry
        elif op == "purge":
            assert not set(entry["gone"]) & clients, entry


def test_acknowledged_changes_survive_random_kills(tmp_path: Path) -> None:
    folder = tmp_path / "register"
    practice = Practice(practitioner_name="Terttu Testiterapeutti", practitioner_title="valmentaja")
    register_service.create(
        folder, PASSPHRASE, practice=practice, kdf=FAST_INSECURE_KDF, clock=fixed_clock
    ).session.close()

    rng = random.Random(13)
    acks: list[dict[str, Any]] = []
    for kill in range(KILLS):
        writer = _start(folder, kill)
        assert writer.stdout is not None and writer.stderr is not None
        first = writer.stdout.readline()
        assert first.startswith('{"op": "ready"}'), writer.stderr.read()
        time.sleep(rng.uniform(0.02, 0.8))
        assert writer.poll() is None, writer.stderr.read()
        writer.send_signal(signal.SIGKILL)
        output = writer.stdout.read()
        writer.wait()
        writer.stderr.close()
        writer.stdout.close()
        acks += _acks(output)

        _assert_all_there(folder, acks)
        checked = run_vakka("check", "--register", str(folder))
        assert_no_traceback(checked)
        assert checked.returncode == 0, (kill, checked.stderr)

    done = {op: sum(1 for a in acks if a["op"] == op) for op in ("client", "import", "purge")}
    assert done["client"] > KILLS and done["import"] > 0 and done["purge"] > 0, done
    assert any(entry["gone"] for entry in acks if entry["op"] == "purge")
