"""The reads behind the reminders: dates and counts only, no names or ids."""

from __future__ import annotations

from datetime import date, datetime

from app.db.connection import Connection


def register_created_on(conn: Connection) -> date | None:
    row = conn.execute("SELECT value FROM meta WHERE key = 'created_at'").fetchone()
    return datetime.fromisoformat(str(row[0])).date() if row and row[0] else None


def last_purge_on(conn: Connection) -> date | None:
    """The day of the newest purge record (a purge is a purge review done)."""
    row = conn.execute("SELECT max(purged_at) FROM purge_log").fetchone()
    return date.fromisoformat(str(row[0])[:10]) if row and row[0] else None


def log_event_days(conn: Connection, start: datetime, end: datetime) -> dict[date, int]:
    """How many log rows were written on each day from ``start`` up to ``end``."""
    rows = conn.execute(
        "SELECT substr(at, 1, 10), count(*) FROM audit_log WHERE at >= ? AND at < ? GROUP BY 1",
        (start.isoformat(timespec="seconds"), end.isoformat(timespec="seconds")),
    )
    return {date.fromisoformat(str(day)): int(n) for day, n in rows}
