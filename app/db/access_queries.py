"""The reads of an access answer: every record of one client, in both stores.

The clinical store must be attached. Each list is in time order; invoices carry their
lines and payment commitments their visits used.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.db import audit
from app.db import repositories as repo
from app.db.client_queries import contact_persons_of, relationships_of
from app.db.connection import Connection
from app.db.identities import corrections_of
from app.db.note_queries import NOTE_ORDER
from app.domain.delivery import LogEntry
from app.domain.models import (
    Appointment,
    Client,
    ClinicalIdentity,
    Consent,
    ContactPerson,
    DataRequest,
    Disclosure,
    IdentityCorrection,
    Invoice,
    Note,
    PaymentCommitment,
    Relationship,
    WithheldPart,
)


@dataclass(frozen=True)
class ClientRecords:
    client: Client
    contact_persons: list[ContactPerson]
    relationships: list[Relationship]
    service_names: dict[int, str]
    appointments: list[Appointment]
    invoices: list[Invoice]
    payment_commitments: list[PaymentCommitment]
    consents: list[Consent]
    disclosures: list[Disclosure]
    requests: list[DataRequest]
    identity: ClinicalIdentity | None
    identity_corrections: list[IdentityCorrection]
    notes: list[Note]


def client_records(conn: Connection, client: Client) -> ClientRecords:
    client_id = client.id or ""
    by_client = {"client_id": client_id}
    invoices = repo.INVOICES.where(conn, order=("issued_on", "id"), **by_client)
    for invoice in invoices:
        invoice.lines = repo.INVOICE_LINES.where(conn, order=("id",), invoice_id=invoice.id)
    commitments = repo.PAYMENT_COMMITMENTS.where(conn, order=("valid_from", "id"), **by_client)
    for commitment in commitments:
        commitment.visits_used = repo.visits_used(conn, commitment)
    return ClientRecords(
        client=client,
        contact_persons=contact_persons_of(conn, client_id),
        relationships=relationships_of(conn, client_id),
        service_names={s.id: s.name for s in repo.SERVICES.where(conn) if s.id is not None},
        appointments=repo.APPOINTMENTS.where(conn, order=("starts_at", "id"), **by_client),
        invoices=invoices,
        payment_commitments=commitments,
        consents=repo.CONSENTS.where(conn, order=("given_on", "id"), **by_client),
        disclosures=repo.DISCLOSURES.where(conn, order=("disclosed_on", "id"), **by_client),
        requests=repo.REQUESTS.where(conn, order=("received_on", "id"), **by_client),
        identity=repo.IDENTITIES.get(conn, client_id),
        identity_corrections=corrections_of(conn, client_id),
        notes=repo.NOTES.where(conn, order=NOTE_ORDER, **by_client),
    )


def log_since(conn: Connection, client_id: str, since: datetime) -> list[LogEntry]:
    """The client's use and disclosure log rows from ``since`` on (ids, never names)."""
    cutoff = since.isoformat(timespec="seconds")
    return [
        LogEntry(
            r.seq, r.at, r.kind, r.action, r.data_kind, r.purpose, r.user_name, r.user_id, r.ref
        )
        for r in audit.rows(conn, client_id)
        if r.at >= cutoff
    ]


def withheld_of(conn: Connection, request_id: int) -> list[WithheldPart]:
    return repo.WITHHELD.where(conn, order=("id",), request_id=request_id)


def release(conn: Connection, request_id: int, part: str) -> None:
    repo.WITHHELD.delete_where(conn, "request_id = ? AND part = ?", (request_id, part))
