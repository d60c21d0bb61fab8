"""Reading the audit log for people (the client's log tab, log information answers)."""

from __future__ import annotations

from app.db import audit
from app.db.audit import AuditRow
from app.services.session import Session


def client_log(session: Session, client_id: str) -> list[AuditRow]:
    """Who has used or received this client's data, oldest first; the view is logged first."""
    session.log_view(client_id)
    return audit.rows(session.conn, client_id)
