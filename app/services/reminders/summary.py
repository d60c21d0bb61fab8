"""The due summary: written beside the stores at every lock and close, read by `vakka due`.

``summary.json`` in the register folder holds counts and dates only (app.domain.reminders):
no names, ids or client numbers, so `vakka due` reads it without the passphrase and
without the register's lock while the app is open. The clinical categories are counted
only while the clinical store is open; when it was locked the counts it had before are
kept, and the file says when they were counted.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

from app.db import reminder_queries as queries
from app.db import repositories as repo
from app.db.vault import RegisterPaths
from app.domain import retention as rules
from app.domain.reminders import HORIZON_DAYS, DueSummary
from app.files import atomic_write_bytes
from app.services import retention
from app.services.reminders import schedule
from app.services.session import Session


def summary_path(folder: Path) -> Path:
    return RegisterPaths(Path(folder)).summary


def compute(session: Session, previous: DueSummary | None = None) -> DueSummary:
    """Count what is due now and what comes due within the horizon (no personal data)."""
    from app.services.backup import LAST_BACKUP_SETTING
    from app.services.managed_backups import folder_seen_on
    from app.services.requests import open_requests

    now = session.now()
    today = now.date()
    review = retention.due_overview(session, today, HORIZON_DAYS, reuse=True)
    upcoming = {category: dict(days) for category, days in review.upcoming.items()}
    upcoming.pop(rules.Category.AUDIT_LOG.value, None)
    log_days = _log_upcoming(session, now)
    if log_days:
        upcoming[rules.Category.AUDIT_LOG.value] = log_days
    last_backup = repo.get_setting(session.conn, LAST_BACKUP_SETTING)
    summary = DueSummary(
        computed_at=now,
        counts=dict(review.counts),
        upcoming=upcoming,
        clinical_from=now if review.clinical_known else None,
        request_deadlines=tuple(sorted(r.deadline for r in open_requests(session))),
        last_backup_at=datetime.fromisoformat(last_backup) if last_backup else None,
        backup_overdue_days=repo.load_practice(session.conn).backup_overdue_days,
        schedule=schedule.reminder_dates(session),
        next_review_on=schedule.next_review_on(session),
        clinical_categories=frozenset(c.value for c in retention.CLINICAL_CATEGORIES),
        backup_folder_seen_on=folder_seen_on(session),
    )
    if not review.clinical_known:
        summary = summary.keep_clinical_from(previous)
    return summary


def _log_upcoming(session: Session, now: datetime) -> dict[date, int]:
    """Log rows that reach 12 years within the horizon, by the day they come due."""
    years = rules.RULES[rules.Category.AUDIT_LOG].years
    cutoff = rules.add_years(now.date(), -years)
    start = now.replace(year=cutoff.year, month=cutoff.month, day=cutoff.day)
    end = start + timedelta(days=HORIZON_DAYS)
    result: dict[date, int] = {}
    for day, count in queries.log_event_days(session.conn, start, end).items():
        due_on = rules.add_years(day, years) + timedelta(days=1)
        if due_on > now.date():
            result[due_on] = result.get(due_on, 0) + count
    return result


def due_summary(session: Session) -> DueSummary:
    """The summary of the open register, for the app's banner and `vakka due --refresh`."""
    return compute(session, read_summary(session.register.paths.folder))


def write_summary(session: Session) -> DueSummary:
    """Recount and write ``summary.json`` atomically. A scheduled review whose date has
    come is done when the recount, with the clinical store open, finds nothing due."""
    summary = due_summary(session)
    now = summary.as_of(session.now())
    if now.review_due and session.register.clinical_open and not any(now.purge.values()):
        schedule.review_done(session)
        summary = replace(summary, next_review_on=schedule.next_review_on(session))
    content = summary.to_json() | {BASIS_KEY: stores_basis(session)}
    data = json.dumps(content, indent=2, sort_keys=True) + "\n"
    atomic_write_bytes(session.register.paths.summary, data.encode("utf-8"), mode=0o600)
    session.summary_current_at = session.data_changes()
    return summary


def write_summary_at_close(session: Session) -> None:
    """Called at every lock and close: never fails it (the summary is a convenience).
    Nothing is written for a read-only register, and nothing is recounted when the summary
    beside the stores already answers for them (summary_is_current)."""
    register = session.register
    if register.read_only or register.closed:
        return
    with contextlib.suppress(Exception):
        if not summary_is_current(session):
            write_summary(session)


# The summary remembers the stores it counted: their sizes and modification times, which
# every commit changes. No personal data: sizes and times only.
BASIS_KEY = "stores_basis"


def stores_basis(session: Session) -> list[list[int]]:
    """Size and modification time (ns) of each store file."""
    result: list[list[int]] = []
    for path in session.register.paths.store_files():
        stat = path.stat()
        result.append([stat.st_size, stat.st_mtime_ns])
    return result


def note_unlock(session: Session) -> None:
    """At unlock: the summary beside the stores is current if it counted these very
    files (written at the last close, no commit since, by this process or another)."""
    if session.register.read_only:
        return
    with contextlib.suppress(OSError, ValueError, TypeError):
        data = json.loads(summary_path(session.register.paths.folder).read_text("utf-8"))
        if isinstance(data, dict) and data.get(BASIS_KEY) == stores_basis(session):
            session.summary_current_at = session.data_changes()


def summary_is_current(session: Session) -> bool:
    """Whether a recount would write the same summary: nothing in the records changed
    since it was counted (data_changes; log appends do not count, as a log row comes due
    only after 12 years), it was counted today (a scheduled review may have come since),
    and with the clinical store open (one counted without it is recounted)."""
    if session.summary_current_at is None:
        return False
    if session.summary_current_at != session.data_changes():
        return False
    stored = read_summary(session.register.paths.folder)
    if stored is None or stored.computed_at.date() != session.today():
        return False
    return stored.clinical_from == stored.computed_at


def read_summary(folder: Path) -> DueSummary | None:
    """The summary beside the stores; None when there is none or it cannot be read."""
    try:
        data = json.loads(summary_path(folder).read_text(encoding="utf-8"))
        return DueSummary.from_json(data)
    except (
        OSError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        OverflowError,
        RecursionError,
    ):
        return None
