"""A new recovery code can never destroy a store or leave the practitioner without the code.

Each test reproduces a defect of issue 7 (items 1, 2, 3 and 5) that the earlier rekey had.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.db import keyfile, rekey
from app.db.connection import DatabaseError
from app.db.vault import Secret, open_register
from app.domain.errors import RegisterDamagedError, VakkaError, WrongSecretError
from app.domain.models import Client
from app.services import clients
from app.services import register as register_service
from app.services.session import Session
from tests.conftest import PASSPHRASE, fixed_clock
from tests.e2e.cli_helpers import assert_no_traceback, run_vakka


def names(folder: Path, secret: Secret) -> list[str]:
    session = register_service.unlock(folder, secret, clock=fixed_clock)
    try:
        assert register_service.check(session) == []
        return sorted(s.name for s in clients.list_clients(session))
    finally:
        session.close()


def digests(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def filled(new_register: tuple[Session, str], register_folder: Path) -> tuple[Path, str]:
    session, code = new_register
    for number in range(5):
        clients.add_client(session, Client(first_name=f"Rekey{number}", last_name="Testinen"))
    session.close()
    return register_folder, code


EXPECTED = [f"Rekey{n} Testinen" for n in range(5)]


# --- item 1: an empty or unvouched new store never replaces a real one -------------------


@pytest.mark.parametrize("content", [b"", b"\0" * 4096])
def test_new_stores_without_the_marker_are_dropped(
    filled: tuple[Path, str], content: bytes
) -> None:
    """Killed just before the first write of the export: empty .rekey files remain."""
    folder, code = filled
    for store in ("register.db", "clinical.db"):
        (folder / f"{store}.rekey").write_bytes(content)
    assert names(folder, Secret(passphrase=PASSPHRASE)) == EXPECTED
    assert not list(folder.glob("*.rekey"))
    assert names(folder, Secret(recovery_code=code)) == EXPECTED


def die_after_the_commit_point(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rekey whose process is gone right after the key file was written."""
    session = register_service.unlock(folder, Secret(passphrase=PASSPHRASE), clock=fixed_clock)

    def die(paths: object) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(rekey, "finish_interrupted", die)
        with pytest.raises(KeyboardInterrupt):
            session.register.new_recovery_code(PASSPHRASE)
    session.register._lock.release()  # the OS drops a dead process's lock


def test_a_marker_that_does_not_vouch_for_a_store_changes_nothing(
    filled: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the commit point, a new store that is not what the marker recorded is damage."""
    folder, _code = filled
    die_after_the_commit_point(folder, monkeypatch)
    pending = folder / "register.db.rekey"
    assert pending.exists() and (folder / rekey.MARKER_NAME).exists()
    pending.write_bytes(pending.read_bytes()[:4096])  # cut short after the marker: impossible
    before = digests(folder)
    with pytest.raises(RegisterDamagedError) as info:
        open_register(folder, Secret(passphrase=PASSPHRASE), clock=fixed_clock)
    assert info.value.code == "register.rekey_unfinished"
    assert digests(folder) == before


def test_a_rekey_past_its_commit_point_is_finished(
    filled: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, old_code = filled
    die_after_the_commit_point(folder, monkeypatch)
    with pytest.raises(WrongSecretError):
        open_register(folder, Secret(recovery_code=old_code)).close()
    assert names(folder, Secret(passphrase=PASSPHRASE)) == EXPECTED
    assert not list(folder.glob("*.rekey")) and not (folder / rekey.MARKER_NAME).exists()


def test_a_failed_export_leaves_nothing_behind(
    filled: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, code = filled
    session = register_service.unlock(folder, Secret(passphrase=PASSPHRASE), clock=fixed_clock)
    real_export = rekey._export
    calls = {"n": 0}

    def export_then_fail(*args: object) -> None:
        calls["n"] += 1
        real_export(*args)  # type: ignore[arg-type]
        if calls["n"] == 2:
            raise DatabaseError("database or disk is full")

    monkeypatch.setattr(rekey, "_export", export_then_fail)
    with pytest.raises(VakkaError) as info:
        register_service.new_recovery_code(session, PASSPHRASE)
    assert info.value.code == "register.rekey_disk_full"
    assert not list(folder.glob("*.rekey")) and not (folder / rekey.MARKER_NAME).exists()
    # The open register goes on working, with the old key and nothing pending.
    assert len(clients.list_clients(session)) == 5
    assert not register_service.recovery_code_unconfirmed(session)
    session.close()
    assert names(folder, Secret(recovery_code=code)) == EXPECTED


@contextlib.contextmanager
def small_filesystem(size_kib: int) -> Iterator[Path]:
    mount_point = Path(f"/tmp/vakka-small-fs-{uuid.uuid4().hex[:8]}")
    mount_point.mkdir()
    try:
        mounted = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size_kib}k", "tmpfs", str(mount_point)],
            capture_output=True,
            check=False,
        )
        if mounted.returncode != 0:
            pytest.skip("no permission to mount a small filesystem here (the simulated test runs)")
        try:
            yield mount_point
        finally:
            subprocess.run(["umount", str(mount_point)], check=False)
    finally:
        mount_point.rmdir()


def test_rekey_on_a_full_disk_says_so_and_keeps_the_register(filled: tuple[Path, str]) -> None:
    folder, code = filled
    size = sum(p.stat().st_size for p in folder.iterdir()) // 1024
    with small_filesystem(size + 48) as disk:
        copy = disk / "register"
        shutil.copytree(folder, copy)
        session = register_service.unlock(copy, Secret(passphrase=PASSPHRASE), clock=fixed_clock)
        try:
            with pytest.raises(VakkaError) as info:
                register_service.new_recovery_code(session, PASSPHRASE)
            assert info.value.code == "register.rekey_disk_full"
            assert len(clients.list_clients(session)) == 5
        finally:
            session.close()
        assert not list(copy.glob("*.rekey")) and not (copy / rekey.MARKER_NAME).exists()
        assert names(copy, Secret(recovery_code=code)) == EXPECTED


# --- item 2: the code in force is never one nobody was shown ------------------------------


def test_an_unconfirmed_code_is_shown_again_with_the_passphrase(filled: tuple[Path, str]) -> None:
    folder, _old = filled
    session = register_service.unlock(folder, Secret(passphrase=PASSPHRASE), clock=fixed_clock)
    register_service.new_recovery_code(session, PASSPHRASE)  # killed before it was printed
    session.close()
    session = register_service.unlock(folder, Secret(passphrase=PASSPHRASE), clock=fixed_clock)
    try:
        assert register_service.recovery_code_unconfirmed(session)
        with pytest.raises(WrongSecretError):
            register_service.show_recovery_code(session, "not the passphrase at all")
        shown = register_service.show_recovery_code(session, PASSPHRASE)
        register_service.confirm_recovery_code(session)
        assert not register_service.recovery_code_unconfirmed(session)
    finally:
        session.close()
    assert names(folder, Secret(recovery_code=shown)) == EXPECTED


def test_a_rekey_that_did_not_commit_leaves_no_unconfirmed_note(
    filled: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, code = filled
    session = register_service.unlock(folder, Secret(passphrase=PASSPHRASE), clock=fixed_clock)
    real_write = keyfile.atomic_write_bytes

    def fail_the_commit(path: Path, data: bytes, mode: int = 0o600) -> None:
        raise OSError("simulated failure of the key file write")

    monkeypatch.setattr(keyfile, "atomic_write_bytes", fail_the_commit)
    with pytest.raises(OSError):
        register_service.new_recovery_code(session, PASSPHRASE)
    monkeypatch.setattr(keyfile, "atomic_write_bytes", real_write)
    assert not register_service.recovery_code_unconfirmed(session)
    session.close()
    assert names(folder, Secret(recovery_code=code)) == EXPECTED


def test_cli_new_code_prints_it_and_says_so_when_one_was_never_confirmed(
    filled: tuple[Path, str],
) -> None:
    folder, old_code = filled
    made = run_vakka("recovery-code", "--new", "--register", str(folder))
    assert made.returncode == 0, made.stderr
    lines = made.stdout.splitlines()
    new_code = lines[lines.index(next(x for x in lines if "Recovery code" in x)) + 1]
    assert new_code != old_code
    assert names(folder, Secret(recovery_code=new_code)) == EXPECTED
    listed = run_vakka("clients", "--register", str(folder))
    assert "never confirmed" not in listed.stderr

    # A rekey whose code was never printed (the process died): every command says so.
    session = register_service.unlock(folder, Secret(passphrase=PASSPHRASE), clock=fixed_clock)
    register_service.new_recovery_code(session, PASSPHRASE)
    session.close()
    listed = run_vakka("clients", "--register", str(folder))
    assert listed.returncode == 0
    assert "vakka recovery-code --show" in listed.stderr
    shown = run_vakka("recovery-code", "--show", "--register", str(folder))
    assert shown.returncode == 0, shown.stderr
    assert_no_traceback(shown)
    code = shown.stdout.splitlines()[1]
    assert names(folder, Secret(recovery_code=code)) == EXPECTED
    assert "never confirmed" not in run_vakka("clients", "--register", str(folder)).stderr


def test_cli_recovery_code_needs_the_passphrase_not_the_code(filled: tuple[Path, str]) -> None:
    folder, code = filled
    refused = run_vakka(
        "recovery-code",
        "--new",
        "--register",
        str(folder),
        passphrase="a wrong passphrase, surely",
        env={"VAKKA_RECOVERY_CODE": code},
    )
    assert refused.returncode == 3
    assert names(folder, Secret(recovery_code=code)) == EXPECTED


# --- item 3: empty stores are damage, never a new register ---------------------------------


@pytest.mark.parametrize(
    "emptied", [("register.db", "clinical.db"), ("register.db",), ("clinical.db",)]
)
def test_empty_stores_are_damaged_and_left_as_they_are(
    filled: tuple[Path, str], emptied: tuple[str, ...]
) -> None:
    folder, _code = filled
    for name in emptied:
        (folder / name).write_bytes(b"")
    before = digests(folder)
    result = run_vakka("check", "--register", str(folder))
    assert result.returncode == 4, result.stderr
    assert "damaged" in result.stderr
    assert "different versions" not in result.stderr
    assert_no_traceback(result)
    assert digests(folder) == before


def test_a_store_without_its_schema_is_damaged(filled: tuple[Path, str]) -> None:
    folder, _code = filled
    register = open_register(folder, Secret(passphrase=PASSPHRASE), clock=fixed_clock)
    register.conn.execute("PRAGMA main.user_version = 0")
    register.conn.execute("PRAGMA clinical.user_version = 0")
    register.close()
    before = digests(folder)
    with pytest.raises(RegisterDamagedError):
        open_register(folder, Secret(passphrase=PASSPHRASE), clock=fixed_clock)
    assert digests(folder) == before


# --- item 5: a repaired key-file copy is reported, not called damage -----------------------


def test_check_after_an_interrupted_passphrase_change_is_clean(filled: tuple[Path, str]) -> None:
    folder, _code = filled
    new = "Another long passphrase for tests 2027"
    register = open_register(folder, Secret(passphrase=PASSPHRASE), clock=fixed_clock)
    stale_copy = (folder / "vakka.key.bak").read_bytes()
    register.change_passphrase(new)
    register.close()
    (folder / "vakka.key.bak").write_bytes(stale_copy)  # killed before the copy was written
    result = run_vakka("check", "--register", str(folder), passphrase=new)
    assert result.returncode == 0, result.stderr
    assert "repaired" in result.stderr
    assert "restore" not in result.stderr.lower()
    again = run_vakka("check", "--register", str(folder), passphrase=new)
    assert again.returncode == 0 and "repaired" not in again.stderr
