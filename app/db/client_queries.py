"""The reads behind the client list and the client's own rows (the services hold no SQL)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from app.db import repositories as repo
from app.db.connection import Connection
from app.domain.models import ContactPerson, Relationship


@dataclass(frozen=True)
class RelationshipFacts:
    """What the client list needs of one relationship: no dates or names beyond these."""

    client_id: str
    register_kind: str
    controller: str
    ended: bool


@dataclass(frozen=True)
class ListedClient:
    """One client as the list shows it: never an address."""

    id: str
    client_number: int
    first_name: str
    last_name: str
    nickname: str
    phone: str
    email: str
    secure_address: bool


def relationship_facts(conn: Connection) -> list[RelationshipFacts]:
    return [
        RelationshipFacts(
            client_id=row["client_id"],
            register_kind=row["register_kind"],
            controller=row["controller"],
            ended=row["ended_on"] is not None,
        )
        for row in conn.execute(
            "SELECT client_id, register_kind, controller, ended_on FROM relationships"
        )
    ]


def listed_clients(conn: Connection) -> list[ListedClient]:
    """Every client in client-number order, without addresses."""
    return [
        ListedClient(
            id=row["id"],
            client_number=int(row["client_number"]),
            first_name=row["first_name"],
            last_name=row["last_name"],
            nickname=row["nickname"],
            phone=row["phone"],
            email=row["email"],
            secure_address=bool(row["secure_address"]),
        )
        for row in conn.execute(
            "SELECT id, client_number, first_name, last_name, nickname, phone, email, "
            "secure_address FROM clients ORDER BY client_number"
        )
    ]


class ListedClientWithRelationships(NamedTuple):
    """One client of the list (never an address) with what the list needs of their
    relationships; a named tuple: 5,000 of them are made at every unlock."""

    id: str
    client_number: int
    first_name: str
    last_name: str
    nickname: str
    phone: str
    email: str
    secure_address: bool
    register_kinds: frozenset[str]
    relationships: int
    any_open: bool  # a relationship not ended
    any_practice_controlled: bool


def listed_clients_with_relationships(conn: Connection) -> list[ListedClientWithRelationships]:
    """Every client in client-number order with their relationships summed up (the list
    is read at every unlock: two plain reads, rows taken by position; issue 12)."""
    kinds: dict[str, set[str]] = {}
    counts: dict[str, int] = {}
    open_: set[str] = set()
    practice: set[str] = set()
    for client_id, kind, controller, ended_on in conn.execute(
        "SELECT client_id, register_kind, controller, ended_on FROM relationships"
    ):
        kinds.setdefault(client_id, set()).add(kind)
        counts[client_id] = counts.get(client_id, 0) + 1
        if ended_on is None:
            open_.add(client_id)
        if controller == "practice":
            practice.add(client_id)
    none: frozenset[str] = frozenset()
    return [
        ListedClientWithRelationships(
            row[0], int(row[1]), row[2], row[3], row[4], row[5], row[6], bool(row[7]),
            frozenset(kinds.get(row[0], none)), counts.get(row[0], 0),
            row[0] in open_, row[0] in practice,
        )
        for row in conn.execute(
            "SELECT id, client_number, first_name, last_name, nickname, phone, email, "
            "secure_address FROM clients ORDER BY client_number"
        )
    ]  # fmt: skip


def client_id_by_number(conn: Connection, client_number: int) -> str | None:
    row = conn.execute(
        "SELECT id FROM clients WHERE client_number = ?", (client_number,)
    ).fetchone()
    return None if row is None else str(row[0])


def contact_persons_of(conn: Connection, client_id: str) -> list[ContactPerson]:
    return repo.CONTACT_PERSONS.select(conn, "client_id = ?", (client_id,), "id")


def relationships_of(conn: Connection, client_id: str) -> list[Relationship]:
    return repo.RELATIONSHIPS.select(conn, "client_id = ?", (client_id,), "started_on, id")
