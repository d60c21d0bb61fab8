"""The planner: draws the whole practice from one random generator, before any writing.

Roles first (special parts for some clients, so that every feature has data at any
size), then each client with its relationships and records, then the agenda from today
on, and last the invoices, which cover whole months of visits.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import date, datetime

from app.services.demo import (
    agenda,
    clinical_records,
    invoicing,
    people,
    relations,
    requests_and_holds,
)
from app.services.demo.draw import Draw
from app.services.demo.plan import ClientPlan


def plan_practice(
    rng: random.Random,
    today: date,
    now: datetime,
    practitioner: str,
    clients: int,
    service_ids: Mapping[str, int | None],
) -> list[ClientPlan]:
    """Every client of the practice with all their records, in the order of writing."""
    d = Draw(rng, today, now, practitioner)
    plans = [client_plan(d, roles) for roles in roles_of(rng, clients)]
    agenda.book_agenda(d, plans)
    for plan in plans:
        for rp in plan.relationships:
            rp.rel.service_id = service_ids.get(rp.service.name)
            rp.appointments.sort(key=lambda ap: ap.appointment.starts_at)
            rp.notes.sort(key=lambda np: np.note.written_at)
            invoicing.invoices_of(d, plan, rp)
    invoicing.number_invoices(plans)
    return plans


def client_plan(d: Draw, roles: set[str]) -> ClientPlan:
    """One client: the person, relationships, identity, contact persons, requests, hold."""
    plan = ClientPlan(client=people.person(d, roles), birth_date=d.today)
    relations.relationships_of(d, plan, roles)
    clinical_records.identity_of(d, plan, roles)
    people.contact_persons_of(d, plan)
    requests_and_holds.requests_of(d, plan, roles)
    requests_and_holds.hold_of(d, plan, roles)
    return plan


def roles_of(rng: random.Random, clients: int) -> list[set[str]]:
    """Special parts for some clients, so that every feature has data at any size."""
    roles: list[set[str]] = [set() for _ in range(clients)]
    order = list(range(clients))
    rng.shuffle(order)
    wanted: list[str] = []
    wanted += [f"county:{i}" for i in range(max(1, min(4, clients // 50)))]
    wanted += ["minor_prohibition"]
    wanted += ["minor"] * max(1, clients // 15)
    wanted += ["secure"] * max(1, clients // 80)
    wanted += ["very_old"] * max(1, clients // 40)
    wanted += ["hold", "deceased", "request_near", "request_fresh", "request_extended"]
    wanted += ["request_closed"] * max(2, clients // 50)
    for index, role in zip(order, wanted, strict=False):
        roles[index].add(role)
        if role.startswith("county:"):
            roles[index].add("county")
        if role == "minor_prohibition":
            roles[index].update(("minor", "active"))
    # Language groups, from the other end so that they combine with the roles above.
    for index, group in zip(reversed(order), ("sami", "cyrillic", "sv", "intl"), strict=False):
        roles[index].add(group)
    return roles
