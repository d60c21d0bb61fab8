"""`vakka purge [--dry-run] [--yes]` as the command-line contract says, and a purge killed
with SIGKILL at random moments (issue 9, must show)."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.db.keyfile import FAST_INSECURE_KDF
from app.db.vault import Secret
from app.services import purge
from app.services import register as register_service
from app.services.session import Session
from tests.conftest import PASSPHRASE, fixed_clock
from tests.e2e.cli_helpers import VAKKA, assert_no_traceback, isolated_env, run_vakka
from tests.purge_register import Built, build_due_register


def _build(folder: Path) -> Built:
    created = register_service.create(folder, PASSPHRASE, kdf=FAST_INSECURE_KDF, clock=fixed_clock)
    try:
        return build_due_register(created.session)
    finally:
        created.session.close()


def _open(folder: Path) -> Session:
    return register_service.unlock(folder, Secret(passphrase=PASSPHRASE))


def _state(folder: Path) -> tuple[int, dict[str, int]]:
    """(purge runs logged, what is still due)."""
    session = _open(folder)
    try:
        return len(purge.purge_records(session)), purge.plan_purge(session).counts()
    finally:
        session.close()


def test_dry_run_counts_without_names_and_changes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "register"
    built = _build(folder)
    before = _state(folder)
    result = run_vakka("purge", "--dry-run", "--register", str(folder))
    assert result.returncode == 0, result.stderr
    assert_no_traceback(result)
    assert "Contact details: 5" in result.stdout
    assert "Legal hold" in result.stdout
    for word in built.gone + built.stay:
        assert word not in result.stdout + result.stderr
    assert _state(folder) == before


def test_without_yes_and_without_a_terminal_it_refuses(tmp_path: Path) -> None:
    folder = tmp_path / "register"
    _build(folder)
    before = _state(folder)
    result = run_vakka("purge", "--register", str(folder))
    assert result.returncode == 1
    assert "--yes" in result.stderr
    assert _state(folder) == before


def test_purge_prints_counts_the_backup_notice_and_writes_the_record(tmp_path: Path) -> None:
    folder = tmp_path / "register"
    built = _build(folder)
    pdf = tmp_path / "record.pdf"
    result = run_vakka("purge", "--yes", "--record", str(pdf), "--register", str(folder))
    assert result.returncode == 0, result.stderr
    assert "Records destroyed:" in result.stdout
    assert "Backups made before this purge" in result.stdout
    assert pdf.read_bytes().startswith(b"%PDF")
    for word in built.gone + built.stay:
        assert word not in result.stdout + result.stderr
    assert _state(folder) == (1, {})
    again = run_vakka("purge", "--yes", "--register", str(folder))
    assert again.returncode == 0
    assert "Nothing is due for destruction." in again.stdout
    assert run_vakka("check", "--register", str(folder)).returncode == 0


# --- killed at random moments ------------------------------------------------------------------


@pytest.fixture(scope="module")
def due_register(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, int]]]:
    folder = tmp_path_factory.mktemp("template") / "register"
    old = os.environ.get("VAKKA_INSECURE_FAST_KDF")
    os.environ["VAKKA_INSECURE_FAST_KDF"] = "1"
    try:
        _build(folder)
        yield folder, _state(folder)[1]
    finally:
        if old is None:
            os.environ.pop("VAKKA_INSECURE_FAST_KDF", None)


@pytest.mark.slow
def test_a_purge_killed_at_random_moments_is_done_or_not_started(
    due_register: tuple[Path, dict[str, int]], tmp_path: Path, isolated_environment: Path
) -> None:
    template, due = due_register
    env = {**os.environ, **isolated_env(isolated_environment), "VAKKA_PASSPHRASE": PASSPHRASE}

    def purge_process(folder: Path) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [*VAKKA, "purge", "--yes", "--register", str(folder)],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    # How long a whole run takes here, so the kills spread over all of it.
    timing = tmp_path / "timing"
    shutil.copytree(template, timing)
    started = time.monotonic()
    assert purge_process(timing).wait(timeout=120) == 0
    duration = time.monotonic() - started

    rng = random.Random(9)
    outcomes = {"done": 0, "not started": 0}
    for run in range(15):
        folder = tmp_path / f"run{run}"
        shutil.copytree(template, folder)
        process = purge_process(folder)
        time.sleep(rng.uniform(0.1, duration))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)

        check = run_vakka("check", "--register", str(folder))
        assert check.returncode == 0, (run, check.stdout, check.stderr)
        runs, still_due = _state(folder)
        if runs == 0:
            assert still_due == due, run
            outcomes["not started"] += 1
        else:
            assert (runs, still_due) == (1, {}), run
            outcomes["done"] += 1
        finish = run_vakka("purge", "--yes", "--register", str(folder))
        assert finish.returncode == 0, (run, finish.stderr)
        assert _state(folder)[1] == {}
        assert run_vakka("check", "--register", str(folder)).returncode == 0
    assert sum(outcomes.values()) == 15


@pytest.mark.parametrize(("lang", "answer", "purged"), [("en", "n", False), ("fi", "k", True)])
def test_at_a_terminal_it_asks_in_the_users_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, answer: str, purged: bool
) -> None:
    from app import cli

    folder = tmp_path / "register"
    _build(folder)
    before = _state(folder)
    asked: list[str] = []
    monkeypatch.setenv("LANGUAGE", lang)
    monkeypatch.setenv("VAKKA_PASSPHRASE", PASSPHRASE)
    monkeypatch.setattr(cli.sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or answer)
    code = cli.main(["purge", "--register", str(folder)])
    assert len(asked) == 1 and ("[k/E]" in asked[0]) == (lang == "fi")
    if purged:
        assert code == 0 and _state(folder) == (1, {})
    else:
        assert code == 1 and _state(folder) == before
