"""The records of the register as plain data (no Qt, no SQL).

Ids: ``Client.id`` is an opaque random string shared by both stores; the other
records have integer ids. Money is in cents. ``None`` for an id means "not saved yet".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from app.domain.kinds import (
    AppointmentStatus,
    CancelledBy,
    ConsentKind,
    ContactLanguage,
    Controller,
    DataSource,
    DeliveryMethod,
    FeeRule,
    HoldGround,
    IdentityMethod,
    IssuerKind,
    NoteKind,
    PayerKind,
    RecordsKept,
    RegisterKind,
    RequestDecision,
    Requester,
    RequestKind,
    RequestStatus,
    ServiceTask,
    WithholdReason,
)


@dataclass
class Practice:
    name: str = ""
    business_id: str = ""
    street_address: str = ""
    postal_code: str = ""
    city: str = ""
    phone: str = ""
    email: str = ""
    practitioner_name: str = ""
    practitioner_title: str = ""
    privacy_contact: str = ""
    home_municipality: str = ""
    fiscal_year_start_month: int = 1
    systems_used: str = ""
    backup_overdue_days: int = 7
    iban: str = ""
    bic: str = ""
    vat_registered: bool = True  # False: below the VAT threshold, no VAT charged
    payment_term_days: int = 14


@dataclass
class Service:
    name: str
    register_kind: RegisterKind
    service_task: ServiceTask | None = None
    active: bool = True
    id: int | None = None
    vat_rate_permille: int = 0  # 0: health care, AVL § 34; 255: the general rate
    price_cents: int | None = None


@dataclass
class Client:
    first_name: str = ""
    last_name: str = ""
    nickname: str = ""
    street_address: str = ""
    postal_code: str = ""
    city: str = ""
    municipality: str = ""
    phone: str = ""
    email: str = ""
    contact_language: ContactLanguage = ContactLanguage.FI
    secure_address: bool = False
    client_number: int | None = None
    id: str | None = None
    created_at: datetime | None = None

    @property
    def display_name(self) -> str:
        full = f"{self.first_name} {self.last_name}".strip()
        return full or self.nickname


@dataclass
class ContactPerson:
    client_id: str
    name: str
    relation: str = ""
    phone: str = ""
    email: str = ""
    consent_on: date | None = None
    id: int | None = None


@dataclass
class Relationship:
    client_id: str
    register_kind: RegisterKind
    records_kept: RecordsKept
    started_on: date
    service_task: ServiceTask | None = None
    service_id: int | None = None
    controller: Controller = Controller.PRACTICE
    county_name: str = ""
    records_location: str = ""
    ended_on: date | None = None
    end_reason: str = ""
    privacy_notice_given_on: date | None = None
    minor: bool = False
    minor_can_decide: bool | None = None
    minor_allows_guardian_disclosure: bool | None = None
    minor_prohibition_reasons: str = ""
    health_data_consent_on: date | None = None
    # What the retention clocks need (app.domain.retention):
    disability_need_ended_on: date | None = None
    family_law_child_born_on: date | None = None
    other_notes_kept_by_agreement: bool = False
    # A county-controlled relationship's records, delivered to the county (confirmed):
    delivered_on: date | None = None
    delivered_how: str = ""
    delivered_to: str = ""
    # Where the client's data came from (GDPR art. 15(1)(g)): a code and, for a referrer,
    # a county or another source, its name.
    source: DataSource = DataSource.CLIENT
    source_name: str = ""
    id: int | None = None

    @property
    def active(self) -> bool:
        return self.ended_on is None


@dataclass
class Appointment:
    client_id: str
    relationship_id: int
    starts_at: datetime
    duration_min: int
    service: str = ""
    place: str = ""
    remote: bool = False
    status: AppointmentStatus = AppointmentStatus.BOOKED
    fee_cents: int | None = None
    payment_commitment_id: int | None = None
    created_at: datetime | None = None
    id: int | None = None
    cancelled_by: CancelledBy = CancelledBy.NONE
    cancel_reason: str = ""
    cancelled_at: datetime | None = None
    series_id: str = ""  # shared by the visits of one recurring series


@dataclass
class InvoiceLine:
    description: str
    unit_price_cents: int
    quantity: int = 1
    vat_rate_permille: int = 0  # 0 for exempt health care; 255 for 25.5 %
    invoice_id: int | None = None
    id: int | None = None
    appointment_id: int | None = None  # the visit this line charges

    @property
    def net_cents(self) -> int:
        return self.unit_price_cents * self.quantity

    @property
    def vat_cents(self) -> int:
        # Round half away from zero to the cent, so a credit note's VAT is exactly the
        # negative of the invoice's.
        amount = (abs(self.net_cents) * self.vat_rate_permille + 500) // 1000
        return amount if self.net_cents >= 0 else -amount


@dataclass
class Invoice:
    number: str
    issued_on: date
    due_on: date
    payer_kind: PayerKind
    payer_name: str
    client_id: str | None = None
    relationship_id: int | None = None
    payer_address: str = ""
    payer_business_id: str = ""
    paid_on: date | None = None
    lines: list[InvoiceLine] = field(default_factory=list)
    created_at: datetime | None = None
    id: int | None = None
    sent_on: date | None = None  # None: a draft, still editable
    credit_of: int | None = None  # a credit note names the invoice it cancels

    @property
    def vat_cents(self) -> int:
        return sum(line.vat_cents for line in self.lines)

    @property
    def total_cents(self) -> int:
        return sum(line.net_cents for line in self.lines) + self.vat_cents


@dataclass
class PaymentCommitment:
    client_id: str
    issuer_kind: IssuerKind
    valid_from: date
    valid_until: date
    issuer_name: str = ""
    decision_number: str = ""
    relationship_id: int | None = None
    visits_granted: int | None = None
    amount_granted_cents: int | None = None
    visits_used_before: int = 0
    visits_used: int = 0  # computed: visits_used_before + done appointments charged to it
    id: int | None = None

    @property
    def visits_remaining(self) -> int | None:
        if self.visits_granted is None:
            return None
        return max(self.visits_granted - self.visits_used, 0)


@dataclass
class Consent:
    client_id: str
    kind: ConsentKind
    scope: str
    given_on: date
    recipient: str = ""
    relationship_id: int | None = None
    version: int = 1
    supersedes_id: int | None = None
    withdrawn_on: date | None = None
    replaced_at: datetime | None = None
    recorded_at: datetime | None = None
    id: int | None = None

    @property
    def current(self) -> bool:
        return self.replaced_at is None


@dataclass
class Disclosure:
    client_id: str
    disclosed_on: date
    recipient: str
    data_disclosed: str
    purpose: str
    legal_basis: str = ""
    consent_id: int | None = None
    relationship_id: int | None = None
    recorded_at: datetime | None = None
    to_guardian: bool = False  # the recipient is a guardian of the (minor) client
    health_data: bool = False  # what is disclosed includes health information
    id: int | None = None


@dataclass
class DataRequest:
    client_id: str
    kind: RequestKind
    received_on: date
    due_on: date
    extended_to: date | None = None
    extension_reason: str = ""
    details: str = ""
    identity_method: IdentityMethod | None = None
    identity_checked_by: str = ""
    identity_checked_on: date | None = None
    fee_rule: FeeRule = FeeRule.FREE
    fee_reason: str = ""
    hetu_in_answer: bool = True
    status: RequestStatus = RequestStatus.OPEN
    outcome: str | None = None  # a free-text note beside the structured decision
    closed_on: date | None = None
    requester: Requester = Requester.CLIENT
    requester_name: str = ""  # a guardian's or representative's name
    # The register kinds the request concerns, space-separated codes; empty: every one.
    registers: str = ""
    extension_told_on: date | None = None
    decision: RequestDecision | None = None
    delivered_on: date | None = None
    delivered_how: DeliveryMethod | None = None
    delivered_language: str = ""
    # The client asked that withheld information go to the Data Protection Ombudsman
    # (Tietosuojalaki § 34(4)).
    ombudsman_delivery: bool = False
    packet_id: str = ""
    answer_digest: str = ""
    id: int | None = None

    @property
    def deadline(self) -> date:
        return self.extended_to or self.due_on

    @property
    def register_kinds(self) -> frozenset[RegisterKind]:
        return frozenset(RegisterKind(code) for code in self.registers.split())

    @property
    def reference(self) -> str:
        """The request's reference in letters: its number and year, no personal data."""
        return f"{self.id or 0}/{self.received_on.year}"


@dataclass
class WithheldPart:
    """A part of an answer withheld (Tietosuojalaki § 34, GDPR art. 15(4)).

    ``part`` names the record: ``note:12``, ``relationship:3``. ``reasons_given`` is False
    when giving the reasons would defeat the restriction (§ 34(3))."""

    request_id: int
    part: str
    reason: WithholdReason
    reasons_given: bool = True
    explanation: str = ""
    id: int | None = None


@dataclass
class LegalHold:
    client_id: str
    ground: HoldGround
    placed_on: date
    description: str = ""
    released_on: date | None = None
    id: int | None = None


@dataclass
class ClinicalIdentity:
    """Identity kept with the records in the clinical store (703/2023 § 27)."""

    client_id: str
    name_as_recorded: str
    hetu: str | None = None
    hetu_temporary: bool = False
    birth_date: date | None = None
    death_date: date | None = None
    recorded_at: datetime | None = None


@dataclass
class IdentityCorrection:
    """One corrected part of an identity: the old value stays readable with who, when, why.

    Values are text as stored: the name, the hetu, dates in ISO form. ``old_value`` is
    None when the part is added (a birth date or hetu recorded for the first time).
    """

    client_id: str
    field: str
    old_value: str | None
    new_value: str | None
    reason: str
    corrected_by: str
    corrector_title: str = ""
    corrected_at: datetime | None = None
    id: int | None = None


@dataclass
class Note:
    """A clinical entry; append-only, amended by new entries, emptied only by a removal marker."""

    client_id: str
    relationship_id: int
    register_kind: RegisterKind
    kind: NoteKind
    body: str | None
    written_at: datetime
    author_name: str
    author_title: str = ""
    specially_protected: bool = False
    amends_id: int | None = None
    amendment_reason: str | None = None
    removed_at: datetime | None = None
    removed_by: str | None = None
    removed_by_title: str | None = None
    removal_reason: str | None = None
    removed_content_kind: str | None = None
    # The date of the session the entry is about, set by the practitioner (not in the
    # future); ``written_at`` is when the entry was written, always the register's clock.
    session_date: date | None = None
    # A copy of a certificate or statement written for others (kept 5 years).
    statement_copy: bool = False
    id: int | None = None

    @property
    def removed(self) -> bool:
        return self.removed_at is not None


@dataclass(frozen=True)
class ClientSummary:
    """One row of the client list (no address: secure-address clients show in lists too)."""

    id: str
    client_number: int
    name: str
    phone: str
    email: str
    active: bool
    controller: Controller
    register_kinds: tuple[RegisterKind, ...]
    secure_address: bool
    # "Last First": the list is sorted by it (two "Antti Virtanen"s by their number).
    sort_name: str = ""
