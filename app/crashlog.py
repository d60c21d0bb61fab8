"""The bug log: exception type and code locations only, never messages or values.

An exception's message can carry anything (a name in a KeyError, a value in a
ValueError), so only the type and the frames (file, line, function) are written.
"""

from __future__ import annotations

import traceback
from datetime import datetime
from pathlib import Path
from types import TracebackType

from app import __version__
from app.domain.errors import VakkaError


def describe(exc_type: type[BaseException], tb: TracebackType | None) -> str:
    frames = traceback.extract_tb(tb)
    where = " <- ".join(
        f"{Path(f.filename).name}:{f.lineno}:{f.name}" for f in reversed(frames[-8:])
    )
    return f"{exc_type.__module__}.{exc_type.__qualname__} at {where}"


def log_bug(folder: Path, exc: BaseException) -> Path | None:
    """Append one line about a bug; returns the log file, or None if it cannot be written."""
    code = exc.code if isinstance(exc, VakkaError) else ""
    line = (
        f"{datetime.now().astimezone().isoformat(timespec='seconds')} vakka {__version__} "
        f"{describe(type(exc), exc.__traceback__)} {code}".rstrip()
    )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "vakka.log"
        with path.open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")
    except OSError:
        return None
    return path
