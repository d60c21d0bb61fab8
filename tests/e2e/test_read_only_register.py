"""A register on a read-only medium: `check` and `backup` work and change nothing; commands
that show personal data refuse, because the audit log cannot be written (issue 7, item 7).

Tests run as root here, where permission bits do not stop writes, so the register is put
on a tmpfs mounted read-only; as any other user, `chmod -R a-w` makes it read-only.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.cli_helpers import assert_no_traceback, isolated_env, run_vakka


def _fingerprint(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _mount(*args: str) -> bool:
    done = subprocess.run(["mount", *args], capture_output=True, check=False)
    return done.returncode == 0


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("ro-demo") / "register"
    env = isolated_env(tmp_path_factory.mktemp("home"))
    result = run_vakka("demo", "--register", str(folder), "--clients", "5", env=env)
    assert result.returncode == 0, result.stderr
    return folder


@pytest.fixture
def read_only_register(template: Path, tmp_path: Path) -> Iterator[Path]:
    medium = tmp_path / "medium"
    medium.mkdir()
    if os.geteuid() != 0:
        folder = medium / "register"
        shutil.copytree(template, folder)
        for path in [*folder.iterdir(), folder, medium]:
            path.chmod(path.stat().st_mode & ~0o222)
        yield folder
        for path in [medium, folder, *folder.iterdir()]:
            path.chmod(path.stat().st_mode | 0o200)
        return
    if not _mount("-t", "tmpfs", "-o", "size=16m,mode=0700", "tmpfs", str(medium)):
        pytest.skip("root, but no tmpfs mount here: no way to make a read-only medium")
    try:
        folder = medium / "register"
        shutil.copytree(template, folder)
        assert _mount("-o", "remount,ro", str(medium))
        assert not os.access(folder, os.W_OK)
        yield folder
    finally:
        subprocess.run(["umount", str(medium)], check=False)


def test_check_works_and_changes_nothing(read_only_register: Path) -> None:
    before = _fingerprint(read_only_register)
    result = run_vakka("check", "--register", str(read_only_register))
    assert_no_traceback(result)
    assert result.returncode == 0, result.stderr
    assert "The register is read-only: checked without changing anything." in result.stderr
    assert "The register is intact" in result.stdout
    assert _fingerprint(read_only_register) == before


def test_clients_refuses_because_the_audit_log_cannot_be_written(
    read_only_register: Path,
) -> None:
    before = _fingerprint(read_only_register)
    for args in (["clients"], ["clients", "--json"]):
        result = run_vakka(*args, "--register", str(read_only_register))
        assert_no_traceback(result)
        assert result.returncode == 1, result.stderr
        assert "The register is read-only" in result.stderr
        assert "cannot write its audit log" in result.stderr
        assert "Copy the register folder" in result.stderr
        assert result.stdout == ""
    assert _fingerprint(read_only_register) == before


def test_backup_of_a_read_only_register_restores(read_only_register: Path, tmp_path: Path) -> None:
    before = _fingerprint(read_only_register)
    out = tmp_path / "copy.vakka"
    result = run_vakka("backup", "--register", str(read_only_register), "--out", str(out))
    assert_no_traceback(result)
    assert result.returncode == 0, result.stderr
    assert "without recording it" in result.stderr
    assert _fingerprint(read_only_register) == before
    restored = tmp_path / "restored"
    result = run_vakka("restore", str(out), "--register", str(restored))
    assert result.returncode == 0, result.stderr
    listed = run_vakka("clients", "--json", "--register", str(restored))
    assert listed.returncode == 0, listed.stderr


def test_nothing_can_be_created_or_restored_onto_it(
    read_only_register: Path, tmp_path: Path
) -> None:
    medium = read_only_register.parent
    before = sorted(p.name for p in medium.iterdir())
    result = run_vakka("init", "--register", str(medium / "new"))
    assert_no_traceback(result)
    assert result.returncode == 1
    assert "read-only" in result.stderr or "no permission" in result.stderr
    result = run_vakka("restore", str(tmp_path / "none.vakka"), "--register", str(medium / "r"))
    assert result.returncode == 1
    assert sorted(p.name for p in medium.iterdir()) == before
