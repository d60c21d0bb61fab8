"""The reads and the one write of the delivery to the county (app.services.county_delivery).

A county-controlled relationship's client records, read by relationship id; the client's
contact details, identity (clinical store) and log rows by client id. Invoices and
payment commitments are the practice's own bookkeeping and are never read here.
"""

from __future__ import annotations

from datetime import date

from app.db import audit
from app.db import repositories as repo
from app.db.client_queries import contact_persons_of
from app.db.connection import Connection
from app.db.identities import corrections_of
from app.db.note_queries import NOTE_ORDER
from app.domain.delivery import LogEntry, RelationshipRecords
from app.domain.models import Relationship


def relationship(conn: Connection, relationship_id: int) -> Relationship | None:
    return repo.RELATIONSHIPS.get(conn, relationship_id)


def records_of(conn: Connection, rel: Relationship) -> RelationshipRecords:
    """Everything of the relationship for the county (the clinical store must be attached).

    Requests name no relationship: the client's requests are all included. The log rows
    are the client's (they hold ids only)."""
    client = repo.CLIENTS.get(conn, rel.client_id)
    assert client is not None  # relationships.client_id is a foreign key
    by_rel = {"relationship_id": rel.id}
    return RelationshipRecords(
        relationship=rel,
        client=client,
        contact_persons=contact_persons_of(conn, rel.client_id),
        identity=repo.IDENTITIES.get(conn, rel.client_id),
        identity_corrections=corrections_of(conn, rel.client_id),
        appointments=repo.APPOINTMENTS.where(conn, order=("starts_at", "id"), **by_rel),
        consents=repo.CONSENTS.where(conn, order=("given_on", "id"), **by_rel),
        disclosures=repo.DISCLOSURES.where(conn, order=("disclosed_on", "id"), **by_rel),
        requests=repo.REQUESTS.where(conn, order=("received_on", "id"), client_id=rel.client_id),
        notes=repo.NOTES.where(conn, order=NOTE_ORDER, **by_rel),
        log=[
            LogEntry(
                r.seq, r.at, r.kind, r.action, r.data_kind, r.purpose, r.user_name, r.user_id, r.ref
            )
            for r in audit.rows(conn, rel.client_id)
        ],
    )


def record_delivery(
    conn: Connection, relationship_id: int, delivered_on: date, how: str, to_whom: str
) -> None:
    conn.execute(
        "UPDATE relationships SET delivered_on = ?, delivered_how = ?, delivered_to = ? "
        "WHERE id = ?",
        (delivered_on.isoformat(), how, to_whom, relationship_id),
    )
