"""The SQL of the purge (app.services.purge): the links it must mind, and the deletes.

Everything here runs inside the caller's one transaction (register.db and an attached
clinical.db commit together: journal_mode=DELETE), except ``vacuum``, which runs after
the commit. Ids only: nothing here reads a name or a note's text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from app.db import audit, form_drafts, note_drafts
from app.db.audit import DISCLOSURE_REF
from app.db.connection import CLINICAL, Connection, is_attached

# Tables whose rows the purge deletes one by one (no name is ever read from them).
REGISTER_TABLES = frozenset(
    {
        "appointments",
        "invoices",
        "payment_commitments",
        "consents",
        "requests",
        "legal_holds",
        "relationships",
        "contact_persons",
    }
)


@dataclass
class ClientLinks:
    """What else of a client is stored: the rows with no clock of their own, and the rest."""

    relationships: list[int] = field(default_factory=list)
    current_consents: list[int] = field(default_factory=list)
    released_holds: list[int] = field(default_factory=list)
    active_hold: bool = False
    disclosures: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Links:
    clients: dict[str, ClientLinks]
    # consent id -> disclosures resting on it; note id -> the entries amending it;
    # payment commitment id -> the appointments charged to it.
    disclosures_of_consent: dict[int, list[int]]
    amendments_of_note: dict[int, list[int]]
    appointments_of_commitment: dict[int, list[int]]
    # invoice id -> its credit notes (an invoice goes only after what cancels it)
    credit_notes_of_invoice: dict[int, list[int]] = field(default_factory=dict)


def links(conn: Connection) -> Links:
    clients: dict[str, ClientLinks] = defaultdict(ClientLinks)
    for (client_id,) in conn.execute("SELECT id FROM clients"):
        clients[str(client_id)] = ClientLinks()
    for rid, cid in conn.execute("SELECT id, client_id FROM relationships"):
        clients[str(cid)].relationships.append(int(rid))
    for rid, cid in conn.execute("SELECT id, client_id FROM consents WHERE replaced_at IS NULL"):
        clients[str(cid)].current_consents.append(int(rid))
    for rid, cid, released in conn.execute("SELECT id, client_id, released_on FROM legal_holds"):
        if released is None:
            clients[str(cid)].active_hold = True
        else:
            clients[str(cid)].released_holds.append(int(rid))
    by_consent: dict[int, list[int]] = defaultdict(list)
    for rid, cid, consent_id in conn.execute("SELECT id, client_id, consent_id FROM disclosures"):
        clients[str(cid)].disclosures.append(int(rid))
        if consent_id is not None:
            by_consent[int(consent_id)].append(int(rid))
    by_commitment: dict[int, list[int]] = defaultdict(list)
    for rid, commitment in conn.execute(
        "SELECT id, payment_commitment_id FROM appointments WHERE payment_commitment_id IS NOT NULL"
    ):
        by_commitment[int(commitment)].append(int(rid))
    amendments: dict[int, list[int]] = defaultdict(list)
    if is_attached(conn, CLINICAL):
        for rid, original in conn.execute(
            f"SELECT id, amends_id FROM {CLINICAL}.notes WHERE amends_id IS NOT NULL"
        ):
            amendments[int(original)].append(int(rid))
    credits: dict[int, list[int]] = defaultdict(list)
    for rid, original in conn.execute(
        "SELECT id, credit_of FROM invoices WHERE credit_of IS NOT NULL"
    ):
        credits[int(original)].append(int(rid))
    return Links(
        dict(clients),
        dict(by_consent),
        dict(amendments),
        dict(by_commitment),
        dict(credits),
    )


def disclosures_logged_before(conn: Connection, cutoff_iso: str) -> dict[int, str]:
    """Disclosures (id -> client id) of the 12-year rule: one whose log row goes with the
    log's purge (``audit.prunable_through``), or, with no log row left, recorded before
    the cutoff. One whose row stays (stamped old after younger rows) stays with it."""
    last = audit.prunable_through(conn, cutoff_iso)
    logged: dict[str, int] = {
        str(ref): int(seq)
        for ref, seq in conn.execute(
            "SELECT ref, min(seq) FROM audit_log WHERE kind = 'disclosure' GROUP BY ref"
        )
    }
    due = {}
    for rid, cid, recorded_at in conn.execute("SELECT id, client_id, recorded_at FROM disclosures"):
        seq = logged.get(f"{DISCLOSURE_REF}{rid}")
        goes = str(recorded_at) < cutoff_iso if seq is None else last is not None and seq <= last
        if goes:
            due[int(rid)] = str(cid)
    return due


def log_seqs_before(conn: Connection, cutoff_iso: str) -> list[int]:
    """The log rows that ``audit.prune_before`` removes for this cutoff."""
    last = audit.prunable_through(conn, cutoff_iso)
    if last is None:
        return []
    return [int(r[0]) for r in conn.execute("SELECT seq FROM audit_log WHERE seq <= ?", (last,))]


# --- deletes (the caller's transaction) --------------------------------------------------


def _many(conn: Connection, sql: str, ids: Iterable[object]) -> None:
    conn.executemany(sql, [(i,) for i in ids])


def delete_rows(conn: Connection, table: str, ids: Sequence[int]) -> None:
    """Rows of a register-store table by id (newest first, so a row goes before those it
    points to). Invoice lines go with their invoice (ON DELETE CASCADE)."""
    if table not in REGISTER_TABLES:
        raise ValueError("not a table the purge deletes from")
    _many(conn, f"DELETE FROM {table} WHERE id = ?", sorted(ids, reverse=True))
    if table == "relationships" and is_attached(conn):
        for relationship_id in ids:  # a note draft goes with its relationship
            note_drafts.delete(conn, relationship_id)


def unlink_commitments(conn: Connection, commitment_ids: Sequence[int]) -> None:
    """Appointments that stay lose their link to a payment commitment that goes."""
    _many(
        conn,
        "UPDATE appointments SET payment_commitment_id = NULL WHERE payment_commitment_id = ?",
        commitment_ids,
    )


def unlink_consents(conn: Connection, consent_ids: Sequence[int]) -> None:
    """A newer version that stays no longer names the earlier version that goes."""
    _many(conn, "UPDATE consents SET supersedes_id = NULL WHERE supersedes_id = ?", consent_ids)


def blank_contact_details(conn: Connection, client_ids: Sequence[str]) -> None:
    """Nothing in the register store names the client any more: the pseudonymous row
    keeps its id, number, municipality and contact language for the rows that remain."""
    _many(
        conn,
        "UPDATE clients SET first_name = '', last_name = '', nickname = '', "
        "street_address = '', postal_code = '', city = '', phone = '', email = '' "
        "WHERE id = ?",
        client_ids,
    )
    _many(conn, "DELETE FROM contact_persons WHERE client_id = ?", client_ids)
    form_drafts.delete_of_clients(conn, client_ids)


def delete_clients(conn: Connection, client_ids: Sequence[str]) -> None:
    _many(conn, "DELETE FROM clients WHERE id = ?", client_ids)
    form_drafts.delete_of_clients(conn, client_ids)


def delete_disclosures(conn: Connection, ids: Sequence[int]) -> int:
    """Disclosures whose log row is gone (pruned), with the seals that vouched for them.
    One whose log row still exists stays (it would break the chain's vouching)."""
    sql = (
        "DELETE FROM disclosures WHERE id = ? AND NOT EXISTS (SELECT 1 FROM audit_log AS a "
        "WHERE a.kind = 'disclosure' AND a.ref = ? || disclosures.id)"
    )
    deleted = 0
    for disclosure_id in ids:
        deleted += conn.execute(sql, (disclosure_id, DISCLOSURE_REF)).rowcount
        conn.execute(
            "DELETE FROM disclosure_seals WHERE disclosure_id = ? "
            "AND NOT EXISTS (SELECT 1 FROM disclosures WHERE id = ?)",
            (disclosure_id, disclosure_id),
        )
    return deleted


def delete_notes(conn: Connection, ids: Sequence[int]) -> None:
    """Notes (amendments before the entries they amend: newest first); the full-text
    index follows by its trigger, and ``optimize_note_index`` merges the words out."""
    _many(conn, f"DELETE FROM {CLINICAL}.notes WHERE id = ?", sorted(ids, reverse=True))


def delete_identities(conn: Connection, client_ids: Sequence[str]) -> None:
    """The identity first, then its corrections (schema_v3 IDENTITY_GUARDS)."""
    _many(conn, f"DELETE FROM {CLINICAL}.identities WHERE client_id = ?", client_ids)
    _many(conn, f"DELETE FROM {CLINICAL}.identity_corrections WHERE client_id = ?", client_ids)
    note_drafts.delete_of_clients(conn, client_ids)


def optimize_note_index(conn: Connection) -> None:
    conn.execute(f"INSERT INTO {CLINICAL}.notes_fts(notes_fts) VALUES ('optimize')")


# --- the purge log -----------------------------------------------------------------------


@dataclass(frozen=True)
class PurgeLogRow:
    purged_at: str
    category: str
    count: int
    rule: str
    ids_digest: str


def add_purge_log(conn: Connection, rows: Sequence[PurgeLogRow]) -> list[int]:
    ids: list[int] = []
    for row in rows:
        cursor = conn.execute(
            "INSERT INTO purge_log (purged_at, category, count, rule, ids_digest) "
            "VALUES (?, ?, ?, ?, ?)",
            (row.purged_at, row.category, row.count, row.rule, row.ids_digest),
        )
        ids.append(int(cursor.lastrowid))
    return ids


def purge_log(conn: Connection) -> list[PurgeLogRow]:
    return [
        PurgeLogRow(str(r[0]), str(r[1]), int(r[2]), str(r[3]), str(r[4]))
        for r in conn.execute(
            "SELECT purged_at, category, count, rule, ids_digest FROM purge_log ORDER BY id"
        )
    ]


def vacuum(conn: Connection) -> None:
    """Rebuild both stores so freed pages hold nothing (outside any transaction)."""
    conn.execute("VACUUM main")
    if is_attached(conn, CLINICAL):
        conn.execute(f"VACUUM {CLINICAL}")
