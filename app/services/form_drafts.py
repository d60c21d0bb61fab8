"""Drafts of forms whose loss would hurt (issue 11): the fields of a request or an
invoice being written are kept, encrypted in the register store, when the app locks or
the form closes without being saved or thrown away, and come back when the same form is
opened for the same client. A field is a name and its text; saving the form, or
throwing its text away, removes the draft."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

from app.db import form_drafts
from app.db import repositories as repo
from app.domain.errors import NotFoundError
from app.services.session import Session

_KIND = re.compile(r"[a-z][a-z_]{0,39}")
REQUEST_DRAFT = "request"  # the form recording a data subject's request
INVOICE_DRAFT = "invoice"  # a new invoice being written (before it is saved as a draft)


def _check(session: Session, kind: str, client_id: str) -> None:
    if not _KIND.fullmatch(kind):
        raise ValueError("not a form kind")
    if repo.CLIENTS.get(session.conn, client_id) is None:
        raise NotFoundError("client.not_found")


def save_form_draft(session: Session, kind: str, client_id: str, fields: Mapping[str, str]) -> None:
    """Keep the form's fields; a form with nothing typed keeps no draft."""
    _check(session, kind, client_id)
    with session.transaction() as conn:
        if any(value.strip() for value in fields.values()):
            form_drafts.save(conn, kind, client_id, json.dumps(dict(fields), ensure_ascii=False))
        else:
            form_drafts.delete(conn, kind, client_id)


def form_draft(session: Session, kind: str, client_id: str) -> dict[str, str] | None:
    _check(session, kind, client_id)
    value = form_drafts.load(session.conn, kind, client_id)
    if value is None:
        return None
    try:
        data = json.loads(value)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    return {str(k): str(v) for k, v in data.items()}


def discard_form_draft(session: Session, kind: str, client_id: str) -> None:
    _check(session, kind, client_id)
    with session.transaction() as conn:
        form_drafts.delete(conn, kind, client_id)


def kept_form_drafts(session: Session) -> list[tuple[str, str]]:
    """(form kind, client id) of every kept draft whose client still exists."""
    return [
        (kind, client_id)
        for kind, client_id in form_drafts.kept(session.conn)
        if repo.CLIENTS.get(session.conn, client_id) is not None
    ]
