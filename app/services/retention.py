"""Retention: the practice's policy, and what is due for destruction (the review).

The rules are the domain's (app.domain.retention); this service reads the facts, applies
the practice's policy and answers the GUI, the CLI and the reminders alike. Viewing the
review shows no personal data beyond ids here; the purge review in the app names clients
only inside the app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from app.db import repositories as repo
from app.db import retention_queries as facts
from app.db.audit import AuditEvent
from app.db.connection import Connection
from app.domain import retention as rules
from app.domain.errors import ValidationError
from app.domain.reminders import HORIZON_DAYS
from app.domain.retention import Category, Policy, RecordFacts, Verdict
from app.services.session import Session

_SETTING = "retention.years."
Grouped = Callable[[Connection, rules.ClockWindow], list[facts.RecordGroup]]
# Records whose rules need the clinical store (its notes and identity dates).
CLINICAL_CATEGORIES = frozenset(
    {
        Category.PATIENT_RECORDS,
        Category.SOCIAL_CARE_RECORDS,
        Category.STATEMENT_COPIES,
        Category.OTHER_NOTES,
    }
)


def policy(session: Session) -> Policy:
    """The periods in force: the rules' own, with the practice's choices where allowed."""
    years: dict[Category, int] = {}
    for category in Category:
        value = repo.get_setting(session.conn, _SETTING + category.value)
        if value is not None:
            years[category] = int(value)
    start_month = repo.load_practice(session.conn).fiscal_year_start_month
    return Policy(years=years, fiscal_year_start_month=start_month)


def set_period(session: Session, category: Category, years: int) -> Policy:
    """Lengthen or shorten a policy period (never a statutory one, never below its floor);
    the change is logged."""
    current = policy(session)
    rules.check_period(category, years, current.fiscal_year_start_month)
    if rules.RULES[category].kind in (rules.RuleKind.STATUTORY_EXACT, rules.RuleKind.KEPT):
        raise ValidationError("retention.statutory_fixed", field="years")
    with session.transaction() as conn:
        repo.set_setting(conn, _SETTING + category.value, str(years))
        session.log(
            AuditEvent(
                "retention.policy_change",
                data_kind="retention_policy",
                purpose="retention",
                ref=f"{category.value}={years}",
            )
        )
    return policy(session)


def set_periods(session: Session, periods: Mapping[Category, int]) -> Policy:
    """Several policy periods at once: every one is checked before any is saved, so a
    refusal changes nothing. The ValidationError names the category (``category``)."""
    current = policy(session)
    changes = {c: y for c, y in periods.items() if current.years_for(c) != y}
    for category, years in changes.items():
        try:
            rules.check_period(category, years, current.fiscal_year_start_month)
            if rules.RULES[category].kind in (rules.RuleKind.STATUTORY_EXACT, rules.RuleKind.KEPT):
                raise ValidationError("retention.statutory_fixed", field="years")
        except ValidationError as error:
            raise ValidationError(
                error.code, field=error.field, category=category.value, **error.params
            ) from None
    with session.transaction():
        for category, years in changes.items():
            set_period(session, category, years)
    return policy(session)


@dataclass(frozen=True)
class Review:
    """Every record's verdict on ``today``; the clinical categories only when that store
    was open (``clinical_known``)."""

    today: date
    verdicts: tuple[Verdict, ...]
    clinical_known: bool
    log_rows_due: int
    # Clients under a legal hold or with an open request: nothing of theirs goes.
    holding: frozenset[str] = frozenset()

    def due(self) -> list[Verdict]:
        return [v for v in self.verdicts if v.due(self.today)]

    def counts(self) -> dict[str, int]:
        counts = rules.due_counts(self.verdicts, self.today)
        counts[Category.AUDIT_LOG.value] += self.log_rows_due
        return counts

    def held(self) -> list[Verdict]:
        """Records whose date has come but a legal hold or an open request keeps them."""
        held = (rules.NotDue.LEGAL_HOLD, rules.NotDue.OPEN_REQUEST)
        return [
            v
            for v in self.verdicts
            if v.not_due in held and v.destroy_on is not None and v.destroy_on <= self.today
        ]

    def needs_birth_date(self) -> set[str]:
        """Patients whose records have no clock: "add birth date"."""
        return {
            v.client_id
            for v in self.verdicts
            if v.not_due is rules.NotDue.NO_BIRTH_DATE and v.client_id is not None
        }


def review(session: Session, today: date | None = None, client_id: str | None = None) -> Review:
    """What is due for destruction, and why the rest is kept; no personal data. With
    ``client_id``, one client's records only (the access answer's destruction dates)."""
    today = today or session.today()
    conn = session.conn
    current = policy(session)
    clients = facts.clients(conn, client_id)
    # Contact details already purged (a pseudonymous row) are no longer a record to judge.
    verdicts: list[Verdict] = [
        rules.contact_details(c, current) for c in clients.values() if c.contact_details_present
    ]

    def each(records: Iterable[RecordFacts], judge: rules.Judge) -> None:
        for record in records:
            client = clients.get(record.client_id or "")
            verdicts.append(judge(record, client, current))

    each(facts.appointments(conn, client_id), rules.appointment)
    each(facts.invoices(conn, client_id), rules.invoice)
    each(facts.payment_commitments(conn, client_id), rules.payment_commitment)
    each(facts.superseded_consents(conn, client_id), rules.superseded_consent)
    each(facts.closed_requests(conn, client_id), rules.request)
    each(facts.notes(conn, client_id), rules.note)
    each(facts.identities(conn, client_id), rules.identity)
    log_rows = facts.log_events_before(conn, log_cutoff(session, today))
    holding = frozenset(c.client_id for c in clients.values() if c.legal_hold or c.open_request)
    return Review(today, tuple(verdicts), session.register.clinical_open, log_rows, holding)


@dataclass(frozen=True)
class DueOverview:
    """What is due on ``today`` and what comes due within ``horizon_days``, counted
    without a verdict per record (the due computation of every unlock, lock and close).
    Its counts are the review's: records that share their verdict are judged once."""

    today: date
    # Per category id (every one but the purge records), records due; log rows included.
    counts: dict[str, int]
    # Per category id, the days after ``today`` within the horizon when records come due.
    upcoming: dict[str, dict[date, int]]
    due_clients: frozenset[str]
    due_records: int  # log rows included
    clinical_known: bool
    log_rows_due: int


def due_overview(
    session: Session,
    today: date | None = None,
    horizon_days: int = HORIZON_DAYS,
    reuse: bool = False,
) -> DueOverview:
    """The counts of the review (``review(...).counts()``), the days records come due and
    the clients with records due, from records read in groups (app.db.retention_queries).

    ``reuse``: the records' part counted earlier in this session for the same day, the
    same state of the clinical store and no change of the records since (data_changes)
    is taken again (the banner at unlock and the summary at close count the same); the log
    rows are always counted afresh, as they come due by the second."""
    today = today or session.today()
    key = (today, horizon_days, session.register.clinical_open, session.data_changes())
    cached = session.due_records_cache
    if reuse and cached is not None and cached[0] == key:
        records = cached[1]
        assert isinstance(records, DueOverview)
    else:
        records = _records_overview(session, today, horizon_days)
        session.due_records_cache = (key, records)
    log_rows = facts.log_events_before(session.conn, log_cutoff(session, today))
    counts = dict(records.counts)
    counts[Category.AUDIT_LOG.value] += log_rows
    return replace(
        records,
        counts=counts,
        due_records=records.due_records + log_rows,
        log_rows_due=log_rows,
    )


def _records_overview(session: Session, today: date, horizon_days: int) -> DueOverview:
    """due_overview without the log rows."""
    conn = session.conn
    current = policy(session)
    clients = facts.clients(conn)
    end = today + timedelta(days=horizon_days)
    counts = {category.value: 0 for category in rules.DUE_CATEGORIES}
    upcoming: dict[str, dict[date, int]] = {}
    due_clients: set[str] = set()
    due_records = 0

    def add(verdict: Verdict, count: int) -> None:
        nonlocal due_records
        if verdict.not_due is not None or verdict.destroy_on is None:
            return
        if verdict.destroy_on <= today:
            counts[verdict.category.value] += count
            due_records += count
            if verdict.client_id is not None:
                due_clients.add(verdict.client_id)
        elif verdict.destroy_on <= end:
            days = upcoming.setdefault(verdict.category.value, {})
            days[verdict.destroy_on] = days.get(verdict.destroy_on, 0) + count

    for client in clients.values():
        if client.contact_details_present:
            add(rules.contact_details(client, current), 1)
    # Each table's records in groups that share a verdict, with the window of the
    # category whose clock runs per record there.
    grouped: tuple[tuple[Grouped, Category, rules.Judge], ...] = (
        (facts.appointment_groups, Category.APPOINTMENTS_PATIENT, rules.appointment),
        (facts.invoice_groups, Category.BOOKKEEPING, rules.invoice),
        (facts.payment_commitment_groups, Category.PAYMENT_COMMITMENTS, rules.payment_commitment),
        (facts.superseded_consent_groups, Category.SUPERSEDED_CONSENTS, rules.superseded_consent),
        (facts.request_groups, Category.REQUESTS, rules.request),
        (facts.note_groups, Category.STATEMENT_COPIES, rules.note),
    )
    for read, category, judge in grouped:
        window = rules.clock_window(category, today, horizon_days, current)
        for record, count in read(conn, window):
            add(judge(record, clients.get(record.client_id or ""), current), count)
    for record in facts.identities(conn):
        add(rules.identity(record, clients.get(record.client_id or ""), current), 1)
    return DueOverview(
        today=today,
        counts=counts,
        upcoming=upcoming,
        due_clients=frozenset(due_clients),
        due_records=due_records,
        clinical_known=session.register.clinical_open,
        log_rows_due=0,
    )


def log_cutoff(session: Session, today: date) -> datetime:
    """Log rows written before this moment are older than 12 years on ``today``."""
    cutoff = rules.add_years(today, -rules.RULES[Category.AUDIT_LOG].years)
    return session.now().replace(year=cutoff.year, month=cutoff.month, day=cutoff.day)


def due_counts(session: Session, today: date | None = None) -> dict[str, int]:
    """Per category id (every one but the purge records), how many records are due."""
    return review(session, today).counts()


@dataclass(frozen=True)
class DueSummary:
    """What the banner says: how many clients have records due, and how many records
    (log rows included); no names, no ids."""

    clients: int
    records: int


def due_summary(session: Session, today: date | None = None) -> DueSummary:
    """For the reminder at unlock: clients whose records are due (not held), and records."""
    result = due_overview(session, today, reuse=True)
    return DueSummary(len(result.due_clients), result.due_records)
