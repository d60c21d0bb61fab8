"""One register, one process: an OS file lock held while the register is open.

On POSIX the lock is taken on the register folder itself (``flock`` on a descriptor of
the directory): a folder that holds the stores cannot be deleted or swapped under the
holder, whereas a lock file can (delete ``vakka.lock`` and a second process would lock
a new one). ``vakka.lock`` is locked too, for older versions of Vakka and for systems
where a directory cannot be locked (Windows, some network file systems); on Windows a
file open in another process cannot be deleted, so the lock file alone holds there.

The lock file itself stays empty; the owner's pid and host name go into a file beside
it, for the message another process shows. The OS releases the locks if the process
dies, so a stale owner file is harmless.
"""

from __future__ import annotations

import contextlib
import errno
import os
import socket
from pathlib import Path

from app.domain.errors import RegisterInUseError

try:
    import fcntl
except ImportError:  # Windows: the lock file alone (it cannot be deleted while open)
    fcntl = None  # type: ignore[assignment]

_HELD_ELSEWHERE = {errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES}


class RegisterLock:
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.path = self.folder / "vakka.lock"
        self.owner_path = self.folder / "vakka.lock.owner"
        from filelock import FileLock  # ~30 ms to import: when a register is opened

        self._lock = FileLock(str(self.path), timeout=0, thread_local=False)
        self._folder_fd: int | None = None

    def acquire(self) -> None:
        from filelock import Timeout

        if not self._lock_folder():
            self._in_use()
        try:
            self._lock.acquire()
        except Timeout:
            self._unlock_folder()
            self._in_use()
        except BaseException:
            self._unlock_folder()
            raise
        # Only for the other process's message: a disk that refuses it must not stop us.
        with contextlib.suppress(OSError):
            self.owner_path.write_text(f"{os.getpid()}\n{socket.gethostname()}\n", encoding="utf-8")

    def _in_use(self) -> None:
        pid, host = self.owner()
        raise RegisterInUseError("register.in_use", pid=pid, host=host) from None

    def _lock_folder(self) -> bool:
        """Lock the folder's own descriptor; False if another process holds it.

        True also where a directory cannot be locked at all (the lock file decides then).
        """
        if fcntl is None:
            return True
        try:
            fd = os.open(self.folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        except OSError:
            return True  # e.g. no permission to read the folder: the lock file decides
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            os.close(fd)
            # Any other error: the file system cannot lock directories (ENOLCK,
            # EOPNOTSUPP…), and the lock file decides.
            return error.errno not in _HELD_ELSEWHERE
        self._folder_fd = fd
        return True

    def _unlock_folder(self) -> None:
        fd, self._folder_fd = self._folder_fd, None
        if fd is not None:
            os.close(fd)  # closing the only descriptor releases the flock

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
        self._unlock_folder()

    @property
    def held(self) -> bool:
        return bool(self._lock.is_locked)
