"""The plan of the demo practice: what will be written, drawn before anything is written.

Each plan holds domain models with their ids still empty; the writer fills the ids in as
the services return them. Indexes (``consent_index``, ``commitment_index``) point into
the relationship's own lists, since nothing has an id while the plan is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from app.domain.kinds import (
    HoldGround,
    IdentityMethod,
    PayerKind,
    RegisterKind,
    RemovedContentKind,
    RequestKind,
)
from app.domain.models import (
    Appointment,
    Client,
    Consent,
    ContactPerson,
    Disclosure,
    Invoice,
    Note,
    PaymentCommitment,
    Relationship,
)
from app.services.demo.practice import ServiceDef


@dataclass
class NotePlan:
    note: Note
    amendment: tuple[str, str] | None = None  # (body, reason)
    removal: tuple[RemovedContentKind, str] | None = None  # (content kind, reason)


@dataclass
class ConsentPlan:
    consent: Consent
    withdrawn_on: date | None = None
    new_scope: str | None = None  # a later version with this scope


@dataclass
class DisclosurePlan:
    disclosure: Disclosure
    consent_index: int | None = None


@dataclass
class AppointmentPlan:
    appointment: Appointment
    commitment_index: int | None = None


@dataclass
class InvoicePlan:
    invoice: Invoice
    paid_on: date | None
    visits: list[AppointmentPlan] = field(default_factory=list)  # one a line, in order
    sent: bool = True  # False: left as a draft


@dataclass
class RelationshipPlan:
    rel: Relationship
    service: ServiceDef
    ended_on: date | None = None
    end_reason: str = ""
    payer: tuple[PayerKind, str, str, str] | None = None  # kind, name, address, business id
    commitments: list[PaymentCommitment] = field(default_factory=list)
    appointments: list[AppointmentPlan] = field(default_factory=list)
    invoices: list[InvoicePlan] = field(default_factory=list)
    consents: list[ConsentPlan] = field(default_factory=list)
    disclosures: list[DisclosurePlan] = field(default_factory=list)
    notes: list[NotePlan] = field(default_factory=list)

    def last_day(self, today: date) -> date:
        return self.ended_on or today


@dataclass
class RequestPlan:
    kind: RequestKind
    received_on: date
    details: str
    identity: tuple[IdentityMethod, date] | None = None
    extension_reason: str = ""
    closed: tuple[str, date] | None = None  # outcome, closed on


@dataclass
class ClientPlan:
    client: Client
    birth_date: date
    hetu: str | None = None
    death_date: date | None = None
    contact_persons: list[ContactPerson] = field(default_factory=list)
    relationships: list[RelationshipPlan] = field(default_factory=list)
    requests: list[RequestPlan] = field(default_factory=list)
    hold: tuple[HoldGround, date, str] | None = None

    @property
    def needs_identity(self) -> bool:
        return any(rp.rel.register_kind is not RegisterKind.OTHER for rp in self.relationships)
