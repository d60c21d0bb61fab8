"""The last audit-chain position this computer saw of each register, kept outside the
register folder (in the user's data folder), so that putting back an older
``register.db`` with its own ``audit.head`` (or both from an old backup) is noticed:
the chain no longer reaches what this computer last saw (issue 13 item 3).

One small file per register folder (its name a digest of the register id and the
folder's path, so that copies of one register in other folders — a restored copy, a
test's copies — are told apart): the keyed head (sequence, hash, MAC with the register's
audit key — no personal data) and when it was seen.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import platformdirs

from app.db.audit import AuditHead
from app.files import atomic_write_bytes
from app.paths import APP_NAME

_SAFE_ID = re.compile(r"^[0-9a-f]{8,64}$")


@dataclass(frozen=True)
class SeenHead:
    head: AuditHead
    seen_at: datetime


def seen_folder() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "seen"


def _path(register_id: str, folder: Path) -> Path | None:
    if not _SAFE_ID.match(register_id):
        return None
    where = f"{register_id}\0{Path(folder).resolve()}".encode()
    return seen_folder() / f"{hashlib.sha256(where).hexdigest()[:32]}.json"


def read_seen(register_id: str, folder: Path) -> SeenHead | None:
    path = _path(register_id, folder)
    if path is None:
        return None
    try:
        body = json.loads(path.read_text(encoding="ascii"))
        head = AuditHead(int(body["seq"]), str(body["hash"]), str(body["mac"]))
        return SeenHead(head, datetime.fromisoformat(str(body["seen_at"])))
    except (OSError, ValueError, KeyError, TypeError, OverflowError, RecursionError):
        return None


def write_seen(register_id: str, folder: Path, head: AuditHead, seen_at: datetime) -> None:
    path = _path(register_id, folder)
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    body = {"seq": head.seq, "hash": head.hash, "mac": head.mac,
            "seen_at": seen_at.isoformat(timespec="seconds")}  # fmt: skip
    atomic_write_bytes(path, (json.dumps(body) + "\n").encode("ascii"))
