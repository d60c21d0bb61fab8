"""Queries of the billing records beyond the plain tables (repositories.py)."""

from __future__ import annotations

from app.db.connection import Connection


def invoice_number_taken(conn: Connection, number: str, invoice_id: int | None = None) -> bool:
    """True when an invoice other than ``invoice_id`` has the number."""
    row = conn.execute(
        "SELECT 1 FROM invoices WHERE number = ? AND id IS NOT ?", (number, invoice_id)
    ).fetchone()
    return row is not None


def invoice_numbers_starting(conn: Connection, prefix: str) -> list[str]:
    """The invoice numbers that begin with ``prefix`` (e.g. the year's "2026-")."""
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = conn.execute(
        "SELECT number FROM invoices WHERE number LIKE ? ESCAPE '\\'", (escaped + "%",)
    )
    return [str(row[0]) for row in rows]


# An invoice "stands" while no credit note cancels it; credit notes themselves do not
# invoice any visit.
_STANDING = "i.credit_of IS NULL AND NOT EXISTS (SELECT 1 FROM invoices c WHERE c.credit_of = i.id)"


def invoiced_visits(conn: Connection, client_id: str) -> dict[int, str]:
    """The client's visits on a standing invoice (draft or sent): visit id -> invoice number."""
    rows = conn.execute(
        "SELECT l.appointment_id, i.number FROM invoice_lines l "
        "JOIN invoices i ON i.id = l.invoice_id "
        f"WHERE l.appointment_id IS NOT NULL AND i.client_id = ? AND {_STANDING}",
        (client_id,),
    )
    return {int(row[0]): str(row[1]) for row in rows}


def visit_invoiced_elsewhere(conn: Connection, appointment_id: int, invoice_id: int | None) -> bool:
    """True when a standing invoice other than ``invoice_id`` already charges the visit."""
    row = conn.execute(
        "SELECT 1 FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id "
        f"WHERE l.appointment_id = ? AND i.id IS NOT ? AND {_STANDING}",
        (appointment_id, invoice_id),
    ).fetchone()
    return row is not None


def same_digits_taken(conn: Connection, number: str, invoice_id: int | None) -> bool:
    """An older invoice numbered with the same digits and no dash ("20260042" beside a
    new "2026-0042"): its reference would be the same. Looked up by the number's own
    index, so saving stays quick however many invoices there are."""
    digits = "".join(ch for ch in number if ch.isdigit())
    row = conn.execute(
        "SELECT 1 FROM invoices WHERE number = ? AND id IS NOT ? LIMIT 1", (digits, invoice_id)
    ).fetchone()
    return row is not None


def credit_note_of(conn: Connection, invoice_id: int) -> int | None:
    """The id of the credit note cancelling the invoice, if there is one."""
    row = conn.execute(
        "SELECT id FROM invoices WHERE credit_of = ? ORDER BY id LIMIT 1", (invoice_id,)
    ).fetchone()
    return None if row is None else int(row[0])


def credited_ids(conn: Connection, client_id: str | None = None) -> set[int]:
    """Ids of the invoices a credit note cancels (of one client, or all)."""
    sql = "SELECT credit_of FROM invoices WHERE credit_of IS NOT NULL"
    params: tuple[str, ...] = ()
    if client_id is not None:
        sql += " AND client_id = ?"
        params = (client_id,)
    return {int(row[0]) for row in conn.execute(sql, params)}


def unpaid_invoice_ids(conn: Connection) -> list[int]:
    """Sent, unpaid invoices that no credit note cancels and that are not credit notes,
    oldest due date first."""
    rows = conn.execute(
        "SELECT i.id FROM invoices i WHERE i.sent_on IS NOT NULL AND i.paid_on IS NULL "
        f"AND {_STANDING} ORDER BY i.due_on, i.id"
    )
    return [int(row[0]) for row in rows]


def delete_lines(conn: Connection, invoice_id: int) -> None:
    conn.execute("DELETE FROM invoice_lines WHERE invoice_id = ?", (invoice_id,))


def delete_invoice(conn: Connection, invoice_id: int) -> None:
    conn.execute("DELETE FROM invoice_lines WHERE invoice_id = ?", (invoice_id,))
    conn.execute("DELETE FROM invoices WHERE id = ?", (invoice_id,))
