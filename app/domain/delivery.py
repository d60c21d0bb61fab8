"""The delivery packet for the county (RULES.md "Registers, service kinds and controllers").

When a wellbeing services county is the controller (703/2023 § 13–14), Vakka keeps no
retention of its own for that relationship's client records: at the end it delivers
them, with their log, to the county, and removes them once the delivery is confirmed.
The practice's own bookkeeping (invoices, payment commitments) is not in the packet.

Plain data and the checks (no Qt, no SQL); the errors carry codes only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from app.domain.errors import ValidationError
from app.domain.kinds import Controller
from app.domain.models import (
    Appointment,
    Client,
    ClinicalIdentity,
    Consent,
    ContactPerson,
    DataRequest,
    Disclosure,
    IdentityCorrection,
    Note,
    Relationship,
)

# The legal basis recorded with the disclosure to the county.
LEGAL_BASIS = "703/2023 § 13–14"
DISCLOSURE_PURPOSE = "delivery_to_controller"
FORMAT = "vakka.county_delivery"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class LogEntry:
    """A row of the use or disclosure log (ids only, never names or note text)."""

    seq: int
    at: str
    kind: str
    action: str
    data_kind: str
    purpose: str
    user_name: str
    user_id: str
    ref: str


@dataclass(frozen=True)
class RelationshipRecords:
    relationship: Relationship
    client: Client
    contact_persons: list[ContactPerson]
    identity: ClinicalIdentity | None
    identity_corrections: list[IdentityCorrection]
    appointments: list[Appointment]
    consents: list[Consent]
    disclosures: list[Disclosure]
    requests: list[DataRequest]
    notes: list[Note]
    log: list[LogEntry]


@dataclass(frozen=True)
class DeliveryPacket:
    packet_id: str  # random; names the files (never a name or an identity code)
    created_at: datetime
    practice_name: str
    practitioner_name: str
    records: RelationshipRecords

    @property
    def county_name(self) -> str:
        return self.records.relationship.county_name


def check_deliverable(rel: Relationship) -> None:
    """Only an ended relationship whose controller is a county is delivered."""
    if rel.controller is not Controller.COUNTY:
        raise ValidationError("county_delivery.not_county_controlled", field="relationship_id")
    if rel.ended_on is None:
        raise ValidationError("county_delivery.relationship_open", field="ended_on")


def check_confirmation(
    rel: Relationship, delivered_on: date, how: str, to_whom: str, today: date
) -> None:
    """The confirmation: not in the future, not before the end, how and to whom given."""
    check_deliverable(rel)
    if rel.delivered_on is not None:
        raise ValidationError("county_delivery.already_confirmed", field="delivered_on")
    if delivered_on > today:
        raise ValidationError("date.in_future", field="delivered_on")
    assert rel.ended_on is not None
    if delivered_on < rel.ended_on:
        raise ValidationError("county_delivery.before_end", field="delivered_on")
    if not how.strip():
        raise ValidationError("field.required", field="delivered_how")
    if not to_whom.strip():
        raise ValidationError("field.required", field="delivered_to")
