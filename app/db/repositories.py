"""The tables of both stores, each bound to its domain dataclass."""

from __future__ import annotations

from app.db.connection import Connection
from app.db.tables import Table
from app.domain.models import (
    Appointment,
    Client,
    ClinicalIdentity,
    Consent,
    ContactPerson,
    DataRequest,
    Disclosure,
    Invoice,
    InvoiceLine,
    LegalHold,
    Note,
    PaymentCommitment,
    Practice,
    Relationship,
    Service,
    WithheldPart,
)

SERVICES = Table("services", Service)
CLIENTS = Table("clients", Client)
CONTACT_PERSONS = Table("contact_persons", ContactPerson)
RELATIONSHIPS = Table("relationships", Relationship)
APPOINTMENTS = Table("appointments", Appointment)
INVOICES = Table("invoices", Invoice, exclude=("lines",))
INVOICE_LINES = Table("invoice_lines", InvoiceLine)
PAYMENT_COMMITMENTS = Table("payment_commitments", PaymentCommitment, exclude=("visits_used",))
CONSENTS = Table("consents", Consent)
DISCLOSURES = Table("disclosures", Disclosure)
REQUESTS = Table("requests", DataRequest)
WITHHELD = Table("request_withheld", WithheldPart)
LEGAL_HOLDS = Table("legal_holds", LegalHold)
IDENTITIES = Table("clinical.identities", ClinicalIdentity, key="client_id")
NOTES = Table("clinical.notes", Note)
_PRACTICE = Table("practice", Practice, key="name")


def load_practice(conn: Connection) -> Practice:
    row = conn.execute(
        f"SELECT {', '.join(_PRACTICE.columns)} FROM practice WHERE id = 1"
    ).fetchone()
    return _PRACTICE.from_row(row)


def save_practice(conn: Connection, practice: Practice) -> None:
    row = _PRACTICE.to_row(practice)
    sets = ", ".join(f"{c} = ?" for c in row)
    conn.execute(f"UPDATE practice SET {sets} WHERE id = 1", tuple(row.values()))


def get_setting(conn: Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def set_setting(conn: Connection, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def next_client_number(conn: Connection) -> int:
    row = conn.execute("SELECT max(client_number) FROM clients").fetchone()
    return 1001 if row[0] is None else int(row[0]) + 1


def relationship_belongs_to(conn: Connection, relationship_id: int | None, client_id: str) -> bool:
    """True when there is no relationship given, or it is the client's own."""
    if relationship_id is None:
        return True
    rel = RELATIONSHIPS.get(conn, relationship_id)
    return rel is not None and rel.client_id == client_id


def visits_used(conn: Connection, commitment: PaymentCommitment) -> int:
    row = conn.execute(
        "SELECT count(*) FROM appointments WHERE payment_commitment_id = ? AND status = 'done'",
        (commitment.id,),
    ).fetchone()
    return commitment.visits_used_before + int(row[0])
