"""A full disk (issue 13 item 3) during writes, an import, a purge and a backup: a clear
error with its own message and the contract's exit code (1: failure, nothing changed),
nothing committed before is lost, and `vakka check` passes afterwards.

How the disk is filled, honestly:
- the stores: SQLite's own ``PRAGMA max_page_count`` on every connection the register
  opens (the stores cannot grow past their size plus a few pages): SQLite then fails
  exactly as on a full disk (SQLITE_FULL, "database or disk is full");
- after a purge's commit: VACUUM journals a whole store, so a nearly full disk fails
  there; made to fail with SQLite's own disk-full error (and the head file's write with
  ENOSPC), since a limit on pages does not limit the journal;
- the backup drive: no size-limited file system can be mounted here without root, so
  the backup file's writes are made to raise OSError(ENOSPC) after 64 KiB — what the OS
  raises on a full drive.
"""

from __future__ import annotations

import contextlib
import errno
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

import pytest

from app.cli import main
from app.db import vault
from app.db.connection import Connection
from app.db.errors import as_user_error
from app.domain.errors import VakkaError
from app.domain.kinds import RegisterKind
from app.domain.models import Client
from app.services import backup, clients, purge, relationships
from app.services import register as register_service
from app.services.session import Session
from tests.conftest import FIXED_NOW, PASSPHRASE
from tests.e2e.cli_helpers import assert_no_traceback, run_vakka
from tests.helpers import assert_translated
from tests.purge_register import _note, build_due_register

DISK_FULL = "The disk is full"


def _limit(conn: Connection, schema: str, spare: int) -> None:
    pages = conn.execute(f"PRAGMA {schema}.page_count").fetchone()[0]
    conn.execute(f"PRAGMA {schema}.max_page_count = {pages + spare}")


@pytest.fixture
def full_stores(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, int]]:
    """Every store the register opens from now on may grow by ``spare`` pages only."""
    spare = {"pages": 2}
    real_open, real_attach = vault.open_store, vault.attach_clinical

    def open_store(*args: Any, **kwargs: Any) -> Connection:
        conn = real_open(*args, **kwargs)
        _limit(conn, "main", spare["pages"])
        return conn

    def attach_clinical(conn: Connection, *args: Any, **kwargs: Any) -> None:
        real_attach(conn, *args, **kwargs)
        _limit(conn, "clinical", spare["pages"])

    monkeypatch.setattr(vault, "open_store", open_store)
    monkeypatch.setattr(vault, "attach_clinical", attach_clinical)
    yield spare


def _vakka(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """The real command, in this process (so the fixtures' limits apply)."""
    capsys.readouterr()
    try:
        code = main(list(args))
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    err = capsys.readouterr().err
    assert "Traceback" not in err and "unexpected problem" not in err, err
    return code, err


def _count(folder: Path, sql: str) -> int:
    session = register_service.unlock(folder, vault.Secret(passphrase=PASSPHRASE))
    try:
        return int(session.conn.execute(sql).fetchone()[0])
    finally:
        session.close()


def _checks_clean(folder: Path) -> None:
    result = run_vakka("check", "--register", str(folder))
    assert_no_traceback(result)
    assert result.returncode == 0, result.stderr


def test_adding_clients_until_the_disk_is_full(
    new_register: tuple[Session, str], register_folder: Path, full_stores: dict[str, int]
) -> None:
    session, _code = new_register
    _limit(session.conn, "main", 3)
    added = 0
    with pytest.raises(Exception) as raised:
        for n in range(10_000):
            clients.add_client(session, Client(first_name=f"Täysi{n}", last_name="Levy"))
            added += 1
    error = as_user_error(raised.value)
    assert isinstance(error, VakkaError) and error.code == "io.disk_full", raised.value
    assert error.exit_code == 1
    assert_translated(error)
    assert added > 0
    assert not session.conn.in_transaction  # nothing half-done stays open
    session.close()
    full_stores["pages"] = 10_000
    assert _count(register_folder, "SELECT count(*) FROM clients") == added
    _checks_clean(register_folder)


def test_an_import_on_a_full_disk_adds_nothing(
    new_register: tuple[Session, str],
    register_folder: Path,
    tmp_path: Path,
    full_stores: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    session, _code = new_register
    for n in range(5):
        clients.add_client(session, Client(first_name=f"Ennen{n}", last_name="Levy"))
    session.close()
    csv = tmp_path / "clients.csv"
    rows = "".join(f"Tuonti{n};Levy;040 {n:07d}\n" for n in range(3000))
    csv.write_text("Etunimi;Sukunimi;Puhelin\n" + rows, encoding="utf-8")
    monkeypatch.setenv("VAKKA_PASSPHRASE", PASSPHRASE)

    code, err = _vakka(
        "import-clients", str(csv), "--yes", "--register", str(register_folder), capsys=capsys
    )
    assert code == 1, err
    assert DISK_FULL in err
    full_stores["pages"] = 10_000
    assert _count(register_folder, "SELECT count(*) FROM clients") == 5
    _checks_clean(register_folder)


@pytest.mark.slow
def test_a_purge_on_a_full_disk_destroys_nothing(
    new_register: tuple[Session, str],
    register_folder: Path,
    full_stores: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The purge's deletions free pages, but optimizing the notes' full-text index writes
    its merged index first: with many notes and no room, that is where the disk is full."""
    session, _code = new_register
    built = build_due_register(session)
    kept = built.ids["B"]  # under legal hold: its notes stay, and fill the index
    rel = relationships.relationships_of(session, kept)[0].id or 0
    for n in range(300):
        words = " ".join(f"sana{n}x{w}" for w in range(40))
        _note(session, kept, rel, RegisterKind.OTHER, f"Pitkä kirjaus {n} {words}")
    built.clock.now = FIXED_NOW
    due = purge.plan_purge(session).counts()
    assert due
    session.close()
    before = {
        sql: _count(register_folder, sql)
        for sql in (
            "SELECT count(*) FROM clients",
            "SELECT count(*) FROM clinical.notes",
            "SELECT count(*) FROM invoices",
            "SELECT count(*) FROM purge_log",
        )
    }
    full_stores["pages"] = 0
    monkeypatch.setenv("VAKKA_PASSPHRASE", PASSPHRASE)
    code, err = _vakka("purge", "--yes", "--register", str(register_folder), capsys=capsys)
    assert code == 1, err
    assert DISK_FULL in err
    full_stores["pages"] = 10_000
    assert {sql: _count(register_folder, sql) for sql in before} == before
    session = register_service.unlock(register_folder, vault.Secret(passphrase=PASSPHRASE))
    try:
        assert purge.plan_purge(session, date(2026, 11, 23)).counts() == due
    finally:
        session.close()
    _checks_clean(register_folder)


def test_a_full_disk_after_the_purge_s_commit_is_not_a_failed_purge(
    new_register: tuple[Session, str],
    register_folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The records are gone (committed) when the vacuum or the head file meet a full
    disk: the command says so and exits 0, not "nothing was saved" with 1."""
    import sqlcipher3

    from app.db import audit, purge_store

    session, _code = new_register
    build_due_register(session)
    session.close()

    def vacuum_on_a_full_disk(_conn: Connection) -> None:
        raise sqlcipher3.OperationalError("database or disk is full")

    def head_on_a_full_disk(*_args: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(purge_store, "vacuum", vacuum_on_a_full_disk)
    monkeypatch.setattr(audit, "write_head", head_on_a_full_disk)
    monkeypatch.setenv("VAKKA_PASSPHRASE", PASSPHRASE)
    code, err = _vakka("purge", "--yes", "--register", str(register_folder), capsys=capsys)
    assert code == 0, err
    assert "The records were destroyed, but the disk is too full" in err
    assert "nothing was saved" not in err
    monkeypatch.undo()
    session = register_service.unlock(register_folder, vault.Secret(passphrase=PASSPHRASE))
    try:
        assert not any(purge.plan_purge(session, date(2026, 11, 23)).counts().values())
        assert purge.purge_records(session)  # the purge log kept its record
    finally:
        session.close()
    _checks_clean(register_folder)


class _FillingDrive:
    """A file object whose writes fail with ENOSPC once ``room`` bytes are written."""

    def __init__(self, handle: BinaryIO, room: int) -> None:
        self._handle, self._room = handle, room

    def write(self, data: bytes) -> int:
        self._room -= len(data)
        if self._room < 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        return self._handle.write(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)


def test_a_backup_to_a_full_drive(
    new_register: tuple[Session, str],
    register_folder: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    session, _code = new_register
    for n in range(20):
        clients.add_client(session, Client(first_name=f"Varmuus{n}", last_name="Levy"))
    session.close()
    real_writer = backup.atomic_writer

    @contextlib.contextmanager
    def filling_writer(*args: Any, **kwargs: Any) -> Iterator[Any]:
        with real_writer(*args, **kwargs) as handle:
            yield _FillingDrive(handle, 64 * 1024)

    monkeypatch.setattr(backup, "atomic_writer", filling_writer)
    monkeypatch.setenv("VAKKA_PASSPHRASE", PASSPHRASE)
    drive = tmp_path / "drive"
    drive.mkdir()
    out = drive / "backup.vakka"

    code, err = _vakka(
        "backup", "--out", str(out), "--register", str(register_folder), capsys=capsys
    )
    assert code == 1, err
    assert "not enough space" in err
    assert list(drive.iterdir()) == []  # no partial backup, no temporary file left
    session = register_service.unlock(register_folder, vault.Secret(passphrase=PASSPHRASE))
    try:
        assert register_service.status(session).last_backup_at is None
        with pytest.raises(VakkaError) as raised:
            backup.create_backup(session, out)
        assert raised.value.code == "backup.disk_full"
        assert_translated(raised.value)
        assert len(clients.list_clients(session)) == 20
    finally:
        session.close()
    _checks_clean(register_folder)
