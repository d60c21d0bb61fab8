"""An older copy of the register put back is noticed (issue 13 item 3): this computer keeps
the last chain position it saw outside the register folder; unlock reports it, `check`
exits 4 until the older state is accepted (recorded in the log)."""

from __future__ import annotations

import shutil
from pathlib import Path

from app.db import audit
from app.db.keyfile import FAST_INSECURE_KDF
from app.db.vault import Secret
from app.domain.models import Client
from app.services import backup, clients
from app.services import register as register_service
from tests.conftest import PASSPHRASE, fixed_clock
from tests.e2e.cli_helpers import run_vakka

SECRET = Secret(passphrase=PASSPHRASE)
STORE_FILES = ("register.db", "clinical.db", "audit.head")


def _made(folder: Path) -> None:
    created = register_service.create(folder, PASSPHRASE, kdf=FAST_INSECURE_KDF, clock=fixed_clock)
    clients.add_client(created.session, Client(first_name="Vanha", last_name="Tila"))
    created.session.close()


def _add(folder: Path, name: str) -> None:
    session = register_service.unlock(folder, SECRET, clock=fixed_clock)
    clients.add_client(session, Client(first_name=name, last_name="Uusi"))
    clients.open_client(session, clients.list_clients(session)[0].id)
    session.close()


def test_an_older_copy_put_back_is_reported_until_accepted(tmp_path: Path) -> None:
    folder = tmp_path / "register"
    _made(folder)
    old = tmp_path / "old"
    old.mkdir()
    for name in STORE_FILES:
        shutil.copy2(folder / name, old / name)
    _add(folder, "Myöhempi")
    for name in STORE_FILES:  # someone with the files but not the key puts the old ones back
        shutil.copy2(old / name, folder / name)

    session = register_service.unlock(folder, SECRET, clock=fixed_clock)
    try:
        older = register_service.older_state(session)
        assert older is not None and older.entries_now < older.seen_entries
        assert "check.rolled_back" in register_service.check(session)
    finally:
        session.close()
    checked = run_vakka("--register", str(folder), "check")
    assert checked.returncode == 4
    assert "older than this computer last saw" in checked.stderr

    accepted = run_vakka("--register", str(folder), "check", "--accept-older")
    assert accepted.returncode == 0, accepted.stderr
    session = register_service.unlock(folder, SECRET, clock=fixed_clock)
    try:
        assert register_service.older_state(session) is None
        assert [r.ref for r in audit.rows(session.conn) if r.action == "rollback.accept"] == [
            "accepted"
        ]
    finally:
        session.close()


def test_a_register_in_step_and_one_never_seen_are_not_reported(tmp_path: Path) -> None:
    folder = tmp_path / "register"
    _made(folder)
    _add(folder, "Toinen")
    session = register_service.unlock(folder, SECRET, clock=fixed_clock)
    try:
        assert register_service.older_state(session) is None
        assert register_service.check(session) == []
    finally:
        session.close()


def test_restoring_an_older_backup_where_the_register_was_is_accepted_and_logged(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "register"
    _made(folder)
    session = register_service.unlock(folder, SECRET, clock=fixed_clock)
    backup.create_backup(session, tmp_path / "old.vakka")
    session.close()
    _add(folder, "Myöhempi")
    # Elsewhere: a copy of its own, nothing to accept.
    elsewhere = tmp_path / "elsewhere"
    assert backup.restore_backup(tmp_path / "old.vakka", elsewhere, SECRET) == []
    session = register_service.unlock(elsewhere, SECRET, clock=fixed_clock)
    try:
        assert register_service.older_state(session) is None
        assert not [r for r in audit.rows(session.conn) if r.action == "rollback.accept"]
    finally:
        session.close()
    # Where the register was (the folder lost and the backup restored there): accepted.
    shutil.rmtree(folder)
    assert backup.restore_backup(tmp_path / "old.vakka", folder, SECRET) == []
    session = register_service.unlock(folder, SECRET, clock=fixed_clock)
    try:
        assert register_service.older_state(session) is None
        refs = [r.ref for r in audit.rows(session.conn) if r.action == "rollback.accept"]
        assert refs == ["restored"]
    finally:
        session.close()
