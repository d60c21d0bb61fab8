"""`vakka calendar --out FILE.ics`: the next 12 months of purge reviews and the deadlines
of open requests as calendar events (app.export.calendar_ics), without personal data."""

from __future__ import annotations

from pathlib import Path

from app.domain.retention import add_years
from app.export.calendar_ics import Deadline, calendar_bytes, write_calendar
from app.services.reminders import schedule
from app.services.session import Session


def calendar(session: Session, lang: str) -> bytes:
    from app.services.requests import open_requests

    today = session.today()
    next_review = schedule.next_review_on(session)
    # The review due now (shown today when its date has passed), then the next 12 months.
    upcoming = schedule.reminder_dates(session).between(
        max(today, next_review), add_years(today, 1)
    )
    reviews = sorted({*upcoming, *([today] if next_review <= today else [])})
    deadlines = [
        Deadline(str(r.id), r.deadline) for r in open_requests(session) if r.id is not None
    ]
    return calendar_bytes(session.register.register_id, reviews, deadlines, lang, session.now())


def write(session: Session, out: Path, lang: str) -> int:
    """Write the calendar atomically; how many events it holds."""
    data = calendar(session, lang)
    write_calendar(out, data)
    return data.count(b"BEGIN:VEVENT")
