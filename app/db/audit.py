"""The audit log (703/2023 § 10–11): use log and disclosure log, chained by hashes.

Each row's hash is an HMAC (keyed with the register's random audit key, kept in the
encrypted store)
over the previous row's hash and the row's own fields. The chain's head, keyed the
same way, is written to ``audit.head`` beside the stores at every lock and close,
so deleting the newest rows is detected too. Pruning rows older than the retention
period leaves a keyed checkpoint so the rest still verifies. Rows hold ids, never
names or note text.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.db.connection import Connection
from app.files import atomic_write_bytes

GENESIS = "0" * 64
_FIELDS = (
    "seq",
    "at",
    "kind",
    "action",
    "client_id",
    "data_kind",
    "purpose",
    "user_name",
    "user_id",
    "ref",
)


@dataclass(frozen=True)
class AuditEvent:
    action: str
    kind: str = "use"  # or "disclosure"
    client_id: str | None = None
    data_kind: str = ""
    purpose: str = ""
    ref: str = ""


@dataclass(frozen=True)
class AuditRow:
    seq: int
    at: str
    kind: str
    action: str
    client_id: str | None
    data_kind: str
    purpose: str
    user_name: str
    user_id: str
    ref: str
    prev_hash: str
    hash: str


def _row_hash(key: bytes, prev_hash: str, values: tuple[object, ...]) -> str:
    payload = json.dumps([prev_hash, *values], ensure_ascii=True, separators=(",", ":"))
    return hmac.new(key, payload.encode("ascii"), hashlib.sha256).hexdigest()


def _mac(key: bytes, label: str, seq: int, digest: str) -> str:
    return hmac.new(key, f"{label}:{seq}:{digest}".encode("ascii"), hashlib.sha256).hexdigest()


def _last_link(conn: Connection) -> tuple[int, str]:
    row = conn.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    if row is not None:
        return int(row[0]), str(row[1])
    cp = conn.execute(
        "SELECT seq, hash FROM audit_checkpoints ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    if cp is not None:
        return int(cp[0]), str(cp[1])
    return 0, GENESIS


def append(
    conn: Connection,
    key: bytes,
    event: AuditEvent,
    user_name: str,
    user_id: str,
    at: datetime,
) -> int:
    """Write one log row chained to the last; the caller holds the transaction."""
    last_seq, prev_hash = _last_link(conn)
    seq = last_seq + 1
    values = (
        seq,
        at.isoformat(timespec="seconds"),
        event.kind,
        event.action,
        event.client_id,
        event.data_kind,
        event.purpose,
        user_name,
        user_id,
        event.ref,
    )
    digest = _row_hash(key, prev_hash, values)
    conn.execute(
        f"INSERT INTO audit_log ({', '.join(_FIELDS)}, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (*values, prev_hash, digest),
    )
    return seq


def rows(conn: Connection, client_id: str | None = None) -> list[AuditRow]:
    sql = f"SELECT {', '.join(_FIELDS)}, prev_hash, hash FROM audit_log"
    params: tuple[object, ...] = ()
    if client_id is not None:
        sql += " WHERE client_id = ?"
        params = (client_id,)
    return [AuditRow(*row) for row in conn.execute(sql + " ORDER BY seq", params)]


@dataclass(frozen=True)
class AuditHead:
    seq: int
    hash: str
    mac: str

    def to_bytes(self) -> bytes:
        return json.dumps({"seq": self.seq, "hash": self.hash, "mac": self.mac}).encode() + b"\n"


def current_head(conn: Connection, key: bytes) -> AuditHead:
    seq, digest = _last_link(conn)
    return AuditHead(seq, digest, _mac(key, "head", seq, digest))


def write_head(path: Path, conn: Connection, key: bytes) -> None:
    atomic_write_bytes(path, current_head(conn, key).to_bytes())


def read_head(path: Path) -> AuditHead | None:
    """The head file, or None when it is missing or unreadable (check reports it)."""
    try:
        body = json.loads(path.read_text(encoding="ascii"))
        return AuditHead(int(body["seq"]), str(body["hash"]), str(body["mac"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def verify(conn: Connection, key: bytes, head: AuditHead | None) -> list[str]:
    """Problem codes (empty when the chain and the head are intact)."""
    problems: list[str] = []
    checkpoints = {
        int(seq): (str(digest), str(mac))
        for seq, digest, mac in conn.execute("SELECT seq, hash, mac FROM audit_checkpoints")
    }
    for seq, (digest, mac) in checkpoints.items():
        if not hmac.compare_digest(mac, _mac(key, "checkpoint", seq, digest)):
            problems.append("audit.checkpoint_forged")
    expected_prev: str | None = None
    expected_seq: int | None = None
    for row in rows(conn):
        if expected_seq is None:
            if row.seq == 1:
                expected_prev = GENESIS
            elif row.seq - 1 in checkpoints:
                expected_prev = checkpoints[row.seq - 1][0]
            else:
                problems.append("audit.start_missing")
                expected_prev = row.prev_hash
        elif row.seq != expected_seq:
            problems.append("audit.row_missing")
        if row.prev_hash != expected_prev:
            problems.append("audit.chain_broken")
        values = (
            row.seq,
            row.at,
            row.kind,
            row.action,
            row.client_id,
            row.data_kind,
            row.purpose,
            row.user_name,
            row.user_id,
            row.ref,
        )
        if not hmac.compare_digest(row.hash, _row_hash(key, row.prev_hash, values)):
            problems.append("audit.row_altered")
        expected_prev = row.hash
        expected_seq = row.seq + 1
    problems.extend(verify_head(conn, key, head))
    return sorted(set(problems))


def verify_head(conn: Connection, key: bytes, head: AuditHead | None) -> list[str]:
    """Whether the chain still reaches the head written at the last lock or close.

    Cheap enough for every unlock, so a head that no longer matches is noticed before
    a new head would paper over it.
    """
    if head is None:
        return ["audit.head_missing"]
    if not hmac.compare_digest(head.mac, _mac(key, "head", head.seq, head.hash)):
        return ["audit.head_forged"]
    last_seq, _ = _last_link(conn)
    if head.seq > last_seq:
        return ["audit.newest_rows_missing"]
    if head.seq == 0:
        return []
    at_head = conn.execute("SELECT hash FROM audit_log WHERE seq = ?", (head.seq,)).fetchone()
    if at_head is None:
        at_head = conn.execute(
            "SELECT hash FROM audit_checkpoints WHERE seq = ?", (head.seq,)
        ).fetchone()
    if at_head is None or at_head[0] != head.hash:
        return ["audit.head_mismatch"]
    return []


def prune_before(conn: Connection, key: bytes, cutoff_iso: str) -> int:
    """Delete rows logged before ``cutoff_iso`` leaving a keyed checkpoint; caller's transaction."""
    row = conn.execute(
        "SELECT seq, hash FROM audit_log WHERE at < ? ORDER BY seq DESC LIMIT 1", (cutoff_iso,)
    ).fetchone()
    if row is None:
        return 0
    seq, digest = int(row[0]), str(row[1])
    conn.execute(
        "INSERT OR REPLACE INTO audit_checkpoints (seq, at, hash, mac) VALUES (?, ?, ?, ?)",
        (seq, cutoff_iso, digest, _mac(key, "checkpoint", seq, digest)),
    )
    count = conn.execute("DELETE FROM audit_log WHERE seq <= ?", (seq,)).rowcount
    return int(count)
