"""The purge (RULES.md "Retention"): plan what goes and what stays, then destroy it.

``plan_purge`` reads the retention review and the links between rows and answers, by
category and by client id (ids only, never names), what will go and what stays and why.
``run_purge`` destroys it in ONE transaction across both stores (journal_mode=DELETE
makes the commit atomic), writes the purge log and an audit-log row, then vacuums both
stores so the freed pages hold nothing (secure_delete is on). It plans again inside the
transaction and destroys only what both plans name, so a hold placed in between wins.
Cancelling is possible until the commit. The SQL lives in app.db.purge_store.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from pathlib import Path

from app.db import audit
from app.db import purge_store as store
from app.db import repositories as repo
from app.db.audit import AuditEvent
from app.db.connection import Connection, DatabaseError
from app.db.errors import as_user_error
from app.domain import retention as rules
from app.domain.errors import VakkaError
from app.domain.purge import (
    LINKED_RECORDS,
    SERVICE_TASK_PERIOD,
    WITH_LAST_RECORD,
    KeptReason,
    ids_digest,
)
from app.domain.retention import Category, Verdict
from app.services import retention
from app.services.retention import CLINICAL_CATEGORIES
from app.services.session import Session

LINKED_RULE = f"{WITH_LAST_RECORD}:0"
CATEGORY_ORDER: tuple[str, ...] = (*(c.value for c in Category), LINKED_RECORDS)
_CHUNK = 200

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class PurgeCancelled(VakkaError):
    def __init__(self) -> None:
        super().__init__("purge.cancelled")


Key = tuple[str, str, str]  # (category, table, id)


@dataclass(frozen=True)
class PlannedRecord:
    category: str  # a Category value, or LINKED_RECORDS
    table: str
    id: int | str
    client_id: str | None

    @property
    def key(self) -> Key:
        return (self.category, self.table, str(self.id))


@dataclass(frozen=True)
class Kept:
    reason: KeptReason
    category: str
    table: str
    id: int | str
    client_id: str | None


@dataclass(frozen=True)
class PurgePlan:
    """What goes (``records``) and what stays and why (``kept``); ids only."""

    today: date
    categories: frozenset[Category]
    client_ids: frozenset[str] | None
    records: tuple[PlannedRecord, ...]
    kept: tuple[Kept, ...]
    clinical_locked: bool  # then the clinical categories are left out, and no client row goes
    log_cutoff: str

    @property
    def empty(self) -> bool:
        return not self.records

    def keys(self) -> frozenset[Key]:
        return frozenset(r.key for r in self.records)

    def counts(self) -> dict[str, int]:
        """Records per category (log rows and disclosures under audit_log), the rows
        that go with the last record under ``linked_records``; only non-zero ones."""
        counts: dict[str, int] = defaultdict(int)
        for record in self.records:
            counts[record.category] += 1
        return {c: counts[c] for c in CATEGORY_ORDER if counts.get(c)}

    def by_client(self) -> dict[str, dict[str, int]]:
        result: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for record in self.records:
            if record.client_id is not None:
                result[record.client_id][record.category] += 1
        return {client: dict(counts) for client, counts in result.items()}

    def clients_removed(self) -> frozenset[str]:
        """Clients of whom nothing remains: their row goes too."""
        return frozenset(
            str(r.id) for r in self.records if r.category == LINKED_RECORDS and r.table == "clients"
        )

    def kept_counts(self) -> dict[KeptReason, int]:
        counts: dict[KeptReason, int] = defaultdict(int)
        for kept in self.kept:
            counts[kept.reason] += 1
        return dict(counts)

    def held_clients(self) -> frozenset[str]:
        held = (KeptReason.LEGAL_HOLD, KeptReason.OPEN_REQUEST)
        return frozenset(k.client_id for k in self.kept if k.reason in held and k.client_id)


@dataclass(frozen=True)
class PurgeEntry:
    category: str
    count: int
    rule: str  # "<rule kind>:<years>" (codes; the reader's language comes from app.i18n)
    ids_digest: str  # SHA-256 of the sorted "table:id" lines


@dataclass(frozen=True)
class PurgeRecord:
    """One purge run as the purge log keeps it: no names, no personal data."""

    purged_at: str
    entries: tuple[PurgeEntry, ...] = field(default_factory=tuple)
    # False when a full disk stopped the vacuum after the commit: the records are gone
    # (their pages overwritten by secure_delete), the files not yet compacted.
    compacted: bool = True

    def counts(self) -> dict[str, int]:
        return {e.category: e.count for e in self.entries}


def digest_of(records: Iterable[PlannedRecord]) -> str:
    return ids_digest(f"{r.table}:{r.id}" for r in records)


def rule_code(category: str, policy: rules.Policy) -> str:
    if category == LINKED_RECORDS:
        return LINKED_RULE
    cat = Category(category)
    rule = rules.RULES[cat]
    if cat is Category.SOCIAL_CARE_RECORDS:
        return f"{rule.kind.value}:{SERVICE_TASK_PERIOD}"
    return f"{rule.kind.value}:{policy.years_for(cat)}"


# --- planning ------------------------------------------------------------------------------


def plan_purge(
    session: Session,
    today: date | None = None,
    categories: set[Category] | None = None,
    client_ids: set[str] | None = None,
) -> PurgePlan:
    """What a purge on ``today`` (never later than the register's today) would destroy.

    ``categories`` and ``client_ids`` narrow it (the log is pruned only by a purge of the
    whole register). Clients under a legal hold or with an open request keep everything.
    """
    day = min(today or session.today(), session.today())
    chosen = frozenset(categories) if categories is not None else frozenset(rules.DUE_CATEGORIES)
    clients = frozenset(client_ids) if client_ids is not None else None
    return _plan(session, day, chosen, clients, None)


def _plan(
    session: Session,
    today: date,
    categories: frozenset[Category],
    client_ids: frozenset[str] | None,
    allowed: frozenset[Key] | None,
) -> PurgePlan:
    conn = session.conn
    clinical_open = session.register.clinical_open
    wanted = categories if clinical_open else categories - CLINICAL_CATEGORIES
    review = retention.review(session, today)
    links = store.links(conn)
    cutoff = retention.log_cutoff(session, today).isoformat(timespec="seconds")

    def in_scope(client_id: str | None) -> bool:
        return client_ids is None or client_id in client_ids

    def ok(record: PlannedRecord) -> bool:
        return allowed is None or record.key in allowed

    chosen: dict[Key, PlannedRecord] = {}
    kept: list[Kept] = []
    for verdict in review.due():
        record = _planned(verdict)
        if verdict.category in wanted and in_scope(verdict.client_id) and ok(record):
            chosen[record.key] = record
    for verdict in review.held():
        if verdict.category in wanted and in_scope(verdict.client_id):
            reason = KeptReason(verdict.not_due.value if verdict.not_due else "legal_hold")
            kept.append(Kept(reason, verdict.category.value, verdict.table, verdict.id,
                             verdict.client_id))  # fmt: skip
    if Category.AUDIT_LOG in wanted and client_ids is None:
        _plan_log(conn, cutoff, review.holding, chosen, kept, ok)
    kept.extend(_keep_what_others_need(review, links, chosen))
    kept.extend(_payer_snapshots(review, chosen))
    if clinical_open:
        for record in _linked(review, links, chosen, client_ids):
            if ok(record):
                chosen[record.key] = record
        _drop_partial_clients(chosen, allowed)
    records = tuple(sorted(chosen.values(), key=lambda r: r.key))
    return PurgePlan(today, categories, client_ids, records, tuple(kept), not clinical_open,
                     cutoff)  # fmt: skip


def _planned(verdict: Verdict) -> PlannedRecord:
    return PlannedRecord(verdict.category.value, verdict.table, verdict.id, verdict.client_id)


def _plan_log(
    conn: Connection,
    cutoff: str,
    holding: frozenset[str],
    chosen: dict[Key, PlannedRecord],
    kept: list[Kept],
    ok: Callable[[PlannedRecord], bool],
) -> None:
    """Log rows older than 12 years (pruned behind a checkpoint) and the disclosure log
    of that age; a held client's disclosures stay (their seal keeps them verifiable)."""
    audit_log = Category.AUDIT_LOG.value
    for seq in store.log_seqs_before(conn, cutoff):
        record = PlannedRecord(audit_log, "audit_log", seq, None)
        if ok(record):
            chosen[record.key] = record
    for disclosure_id, client_id in store.disclosures_logged_before(conn, cutoff).items():
        if client_id in holding:
            kept.append(Kept(KeptReason.LEGAL_HOLD, audit_log, "disclosures", disclosure_id,
                             client_id))  # fmt: skip
            continue
        record = PlannedRecord(audit_log, "disclosures", disclosure_id, client_id)
        if ok(record):
            chosen[record.key] = record


def _keep_what_others_need(
    review: retention.Review, links: store.Links, chosen: dict[Key, PlannedRecord]
) -> list[Kept]:
    """A consent a staying disclosure rests on, an entry a staying amendment amends, an
    invoice a staying credit note cancels and an identity whose notes stay are kept
    (foreign keys and RULES.md alike). A visit goes when its own period ends: the invoice
    line that charged it stays, its link cleared by the schema (ON DELETE SET NULL)."""
    kept: list[Kept] = []
    going = {(k[1], k[2]) for k in chosen}
    changed = True
    while changed:
        changed = False
        for key, record in list(chosen.items()):
            reason: KeptReason | None = None
            if record.table == "consents":
                resting = links.disclosures_of_consent.get(int(record.id), [])
                if any(("disclosures", str(d)) not in going for d in resting):
                    reason = KeptReason.DISCLOSURE_RESTS_ON_CONSENT
            elif record.table == "notes":
                amendments = links.amendments_of_note.get(int(record.id), [])
                if any(("notes", str(a)) not in going for a in amendments):
                    reason = KeptReason.AMENDED_BY_KEPT_ENTRY
            elif record.table == "invoices":
                notes = links.credit_notes_of_invoice.get(int(record.id), [])
                if any(("invoices", str(n)) not in going for n in notes):
                    reason = KeptReason.CREDITED_BY_KEPT_NOTE
            if reason is not None:
                del chosen[key]
                going.discard((record.table, str(record.id)))
                kept.append(Kept(reason, record.category, record.table, record.id,
                                 record.client_id))  # fmt: skip
                changed = True
    notes_staying = {
        v.client_id for v in review.verdicts
        if v.table == "notes" and ("notes", str(v.id)) not in going
    }  # fmt: skip
    for key, record in list(chosen.items()):
        if record.table == "identities" and record.client_id in notes_staying:
            del chosen[key]
            kept.append(Kept(KeptReason.NOTES_REMAIN, record.category, record.table, record.id,
                             record.client_id))  # fmt: skip
    return kept


def _payer_snapshots(review: retention.Review, chosen: dict[Key, PlannedRecord]) -> list[Kept]:
    """Invoices that stay after their client's contact details go keep the payer snapshot."""
    contact = Category.CONTACT_DETAILS.value
    losing = {r.client_id for r in chosen.values() if r.category == contact}
    going = {(k[1], k[2]) for k in chosen}
    return [
        Kept(KeptReason.PAYER_SNAPSHOT, Category.BOOKKEEPING.value, v.table, v.id, v.client_id)
        for v in review.verdicts
        if v.table == "invoices" and v.client_id in losing and ("invoices", str(v.id)) not in going
    ]


def _linked(
    review: retention.Review,
    links: store.Links,
    chosen: dict[Key, PlannedRecord],
    client_ids: frozenset[str] | None,
) -> list[PlannedRecord]:
    """For each client of whom nothing else remains: the relationship rows, current
    consents, released holds and the client row itself."""
    going = {(k[1], k[2]) for k in chosen}
    remaining: set[str] = set()
    for verdict in review.verdicts:
        if verdict.client_id is not None and (verdict.table, str(verdict.id)) not in going:
            remaining.add(verdict.client_id)
    records: list[PlannedRecord] = []
    for client_id, client in links.clients.items():
        if client_ids is not None and client_id not in client_ids:
            continue
        if client_id in remaining or client_id in review.holding or client.active_hold:
            continue
        if any(("disclosures", str(d)) not in going for d in client.disclosures):
            continue
        for table, ids in (
            ("consents", client.current_consents),
            ("legal_holds", client.released_holds),
            ("relationships", client.relationships),
        ):
            records.extend(PlannedRecord(LINKED_RECORDS, table, i, client_id) for i in ids)
        records.append(PlannedRecord(LINKED_RECORDS, "clients", client_id, client_id))
    return records


def _drop_partial_clients(chosen: dict[Key, PlannedRecord], allowed: frozenset[Key] | None) -> None:
    """When re-planning inside the run: a client's linked rows go all together or not at all."""
    if allowed is None:
        return
    groups: dict[str, list[Key]] = defaultdict(list)
    for key, record in chosen.items():
        if record.category == LINKED_RECORDS and record.client_id is not None:
            groups[record.client_id].append(key)
    for client_id, keys in groups.items():
        if (LINKED_RECORDS, "clients", client_id) not in keys:
            for key in keys:
                del chosen[key]


# --- running ---------------------------------------------------------------------------------


def run_purge(
    session: Session,
    plan: PurgePlan,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> PurgeRecord:
    """Destroy what ``plan`` names (and what is still due now) in one transaction.

    Raises PurgeCancelled (nothing changed) when ``cancelled`` says so before the commit.
    After the commit both stores are vacuumed; the audit head is written.
    """
    session.require_writable()
    today = min(plan.today, session.today())
    policy = retention.policy(session)
    with session.transaction():
        fresh = _plan(session, today, plan.categories, plan.client_ids, plan.keys())
        if fresh.empty:
            return PurgeRecord(session.now().isoformat(timespec="seconds"))
        _Destroyer(session, fresh, progress, cancelled).run()
        record = _write_log(session, fresh, policy)
        if cancelled is not None and cancelled():
            raise PurgeCancelled
    # Committed: the purge has happened, whatever follows. A full disk now (VACUUM
    # journals a whole store; the head file) is told as such, never as a failed purge.
    try:
        store.vacuum(session.conn)
    except (DatabaseError, OSError) as error:
        if not _disk_full(error):
            raise
        record = replace(record, compacted=False)
    try:
        session.register.write_audit_head()
    except OSError as error:
        if not _disk_full(error):
            raise  # a full disk: the head is written again at close
    return record


def _disk_full(error: BaseException) -> bool:
    user_error = as_user_error(error)
    return user_error is not None and user_error.code == "io.disk_full"


class _Destroyer:
    def __init__(
        self,
        session: Session,
        plan: PurgePlan,
        progress: Progress | None,
        cancelled: Cancelled | None,
    ) -> None:
        self.session = session
        self.conn = session.conn
        self.plan = plan
        self.progress = progress
        self.cancelled = cancelled
        self.total = len(plan.records)
        self.done = 0
        self.groups: dict[tuple[str, str], list[PlannedRecord]] = defaultdict(list)
        for record in plan.records:
            self.groups[(record.category, record.table)].append(record)

    def _ids(self, category: str, table: str) -> list[int]:
        return [int(r.id) for r in self.groups.get((category, table), [])]

    def _client_ids(self, category: str, table: str) -> list[str]:
        return [str(r.id) for r in self.groups.get((category, table), [])]

    def _step(self, count: int, action: Callable[[], None]) -> None:
        if self.cancelled is not None and self.cancelled():
            raise PurgeCancelled
        action()
        self.done += count
        if self.progress is not None:
            self.progress(self.done, self.total)

    def _chunks(
        self, ids: list[int], action: Callable[[list[int]], None], count: bool = True
    ) -> None:
        ordered = sorted(ids, reverse=True)
        for start in range(0, len(ordered), _CHUNK):
            part = ordered[start : start + _CHUNK]
            self._step(len(part) if count else 0, partial(action, part))

    def run(self) -> None:
        conn = self.conn
        log = Category.AUDIT_LOG.value
        seqs = self._ids(log, "audit_log")
        if seqs:
            key = self.session.register.audit_key
            self._step(len(seqs), lambda: _prune(conn, key, self.plan.log_cutoff))
        self._chunks(self._ids(log, "disclosures"), partial(_delete_disclosures, conn))
        notes = [int(r.id) for r in self.plan.records if r.table == "notes"]
        self._chunks(notes, partial(store.delete_notes, conn))
        identities = [str(r.id) for r in self.plan.records if r.table == "identities"]
        if identities:
            self._step(len(identities), lambda: store.delete_identities(conn, identities))
        if notes or identities:
            self._step(0, lambda: store.optimize_note_index(conn))
        # Invoices first (a credit note before the invoice it cancels, the newest first);
        # a visit's going clears the link of a line that stays.
        self._delete(Category.BOOKKEEPING.value, "invoices")
        for category in (Category.APPOINTMENTS_PATIENT, Category.APPOINTMENTS_OTHER):
            self._delete(category.value, "appointments")
        commitments = self._ids(Category.PAYMENT_COMMITMENTS.value, "payment_commitments")
        self._chunks(commitments, partial(store.unlink_commitments, conn), False)
        self._delete(Category.PAYMENT_COMMITMENTS.value, "payment_commitments")
        consents = self._ids(Category.SUPERSEDED_CONSENTS.value, "consents")
        self._chunks(consents, partial(store.unlink_consents, conn), False)
        self._delete(Category.SUPERSEDED_CONSENTS.value, "consents")
        self._delete(Category.REQUESTS.value, "requests")
        contact = self._client_ids(Category.CONTACT_DETAILS.value, "clients")
        if contact:
            self._step(len(contact), lambda: store.blank_contact_details(conn, contact))
        current = self._ids(LINKED_RECORDS, "consents")
        self._chunks(current, partial(store.unlink_consents, conn), False)
        self._delete(LINKED_RECORDS, "consents")
        self._delete(LINKED_RECORDS, "legal_holds")
        self._delete(LINKED_RECORDS, "relationships")
        removed = self._client_ids(LINKED_RECORDS, "clients")
        if removed:
            self._step(len(removed), lambda: store.delete_clients(conn, removed))

    def _delete(self, category: str, table: str) -> None:
        self._chunks(self._ids(category, table), partial(store.delete_rows, self.conn, table))


def _prune(conn: Connection, key: bytes, cutoff: str) -> None:
    audit.prune_before(conn, key, cutoff)


def _delete_disclosures(conn: Connection, ids: list[int]) -> None:
    store.delete_disclosures(conn, ids)


def _write_log(session: Session, plan: PurgePlan, policy: rules.Policy) -> PurgeRecord:
    purged_at = session.now().isoformat(timespec="seconds")
    by_category: dict[str, list[PlannedRecord]] = defaultdict(list)
    for record in plan.records:
        by_category[record.category].append(record)
    entries = tuple(
        PurgeEntry(category, len(records), rule_code(category, policy), digest_of(records))
        for category in CATEGORY_ORDER
        if (records := by_category.get(category))
    )
    rows = [
        store.PurgeLogRow(purged_at, e.category, e.count, e.rule, e.ids_digest) for e in entries
    ]
    ids = store.add_purge_log(session.conn, rows)
    session.log(
        AuditEvent(
            "purge.run",
            data_kind="retention",
            purpose="retention",
            ref=f"purge_log:{ids[0]}-{ids[-1]}",
        )
    )
    return PurgeRecord(purged_at, entries)


def purge_records(session: Session) -> list[PurgeRecord]:
    """Every purge run in the purge log, oldest first."""
    runs: dict[str, list[PurgeEntry]] = defaultdict(list)
    for row in store.purge_log(session.conn):
        runs[row.purged_at].append(PurgeEntry(row.category, row.count, row.rule, row.ids_digest))
    return [PurgeRecord(at, tuple(entries)) for at, entries in runs.items()]


def write_record_pdf(session: Session, record: PurgeRecord, path: Path, lang: str) -> None:
    """The purge record as PDF (no names: categories, counts, rules, sources, digests)."""
    from app.export.purge_record import write_purge_record

    write_purge_record(path, record.purged_at, record.entries, session.register.register_id, lang)


def backup_notice(lang: str) -> str:
    """What the app and the CLI say after a purge."""
    from app.export.purge_record import backup_notice as notice

    return notice(lang)


def record_pdf(session: Session, record: PurgeRecord, lang: str) -> bytes:
    """The purge record as PDF bytes (for printing; no names)."""
    from app.export.purge_record import render_purge_record

    return render_purge_record(record.purged_at, record.entries, session.register.register_id, lang)


@dataclass(frozen=True)
class PlanClient:
    """A client named in the purge review (inside the app only)."""

    id: str
    name: str  # "" once the contact details were purged
    client_number: int | None


def plan_clients(session: Session, client_ids: Iterable[str]) -> dict[str, PlanClient]:
    """The names of the clients a purge plan (or its holds) names, for the practitioner's
    own screen. Showing a client's name is opening the client (RULES.md, the audit log):
    each is logged once per unlocked session, purpose retention, in one transaction; if
    the log cannot be written, nothing is returned."""
    wanted = set(client_ids)
    if not wanted:
        return {}
    rows = {c.id: c for c in repo.CLIENTS.where(session.conn) if c.id in wanted}
    with session.transaction():
        for client_id in sorted(rows):
            session.log_client_opened(client_id, purpose="retention")
    return {
        cid: PlanClient(cid, client.display_name, client.client_number)
        for cid, client in rows.items()
    }
