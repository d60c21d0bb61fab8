"""The reads behind the retention engine: plain facts, no names or note text.

Everything the due computation needs is read in a handful of queries (one per table),
so the review of a large register stays fast; the domain (app.domain.retention) then
decides per record.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from functools import lru_cache

from app.db.connection import CLINICAL, Connection, is_attached
from app.domain.kinds import Controller, RegisterKind, ServiceTask
from app.domain.retention import ClientFacts, RecordFacts, RelationshipFacts

# Requests that hold their client until closed (RULES.md).
HOLDING_REQUEST_KINDS = ("access", "rectification", "erasure")


def _day(text: str | None) -> date | None:
    return _parse_day(text[:10]) if text else None


@lru_cache(maxsize=1 << 16)
def _parse_day(text: str) -> date:
    """Cached: 100,000 records of twenty years share about 7,000 days."""
    return date.fromisoformat(text)


def clients(conn: Connection) -> dict[str, ClientFacts]:
    """Every client with their relationships, hold, open requests and identity dates."""
    rels: dict[str, list[RelationshipFacts]] = defaultdict(list)
    for row in conn.execute(
        "SELECT id, client_id, register_kind, started_on, ended_on, service_task, controller, "
        "disability_need_ended_on, family_law_child_born_on, other_notes_kept_by_agreement, "
        "delivered_on FROM relationships ORDER BY id"
    ):
        rels[row[1]].append(
            RelationshipFacts(
                id=int(row[0]),
                register_kind=RegisterKind(row[2]),
                started_on=date.fromisoformat(row[3]),
                ended_on=_day(row[4]),
                service_task=ServiceTask(row[5]) if row[5] else None,
                controller=Controller(row[6]),
                disability_need_ended_on=_day(row[7]),
                family_law_child_born_on=_day(row[8]),
                other_notes_kept_by_agreement=bool(row[9]),
                delivered_on=_day(row[10]),
            )
        )
    held = {
        r[0] for r in conn.execute("SELECT client_id FROM legal_holds WHERE released_on IS NULL")
    }
    marks = ", ".join("?" for _ in HOLDING_REQUEST_KINDS)
    requested = {
        r[0]
        for r in conn.execute(
            f"SELECT client_id FROM requests WHERE status = 'open' AND kind IN ({marks})",
            HOLDING_REQUEST_KINDS,
        )
    }
    dates: dict[str, tuple[date | None, date | None]] = {}
    if is_attached(conn, CLINICAL):
        sql = f"SELECT client_id, birth_date, death_date FROM {CLINICAL}.identities"
        for row in conn.execute(sql):
            dates[row[0]] = (_day(row[1]), _day(row[2]))
    result: dict[str, ClientFacts] = {}
    for row in conn.execute(
        "SELECT id, first_name || last_name || nickname || street_address || postal_code "
        "|| city || phone || email <> '' "
        "OR EXISTS (SELECT 1 FROM contact_persons p WHERE p.client_id = clients.id) "
        "FROM clients"
    ):
        client_id = str(row[0])
        birth, death = dates.get(client_id, (None, None))
        result[client_id] = ClientFacts(
            client_id=client_id,
            relationships=tuple(rels.get(client_id, ())),
            birth_date=birth,
            death_date=death,
            legal_hold=client_id in held,
            open_request=client_id in requested,
            contact_details_present=bool(row[1]),
        )
    return result


def appointments(conn: Connection) -> list[RecordFacts]:
    return [
        RecordFacts("appointments", int(r[0]), r[1], relationship_id=r[2], created_on=_day(r[3]))
        for r in conn.execute("SELECT id, client_id, relationship_id, created_at FROM appointments")
    ]


def invoices(conn: Connection) -> list[RecordFacts]:
    return [
        RecordFacts("invoices", int(r[0]), r[1], relationship_id=r[2], issued_on=_day(r[3]))
        for r in conn.execute("SELECT id, client_id, relationship_id, issued_on FROM invoices")
    ]


def payment_commitments(conn: Connection) -> list[RecordFacts]:
    return [
        RecordFacts(
            "payment_commitments", int(r[0]), r[1], relationship_id=r[2], valid_until=_day(r[3])
        )
        for r in conn.execute(
            "SELECT id, client_id, relationship_id, valid_until FROM payment_commitments"
        )
    ]


def superseded_consents(conn: Connection) -> list[RecordFacts]:
    return [
        RecordFacts("consents", int(r[0]), r[1], relationship_id=r[2], replaced_on=_day(r[3]))
        for r in conn.execute(
            "SELECT id, client_id, relationship_id, replaced_at FROM consents "
            "WHERE replaced_at IS NOT NULL"
        )
    ]


def closed_requests(conn: Connection) -> list[RecordFacts]:
    return [
        RecordFacts("requests", int(r[0]), r[1], closed_on=_day(r[2]))
        for r in conn.execute("SELECT id, client_id, closed_on FROM requests")
    ]


def notes(conn: Connection) -> list[RecordFacts]:
    """The clinical store's notes (empty while it is locked)."""
    if not is_attached(conn, CLINICAL):
        return []
    return [
        RecordFacts(
            "notes",
            int(r[0]),
            r[1],
            relationship_id=r[2],
            created_on=_day(r[3]),
            statement_copy=bool(r[4]),
        )
        for r in conn.execute(
            f"SELECT id, client_id, relationship_id, written_at, statement_copy "
            f"FROM {CLINICAL}.notes"
        )
    ]


def identities(conn: Connection) -> list[RecordFacts]:
    """The identities kept with the records (empty while the clinical store is locked)."""
    if not is_attached(conn, CLINICAL):
        return []
    return [
        RecordFacts("identities", str(r[0]), str(r[0]))
        for r in conn.execute(f"SELECT client_id FROM {CLINICAL}.identities")
    ]


def log_events_before(conn: Connection, cutoff: datetime) -> int:
    """How many log rows were written before ``cutoff`` (they go behind a checkpoint)."""
    row = conn.execute(
        "SELECT count(*) FROM audit_log WHERE at < ?", (cutoff.isoformat(timespec="seconds"),)
    ).fetchone()
    return int(row[0])
