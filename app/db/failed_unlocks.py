"""Failed unlock attempts, kept in a small file beside the stores until the next unlock.

The stores are locked when an attempt fails, so the attempt cannot go into the audit
log yet: the count and the times go into ``failed-unlocks.json`` (no secret, no
personal data: a number and timestamps), written atomically. The next successful
unlock moves them into the audit log and removes the file.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.files import atomic_write_bytes, fsync_dir

FILE_NAME = "failed-unlocks.json"
KEPT_TIMES = 50  # the newest attempts' times; the count stays exact


@dataclass(frozen=True)
class FailedUnlocks:
    count: int = 0
    times: tuple[datetime, ...] = ()  # oldest first, at most KEPT_TIMES

    @property
    def first_at(self) -> datetime | None:
        return self.times[0] if self.times else None

    @property
    def last_at(self) -> datetime | None:
        return self.times[-1] if self.times else None

    def to_bytes(self) -> bytes:
        body = {
            "count": self.count,
            "times": [t.isoformat(timespec="milliseconds") for t in self.times],
        }
        return json.dumps(body, indent=1).encode("ascii") + b"\n"

    @classmethod
    def from_bytes(cls, data: bytes) -> FailedUnlocks:
        """ValueError if the file is not what this module writes."""
        try:
            body = json.loads(data.decode("ascii"))
            count = body["count"]
            times = tuple(datetime.fromisoformat(t) for t in body["times"])
        except (UnicodeDecodeError, KeyError, TypeError, RecursionError) as error:
            raise ValueError("failed-unlocks file") from error
        if isinstance(count, bool) or not isinstance(count, int) or count < len(times):
            raise ValueError("failed-unlocks count")
        if any(t.tzinfo is None for t in times):
            raise ValueError("failed-unlocks time without a time zone")
        return cls(count, times[-KEPT_TIMES:])


def path_in(folder: Path) -> Path:
    return Path(folder) / FILE_NAME


def read(folder: Path) -> FailedUnlocks:
    """The attempts recorded since the last unlock (none if the file is missing).

    A damaged file counts as one attempt at an unknown time, so it is not silently lost.
    """
    try:
        data = path_in(folder).read_bytes()
    except FileNotFoundError:
        return FailedUnlocks()
    try:
        return FailedUnlocks.from_bytes(data)
    except ValueError:
        return FailedUnlocks(count=1)


def record(folder: Path, at: datetime) -> FailedUnlocks:
    """Add one failed attempt; OSError if the folder cannot be written."""
    before = read(folder)
    after = FailedUnlocks(before.count + 1, (*before.times, at)[-KEPT_TIMES:])
    atomic_write_bytes(path_in(folder), after.to_bytes())
    return after


def clear(folder: Path) -> None:
    """Forget the attempts (after they went into the audit log)."""
    with contextlib.suppress(FileNotFoundError):
        path_in(folder).unlink()
        fsync_dir(Path(folder))
