"""Drafts of forms whose loss would hurt (a request being recorded, an invoice being
written), one per form kind and client, in the encrypted register store's settings.
Plain text never reaches a file of its own."""

from __future__ import annotations

from collections.abc import Sequence

from app.db.connection import Connection
from app.db.repositories import get_setting, set_setting

PREFIX = "form_draft:"


def _key(kind: str, client_id: str) -> str:
    return f"{PREFIX}{kind}:{client_id}"


def load(conn: Connection, kind: str, client_id: str) -> str | None:
    return get_setting(conn, _key(kind, client_id))


def save(conn: Connection, kind: str, client_id: str, value: str) -> None:
    set_setting(conn, _key(kind, client_id), value)


def delete(conn: Connection, kind: str, client_id: str) -> None:
    conn.execute("DELETE FROM settings WHERE key = ?", (_key(kind, client_id),))


def delete_of_clients(conn: Connection, client_ids: Sequence[str]) -> None:
    """Every form draft of these clients (the purge)."""
    conn.executemany(
        "DELETE FROM settings WHERE substr(key, 1, ?) = ? AND key LIKE ?",
        [(len(PREFIX), PREFIX, f"%:{client_id}") for client_id in client_ids],
    )


def kept(conn: Connection) -> list[tuple[str, str]]:
    """(kind, client id) of every kept draft."""
    rows = conn.execute(
        "SELECT key FROM settings WHERE substr(key, 1, ?) = ? ORDER BY key", (len(PREFIX), PREFIX)
    )
    found = []
    for (key,) in rows:
        kind, _, client_id = str(key)[len(PREFIX) :].partition(":")
        found.append((kind, client_id))
    return found
