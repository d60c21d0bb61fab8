"""The identity kept with the records (clinical store) and its corrections.

The store guards both tables (schema_v3.IDENTITY_GUARDS): corrections are only ever
inserted, and an identity row changes only together with the correction rows that
record the change. ``apply_correction`` writes them in that order.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from app.db.connection import Connection
from app.db.repositories import IDENTITIES
from app.db.tables import Table
from app.domain.kinds import RegisterKind
from app.domain.models import ClinicalIdentity, IdentityCorrection

IDENTITY_CORRECTIONS = Table("clinical.identity_corrections", IdentityCorrection)


def apply_correction(
    conn: Connection, identity: ClinicalIdentity, corrections: Sequence[IdentityCorrection]
) -> None:
    """Record the corrections, then update the identity (the store checks they match)."""
    for correction in corrections:
        IDENTITY_CORRECTIONS.insert(conn, correction)
    IDENTITIES.update(conn, identity)


def corrections_of(conn: Connection, client_id: str) -> list[IdentityCorrection]:
    """The client's identity corrections, oldest first."""
    return IDENTITY_CORRECTIONS.select(conn, "client_id = ?", (client_id,), "id")


def register_kinds_of(conn: Connection, client_id: str) -> set[RegisterKind]:
    """The register kinds of the client's relationships, ended ones included."""
    rows = conn.execute(
        "SELECT DISTINCT register_kind FROM relationships WHERE client_id = ?", (client_id,)
    )
    return {RegisterKind(row[0]) for row in rows}


def find(
    conn: Connection, hetu: str | None = None, birth_date: datetime.date | None = None
) -> list[str]:
    """Client ids of the identities with this hetu or this birth date."""
    if hetu is not None:
        rows = conn.execute("SELECT client_id FROM clinical.identities WHERE hetu = ?", (hetu,))
    elif birth_date is not None:
        rows = conn.execute(
            "SELECT client_id FROM clinical.identities WHERE birth_date = ?",
            (birth_date.isoformat(),),
        )
    else:
        return []
    return sorted(str(row[0]) for row in rows)


def birth_years(conn: Connection) -> dict[str, int]:
    rows = conn.execute(
        "SELECT client_id, CAST(substr(birth_date, 1, 4) AS INTEGER) FROM clinical.identities "
        "WHERE birth_date IS NOT NULL AND birth_date <> ''"
    )
    return {str(client_id): int(year) for client_id, year in rows}
