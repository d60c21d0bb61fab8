"""Reminders as calendar events (.ics, RFC 5545, with the icalendar library).

Purge reviews and request deadlines as all-day events with alarms, and nothing personal:
the summaries are "Vakka: purge review" and "Vakka: request deadline" in the reader's
language, with no name, client number or request text. Each event's UID is a digest
of the register's id and what the event is, so importing a newer file updates the
events instead of doubling them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from icalendar import Alarm, Calendar, Event

from app.files import atomic_write_bytes
from app.i18n import tr


@dataclass(frozen=True)
class Deadline:
    key: str  # an opaque, stable key of the request (never shown)
    due_on: date


def _uid(register_id: str, what: str) -> str:
    digest = hashlib.sha256(f"{register_id}:{what}".encode()).hexdigest()[:24]
    return f"{digest}@vakka.invalid"


def _alarm(trigger: timedelta, text: str) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", text)
    alarm.add("trigger", trigger)
    return alarm


def _event(uid: str, day: date, summary: str, description: str, now: datetime) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", now)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("transp", "TRANSPARENT")
    event.add("class", "PRIVATE")
    return event


def calendar_bytes(
    register_id: str,
    reviews: Sequence[date],
    deadlines: Sequence[Deadline],
    lang: str,
    now: datetime,
) -> bytes:
    _ = tr(lang).gettext
    cal = Calendar()
    cal.add("prodid", "-//Vakka//reminders//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", _("Vakka reminders"))
    review_title = _("Vakka: purge review")
    review_text = _("Open Vakka and review the records that are due for destruction.")
    for day in reviews:
        event = _event(_uid(register_id, f"review:{day}"), day, review_title, review_text, now)
        event.add_component(_alarm(timedelta(hours=9), review_title))  # 9.00 on the day
        cal.add_component(event)
    deadline_title = _("Vakka: request deadline")
    deadline_text = _("A request must be answered by today. Open Vakka to see it.")
    for deadline in deadlines:
        uid = _uid(register_id, f"request:{deadline.key}")
        event = _event(uid, deadline.due_on, deadline_title, deadline_text, now)
        event.add_component(_alarm(timedelta(days=-7, hours=9), deadline_title))
        event.add_component(_alarm(timedelta(hours=9), deadline_title))
        cal.add_component(event)
    return bytes(cal.to_ical())


def write_calendar(path: Path, data: bytes) -> None:
    atomic_write_bytes(path, data, mode=0o600)
