"""One register, one process: an OS file lock held while the register is open.

The lock file itself stays empty; the owner's pid and host name go into a file beside
it, for the message another process shows. The OS releases the lock if the process
dies, so a stale owner file is harmless.
"""

from __future__ import annotations

import contextlib
import os
import socket
from pathlib import Path

from filelock import FileLock, Timeout

from app.domain.errors import RegisterInUseError


class RegisterLock:
    def __init__(self, folder: Path) -> None:
        self.path = folder / "vakka.lock"
        self.owner_path = folder / "vakka.lock.owner"
        self._lock = FileLock(str(self.path), timeout=0, thread_local=False)

    def acquire(self) -> None:
        try:
            self._lock.acquire()
        except Timeout:
            pid, host = self.owner()
            raise RegisterInUseError("register.in_use", pid=pid, host=host) from None
        # Only for the other process's message: a disk that refuses it must not stop us.
        with contextlib.suppress(OSError):
            self.owner_path.write_text(f"{os.getpid()}\n{socket.gethostname()}\n", encoding="utf-8")

    def owner(self) -> tuple[str, str]:
        try:
            lines = self.owner_path.read_text(encoding="utf-8").splitlines()
        except OSError:
            return "?", "?"
        padded = [*lines, "?", "?"]
        return padded[0], padded[1]

    def release(self) -> None:
        if self._lock.is_locked:
            with contextlib.suppress(OSError):
                self.owner_path.unlink()
            self._lock.release()

    @property
    def held(self) -> bool:
        return bool(self._lock.is_locked)
