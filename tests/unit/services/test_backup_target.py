"""The backup target: an existing file only with overwrite, never a link, a folder or a device."""

from __future__ import annotations

import hashlib
import os
import zipfile
from pathlib import Path

import pytest

from app.db.vault import Secret
from app.domain.errors import VakkaError
from app.services import backup
from app.services.session import Session
from tests.conftest import PASSPHRASE

DOCUMENT = b"Invented document that must survive.\n"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _refused(session: Session, out: Path, overwrite: bool = False) -> str:
    with pytest.raises(VakkaError) as raised:
        backup.create_backup(session, out, overwrite=overwrite)
    return raised.value.code


def _only(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    return folder


def test_an_existing_file_is_refused_and_left_byte_identical(
    session: Session, elsewhere: Path
) -> None:
    out = elsewhere / "backup.vakka"
    out.write_bytes(DOCUMENT)
    before = (_digest(out), out.stat().st_mtime_ns)
    assert _refused(session, out) == "backup.target_exists"
    assert (_digest(out), out.stat().st_mtime_ns) == before
    assert _only(elsewhere) == ["backup.vakka"]
    # Nothing was logged or changed in the register either.
    logged = session.conn.execute(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'backup.create'"
    ).fetchone()
    assert tuple(logged) == (0,)


def test_overwrite_replaces_an_existing_backup(
    session: Session, elsewhere: Path, tmp_path: Path
) -> None:
    out = elsewhere / "backup.vakka"
    out.write_bytes(DOCUMENT)
    info = backup.create_backup(session, out, overwrite=True)
    assert info.size == out.stat().st_size
    assert zipfile.is_zipfile(out)
    assert _only(elsewhere) == ["backup.vakka"]
    session.close()
    assert backup.restore_backup(out, tmp_path / "restored", Secret(passphrase=PASSPHRASE)) == []


@pytest.mark.parametrize("overwrite", [False, True])
def test_a_symlink_is_refused_and_its_target_untouched(
    session: Session, elsewhere: Path, tmp_path: Path, overwrite: bool
) -> None:
    document = tmp_path / "document.txt"
    document.write_bytes(DOCUMENT)
    out = elsewhere / "backup.vakka"
    out.symlink_to(document)
    assert _refused(session, out, overwrite) == "backup.target_is_link"
    assert out.is_symlink() and os.readlink(out) == str(document)
    assert document.read_bytes() == DOCUMENT
    assert _only(elsewhere) == ["backup.vakka"]


def test_a_dangling_symlink_is_refused(session: Session, elsewhere: Path, tmp_path: Path) -> None:
    out = elsewhere / "backup.vakka"
    out.symlink_to(tmp_path / "not-yet-there.vakka")
    assert _refused(session, out, overwrite=True) == "backup.target_is_link"
    assert not (tmp_path / "not-yet-there.vakka").exists()
    assert out.is_symlink()


def test_a_folder_is_refused(session: Session, elsewhere: Path) -> None:
    out = elsewhere / "backup.vakka"
    out.mkdir()
    (out / "kept.txt").write_bytes(DOCUMENT)
    assert _refused(session, out, overwrite=True) == "backup.target_not_a_file"
    assert _only(out) == ["kept.txt"]
    assert _only(elsewhere) == ["backup.vakka"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
def test_a_fifo_is_refused(session: Session, elsewhere: Path) -> None:
    import stat

    out = elsewhere / "backup.fifo"
    os.mkfifo(out)
    assert _refused(session, out, overwrite=True) == "backup.target_not_a_file"
    assert stat.S_ISFIFO(os.lstat(out).st_mode)
    assert _only(elsewhere) == ["backup.fifo"]


def test_a_file_appearing_during_the_backup_is_not_replaced(
    session: Session, elsewhere: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The target is looked at again just before the finished copy takes its place."""
    out = elsewhere / "backup.vakka"
    real_verify = backup._verify_archive

    def verify_while_someone_saves(
        path: Path, target: Path, s: Session, problems: frozenset[str]
    ) -> None:
        real_verify(path, target, s, problems)
        out.write_bytes(DOCUMENT)

    monkeypatch.setattr(backup, "_verify_archive", verify_while_someone_saves)
    assert _refused(session, out) == "backup.target_exists"
    assert out.read_bytes() == DOCUMENT
    assert _only(elsewhere) == ["backup.vakka"]


def test_refusals_have_translated_messages() -> None:
    from app.i18n import message_for

    for code in ("backup.target_exists", "backup.target_is_link", "backup.target_not_a_file"):
        for lang in ("fi", "sv", "en"):
            text = message_for(VakkaError(code), lang)
            assert text and code not in text
        assert message_for(VakkaError(code), "fi") != message_for(VakkaError(code), "en")
