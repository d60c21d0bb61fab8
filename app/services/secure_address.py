"""Secure address (turvakielto): every output that would include the address asks first.

RULES.md: the address of a client with a non-disclosure for personal safety is never
shown in lists, never printed on anything but documents to the client, and every
output that would include it asks first. The asking is the caller's (a dialog, a CLI
prompt or option); the service refuses unless the caller says it asked, with
``include_secure_address=True``.
"""

from __future__ import annotations

from app.db import repositories as repo
from app.domain.errors import ValidationError
from app.domain.models import Client
from app.services.session import Session


def _words(text: str) -> str:
    return " ".join(text.split()).casefold()


def holds_address(client: Client, text: str) -> bool:
    """Whether ``text`` carries the client's street address (spacing and case ignored)."""
    street = _words(client.street_address)
    return bool(street) and street in _words(text)


def check_output(
    session: Session,
    client_id: str | None,
    address_text: str,
    include_secure_address: bool,
    *,
    is_the_clients_address: bool,
    field: str,
) -> None:
    """Refuse an output with a secure-address client's address unless the caller asked first.

    ``is_the_clients_address``: the output addresses the client (an invoice to the
    client), so any address on it is theirs; otherwise only text holding the client's
    street address counts.
    """
    if include_secure_address or client_id is None or not address_text.strip():
        return
    client = repo.CLIENTS.get(session.conn, client_id)
    if client is None or not client.secure_address:
        return
    if is_the_clients_address or holds_address(client, address_text):
        raise ValidationError("client.secure_address_not_confirmed", field=field)
