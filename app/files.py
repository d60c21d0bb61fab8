"""Atomic, durable file writes (temp file beside the target, fsync, rename, fsync folder).

Permissions are set before any data is written, so a secret never sits in a file
others can read, even for a moment.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO


def fsync_dir(folder: Path) -> None:
    """Make a rename or a new file in ``folder`` durable (no-op where unsupported)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_writer(
    path: Path, mode: int = 0o600, verify: Callable[[Path], None] | None = None
) -> Iterator[BinaryIO]:
    """Yield a binary file; on success it replaces ``path`` atomically, else nothing changes.

    ``verify`` is called with the written temporary file before it takes ``path``'s place;
    if it raises, ``path`` is left as it was.
    """
    path = Path(path)
    if not path.name:  # ".", "..", "/": a folder, and no name to put the temporary file by
        raise IsADirectoryError(errno.EISDIR, "a folder, not a file name")
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if verify is not None:
            verify(tmp)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    fsync_dir(path.parent)


def atomic_write_bytes(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Write ``data`` to ``path`` atomically and durably."""
    with atomic_writer(path, mode) as handle:
        handle.write(data)


def make_folders(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents one level at a time; the ones made, outermost
    first. On failure nothing is left behind.

    ``Path.mkdir(parents=True)`` recurses once per level, so a path thousands of levels
    deep ends in RecursionError (a bug report) instead of the file system's ENAMETOOLONG.
    """
    missing: list[Path] = []
    current = Path(folder)
    while not current.is_dir() and current.parent != current:
        missing.append(current)
        current = current.parent
    made: list[Path] = []
    try:
        for path in reversed(missing):
            path.mkdir()
            made.append(path)
    except BaseException:
        remove_made_folders(made)
        raise
    return made


def remove_made_folders(made: list[Path]) -> None:
    """Undo ``make_folders``: the innermost first, only while they are still empty."""
    for path in reversed(made):
        with contextlib.suppress(OSError):
            path.rmdir()


def write_files_atomically(files: Sequence[tuple[Path, bytes]]) -> None:
    """Each file atomically; if one fails, the ones already written are removed again,
    so a set of files (a PDF and its JSON) is there whole or not at all."""
    written: list[Path] = []
    try:
        for path, content in files:
            atomic_write_bytes(path, content)
            written.append(path)
    except BaseException:
        for path in written:
            with contextlib.suppress(OSError):
                os.unlink(path)
                fsync_dir(path.parent)
        raise
