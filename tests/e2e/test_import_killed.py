"""An import killed with SIGKILL adds all of its rows or none (issue 14 item 2)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from pathlib import Path

import pytest

from app.db.vault import Secret
from app.services import clients
from app.services import register as register_service
from tests.conftest import PASSPHRASE
from tests.e2e.cli_helpers import VAKKA, run_vakka

pytestmark = pytest.mark.slow
ROWS = 6000


def _count(folder: Path) -> int:
    session = register_service.unlock(folder, Secret(passphrase=PASSPHRASE))
    try:
        return len(clients.list_clients(session))
    finally:
        session.close()


def _csv(path: Path, prefix: str) -> Path:
    lines = ["Etunimi;Sukunimi;Puhelin"]
    lines += [f"{prefix}{n};Henkilö{n};040 {n:07d}" for n in range(ROWS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _start(folder: Path, csv: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, VAKKA_PASSPHRASE=PASSPHRASE)
    return subprocess.Popen(
        [*VAKKA, "--register", str(folder), "import-clients", str(csv), "--yes"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def test_a_killed_import_adds_all_rows_or_none(tmp_path: Path) -> None:
    folder = tmp_path / "register"
    assert run_vakka("--register", str(folder), "demo", "--clients", "3").returncode == 0
    base = _count(folder)

    begun = time.monotonic()
    whole = _start(folder, _csv(tmp_path / "first.csv", "Eka"))
    assert whole.wait(timeout=300) == 0
    took = time.monotonic() - begun
    assert _count(folder) == base + ROWS
    base += ROWS

    rng = random.Random(14)
    killed_midway = 0
    second = _csv(tmp_path / "second.csv", "Toka")
    for _attempt in range(3):
        process = _start(folder, second)
        time.sleep(rng.uniform(0.3, 0.9) * took)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            killed_midway += 1
        process.wait()
        count = _count(folder)
        assert count in (base, base + ROWS), count
        if count == base + ROWS:
            break
    assert killed_midway > 0
    assert run_vakka("--register", str(folder), "check").returncode == 0
