"""What ``populate_demo`` wrote, counted as it was written."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass


@dataclass(frozen=True)
class DemoSummary:
    """What ``populate_demo`` wrote, counted as it was written."""

    clients: int
    relationships: int
    ended_relationships: int
    county_relationships: int
    minor_relationships: int
    secure_address_clients: int
    contact_persons: int
    identities: int
    appointments: int
    invoices: int
    paid_invoices: int
    draft_invoices: int
    credit_notes: int
    payment_commitments: int
    consents: int
    disclosures: int
    requests: int
    open_requests: int
    legal_holds: int
    notes: int
    amendments: int
    removal_markers: int


class Counts:
    """Running counts, one per field of ``DemoSummary``."""

    def __init__(self) -> None:
        self.values: dict[str, int] = dict.fromkeys(
            (f.name for f in dataclasses.fields(DemoSummary)), 0
        )

    def add(self, name: str, amount: int = 1) -> None:
        self.values[name] += amount

    def summary(self) -> DemoSummary:
        return DemoSummary(**self.values)
