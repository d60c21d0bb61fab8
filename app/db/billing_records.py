"""Queries of the billing records beyond the plain tables (repositories.py)."""

from __future__ import annotations

from app.db.connection import Connection


def invoice_number_taken(conn: Connection, number: str) -> bool:
    return conn.execute("SELECT 1 FROM invoices WHERE number = ?", (number,)).fetchone() is not None


def invoice_numbers_starting(conn: Connection, prefix: str) -> list[str]:
    """The invoice numbers that begin with ``prefix`` (e.g. the year's "2026-")."""
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = conn.execute(
        "SELECT number FROM invoices WHERE number LIKE ? ESCAPE '\\'", (escaped + "%",)
    )
    return [str(row[0]) for row in rows]
