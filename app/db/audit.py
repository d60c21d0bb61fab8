"""The audit log (703/2023 § 10–11): use log and disclosure log, chained by hashes.

Each row's hash is an HMAC (keyed with the register's random audit key, kept in the
encrypted store)
over the previous row's hash and the row's own fields. The chain's head, keyed the
same way, is written to ``audit.head`` beside the stores at every lock and close,
so deleting the newest rows is detected too. Pruning rows older than the retention
period leaves a keyed checkpoint so the rest still verifies. Rows hold ids, never
names or note text.

The disclosure log is part of the chain: the log row of a disclosure carries a digest of
the disclosure's content (``content_digest``: what, to whom, when, purpose, basis or
consent), so ``verify`` recomputes it from the ``disclosures`` table and finds an edited,
deleted or inserted disclosure. Disclosures logged before schema 3 (whose rows hold only
the id) were sealed at the migration: a ``disclosure_seals`` row keyed like a
checkpoint. Pruning the log row of a disclosure leaves such a seal too.
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
# The content of a disclosure covered by the chain, in this order (schema_v3 seals the
# disclosures logged before it with the same columns). Not relationship_id: tying an old
# disclosure to its relationship (schema 3) is not a change of what was disclosed.
DISCLOSURE_CONTENT = (
    "id",
    "client_id",
    "disclosed_on",
    "recipient",
    "data_disclosed",
    "purpose",
    "legal_basis",
    "consent_id",
    "recorded_at",
    "to_guardian",
    "health_data",
)
DISCLOSURE_REF = "disclosure:"


@dataclass(frozen=True)
class AuditEvent:
    action: str
    kind: str = "use"  # or "disclosure"
    client_id: str | None = None
    data_kind: str = ""
    purpose: str = ""
    ref: str = ""
    content_digest: str = ""  # of a disclosure's content (disclosure_digest)


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
    content_digest: str = ""


def _row_hash(key: bytes, prev_hash: str, values: tuple[object, ...]) -> str:
    payload = json.dumps([prev_hash, *values], ensure_ascii=True, separators=(",", ":"))
    return hmac.new(key, payload.encode("ascii"), hashlib.sha256).hexdigest()


def _mac(key: bytes, label: str, seq: int, digest: str) -> str:
    return hmac.new(key, f"{label}:{seq}:{digest}".encode("ascii"), hashlib.sha256).hexdigest()


def _hashed(values: tuple[object, ...], content_digest: str) -> tuple[object, ...]:
    # Rows written before schema 3 have no digest: their hash stays what it was.
    return (*values, content_digest) if content_digest else values


def _content_digest(*values: object) -> str:
    payload = json.dumps(list(values), ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(payload.encode("ascii")).hexdigest()


def _seal_mac(key_hex: str, disclosure_id: int, digest: str) -> str:
    return _mac(bytes.fromhex(key_hex), "disclosure", disclosure_id, digest)


def register_functions(conn: Connection) -> None:
    """SQL functions the schema 3 migration seals the old disclosures with."""
    conn.create_function(
        "vakka_disclosure_digest", len(DISCLOSURE_CONTENT), _content_digest, deterministic=True
    )
    conn.create_function("vakka_disclosure_seal", 3, _seal_mac, deterministic=True)


def _disclosure_digests(conn: Connection) -> dict[int, str]:
    sql = f"SELECT {', '.join(DISCLOSURE_CONTENT)} FROM disclosures"
    return {int(row[0]): _content_digest(*row) for row in conn.execute(sql)}


def disclosure_digest(conn: Connection, disclosure_id: int) -> str:
    """The digest of a stored disclosure's content, for its log row (caller's transaction)."""
    row = conn.execute(
        f"SELECT {', '.join(DISCLOSURE_CONTENT)} FROM disclosures WHERE id = ?", (disclosure_id,)
    ).fetchone()
    if row is None:
        raise LookupError("disclosures: no such row")
    return _content_digest(*row)


def _disclosure_id(row: AuditRow) -> int | None:
    if row.kind != "disclosure" or not row.ref.startswith(DISCLOSURE_REF):
        return None
    number = row.ref[len(DISCLOSURE_REF) :]
    return int(number) if number.isdigit() else None


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
    digest = _row_hash(key, prev_hash, _hashed(values, event.content_digest))
    conn.execute(
        f"INSERT INTO audit_log ({', '.join(_FIELDS)}, prev_hash, hash, content_digest) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (*values, prev_hash, digest, event.content_digest),
    )
    return seq


def rows(conn: Connection, client_id: str | None = None) -> list[AuditRow]:
    sql = f"SELECT {', '.join(_FIELDS)}, prev_hash, hash, content_digest FROM audit_log"
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


# What ``read_head`` returns for a head file that is there but cannot be read (truncated,
# overwritten): told apart from a missing one, so the message names the right problem.
DAMAGED_HEAD = AuditHead(-1, "", "")


def read_head(path: Path) -> AuditHead | None:
    """The head file; None when it is missing, DAMAGED_HEAD when it cannot be read."""
    try:
        text = path.read_text(encoding="ascii")
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return DAMAGED_HEAD
    try:
        body = json.loads(text)
        return AuditHead(int(body["seq"]), str(body["hash"]), str(body["mac"]))
    except (ValueError, KeyError, TypeError, OverflowError, RecursionError):
        # OverflowError: "seq": Infinity; RecursionError: nesting too deep for json.
        return DAMAGED_HEAD


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
    logged = rows(conn)
    for row in logged:
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
        hashed = _hashed(values, row.content_digest)
        if not hmac.compare_digest(row.hash, _row_hash(key, row.prev_hash, hashed)):
            problems.append("audit.row_altered")
        expected_prev = row.hash
        expected_seq = row.seq + 1
    problems.extend(verify_disclosures(conn, key, logged))
    problems.extend(verify_head(conn, key, head))
    return sorted(set(problems))


def _seals(conn: Connection, key: bytes) -> tuple[dict[int, str], bool]:
    """The sealed digests whose MAC holds, and whether any seal was forged."""
    sealed: dict[int, str] = {}
    forged = False
    for disclosure_id, digest, mac in conn.execute(
        "SELECT disclosure_id, digest, mac FROM disclosure_seals"
    ):
        if hmac.compare_digest(str(mac), _mac(key, "disclosure", int(disclosure_id), str(digest))):
            sealed[int(disclosure_id)] = str(digest)
        else:
            forged = True
    return sealed, forged


def verify_disclosures(conn: Connection, key: bytes, logged: list[AuditRow]) -> list[str]:
    """Every disclosure row is the one its log row (or its seal) vouches for, and only those."""
    sealed, forged = _seals(conn, key)
    problems = ["audit.disclosure_seal_forged"] if forged else []
    expected: dict[int, str | None] = dict(sealed)
    for row in logged:
        disclosure_id = _disclosure_id(row)
        if disclosure_id is not None:
            # A row from before schema 3 holds no digest: its seal vouches instead.
            expected[disclosure_id] = row.content_digest or sealed.get(disclosure_id)
    current = _disclosure_digests(conn)
    for disclosure_id, digest in expected.items():
        if disclosure_id not in current:
            problems.append("audit.disclosure_missing")
        elif digest is None or not hmac.compare_digest(digest, current[disclosure_id]):
            problems.append("audit.disclosure_altered")
    if set(current) - set(expected):
        problems.append("audit.disclosure_unlogged")
    return problems


def verify_head(conn: Connection, key: bytes, head: AuditHead | None) -> list[str]:
    """Whether the chain still reaches the head written at the last lock or close.

    Cheap enough for every unlock, so a head that no longer matches is noticed before
    a new head would paper over it.
    """
    if head is None:
        return ["audit.head_missing"]
    if head is DAMAGED_HEAD:
        return ["audit.head_damaged"]
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


def prunable_through(conn: Connection, cutoff_iso: str) -> int | None:
    """The last row of the log's oldest run of rows all logged before ``cutoff_iso``: the
    chain can only lose a beginning, and a row stamped old after a younger one (a clock set
    back) must not take the younger with it. Such a row waits for the rows before it."""
    row = conn.execute(
        "SELECT max(seq) FROM audit_log WHERE at < ? AND seq < coalesce("
        "(SELECT min(seq) FROM audit_log WHERE at >= ?), 9223372036854775807)",
        (cutoff_iso, cutoff_iso),
    ).fetchone()
    return None if row is None or row[0] is None else int(row[0])


def prune_before(conn: Connection, key: bytes, cutoff_iso: str) -> int:
    """Delete the oldest rows logged before ``cutoff_iso`` (``prunable_through``), leaving a
    keyed checkpoint; caller's transaction."""
    seq = prunable_through(conn, cutoff_iso)
    if seq is None:
        return 0
    digest = str(conn.execute("SELECT hash FROM audit_log WHERE seq = ?", (seq,)).fetchone()[0])
    _seal_pruned_disclosures(conn, key, seq)
    conn.execute(
        "INSERT OR REPLACE INTO audit_checkpoints (seq, at, hash, mac) VALUES (?, ?, ?, ?)",
        (seq, cutoff_iso, digest, _mac(key, "checkpoint", seq, digest)),
    )
    count = conn.execute("DELETE FROM audit_log WHERE seq <= ?", (seq,)).rowcount
    return int(count)


def _seal_pruned_disclosures(conn: Connection, key: bytes, last_pruned_seq: int) -> None:
    """A disclosure whose log row is pruned keeps the digest that row vouched for, sealed."""
    for row in rows(conn):
        disclosure_id = _disclosure_id(row)
        if row.seq > last_pruned_seq:
            break
        if disclosure_id is None or not row.content_digest:
            continue  # a row from before schema 3 was sealed by the migration
        conn.execute(
            "INSERT OR IGNORE INTO disclosure_seals (disclosure_id, digest, mac) VALUES (?, ?, ?)",
            (
                disclosure_id,
                row.content_digest,
                _mac(key, "disclosure", disclosure_id, row.content_digest),
            ),
        )
