"""Temporary copies left by work cut short (a kill, a power cut), and sweeping them.

Every temporary copy Vakka makes sits in its target's folder under a name made here
(or by ``app.files.atomic_writer``), so it can be recognised later:

- ``.NAME.<8 hex>.tmp`` — an atomic write of NAME (key files, the audit head, a backup);
- ``.NAME.creating-<8 hex>`` — a register being created as NAME;
- ``.NAME.restore-<8 hex>`` — a backup being restored as NAME;
- ``.OUT.verify-<8 hex>`` — the backup OUT unpacked for its check.

They hold encrypted copies that open with the passphrase of their day for ever, so
they are removed on failure and, after a kill, swept at the next open, backup or
restore (under the register's lock where there is one). Sweeping touches only names
that match these patterns exactly, never follows a symbolic link, removes only
regular files and folders that hold nothing but regular files (what Vakka put
there), and only the user's own.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
import tempfile
from pathlib import Path

_HEX8 = "[0-9a-f]{8}"
_ATOMIC_TMP = re.compile(rf"\..+\.{_HEX8}\.tmp")
# The verification folders of earlier versions (tempfile.TemporaryDirectory names).
_OLD_VERIFY = re.compile(r"vakka-verify-[a-z0-9_]{8}")


def creating_folder(target: Path) -> Path:
    """Where a new register is built before it is renamed to ``target``."""
    return _beside(target, "creating")


def restore_staging_folder(target: Path) -> Path:
    """Where a backup is unpacked and checked before it is renamed to ``target``."""
    return _beside(target, "restore")


def verify_folder(out: Path) -> Path:
    """Where the backup ``out`` is unpacked for its check (beside it, not in /tmp)."""
    return _beside(out, "verify")


def _beside(target: Path, purpose: str) -> Path:
    return target.parent / f".{target.name}.{purpose}-{secrets.token_hex(4)}"


def _pattern(name: str, purpose: str) -> re.Pattern[str]:
    return re.compile(rf"\.{re.escape(name)}\.{purpose}-{_HEX8}")


# --- sweeping --------------------------------------------------------------------------


def sweep_register_leftovers(folder: Path) -> None:
    """Call with the register's lock held: cut-short writes inside, unfinished copies beside."""
    for name in _names(folder):
        if _ATOMIC_TMP.fullmatch(name):
            _remove_file(folder / name)
    sweep_unfinished_registers(folder)


def sweep_unfinished_registers(target: Path) -> None:
    """Unfinished creations and restores of a register named like ``target``, beside it."""
    target = Path(os.path.abspath(target))
    if not target.name:
        return
    patterns = [_pattern(target.name, "creating"), _pattern(target.name, "restore")]
    for name in _names(target.parent):
        if any(p.fullmatch(name) for p in patterns):
            remove_folder(target.parent / name)


def sweep_backup_leftovers(out: Path) -> None:
    """Cut-short writes and checks of the backup file ``out``, beside it; old ones in /tmp."""
    out = Path(os.path.abspath(out))
    tmp = re.compile(rf"\.{re.escape(out.name)}\.{_HEX8}\.tmp")
    verify = _pattern(out.name, "verify")
    for name in _names(out.parent):
        if tmp.fullmatch(name):
            _remove_file(out.parent / name)
        elif verify.fullmatch(name):
            remove_folder(out.parent / name)
    _sweep_old_verify_folders()


def _sweep_old_verify_folders() -> None:
    """Earlier versions checked backups in the system temp folder."""
    temp = Path(tempfile.gettempdir())
    for name in _names(temp):
        if _OLD_VERIFY.fullmatch(name):
            remove_folder(temp / name)


def _names(folder: Path) -> list[str]:
    try:
        with os.scandir(folder) as entries:
            return [entry.name for entry in entries]
    except OSError:
        return []


def _own(info: os.stat_result) -> bool:
    return os.name != "posix" or info.st_uid == os.geteuid()


def _remove_file(path: Path) -> None:
    try:
        info = os.lstat(path)
    except OSError:
        return
    if stat.S_ISREG(info.st_mode) and _own(info):
        with contextlib.suppress(OSError):
            os.unlink(path)


def remove_folder(path: Path) -> None:
    """Remove a folder Vakka made: only if it holds regular files alone; never via a link."""
    try:
        info = os.lstat(path)
    except OSError:
        return
    if not stat.S_ISDIR(info.st_mode) or not _own(info):
        return
    if os.name == "posix":
        _empty_folder_posix(path)
    else:
        _empty_folder(path)
    with contextlib.suppress(OSError):
        os.rmdir(path)  # fails, leaving it, if anything else is inside


def _empty_folder_posix(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError:
        return
    try:
        with os.scandir(fd) as scan:
            entries = list(scan)
        if all(e.is_file(follow_symlinks=False) for e in entries):
            for entry in entries:
                with contextlib.suppress(OSError):
                    os.unlink(entry.name, dir_fd=fd)
    except OSError:
        return
    finally:
        os.close(fd)


def _empty_folder(path: Path) -> None:
    try:
        with os.scandir(path) as scan:
            entries = list(scan)
    except OSError:
        return
    if all(e.is_file(follow_symlinks=False) for e in entries):
        for entry in entries:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
