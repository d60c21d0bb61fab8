"""A new recovery code rekeys both stores; an interrupted rekey is finished or undone."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.db import keyfile, rekey, vault
from app.db.vault import Secret, open_register
from app.domain.errors import WrongSecretError
from app.domain.models import Client
from app.services import clients
from app.services import register as register_service
from app.services.session import Session
from tests.conftest import PASSPHRASE


def _names(folder: Path, secret: Secret) -> list[str]:
    session = register_service.unlock(folder, secret)
    try:
        assert set(session.register.check()) <= {"check.key_file_repaired"}
        return sorted(s.name for s in clients.list_clients(session))
    finally:
        session.close()


def test_new_recovery_code_rekeys_both_stores(
    new_register: tuple[Session, str], register_folder: Path
) -> None:
    session, old_code = new_register
    clients.add_client(session, Client(first_name="Testi", last_name="Rekeyinen"))
    before = (register_folder / "register.db").read_bytes()[:4096]
    new_code = register_service.new_recovery_code(session, PASSPHRASE)
    assert new_code != old_code
    assert (register_folder / "register.db").read_bytes()[:4096] != before
    assert [s.name for s in clients.list_clients(session)] == ["Testi Rekeyinen"]
    session.close()
    with pytest.raises(WrongSecretError):
        open_register(register_folder, Secret(recovery_code=old_code)).close()
    assert _names(register_folder, Secret(recovery_code=new_code)) == ["Testi Rekeyinen"]
    assert _names(register_folder, Secret(passphrase=PASSPHRASE)) == ["Testi Rekeyinen"]
    assert not list(register_folder.glob("*.rekey"))


def test_new_recovery_code_needs_the_passphrase(new_register: tuple[Session, str]) -> None:
    session, old_code = new_register
    with pytest.raises(WrongSecretError):
        register_service.new_recovery_code(session, "not the passphrase, surely")
    session.close()
    open_register(session.register.paths.folder, Secret(recovery_code=old_code)).close()


@pytest.mark.parametrize("fail_at_write", [1, 2])
def test_interrupted_rekey_opens_with_old_or_new(
    new_register: tuple[Session, str],
    register_folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    fail_at_write: int,
) -> None:
    """Crash while the key file is written (before or between its two copies)."""
    session, old_code = new_register
    clients.add_client(session, Client(first_name="Keskeytys", last_name="Testaaja"))
    real_write = keyfile.atomic_write_bytes
    calls = {"n": 0}

    def failing_write(path: Path, data: bytes, mode: int = 0o600) -> None:
        calls["n"] += 1
        if calls["n"] == fail_at_write:
            raise OSError("simulated crash")
        real_write(path, data, mode)

    monkeypatch.setattr(keyfile, "atomic_write_bytes", failing_write)
    with pytest.raises(OSError):
        session.register.new_recovery_code(PASSPHRASE)
    monkeypatch.setattr(keyfile, "atomic_write_bytes", real_write)
    # The open register survived the failed write and still works.
    assert [s.name for s in clients.list_clients(session)] == ["Keskeytys Testaaja"]
    session.close()
    assert _names(register_folder, Secret(passphrase=PASSPHRASE)) == ["Keskeytys Testaaja"]
    assert not list(register_folder.glob("*.rekey"))
    if fail_at_write == 1:  # nothing was committed: the old code still opens
        assert _names(register_folder, Secret(recovery_code=old_code)) == ["Keskeytys Testaaja"]


def test_old_code_cannot_undo_a_committed_rekey(
    new_register: tuple[Session, str], register_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killed after the primary key file (the commit point) was written, before its copy:
    the old code still matches the stale copy but must not throw the new stores away."""
    session, old_code = new_register
    clients.add_client(session, Client(first_name="Sitoutunut", last_name="Avaintesti"))
    real_write = keyfile.atomic_write_bytes
    calls = {"n": 0}

    def die_before_the_copy(path: Path, data: bytes, mode: int = 0o600) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt  # the process dies: nothing after this runs
        real_write(path, data, mode)

    monkeypatch.setattr(keyfile, "atomic_write_bytes", die_before_the_copy)

    def die(paths: vault.RegisterPaths) -> None:
        raise KeyboardInterrupt  # the clean-up after the failed write: the process is gone

    monkeypatch.setattr(rekey, "finish_interrupted", die)
    with pytest.raises(KeyboardInterrupt):
        session.register.new_recovery_code(PASSPHRASE)
    monkeypatch.undo()
    session.register._lock.release()  # the OS drops a dead process's lock
    assert list(register_folder.glob("*.rekey"))  # the new stores wait beside the old

    with pytest.raises(WrongSecretError):
        open_register(register_folder, Secret(recovery_code=old_code)).close()
    assert list(register_folder.glob("*.rekey")), "the old code must not discard the new stores"
    assert _names(register_folder, Secret(passphrase=PASSPHRASE)) == ["Sitoutunut Avaintesti"]
    assert not list(register_folder.glob("*.rekey"))
