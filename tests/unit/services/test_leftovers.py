"""Temporary copies left by a kill are swept at the next open, backup or restore.

Each leftover is taken from a real run (the exact name and contents the code made, as a
kill at that moment would leave them) and put back; files and folders with similar
names that are not ours are left alone.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from app.db import vault
from app.db.keyfile import FAST_INSECURE_KDF
from app.db.leftovers import sweep_register_leftovers
from app.db.vault import Secret
from app.domain.errors import RegisterDamagedError
from app.services import backup
from app.services import register as register_service
from app.services.session import Session
from tests.conftest import PASSPHRASE, fixed_clock

INVENTED = b"Invented content of a file that is not Vakka's.\n"


@pytest.fixture
def hold(tmp_path: Path) -> Path:
    folder = tmp_path / "hold"
    folder.mkdir()
    return folder


@pytest.fixture
def system_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "system-temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def _keep_copy(source: Path, hold: Path) -> None:
    if source.is_dir():
        shutil.copytree(source, hold / source.name)
    else:
        shutil.copy2(source, hold / source.name)


def _put_back(hold: Path, folder: Path) -> list[Path]:
    """The copies, back under their own names, as a kill would have left them."""
    planted = []
    for item in sorted(hold.iterdir()):
        os.replace(item, folder / item.name)
        planted.append(folder / item.name)
    return planted


def _intact(paths: list[Path]) -> bool:
    return all(p.is_symlink() or (p.is_file() and p.read_bytes() == INVENTED) for p in paths)


# --- backups ----------------------------------------------------------------------------


def _backup_leaving_copies(
    session: Session, out: Path, hold: Path, monkeypatch: pytest.MonkeyPatch
) -> list[Path]:
    """Back up, keeping the written archive and its unpacked check folder as a kill would."""
    real_verify, real_unpack = backup._verify_archive, backup._unpack

    def verify(archive: Path, target: Path, s: Session, problems: frozenset[str]) -> None:
        _keep_copy(archive, hold)
        real_verify(archive, target, s, problems)

    def unpack(archive: Path, folder: Path) -> dict[str, object]:
        manifest = real_unpack(archive, folder)
        _keep_copy(folder, hold)
        return manifest

    with monkeypatch.context() as patch:
        patch.setattr(backup, "_verify_archive", verify)
        patch.setattr(backup, "_unpack", unpack)
        backup.create_backup(session, out)
    return _put_back(hold, out.parent)


def test_backup_leftovers_are_swept_at_the_next_backup(
    session: Session, tmp_path: Path, hold: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    out = folder / "backup.vakka"
    planted = _backup_leaving_copies(session, out, hold, monkeypatch)
    names = sorted(p.name for p in planted)
    assert len(names) == 2
    assert re.fullmatch(r"\.backup\.vakka\.[0-9a-f]{8}\.tmp", names[0])
    assert re.fullmatch(r"\.backup\.vakka\.verify-[0-9a-f]{8}", names[1])
    assert (planted[1] / "register.db").is_file() or (planted[0] / "register.db").is_file()

    lookalikes = [
        folder / ".backup.vakka.tmp",
        folder / ".backup.vakka.0123ABCD.tmp",
        folder / ".backup.vakka.0123abcd.tmp.keep",
        folder / ".other.vakka.0123abcd.tmp",
        folder / "backup.vakka.0123abcd.tmp",
        folder / ".backup.vakka.verify-0123abcd.txt",
        folder / ".other.vakka.verify-0123abcd",
    ]
    for path in lookalikes:
        path.write_bytes(INVENTED)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "register.db").write_bytes(INVENTED)
    link = folder / ".backup.vakka.verify-0123abcd"
    link.symlink_to(outside, target_is_directory=True)
    file_link = folder / ".backup.vakka.89abcdef.tmp"
    file_link.symlink_to(outside / "register.db")
    nested = folder / ".backup.vakka.verify-fedcba98"
    (nested / "inner").mkdir(parents=True)
    (nested / "inner" / "register.db").write_bytes(INVENTED)

    out.unlink()  # the finished backup of that run was moved elsewhere
    backup.create_backup(session, out)

    assert not any(p.exists() for p in planted)
    assert _intact(lookalikes)
    assert link.is_symlink() and file_link.is_symlink()
    assert (outside / "register.db").read_bytes() == INVENTED
    assert (nested / "inner" / "register.db").read_bytes() == INVENTED


def test_old_check_folders_in_the_system_temp_folder_are_swept(
    session: Session, tmp_path: Path, system_temp: Path
) -> None:
    old = system_temp / "vakka-verify-k2x_9q0a"
    old.mkdir()
    (old / "register.db").write_bytes(INVENTED)
    (old / "vakka.key").write_bytes(INVENTED)
    others = [system_temp / "vakka-verify-notours-1234", system_temp / "vakka-verify-k2x_9q0a.txt"]
    for path in others:
        path.write_bytes(INVENTED)
    backup.create_backup(session, tmp_path / "backup.vakka")
    assert not old.exists()
    assert _intact(others)


def test_a_failing_check_leaves_no_copy_anywhere(
    session: Session, tmp_path: Path, system_temp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    out = folder / "backup.vakka"
    checked_in: list[Path] = []
    real_open = backup.open_copy_for_verification

    def damaged_copy(copy_folder: Path, data_key: bytes) -> vault.Register:
        checked_in.append(copy_folder)
        copy = real_open(copy_folder, data_key)
        monkeypatch.setattr(copy, "check", lambda: ["check.register_pages"])
        return copy

    monkeypatch.setattr(backup, "open_copy_for_verification", damaged_copy)
    with pytest.raises(RegisterDamagedError) as raised:
        backup.create_backup(session, out)
    assert raised.value.code == "backup.verify_failed"
    # The copy was checked beside the target, not in the system temp folder ...
    assert checked_in and checked_in[0].parent == folder
    assert re.fullmatch(r"\.backup\.vakka\.verify-[0-9a-f]{8}", checked_in[0].name)
    # ... and nothing of it is left, there or anywhere.
    assert list(folder.iterdir()) == []
    assert list(system_temp.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["register", "system-temp", "usb"]


# --- restore and open -------------------------------------------------------------------


def _restore_leaving_staging(
    archive: Path, target: Path, hold: Path, monkeypatch: pytest.MonkeyPatch
) -> list[Path]:
    real_open = backup.open_register

    def open_staging(folder: Path, secret: Secret, clinical: bool = True) -> vault.Register:
        _keep_copy(folder, hold)
        return real_open(folder, secret, clinical=clinical)

    with monkeypatch.context() as patch:
        patch.setattr(backup, "open_register", open_staging)
        assert backup.restore_backup(archive, target, Secret(passphrase=PASSPHRASE)) == []
    return _put_back(hold, target.parent)


def _register_lookalikes(parent: Path, name: str) -> list[Path]:
    paths = [
        parent / f".{name}.creating-0123abcd.txt",
        parent / f".{name}.restore-0123ABCD",
        parent / f".{name}x.creating-0123abcd",
        parent / f".x{name}.restore-0123abcd",
        parent / f"{name}.restore-0123abcd",
        parent / f".{name}.restore-0123abcd9",
        parent / f".{name}.creating-00000000",  # our name, but a file: not what we make
    ]
    for path in paths:
        path.write_bytes(INVENTED)
    return paths


@pytest.fixture
def archive(session: Session, tmp_path: Path) -> Path:
    out = tmp_path / "backup.vakka"
    backup.create_backup(session, out)
    session.close()
    return out


def test_restore_staging_is_swept_at_the_next_restore_and_open(
    archive: Path, tmp_path: Path, hold: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parent = tmp_path / "registers"
    target = parent / "restored"
    planted = _restore_leaving_staging(archive, target, hold, monkeypatch)
    assert [p.name for p in planted] == [planted[0].name]
    assert re.fullmatch(r"\.restored\.restore-[0-9a-f]{8}", planted[0].name)
    assert (planted[0] / "register.db").is_file()
    lookalikes = _register_lookalikes(parent, "restored")

    register_service.unlock(target, Secret(passphrase=PASSPHRASE)).close()
    assert not planted[0].exists()
    assert _intact(lookalikes)

    # The same at a restore into that name (the register there moved away first).
    planted = _restore_leaving_staging(archive, parent / "again", hold, monkeypatch)
    shutil.rmtree(parent / "again")
    assert backup.restore_backup(archive, parent / "again", Secret(passphrase=PASSPHRASE)) == []
    assert not planted[0].exists()
    assert sorted(p.name for p in parent.iterdir() if p.name.startswith(".again")) == []
    assert _intact(lookalikes)


def test_an_unfinished_creation_is_swept_at_the_next_open(
    tmp_path: Path, hold: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parent = tmp_path / "registers"
    target = parent / "practice"
    real_build: Callable[..., None] = vault._build_register

    def build(paths: vault.RegisterPaths, *args: object) -> None:
        real_build(paths, *args)
        _keep_copy(paths.folder, hold)

    monkeypatch.setattr(vault, "_build_register", build)
    created = register_service.create(target, PASSPHRASE, kdf=FAST_INSECURE_KDF, clock=fixed_clock)
    created.session.close()
    planted = _put_back(hold, parent)
    assert len(planted) == 1
    assert re.fullmatch(r"\.practice\.creating-[0-9a-f]{8}", planted[0].name)
    assert (planted[0] / "vakka.key").is_file()
    lookalikes = _register_lookalikes(parent, "practice")

    register_service.unlock(target, Secret(passphrase=PASSPHRASE)).close()
    assert not planted[0].exists()
    assert _intact(lookalikes)
    assert (target / "register.db").is_file()


def test_cut_short_writes_in_the_register_folder_are_swept_but_not_links(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "register"
    folder.mkdir()
    ours = folder / ".vakka.key.0123abcd.tmp"
    ours.write_bytes(INVENTED)
    outside = tmp_path / "outside.txt"
    outside.write_bytes(INVENTED)
    link = folder / ".audit.head.89abcdef.tmp"
    link.symlink_to(outside)
    lookalikes = [folder / ".vakka.key.tmp", folder / ".vakka.key.0123abcg.tmp"]
    for path in lookalikes:
        path.write_bytes(INVENTED)
    sweep_register_leftovers(folder)
    assert not ours.exists()
    assert link.is_symlink() and outside.read_bytes() == INVENTED
    assert _intact(lookalikes)
