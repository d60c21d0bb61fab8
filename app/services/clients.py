"""Clients, their contact persons and the client list."""

from __future__ import annotations

import dataclasses
import secrets
import unicodedata

from app.db import client_queries as queries
from app.db import identities
from app.db import repositories as repo
from app.db.audit import AuditEvent
from app.domain.client_rules import clean_client
from app.domain.errors import NotFoundError
from app.domain.identity_search import identity_query
from app.domain.kinds import Controller, RegisterKind
from app.domain.models import Client, ClientSummary, ContactPerson
from app.domain.validation import validate_email, validate_name, validate_phone
from app.services.session import Session


def add_client(session: Session, client: Client) -> Client:
    """Validate and save a new client; it gets an opaque id and the next client number."""
    clean = clean_client(client)
    clean.id = secrets.token_hex(8)
    clean.created_at = session.now()
    with session.transaction() as conn:
        clean.client_number = repo.next_client_number(conn)
        repo.CLIENTS.insert(conn, clean)
    return clean


def update_client(session: Session, client: Client) -> Client:
    if client.id is None:
        raise NotFoundError("client.not_found")
    clean = clean_client(client)
    with session.transaction() as conn:
        if repo.CLIENTS.get(conn, client.id) is None:
            raise NotFoundError("client.not_found")
        repo.CLIENTS.update(conn, clean)
    return clean


def open_client(session: Session, client_id: str, purpose: str = "care") -> Client:
    """A client's contact details; logs the opening once per unlocked session."""
    client = repo.CLIENTS.get(session.conn, client_id)
    if client is None:
        raise NotFoundError("client.not_found")
    session.log_client_opened(client_id, purpose)
    return client


def client_by_number(session: Session, client_number: int) -> Client:
    client_id = queries.client_id_by_number(session.conn, client_number)
    if client_id is None:
        raise NotFoundError("client.not_found")
    return open_client(session, client_id)


def list_clients(session: Session) -> list[ClientSummary]:
    """Every client, ended relationships too (no addresses: lists never show them)."""
    kinds = {kind.value: kind for kind in RegisterKind}
    result = []
    for row in queries.listed_clients_with_relationships(session.conn):
        name = f"{row.first_name} {row.last_name}".strip() or row.nickname
        # A client with no relationship yet is the practice's own, and active.
        has_relationships = row.relationships > 0
        controller = (
            Controller.COUNTY
            if has_relationships and not row.any_practice_controlled
            else Controller.PRACTICE
        )
        result.append(
            ClientSummary(
                id=row.id,
                client_number=row.client_number,
                name=name,
                phone=row.phone,
                email=row.email,
                active=row.any_open or not has_relationships,
                controller=controller,
                register_kinds=tuple(sorted(kinds[k] for k in row.register_kinds)),
                secure_address=row.secure_address,
                sort_name=f"{row.last_name} {row.first_name}".strip() or row.nickname,
            )
        )
    return result


@dataclasses.dataclass(frozen=True)
class SearchNeedle:
    """What is typed into the client search, prepared once per keystroke."""

    text: str  # NFC, case-folded, stripped
    phone_digits: str | None  # the digits, when the text is a phone number (3+ digits)


@dataclasses.dataclass(frozen=True)
class SearchHaystack:
    """What a client is found by, prepared once per client list."""

    text: str  # name, client number, phone and email, case-folded
    phone_digits: str


def search_needle(text: str) -> SearchNeedle | None:
    """The prepared search text; None when nothing is typed (every client matches)."""
    # Names are stored NFC (validate_name); typed or pasted text may be decomposed.
    needle = unicodedata.normalize("NFC", text).casefold().strip()
    if not needle:
        return None
    digits = "".join(ch for ch in needle if ch.isdigit())
    is_phone = len(digits) >= 3 and digits == needle.replace(" ", "")
    return SearchNeedle(needle, digits if is_phone else None)


def search_haystack(summary: ClientSummary) -> SearchHaystack:
    text = " ".join(
        (summary.name, str(summary.client_number), summary.phone, summary.email)
    ).casefold()
    return SearchHaystack(text, "".join(filter(str.isdigit, summary.phone)))


def needle_matches(needle: SearchNeedle | None, haystack: SearchHaystack) -> bool:
    if needle is None:
        return True
    return needle.text in haystack.text or (
        needle.phone_digits is not None and needle.phone_digits in haystack.phone_digits
    )


def matches(summary: ClientSummary, text: str) -> bool:
    """Search-as-you-type: name, client number, phone or email; case-insensitive in any script."""
    return needle_matches(search_needle(text), search_haystack(summary))


def search_clients(session: Session, text: str) -> list[ClientSummary]:
    return [s for s in list_clients(session) if matches(s, text)]


def add_contact_person(session: Session, person: ContactPerson) -> ContactPerson:
    clean = dataclasses.replace(
        person,
        name=validate_name(person.name, "name"),
        phone=validate_phone(person.phone) if person.phone.strip() else "",
        email=validate_email(person.email) if person.email.strip() else "",
    )
    with session.transaction() as conn:
        if repo.CLIENTS.get(conn, clean.client_id) is None:
            raise NotFoundError("client.not_found")
        repo.CONTACT_PERSONS.insert(conn, clean)
    return clean


def contact_persons(session: Session, client_id: str) -> list[ContactPerson]:
    """The client's contact persons; not shown unless the view is logged."""
    session.log_view(client_id)
    return queries.contact_persons_of(session.conn, client_id)


def find_by_identity(session: Session, text: str) -> list[str]:
    """The ids of the clients whose kept identity has this hetu or birth date, only while
    the patient records are open; each client found is logged (the search showed that
    their identity matched)."""
    query = identity_query(text)
    if query is None:
        return []
    session.require_clinical()
    with session.transaction() as conn:
        found = identities.find(conn, hetu=query.hetu, birth_date=query.birth_date)
        for client_id in found:
            session.log(
                AuditEvent(
                    "identity.search",
                    client_id=client_id,
                    data_kind="hetu" if query.hetu else "birth_date",
                    purpose="care",
                )
            )
    return found


def birth_years(session: Session) -> dict[str, int]:
    """Each client's birth year from the kept identities (to tell namesakes apart in the
    list), only while the patient records are open; logged once, without names."""
    session.require_clinical()
    with session.transaction() as conn:
        years = identities.birth_years(conn)
        event = AuditEvent("identity.birth_years_listed", data_kind="birth_date", purpose="care")
        session.log(event)
    return years
