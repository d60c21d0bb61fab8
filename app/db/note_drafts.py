"""Note drafts, one per relationship, kept in the encrypted register store's settings
(rows of their own, no schema change). Plain text never reaches a file of its own."""

from __future__ import annotations

from app.db.connection import Connection
from app.db.repositories import get_setting, set_setting

PREFIX = "note_draft:"


def _key(relationship_id: int) -> str:
    return f"{PREFIX}{int(relationship_id)}"


def load(conn: Connection, relationship_id: int) -> str | None:
    return get_setting(conn, _key(relationship_id))


def load_all(conn: Connection) -> list[str]:
    rows = conn.execute(
        "SELECT value FROM settings WHERE substr(key, 1, ?) = ? ORDER BY key",
        (len(PREFIX), PREFIX),
    ).fetchall()
    return [str(row[0]) for row in rows]


def save(conn: Connection, relationship_id: int, value: str) -> None:
    set_setting(conn, _key(relationship_id), value)


def delete(conn: Connection, relationship_id: int) -> None:
    conn.execute("DELETE FROM settings WHERE key = ?", (_key(relationship_id),))
