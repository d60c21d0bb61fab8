"""What the start-up asks about a register folder before anything is unlocked.

Only the standard library: the unlock window asks this on the GUI thread before it is
shown, so it must not import the database layer (sqlcipher3, cryptography, the stores'
modules; issue 12: start-up ≤ 2× a bare dialog). The key file itself is read on the worker.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from app.db import failed_unlocks
from app.domain import unlock_policy

REGISTER_DB = "register.db"
KEY_FILE = "vakka.key"
KEY_FILE_BACKUP = "vakka.key.bak"


def looks_like_register(folder: Path) -> bool:
    """Whether the folder holds a register's store or either copy of its key file
    (OSError or ValueError when the file system cannot tell)."""
    folder = Path(folder)
    return any((folder / name).exists() for name in (REGISTER_DB, KEY_FILE, KEY_FILE_BACKUP))


def unlock_wait_seconds(folder: Path, now: datetime | None = None) -> int:
    """Seconds the unlock window waits before the next attempt (0: none), from the
    failed-unlocks file beside the register (plain JSON; app.db.failed_unlocks)."""
    attempts = failed_unlocks.read(Path(folder))
    moment = now if now is not None else datetime.now().astimezone()
    return unlock_policy.seconds_left(attempts.count, attempts.last_at, moment)
