"""Backup → restore into a new folder gives the same clients, notes and audit chain."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from app.db import audit
from app.db.vault import Secret
from app.domain.errors import RegisterDamagedError, VakkaError, WrongSecretError
from app.services import backup, clients
from app.services import register as register_service
from app.services.demo import populate_demo
from app.services.session import Session
from tests.conftest import PASSPHRASE


def _snapshot(session: Session) -> dict[str, object]:
    conn = session.conn
    return {
        "clients": [(s.id, s.name, s.active) for s in clients.list_clients(session)],
        "notes": conn.execute(
            "SELECT id, client_id, kind, body, amends_id, removed_at "
            "FROM clinical.notes ORDER BY id"
        ).fetchall(),
        "identities": conn.execute(
            "SELECT client_id, hetu FROM clinical.identities ORDER BY client_id"
        ).fetchall(),
        "audit": [(r.seq, r.hash) for r in audit.rows(conn)],
    }


@pytest.fixture
def populated(session: Session) -> Session:
    populate_demo(session, clients=25)
    return session


def test_backup_restore_round_trip(populated: Session, tmp_path: Path) -> None:
    out = tmp_path / "elsewhere" / "backup.vakka"
    out.parent.mkdir()
    info = backup.create_backup(populated, out)
    assert info.size == out.stat().st_size > 0
    before = _snapshot(populated)
    populated.close()

    target = tmp_path / "restored"
    assert backup.restore_backup(out, target, Secret(passphrase=PASSPHRASE)) == []
    restored = register_service.unlock(target, Secret(passphrase=PASSPHRASE))
    try:
        after = _snapshot(restored)
        assert register_service.check(restored) == []
    finally:
        restored.close()
    # The backup is logged before the copy is taken, so the copy holds the whole chain.
    assert after == before
    assert len(after["notes"]) > 10  # type: ignore[arg-type]
    assert len(after["audit"]) > 0  # type: ignore[arg-type]


def test_backup_holds_no_plaintext_member(populated: Session, tmp_path: Path) -> None:
    out = tmp_path / "backup.vakka"
    backup.create_backup(populated, out)
    with zipfile.ZipFile(out) as archive:
        names = set(archive.namelist())
        db = archive.read("register.db")
    assert {"register.db", "clinical.db", "vakka.key", "manifest.json"} <= names
    assert not db.startswith(b"SQLite format 3")
    first = clients.list_clients(populated)[0].name
    assert first.encode() not in out.read_bytes()


def test_backup_opens_with_the_passphrase_of_its_day(populated: Session, tmp_path: Path) -> None:
    out = tmp_path / "backup.vakka"
    backup.create_backup(populated, out)
    register_service.change_passphrase(populated, "A completely new passphrase 2027")
    populated.close()
    with pytest.raises(WrongSecretError):
        backup.restore_backup(
            out, tmp_path / "new", Secret(passphrase="A completely new passphrase 2027")
        )
    assert not (tmp_path / "new").exists()
    assert backup.restore_backup(out, tmp_path / "new", Secret(passphrase=PASSPHRASE)) == []


def test_restore_never_overwrites(populated: Session, tmp_path: Path) -> None:
    out = tmp_path / "backup.vakka"
    backup.create_backup(populated, out)
    target = tmp_path / "occupied"
    target.mkdir()
    (target / "something.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(VakkaError) as raised:
        backup.restore_backup(out, target, Secret(passphrase=PASSPHRASE))
    assert raised.value.code == "restore.target_not_empty"
    assert (target / "something.txt").read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in target.iterdir()) == ["something.txt"]


def test_damaged_backup_is_refused_and_leaves_nothing(populated: Session, tmp_path: Path) -> None:
    out = tmp_path / "backup.vakka"
    backup.create_backup(populated, out)
    data = bytearray(out.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 64] = bytes(64)
    out.write_bytes(bytes(data))
    target = tmp_path / "restored"
    with pytest.raises(RegisterDamagedError):
        backup.restore_backup(out, target, Secret(passphrase=PASSPHRASE))
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_failed_verification_keeps_no_backup(
    populated: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_verify(path: Path, out: Path, session: Session, source: frozenset[str]) -> None:
        raise RegisterDamagedError("backup.verify_failed")

    monkeypatch.setattr(backup, "_verify_archive", broken_verify)
    out = tmp_path / "backup.vakka"
    with pytest.raises(RegisterDamagedError):
        backup.create_backup(populated, out)
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name != "register"] == []


def test_a_register_with_problems_is_still_backed_up(populated: Session, tmp_path: Path) -> None:
    folder = populated.register.paths.folder
    populated.close()
    (folder / "audit.head").unlink()
    damaged = register_service.unlock(folder, Secret(passphrase=PASSPHRASE))
    out = tmp_path / "backup.vakka"
    try:
        info = backup.create_backup(damaged, out)
    finally:
        damaged.close()
    assert info.source_problems == ("audit.head_missing",)
    assert out.exists()
    assert not (folder / "audit.head").exists(), "the evidence is kept"
    problems = backup.restore_backup(out, tmp_path / "restored", Secret(passphrase=PASSPHRASE))
    assert problems == ["audit.head_missing"]
