"""Queries about client relationships: their records, the legal-note confirmations, and
the records that do not yet name a relationship (schema v3)."""

from __future__ import annotations

from datetime import datetime

from app.db.connection import CLINICAL, Connection, is_attached
from app.db.schema_v3 import TIED_TABLES

# The register-store records that tie a relationship to its register kind.
_RECORD_TABLES = ("appointments", "invoices", "consents", "disclosures", "payment_commitments")


def has_records(conn: Connection, relationship_id: int) -> bool:
    """Whether any record names the relationship: notes (when the clinical store is
    attached), appointments, invoices, consents, disclosures or payment commitments."""
    tables = list(_RECORD_TABLES)
    if is_attached(conn, CLINICAL):
        tables.append(f"{CLINICAL}.notes")
    for table in tables:
        row = conn.execute(
            f"SELECT 1 FROM {table} WHERE relationship_id = ? LIMIT 1", (relationship_id,)
        ).fetchone()
        if row is not None:
            return True
    return False


def records_without_relationship(conn: Connection) -> int:
    """How many consents, disclosures, invoices and payment commitments name no
    relationship (rows from before schema v3 whose client had none or several)."""
    return sum(
        int(conn.execute(f"SELECT count(*) FROM {t} WHERE relationship_id IS NULL").fetchone()[0])
        for t in TIED_TABLES
    )


def confirmed_kinds(conn: Connection, text_version: str) -> set[str]:
    """The register kinds whose legal note has been confirmed in this version of its text."""
    rows = conn.execute(
        "SELECT DISTINCT register_kind FROM legal_note_confirmations WHERE text_version = ?",
        (text_version,),
    )
    return {str(row[0]) for row in rows}


def add_legal_note_confirmation(
    conn: Connection, kind: str, text_version: str, confirmed_by: str, confirmed_at: datetime
) -> int:
    cursor = conn.execute(
        "INSERT INTO legal_note_confirmations (register_kind, text_version, confirmed_by, "
        "confirmed_at) VALUES (?, ?, ?, ?)",
        (kind, text_version, confirmed_by, confirmed_at.isoformat(timespec="seconds")),
    )
    return int(cursor.lastrowid)
