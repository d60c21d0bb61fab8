"""Drafts of forms whose loss would hurt (issue 11): kept per form kind and client,
encrypted in the register store, gone when saved, thrown away or purged with the client."""

from __future__ import annotations

import pytest

from app.db import purge_store
from app.db.connection import transaction
from app.domain.errors import NotFoundError
from app.domain.models import Client
from app.services import form_drafts
from app.services.form_drafts import REQUEST_DRAFT
from app.services.session import Session

FIELDS = {"details": "Pyytää kopiot (keksitty)", "kind": "access", "hetu_in_answer": "0"}


def test_a_draft_is_kept_read_back_and_discarded(session: Session, client: Client) -> None:
    client_id = client.id or ""
    assert form_drafts.form_draft(session, REQUEST_DRAFT, client_id) is None
    form_drafts.save_form_draft(session, REQUEST_DRAFT, client_id, FIELDS)
    assert form_drafts.form_draft(session, REQUEST_DRAFT, client_id) == FIELDS
    assert form_drafts.kept_form_drafts(session) == [(REQUEST_DRAFT, client_id)]
    form_drafts.discard_form_draft(session, REQUEST_DRAFT, client_id)
    assert form_drafts.kept_form_drafts(session) == []
    # Nothing typed: no draft.
    form_drafts.save_form_draft(session, REQUEST_DRAFT, client_id, {"details": "  "})
    assert form_drafts.form_draft(session, REQUEST_DRAFT, client_id) is None


def test_unknown_clients_and_kinds_are_refused(session: Session, client: Client) -> None:
    with pytest.raises(NotFoundError):
        form_drafts.save_form_draft(session, REQUEST_DRAFT, "no-such-client", FIELDS)
    with pytest.raises(ValueError):
        form_drafts.save_form_draft(session, "x:y", client.id or "", FIELDS)
    assert form_drafts.kept_form_drafts(session) == []


@pytest.mark.parametrize("how", ["blanked", "deleted"])
def test_the_purge_takes_a_clients_drafts_along(session: Session, client: Client, how: str) -> None:
    other = session_client(session)
    for client_id in (client.id or "", other):
        form_drafts.save_form_draft(session, REQUEST_DRAFT, client_id, FIELDS)
    with transaction(session.conn) as conn:
        if how == "blanked":
            purge_store.blank_contact_details(conn, [client.id or ""])
        else:
            purge_store.delete_clients(conn, [client.id or ""])
    left = session.conn.execute("SELECT key FROM settings WHERE key LIKE 'form_draft:%'")
    assert [row[0] for row in left] == [f"form_draft:{REQUEST_DRAFT}:{other}"]


def session_client(session: Session) -> str:
    from app.services import clients

    return clients.add_client(session, Client(first_name="Toinen", last_name="Asiakas")).id or ""
