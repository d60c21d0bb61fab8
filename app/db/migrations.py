"""Numbered schema migrations, tracked in ``PRAGMA user_version`` of each store.

A register whose version is newer than this program knows is refused. Every past
version has a stored test register (tests/data/registers) that must still open.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlcipher3

from app.db.audit import register_functions
from app.db.connection import CLINICAL, Connection, transaction
from app.db.schema_v1 import CLINICAL_V1, REGISTER_V1
from app.db.schema_v2 import CLINICAL_V2, REGISTER_V2
from app.db.schema_v3 import CLINICAL_V3, REGISTER_V3
from app.db.schema_v4 import CLINICAL_V4, REGISTER_V4
from app.db.schema_v5 import CLINICAL_V5, REGISTER_V5
from app.domain.errors import VakkaError


@dataclass(frozen=True)
class Migration:
    version: int
    register_sql: str
    clinical_sql: str


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, REGISTER_V1, CLINICAL_V1),
    Migration(2, REGISTER_V2, CLINICAL_V2),  # full-text search over notes
    Migration(3, REGISTER_V3, CLINICAL_V3),  # record integrity (issue 8)
    Migration(4, REGISTER_V4, CLINICAL_V4),  # structured requests, sources (issue 10)
    Migration(5, REGISTER_V5, CLINICAL_V5),  # the practitioner's day (issue 11)
)
SCHEMA_VERSION = MIGRATIONS[-1].version


def store_version(conn: Connection, schema: str) -> int:
    return int(conn.execute(f"PRAGMA {schema}.user_version").fetchone()[0])


def migrate(conn: Connection, read_only: bool = False) -> None:
    """Bring both stores (clinical attached) to SCHEMA_VERSION in one transaction.

    A read-only register that needs migrating is refused: that would be a write.
    """
    versions = {store_version(conn, "main"), store_version(conn, CLINICAL)}
    if max(versions) > SCHEMA_VERSION:
        raise VakkaError("register.newer_version", version=max(versions))
    if len(versions) != 1:
        raise VakkaError("register.version_mismatch")
    current = versions.pop()
    pending = [m for m in MIGRATIONS if m.version > current]
    if not pending:
        return
    if read_only:
        raise VakkaError("register.read_only_needs_update")
    register_functions(conn)
    with transaction(conn):
        for migration in pending:
            _run_script(conn, migration.register_sql)
            _run_script(conn, migration.clinical_sql)
            conn.execute(f"PRAGMA main.user_version = {migration.version:d}")
            conn.execute(f"PRAGMA {CLINICAL}.user_version = {migration.version:d}")


def _run_script(conn: Connection, script: str) -> None:
    # executescript() would COMMIT first; run statement by statement inside our transaction.
    buffer = ""
    for line in script.splitlines(keepends=True):
        if line.lstrip().startswith("--"):
            continue
        buffer += line
        if sqlcipher3.complete_statement(buffer):
            conn.execute(buffer)
            buffer = ""
    if buffer.strip():
        raise ValueError("incomplete SQL statement in migration")
