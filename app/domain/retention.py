"""Retention (säilytysajat): the categories of RULES.md as data, and when each record goes.

Pure functions over plain data (no Qt, no SQL). Every rule carries its source; the
settings screen, the purge review, the purge record, the CLI and (later) the privacy
notice and the access answer all read this one table.

A record's *destruction date* is the day after its period ends: a record whose clock
started on 10.1.2014 with a 12-year period is kept to 10.1.2026 and is due from
11.1.2026. Periods are calendar periods; adding years to 29 February lands on
28 February. A record whose clock cannot be computed is not due and says why.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache

from app.domain.errors import ValidationError
from app.domain.kinds import Controller, RegisterKind, ServiceTask


class Category(StrEnum):
    CONTACT_DETAILS = "contact_details"
    APPOINTMENTS_OTHER = "appointments_other"
    APPOINTMENTS_PATIENT = "appointments_patient"
    BOOKKEEPING = "bookkeeping"
    PAYMENT_COMMITMENTS = "payment_commitments"
    PATIENT_RECORDS = "patient_records"
    STATEMENT_COPIES = "statement_copies"
    SOCIAL_CARE_RECORDS = "social_care_records"
    SUPERSEDED_CONSENTS = "superseded_consents"
    OTHER_NOTES = "other_notes"
    REQUESTS = "requests"
    AUDIT_LOG = "audit_log"
    PURGE_RECORDS = "purge_records"


class RuleKind(StrEnum):
    STATUTORY_EXACT = "statutory_exact"  # no lengthening, no shortening (703/2023 § 24)
    POLICY_WITH_FLOOR = "policy_with_floor"  # lengthen freely, shorten down to the floor
    POLICY = "policy"  # the practice decides
    KEPT = "kept"  # never destroyed


class ClockStart(StrEnum):
    LAST_RELATIONSHIP_END = "last_relationship_end"
    RELATIONSHIP_END = "relationship_end"
    CREATED = "created"
    FISCAL_YEAR_END = "fiscal_year_end"
    VALIDITY_END = "validity_end"
    DEATH_OR_BIRTH = "death_or_birth"
    SERVICE_TASK = "service_task"
    REPLACED = "replaced"
    REQUEST_CLOSED = "request_closed"
    EVENT = "event"
    NONE = "none"


@dataclass(frozen=True)
class Rule:
    category: Category
    years: int
    kind: RuleKind
    clock: ClockStart
    source: str
    floor_years: int | None = None


APPENDIX = "703/2023 appendix"
RULES: Mapping[Category, Rule] = {
    rule.category: rule
    for rule in (
        Rule(
            Category.CONTACT_DETAILS, 2, RuleKind.POLICY, ClockStart.LAST_RELATIONSHIP_END,
            "reference notice 000 (at the latest two years after the relationship ends)",
        ),
        Rule(
            Category.APPOINTMENTS_OTHER, 2, RuleKind.POLICY, ClockStart.RELATIONSHIP_END,
            "reference notice 000",
        ),
        Rule(
            Category.APPOINTMENTS_PATIENT, 12, RuleKind.STATUTORY_EXACT, ClockStart.CREATED,
            f"{APPENDIX} (appointment documents)",
        ),
        Rule(
            Category.BOOKKEEPING, 7, RuleKind.POLICY_WITH_FLOOR, ClockStart.FISCAL_YEAR_END,
            "Kirjanpitolaki 1336/1997 2:10 § 2 mom.; seven years is the practice's choice",
            floor_years=6,
        ),
        Rule(
            Category.PAYMENT_COMMITMENTS, 10, RuleKind.POLICY_WITH_FLOOR,
            ClockStart.VALIDITY_END, "the practice's choice; accounting material",
            floor_years=6,
        ),
        Rule(
            Category.PATIENT_RECORDS, 12, RuleKind.STATUTORY_EXACT, ClockStart.DEATH_OR_BIRTH,
            f"{APPENDIX} (12 years after death, otherwise 120 years after birth)",
        ),
        Rule(
            Category.STATEMENT_COPIES, 5, RuleKind.STATUTORY_EXACT, ClockStart.CREATED,
            f"{APPENDIX} (copies of certificates and statements)",
        ),
        Rule(
            Category.SOCIAL_CARE_RECORDS, 10, RuleKind.STATUTORY_EXACT,
            ClockStart.SERVICE_TASK, f"{APPENDIX} (by service task)",
        ),
        Rule(
            Category.SUPERSEDED_CONSENTS, 12, RuleKind.STATUTORY_EXACT, ClockStart.REPLACED,
            APPENDIX,
        ),
        Rule(
            Category.OTHER_NOTES, 0, RuleKind.POLICY, ClockStart.RELATIONSHIP_END,
            "reference notice 000 (destroyed at the end unless agreed otherwise)",
        ),
        Rule(
            Category.REQUESTS, 3, RuleKind.POLICY, ClockStart.REQUEST_CLOSED,
            "accountability, GDPR art. 5(2)",
        ),
        Rule(
            Category.AUDIT_LOG, 12, RuleKind.STATUTORY_EXACT, ClockStart.EVENT,
            f"{APPENDIX} (logs 12 years)",
        ),
        Rule(
            Category.PURGE_RECORDS, 0, RuleKind.KEPT, ClockStart.NONE,
            "accountability; they hold no personal data",
        ),
    )
}  # fmt: skip

# Patient records of a person who died under 18 go by the birth date instead.
PATIENT_YEARS_AFTER_BIRTH = 120
ADULT_AGE = 18

# Social care records by service task (703/2023 appendix, checked against the National
# Archives' table of 1.1.2024): years and what starts the clock.
SOCIAL_CARE_TASKS: Mapping[ServiceTask, tuple[int, str]] = {
    ServiceTask.FAMILIES_WITH_CHILDREN: (30, "case_closed"),
    ServiceTask.ADULT_SERVICES: (10, "case_closed"),
    ServiceTask.DISABILITY: (10, "need_ended"),
    ServiceTask.CHILD_WELFARE: (2, "death"),
    ServiceTask.FAMILY_LAW: (120, "child_birth"),
}

# The categories `vakka due` counts (every one except the purge records).
DUE_CATEGORIES: tuple[Category, ...] = tuple(c for c in Category if c != Category.PURGE_RECORDS)


class NotDue(StrEnum):
    """Why a record has no destruction date, or is kept although its date has passed."""

    RELATIONSHIP_OPEN = "relationship_open"
    NO_RELATIONSHIP = "no_relationship"
    NO_BIRTH_DATE = "no_birth_date"  # shown as "add birth date"
    NO_DEATH_DATE = "no_death_date"
    NO_NEED_ENDED_DATE = "no_need_ended_date"
    NO_CHILD_BIRTH_DATE = "no_child_birth_date"
    NO_SERVICE_TASK = "no_service_task"
    KEPT_BY_AGREEMENT = "kept_by_agreement"
    REQUEST_OPEN = "request_open"
    LEGAL_HOLD = "legal_hold"
    OPEN_REQUEST = "open_request"
    COUNTY_CONTROLLED = "county_controlled"


def add_years(day: date, years: int) -> date:
    """Calendar years; 29 February plus a year that has none is 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def end_of_fiscal_year(day: date, start_month: int) -> date:
    """The last day of the fiscal year (starting on the 1st of ``start_month``) of ``day``."""
    start_year = day.year if day.month >= start_month else day.year - 1
    if start_month == 1:
        return date(start_year, 12, 31)
    return date(start_year + 1, start_month, 1) - timedelta(days=1)


# --- the practice's policy -------------------------------------------------------------


@dataclass(frozen=True)
class Policy:
    """The periods in force: the rules' own, and the practice's choices where allowed."""

    years: Mapping[Category, int] = field(default_factory=dict)
    fiscal_year_start_month: int = 1

    def years_for(self, category: Category) -> int:
        return self.years.get(category, RULES[category].years)


def floor_years(category: Category, fiscal_year_start_month: int = 1) -> int | None:
    """The shortest period the practice may choose (None: no floor).

    Bookkeeping: six years from the end of the calendar year in which the fiscal year
    ended, so a fiscal year other than the calendar year needs seven years from its end.
    """
    rule = RULES[category]
    if rule.floor_years is None:
        return None
    if category is Category.BOOKKEEPING and fiscal_year_start_month != 1:
        return rule.floor_years + 1
    return rule.floor_years


def check_period(category: Category, years: int, fiscal_year_start_month: int = 1) -> None:
    """Refuse a period the law does not allow the practice to choose (ValidationError)."""
    rule = RULES[category]
    if rule.kind in (RuleKind.STATUTORY_EXACT, RuleKind.KEPT):
        if years != rule.years:
            raise ValidationError("retention.statutory_fixed", field="years")
        return
    if years < 0 or years > 200:
        raise ValidationError("retention.years_out_of_range", field="years")
    floor = floor_years(category, fiscal_year_start_month)
    if floor is not None and years < floor:
        raise ValidationError("retention.below_floor", field="years", floor=floor)


# --- what the engine is told about a client -----------------------------------------------


@dataclass(frozen=True, slots=True)
class RelationshipFacts:
    id: int
    register_kind: RegisterKind
    started_on: date
    ended_on: date | None = None
    service_task: ServiceTask | None = None
    controller: Controller = Controller.PRACTICE
    disability_need_ended_on: date | None = None
    family_law_child_born_on: date | None = None
    other_notes_kept_by_agreement: bool = False
    # A county-controlled relationship: the day its delivery to the county was confirmed.
    delivered_on: date | None = None


@dataclass(frozen=True, slots=True)
class ClientFacts:
    client_id: str
    relationships: tuple[RelationshipFacts, ...] = ()
    birth_date: date | None = None
    death_date: date | None = None
    legal_hold: bool = False
    open_request: bool = False
    contact_details_present: bool = True  # False once they were purged


@dataclass(frozen=True, slots=True)
class RecordFacts:
    """One record of a category (an appointment, an invoice, a note, …). With slots, as
    the verdicts: the review of a large register makes one of each per record."""

    table: str
    id: int | str
    client_id: str | None
    relationship_id: int | None = None
    created_on: date | None = None  # appointments, statement copies, log events
    issued_on: date | None = None  # invoices
    valid_until: date | None = None  # payment commitments
    replaced_on: date | None = None  # superseded consents
    closed_on: date | None = None  # requests
    statement_copy: bool = False  # notes


@dataclass(frozen=True, slots=True)
class Verdict:
    category: Category
    table: str
    id: int | str
    client_id: str | None
    destroy_on: date | None  # the first day the record may (and, if statutory, must) go
    not_due: NotDue | None = None  # why it has no date, or why it is kept all the same

    def due(self, today: date) -> bool:
        return self.not_due is None and self.destroy_on is not None and self.destroy_on <= today


Judge = Callable[[RecordFacts, "ClientFacts | None", Policy], Verdict]


@lru_cache(maxsize=1 << 16)
def _after(start: date, years: int) -> date:
    """The day after ``years`` from ``start`` (cached: a register's records share a few
    thousand days, and the review asks for every record's)."""
    return add_years(start, years) + timedelta(days=1)


# The categories whose records each run a clock of their own (the day the record was
# written, issued, valid to, replaced or closed): the years are the rule's (statutory) or
# the practice's (policy).
_OWN_CLOCK_STATUTORY: Mapping[Category, int] = {
    Category.APPOINTMENTS_PATIENT: 12,
    Category.STATEMENT_COPIES: 5,
    Category.SUPERSEDED_CONSENTS: 12,
}
OWN_CLOCK_CATEGORIES: frozenset[Category] = frozenset(
    {*_OWN_CLOCK_STATUTORY, Category.BOOKKEEPING, Category.PAYMENT_COMMITMENTS, Category.REQUESTS}
)


def record_clock_end(category: Category, start: date, policy: Policy) -> date:
    """The destruction date of a record of ``category`` whose own clock started on ``start``
    (one of OWN_CLOCK_CATEGORIES). Never earlier for a later start (monotone)."""
    years = _OWN_CLOCK_STATUTORY.get(category)
    if years is not None:
        return _after(start, years)
    if category is Category.BOOKKEEPING:
        end = end_of_fiscal_year(start, policy.fiscal_year_start_month)
        return _after(end, policy.years_for(category))
    if category in OWN_CLOCK_CATEGORIES:
        return _after(start, policy.years_for(category))
    raise ValueError(f"{category.value} has no clock per record")


@dataclass(frozen=True, slots=True)
class ClockWindow:
    """For counting what is due on ``today`` and what comes due within a horizon, the
    records of one own-clock category need their start day only inside a window: every
    start up to ``due_through`` is due on ``today`` (None: none is), every start from
    ``later_from`` comes due after the horizon. A start outside the window may stand in
    for all the others on its side: the verdicts come out the same."""

    due_through: date | None
    later_from: date


def clock_window(category: Category, today: date, horizon_days: int, policy: Policy) -> ClockWindow:
    """The window of ``category`` on ``today`` (see ClockWindow): a search over the start
    days, the clock being monotone."""
    end = today + timedelta(days=horizon_days)

    def last_start_due_by(day: date) -> date | None:
        # A clock ends at the earliest the day after its start, so every start that ends
        # by ``day`` lies before it.
        low, high = date.min.toordinal(), day.toordinal() - 1
        if high < low or record_clock_end(category, date.min, policy) > day:
            return None
        while low < high:
            middle = (low + high + 1) // 2
            if record_clock_end(category, date.fromordinal(middle), policy) <= day:
                low = middle
            else:
                high = middle - 1
        return date.fromordinal(low)

    last_in_horizon = last_start_due_by(end)
    later_from = date.min if last_in_horizon is None else last_in_horizon + timedelta(days=1)
    return ClockWindow(last_start_due_by(today), later_from)


def _relationship(client: ClientFacts | None, rel_id: int | None) -> RelationshipFacts | None:
    if client is None or rel_id is None:
        return None
    for rel in client.relationships:  # one or two: a plain loop is the quickest
        if rel.id == rel_id:
            return rel
    return None


def _held(client: ClientFacts | None) -> NotDue | None:
    if client is None:
        return None
    if client.legal_hold:
        return NotDue.LEGAL_HOLD
    if client.open_request:
        return NotDue.OPEN_REQUEST
    return None


def _verdict(
    category: Category, record: RecordFacts, client: ClientFacts | None,
    destroy_on: date | None, why: NotDue | None = None,
) -> Verdict:  # fmt: skip
    """A hold outranks the record's own reason: it is what keeps it once its date comes."""
    held = _held(client)
    if held is not None and destroy_on is not None:
        why = held
    return Verdict(category, record.table, record.id, record.client_id, destroy_on, why)


def contact_details(client: ClientFacts, policy: Policy) -> Verdict:
    """Name, address, phone, email and contact persons: from the end of the last relationship."""
    record = RecordFacts("clients", client.client_id, client.client_id)
    years = policy.years_for(Category.CONTACT_DETAILS)
    if not client.relationships:
        return _verdict(Category.CONTACT_DETAILS, record, client, None, NotDue.NO_RELATIONSHIP)
    ends = [r.ended_on for r in client.relationships]
    if any(end is None for end in ends):
        return _verdict(Category.CONTACT_DETAILS, record, client, None, NotDue.RELATIONSHIP_OPEN)
    last = max(end for end in ends if end is not None)
    return _verdict(Category.CONTACT_DETAILS, record, client, _after(last, years))


def county_controlled(
    category: Category, record: RecordFacts, client: ClientFacts | None, rel: RelationshipFacts
) -> Verdict:
    """The county is the controller (703/2023 § 13–14): Vakka applies no retention of its
    own. The records wait for the delivery to the county, and are due on the day the
    delivery is confirmed (RULES.md "Registers, service kinds and controllers")."""
    if rel.delivered_on is None:
        return Verdict(category, record.table, record.id, record.client_id, None,
                       NotDue.COUNTY_CONTROLLED)  # fmt: skip
    return _verdict(category, record, client, rel.delivered_on)


def appointment(record: RecordFacts, client: ClientFacts | None, policy: Policy) -> Verdict:
    rel = _relationship(client, record.relationship_id)
    if rel is not None and rel.controller is Controller.COUNTY:
        category = (
            Category.APPOINTMENTS_PATIENT
            if rel.register_kind is RegisterKind.PATIENT
            else Category.APPOINTMENTS_OTHER
        )
        return county_controlled(category, record, client, rel)
    if rel is not None and rel.register_kind is RegisterKind.PATIENT:
        category = Category.APPOINTMENTS_PATIENT
        start = record.created_on
        destroy_on = record_clock_end(category, start, policy) if start else None
        return _verdict(category, record, client, destroy_on)
    category = Category.APPOINTMENTS_OTHER
    if rel is None:
        return _verdict(category, record, client, None, NotDue.NO_RELATIONSHIP)
    if rel.ended_on is None:
        return _verdict(category, record, client, None, NotDue.RELATIONSHIP_OPEN)
    return _verdict(category, record, client, _after(rel.ended_on, policy.years_for(category)))


def invoice(record: RecordFacts, client: ClientFacts | None, policy: Policy) -> Verdict:
    """Bookkeeping: the practice's own, whoever controls the client's records (a legal
    hold keeps it all the same: a client under hold is never purged)."""
    assert record.issued_on is not None
    destroy_on = record_clock_end(Category.BOOKKEEPING, record.issued_on, policy)
    return _verdict(Category.BOOKKEEPING, record, client, destroy_on)


def payment_commitment(record: RecordFacts, client: ClientFacts | None, policy: Policy) -> Verdict:
    assert record.valid_until is not None
    category = Category.PAYMENT_COMMITMENTS
    destroy_on = record_clock_end(category, record.valid_until, policy)
    return _verdict(category, record, client, destroy_on)


def patient_records_date(client: ClientFacts) -> tuple[date | None, NotDue | None]:
    """12 years after death at 18 or over; otherwise 120 years after birth."""
    if client.death_date is not None and client.birth_date is not None:
        if add_years(client.birth_date, ADULT_AGE) <= client.death_date:
            return _after(client.death_date, 12), None
        return _after(client.birth_date, PATIENT_YEARS_AFTER_BIRTH), None
    if client.birth_date is not None:
        return _after(client.birth_date, PATIENT_YEARS_AFTER_BIRTH), None
    if client.death_date is not None:
        # Died, age unknown: the longer of the two readings cannot be known either.
        return None, NotDue.NO_BIRTH_DATE
    return None, NotDue.NO_BIRTH_DATE


def social_care_date(
    rel: RelationshipFacts, client: ClientFacts
) -> tuple[date | None, NotDue | None]:
    if rel.service_task is None:
        return None, NotDue.NO_SERVICE_TASK
    years, clock = SOCIAL_CARE_TASKS[rel.service_task]
    if clock == "death":
        if client.death_date is None:
            return None, NotDue.NO_DEATH_DATE
        return _after(client.death_date, years), None
    if clock == "child_birth":
        if rel.family_law_child_born_on is None:
            return None, NotDue.NO_CHILD_BIRTH_DATE
        return _after(rel.family_law_child_born_on, years), None
    if rel.ended_on is None:
        return None, NotDue.RELATIONSHIP_OPEN
    if clock == "need_ended":
        if rel.disability_need_ended_on is None:
            return None, NotDue.NO_NEED_ENDED_DATE
        return _after(max(rel.ended_on, rel.disability_need_ended_on), years), None
    return _after(rel.ended_on, years), None


def note(record: RecordFacts, client: ClientFacts | None, policy: Policy) -> Verdict:
    """A note (or an identity) of the clinical store, by its relationship's register."""
    rel = _relationship(client, record.relationship_id)
    if client is None or rel is None:
        return Verdict(Category.OTHER_NOTES, record.table, record.id, record.client_id, None,
                       NotDue.NO_RELATIONSHIP)  # fmt: skip
    if record.statement_copy and rel.register_kind is not RegisterKind.OTHER:
        start = record.created_on
        destroy_on = record_clock_end(Category.STATEMENT_COPIES, start, policy) if start else None
        return _verdict(Category.STATEMENT_COPIES, record, client, destroy_on)
    if rel.register_kind is RegisterKind.PATIENT:
        category = Category.PATIENT_RECORDS
        destroy_on, why = patient_records_date(client)
    elif rel.register_kind is RegisterKind.SOCIAL_CARE:
        category = Category.SOCIAL_CARE_RECORDS
        destroy_on, why = social_care_date(rel, client)
    else:
        category = Category.OTHER_NOTES
        if rel.ended_on is None:
            destroy_on, why = None, NotDue.RELATIONSHIP_OPEN
        elif rel.other_notes_kept_by_agreement:
            destroy_on, why = None, NotDue.KEPT_BY_AGREEMENT
        else:
            destroy_on, why = _after(rel.ended_on, policy.years_for(category)), None
    if rel.controller is Controller.COUNTY:
        # The county keeps them: delivered at the end, then removed (no clock of Vakka's).
        return county_controlled(category, record, client, rel)
    return _verdict(category, record, client, destroy_on, why)


def identity(record: RecordFacts, client: ClientFacts | None, policy: Policy) -> Verdict:
    """The identity kept with the records (name, hetu, birth and death date) goes with the
    longest-kept of the client's registers: judged as a note of each relationship, it is
    due only when it would be due in every one of them (RULES.md: identity stays with the
    records as long as they are kept). The purge also keeps it while any note remains."""
    if client is None or not client.relationships:
        return Verdict(Category.OTHER_NOTES, record.table, record.id, record.client_id, None,
                       NotDue.NO_RELATIONSHIP)  # fmt: skip
    verdicts = [
        note(
            RecordFacts(record.table, record.id, record.client_id, relationship_id=rel.id),
            client, policy,
        )
        for rel in client.relationships
    ]  # fmt: skip
    waiting = [v for v in verdicts if v.not_due is not None or v.destroy_on is None]
    if waiting:
        return waiting[0]
    return max(verdicts, key=lambda v: v.destroy_on or date.min)


def superseded_consent(record: RecordFacts, client: ClientFacts | None, policy: Policy) -> Verdict:
    rel = _relationship(client, record.relationship_id)
    if rel is not None and rel.controller is Controller.COUNTY:
        return county_controlled(Category.SUPERSEDED_CONSENTS, record, client, rel)
    category = Category.SUPERSEDED_CONSENTS
    start = record.replaced_on
    destroy_on = record_clock_end(category, start, policy) if start else None
    return _verdict(category, record, client, destroy_on)


def request(record: RecordFacts, client: ClientFacts | None, policy: Policy) -> Verdict:
    if record.closed_on is None:
        return Verdict(Category.REQUESTS, record.table, record.id, record.client_id, None,
                       NotDue.REQUEST_OPEN)  # fmt: skip
    destroy_on = record_clock_end(Category.REQUESTS, record.closed_on, policy)
    return _verdict(Category.REQUESTS, record, client, destroy_on)


def log_event(record: RecordFacts, policy: Policy) -> Verdict:
    """Log rows are pruned oldest first behind a checkpoint, so the chain stays whole; a
    hold cannot keep single rows back (the log of a held client is older than 12 years
    only where the dispute is too)."""
    assert record.created_on is not None
    return Verdict(Category.AUDIT_LOG, record.table, record.id, record.client_id,
                   _after(record.created_on, RULES[Category.AUDIT_LOG].years))  # fmt: skip


def due_counts(verdicts: Iterable[Verdict], today: date) -> dict[str, int]:
    """Every category of `vakka due` (purge records excepted), 0 where nothing is due."""
    counts = {category.value: 0 for category in DUE_CATEGORIES}
    for verdict in verdicts:
        if verdict.due(today):
            counts[verdict.category.value] += 1
    return counts
