"""Registers that cannot be written (no write permission, a read-only disk).

Such a register opens only where nothing needs writing (``vakka check``, a backup):
its stores open with SQLite's ``mode=ro``, no lock file is taken (no one can write
there either), and whatever would write (clean-up, repairs, migrations, the audit
head) is skipped or refused with a clear message. Everything else refuses it up
front: the audit log cannot be written, so no personal data may be shown.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from app.db.lockfile import RegisterLock
from app.domain.errors import VakkaError


def is_read_only(folder: Path, files: Iterable[Path] = ()) -> bool:
    """Whether this process may not write the folder or one of the (existing) files.

    ``os.access`` answers for a read-only mount even to root, and for permission bits
    to everyone else; root may write where the bits say no, so it is not read-only then.
    """
    if not os.access(folder, os.W_OK):
        return True
    return any(path.exists() and not os.access(path, os.W_OK) for path in files)


def require_writable(folder: Path, files: Iterable[Path]) -> None:
    if is_read_only(folder, files):
        raise VakkaError("register.read_only")


def refuse_pending_rekey(pending: Iterable[Path]) -> None:
    """An interrupted rekey past its marker is finished or undone (writes) before use.

    ``pending``: the rekey marker; stores without one are never rolled forward.
    """
    if any(path.exists() for path in pending):
        raise VakkaError("register.read_only_rekey_pending")


def store_uri(path: Path) -> str:
    """The SQLite URI that opens ``path`` read-only (sqlcipher3.connect(..., uri=True))."""
    return Path(os.path.abspath(path)).as_uri() + "?mode=ro"


class NoLock(RegisterLock):
    """Stands in for the OS lock on a read-only register: nothing is written there."""

    def __init__(self, folder: Path) -> None:  # no super().__init__: it prepares a lock file
        self.path = folder / "vakka.lock"
        self.owner_path = folder / "vakka.lock.owner"

    def acquire(self) -> None:
        return None

    def release(self) -> None:
        return None

    @property
    def held(self) -> bool:
        return False
