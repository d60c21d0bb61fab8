"""Issue 7's unlock defects through the real ``vakka`` command in a subprocess."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from app.db.keyfile import FAST_INSECURE_KDF
from app.db.vault import Secret, open_register
from app.services import register as register_service
from tests.conftest import PASSPHRASE, fixed_clock
from tests.e2e.cli_helpers import assert_no_traceback, run_vakka
from tests.unit.db.test_keyfile_params import _resealed


def _make(folder: Path) -> str:
    created = register_service.create(folder, PASSPHRASE, kdf=FAST_INSECURE_KDF, clock=fixed_clock)
    created.session.close()
    return created.recovery_code


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "register"
    _make(target)
    return target


@pytest.mark.parametrize("n", [3, 0, -1024, 2**64])
def test_key_file_with_absurd_kdf_parameters_exits_4(folder: Path, n: int) -> None:
    for name in ("vakka.key", "vakka.key.bak"):
        body = json.loads((folder / name).read_text(encoding="utf-8"))
        body["kdf"]["n"] = n
        (folder / name).write_bytes(_resealed(body))
    result = run_vakka("check", "--register", str(folder))
    assert_no_traceback(result)
    assert result.returncode == 4, result.stderr
    assert "key file is damaged" in result.stderr


def test_a_second_process_is_refused_after_the_lock_file_is_deleted(folder: Path) -> None:
    register = open_register(folder, Secret(passphrase=PASSPHRASE), clock=fixed_clock)
    try:
        (folder / "vakka.lock").unlink()
        result = run_vakka("check", "--register", str(folder))
        assert_no_traceback(result)
        assert result.returncode == 5, result.stderr
        assert str(os.getpid()) in result.stderr
    finally:
        register.close()
    assert run_vakka("check", "--register", str(folder)).returncode == 0


def test_right_code_with_another_registers_key_files_exits_4(tmp_path: Path) -> None:
    import shutil

    other = tmp_path / "other"
    _make(other)
    code = _make(tmp_path / "mine")
    for name in ("vakka.key", "vakka.key.bak"):
        shutil.copyfile(other / name, tmp_path / "mine" / name)
    result = run_vakka(
        "check", "--register", str(tmp_path / "mine"), env={"VAKKA_RECOVERY_CODE": code}
    )
    assert_no_traceback(result)
    assert result.returncode == 4, result.stderr
    assert "belongs to another register" in result.stderr


def test_failed_attempts_are_told_at_the_next_unlock(folder: Path) -> None:
    for _ in range(2):
        wrong = run_vakka("check", "--register", str(folder), passphrase="not the right one at all")
        assert wrong.returncode == 3
    result = run_vakka("check", "--register", str(folder))
    assert_no_traceback(result)
    assert result.returncode == 0, result.stderr
    assert "2 failed attempts to open the register since you last opened it." in result.stderr
    again = run_vakka("check", "--register", str(folder))
    assert again.returncode == 0
    assert "failed attempt" not in again.stderr
