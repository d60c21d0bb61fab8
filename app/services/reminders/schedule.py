"""The purge-review schedule (``reminder_dates``) and when the next review is due.

Monthly by default: on the first day of every month (statutory records must go without
delay). The practice may add dates that come back every year (the reference practice
purges in March and October), and may drop the monthly review only if it names dates
of its own. A review is due from the first scheduled date after the last review until a
review is done: a purge (its purge record), a purge review in the app
(``review_done``), or a recount that finds nothing due with the clinical store open.
Before any review, the register's creation day counts as the last one.
"""

from __future__ import annotations

from datetime import date

from app.db import reminder_queries as queries
from app.db import repositories as repo
from app.db.audit import AuditEvent
from app.domain.reminders import ReviewSchedule
from app.services.session import Session

SCHEDULE_SETTING = "reminders.review_dates"
LAST_REVIEW_SETTING = "reminders.last_review_on"


def reminder_dates(session: Session) -> ReviewSchedule:
    """The schedule in force (a damaged setting falls back to the default, monthly)."""
    from app.domain.errors import ValidationError

    try:
        return ReviewSchedule.from_setting(repo.get_setting(session.conn, SCHEDULE_SETTING))
    except ValidationError:
        return ReviewSchedule()


def set_reminder_dates(session: Session, schedule: ReviewSchedule) -> ReviewSchedule:
    """Store the schedule; the change is logged like the retention policy's."""
    with session.transaction() as conn:
        repo.set_setting(conn, SCHEDULE_SETTING, schedule.to_setting())
        session.log(
            AuditEvent(
                "reminders.schedule_change",
                data_kind="retention_policy",
                purpose="retention",
                ref=schedule.to_setting(),
            )
        )
    return schedule


def last_review_on(session: Session) -> date:
    """The newest of: a review marked done, a purge, the register's creation (else today)."""
    conn = session.conn
    marked = repo.get_setting(conn, LAST_REVIEW_SETTING)
    candidates = [
        day
        for day in (
            date.fromisoformat(marked) if marked else None,
            queries.last_purge_on(conn),
            queries.register_created_on(conn),
        )
        if day is not None
    ]
    return max(candidates) if candidates else session.today()


def next_review_on(session: Session) -> date:
    return reminder_dates(session).next_after(last_review_on(session))


def review_done(session: Session, day: date | None = None) -> None:
    """A purge review was done on ``day`` (today): the next one comes on the next date."""
    day = day or session.today()
    with session.transaction() as conn:
        current = repo.get_setting(conn, LAST_REVIEW_SETTING)
        if current is None or date.fromisoformat(current) < day:
            repo.set_setting(conn, LAST_REVIEW_SETTING, day.isoformat())
