"""Note drafts, one per relationship, in the clinical store beside the notes they will
become (schema 5). Plain text never reaches a file of its own."""

from __future__ import annotations

from collections.abc import Sequence

from app.db.connection import CLINICAL, Connection


def load(conn: Connection, relationship_id: int) -> str | None:
    row = conn.execute(
        f"SELECT draft FROM {CLINICAL}.note_drafts WHERE relationship_id = ?",
        (int(relationship_id),),
    ).fetchone()
    return None if row is None else str(row[0])


def load_all(conn: Connection) -> list[str]:
    rows = conn.execute(
        f"SELECT draft FROM {CLINICAL}.note_drafts ORDER BY saved_at, relationship_id"
    ).fetchall()
    return [str(row[0]) for row in rows]


def save(conn: Connection, relationship_id: int, client_id: str, draft: str, saved_at: str) -> None:
    conn.execute(
        f"INSERT INTO {CLINICAL}.note_drafts (relationship_id, client_id, draft, saved_at) "
        "VALUES (?, ?, ?, ?) ON CONFLICT (relationship_id) DO UPDATE SET "
        "client_id = excluded.client_id, draft = excluded.draft, saved_at = excluded.saved_at",
        (int(relationship_id), client_id, draft, saved_at),
    )


def delete(conn: Connection, relationship_id: int) -> None:
    conn.execute(
        f"DELETE FROM {CLINICAL}.note_drafts WHERE relationship_id = ?", (int(relationship_id),)
    )


def delete_of_clients(conn: Connection, client_ids: Sequence[str]) -> None:
    conn.executemany(
        f"DELETE FROM {CLINICAL}.note_drafts WHERE client_id = ?", [(c,) for c in client_ids]
    )
