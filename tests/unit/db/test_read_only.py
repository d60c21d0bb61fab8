"""Opening a register read-only writes nothing: no lock file, no clean-up, no repair, no
rekey roll-forward, no migration, no audit head; and a register that cannot be written is
refused up front unless the caller only checks or copies it."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

from app.db import readonly, rekey
from app.db.audit import AuditEvent
from app.db.vault import RegisterPaths, Secret, open_register
from app.domain.errors import VakkaError
from app.services import register as register_service
from app.services.session import Session
from tests.conftest import PASSPHRASE, fixed_clock

STORED = Path(__file__).resolve().parents[2] / "data" / "registers"


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture
def closed(new_register: tuple[Session, str], register_folder: Path) -> Path:
    session, _code = new_register
    with session.transaction():
        session.log(AuditEvent("clients.list", data_kind="client_list", purpose="export"))
    session.close()
    for name in ("vakka.lock", "vakka.lock.owner"):
        (register_folder / name).unlink(missing_ok=True)
    return register_folder


def open_read_only(folder: Path, clinical: bool = True) -> Session:
    return Session(
        open_register(folder, Secret(passphrase=PASSPHRASE), clinical, fixed_clock, read_only=True)
    )


def test_read_only_open_writes_nothing(closed: Path) -> None:
    stale = closed / ".register.db.0123abcd.tmp"
    stale.write_bytes(b"left by a crash")
    key_copy = closed / "vakka.key.bak"
    key_copy.unlink()  # a repair would write it back
    before = digest(closed)
    session = open_read_only(closed)
    try:
        assert session.register.read_only
        assert register_service.check(session) == ["check.key_file_copy_damaged"]
        session.lock()
        with pytest.raises(VakkaError) as refused, session.transaction():
            pass
        assert refused.value.code == "register.read_only"
        with pytest.raises(VakkaError):
            session.log(AuditEvent("client.open", client_id="1", data_kind="client"))
    finally:
        session.close()
    assert digest(closed) == before  # no lock file, temp file kept, copy not repaired
    assert not (closed / "vakka.lock").exists()


def test_a_second_reader_is_not_locked_out(closed: Path) -> None:
    first, second = open_read_only(closed), open_read_only(closed)
    first.close()
    second.close()


def test_an_interrupted_rekey_is_not_finished_read_only(closed: Path) -> None:
    # Past its marker a rekey is rolled forward or undone at unlock: both are writes.
    (closed / "register.db.rekey").write_bytes(b"")
    rekey.marker_path(RegisterPaths(closed)).write_bytes(b"{}")
    before = digest(closed)
    with pytest.raises(VakkaError) as refused:
        open_read_only(closed)
    assert refused.value.code == "register.read_only_rekey_pending"
    assert digest(closed) == before


def test_a_register_that_needs_migrating_is_refused_read_only(tmp_path: Path) -> None:
    source = STORED / "v1"
    expected = json.loads((source / "expected.json").read_text(encoding="utf-8"))
    folder = tmp_path / "register"
    shutil.copytree(source / "register", folder)
    before = digest(folder)
    with pytest.raises(VakkaError) as refused:
        open_register(folder, Secret(passphrase=expected["passphrase"]), read_only=True)
    assert refused.value.code == "register.read_only_needs_update"
    assert digest(folder) == before


def test_the_stores_are_opened_read_only_by_sqlite(closed: Path) -> None:
    session = open_read_only(closed)
    try:
        with pytest.raises(Exception, match=r"readonly|read-only|query_only"):
            session.conn.execute("INSERT INTO meta (key, value) VALUES ('x', 'y')")
        session.conn.execute("PRAGMA query_only = OFF")  # mode=ro still holds, both stores
        for statement in ("INSERT INTO meta (key, value) VALUES ('x', 'y')",
                          "DELETE FROM clinical.notes"):  # fmt: skip
            with pytest.raises(Exception, match="readonly"):
                session.conn.execute(statement)
    finally:
        session.close()


def test_a_read_only_register_is_refused_unless_read_only_is_allowed(
    closed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_access = os.access

    def no_writing(path: object, mode: int, **kwargs: object) -> bool:
        return False if mode & os.W_OK else real_access(path, mode)  # type: ignore[arg-type]

    monkeypatch.setattr(readonly.os, "access", no_writing)
    secret = Secret(passphrase=PASSPHRASE)
    with pytest.raises(VakkaError) as refused:
        register_service.unlock(closed, secret)
    assert refused.value.code == "register.read_only"
    session = register_service.unlock(closed, secret, allow_read_only=True)
    try:
        assert register_service.is_open_read_only(session)
    finally:
        session.close()
    assert not (closed / "vakka.lock").exists()


def test_a_writable_register_opens_normally_even_where_read_only_is_allowed(
    closed: Path,
) -> None:
    session = register_service.unlock(closed, Secret(passphrase=PASSPHRASE), allow_read_only=True)
    try:
        assert not register_service.is_open_read_only(session)
    finally:
        session.close()
