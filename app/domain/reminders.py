"""Reminders: the purge-review schedule and the due summary, as plain data (no Qt, no SQL).

The purge review (RULES.md, "Reminders") is scheduled monthly by default — on the first
day of every month, because statutory records must go without delay — and the practice
may add dates of its own, the same every year (the reference practice 003 purges in March
and October). A review is *due* from the first scheduled date after the last review
(a purge, or a look that found nothing due) until the next review is done.

The due summary is what ``vakka due`` reads without the passphrase: counts per retention
category, the dates on which more records become due, the deadlines of open requests,
the last backup and the review schedule. Dates and counts only: no names, no ids, no
client numbers. Its counts are brought up to the day it is read (``DueSummary.as_of``),
so a summary written a week ago still answers for today.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from app.domain.errors import ValidationError
from app.domain.request_rules import is_near_deadline
from app.domain.retention import DUE_CATEGORIES

# --- the purge-review schedule ----------------------------------------------------------

MONTHLY = "monthly"


@dataclass(frozen=True, order=True)
class MonthDay:
    """A date that comes back every year (a review in March: MonthDay(3, 1))."""

    month: int
    day: int

    def __post_init__(self) -> None:
        # 29 February is refused: a review date that exists only every fourth year.
        if not 1 <= self.month <= 12:
            raise ValidationError("reminders.bad_date", field="reminder_dates")
        if not 1 <= self.day <= calendar.monthrange(2025, self.month)[1]:
            raise ValidationError("reminders.bad_date", field="reminder_dates")

    def in_year(self, year: int) -> date:
        return date(year, self.month, self.day)

    def __str__(self) -> str:
        return f"{self.month:02d}-{self.day:02d}"


def parse_day_months(text: str) -> tuple[MonthDay, ...]:
    """Yearly review dates as people write them: day and month (``1.3., 1.10.``), commas,
    semicolons or spaces between; ``03-01`` (month-day, the setting's form) is taken too.
    Sorted, each once; ValidationError ``reminders.bad_day_month`` if one is not a date."""
    found: set[MonthDay] = set()
    for word in text.replace(";", ",").replace(" ", ",").split(","):
        word = word.strip()
        if not word:
            continue
        if "-" in word:
            month, _sep, day = word.partition("-")
        else:
            day, _sep, month = word.rstrip(".").partition(".")
        # isdecimal, not isdigit: superscripts such as '²' are digits that int() refuses.
        if not _sep or not day.isdecimal() or not month.isdecimal():
            raise ValidationError("reminders.bad_day_month", field="reminder_dates")
        try:
            found.add(MonthDay(int(month), int(day)))
        except ValidationError:
            raise ValidationError("reminders.bad_day_month", field="reminder_dates") from None
    return tuple(sorted(found))


def format_day_months(dates: Iterable[MonthDay]) -> str:
    """``1.3., 1.10.``: the yearly dates as day and month (the Finnish way)."""
    return ", ".join(f"{d.day}.{d.month}." for d in sorted(dates))


@dataclass(frozen=True)
class ReviewSchedule:
    """When purge reviews come: the first of every month (``monthly``) and ``dates``."""

    monthly: bool = True
    dates: tuple[MonthDay, ...] = ()

    def __post_init__(self) -> None:
        if not self.monthly and not self.dates:
            raise ValidationError("reminders.no_dates", field="reminder_dates")

    def to_setting(self) -> str:
        """``monthly``, ``03-01,10-01`` or ``monthly,03-15``: the settings table's value."""
        words = ([MONTHLY] if self.monthly else []) + [str(d) for d in self.dates]
        return ",".join(words)

    @classmethod
    def from_setting(cls, text: str | None) -> ReviewSchedule:
        """Parse the setting (None or empty: the default, monthly); ValidationError if bad."""
        if text is None or not text.strip():
            return cls()
        monthly = False
        dates: set[MonthDay] = set()
        for word in (w.strip().lower() for w in text.split(",")):
            if not word:
                continue
            if word == MONTHLY:
                monthly = True
                continue
            month, sep, day = word.partition("-")
            if not sep or not month.isdigit() or not day.isdigit():
                raise ValidationError("reminders.bad_date", field="reminder_dates")
            dates.add(MonthDay(int(month), int(day)))
        return cls(monthly, tuple(sorted(dates)))

    def dates_after(self, day: date) -> Iterator[date]:
        """Every scheduled review date after ``day``, in order (endless)."""
        year = day.year
        while True:
            found: set[date] = {d.in_year(year) for d in self.dates}
            if self.monthly:
                found.update(date(year, month, 1) for month in range(1, 13))
            yield from sorted(d for d in found if d > day)
            year += 1

    def next_after(self, day: date) -> date:
        return next(self.dates_after(day))

    def between(self, start: date, end: date) -> list[date]:
        """Review dates on or after ``start`` and before ``end``."""
        result: list[date] = []
        for day in self.dates_after(start - timedelta(days=1)):
            if day >= end:
                return result
            result.append(day)
        return result  # pragma: no cover (dates_after is endless)


# --- the due summary -------------------------------------------------------------------

FORMAT = "vakka-due-summary"
VERSION = 1
# How far ahead the summary keeps the dates on which records become due.
HORIZON_DAYS = 400


def backup_overdue(last_backup_at: datetime | None, overdue_days: int, now: datetime) -> bool:
    """Older than the configured number of days, or never made."""
    if last_backup_at is None:
        return True
    return now - last_backup_at > timedelta(days=overdue_days)


def backup_folder_unseen(seen_on: date | None, overdue_days: int, today: date) -> bool:
    """A chosen backup folder (a drive) not reachable for the configured number of days
    (those of an overdue backup). ``seen_on`` None: no folder chosen, or never seen."""
    return seen_on is not None and (today - seen_on).days >= overdue_days


@dataclass(frozen=True)
class DueNow:
    """What calls for action on one day, worked out from a summary."""

    purge: dict[str, int]
    requests_near_deadline: int
    backup_overdue: bool
    next_review_on: date
    review_due: bool
    computed_at: datetime | None
    # The day the chosen backup folder was last reachable, when that is too long ago.
    backup_folder_unseen_since: date | None = None

    @property
    def calls_for_action(self) -> bool:
        return (
            any(self.purge.values())
            or self.requests_near_deadline > 0
            or self.backup_overdue
            or self.review_due
            or self.backup_folder_unseen_since is not None
        )

    def to_json(self) -> dict[str, Any]:
        """The shape of ``vakka due --json`` (the command-line contract), plus the review."""
        return {
            "purge": dict(self.purge),
            "requests_near_deadline": self.requests_near_deadline,
            "backup_overdue": self.backup_overdue,
            "computed_at": (
                self.computed_at.isoformat(timespec="seconds") if self.computed_at else None
            ),
            "next_purge_review": self.next_review_on.isoformat(),
            "purge_review_due": self.review_due,
            "backup_folder_unseen_since": (
                self.backup_folder_unseen_since.isoformat()
                if self.backup_folder_unseen_since
                else None
            ),
        }


def _zero_counts() -> dict[str, int]:
    return {category.value: 0 for category in DUE_CATEGORIES}


@dataclass(frozen=True)
class DueSummary:
    """What is due, as counted at ``computed_at``, and what comes due later.

    ``counts``: records due at ``computed_at`` per category id; ``upcoming``: per category
    id, the days (within HORIZON_DAYS) on which more records become due and how many.
    ``clinical_from``: when the clinical categories were last counted (the clinical store
    open); None if never — then their counts are 0 because nothing is known.
    """

    computed_at: datetime
    counts: Mapping[str, int]
    upcoming: Mapping[str, Mapping[date, int]]
    clinical_from: datetime | None
    request_deadlines: tuple[date, ...]
    last_backup_at: datetime | None
    backup_overdue_days: int
    schedule: ReviewSchedule
    next_review_on: date
    clinical_categories: frozenset[str] = field(default_factory=frozenset)
    # The last day the chosen backup folder was reachable; None when none is chosen.
    backup_folder_seen_on: date | None = None

    def as_of(self, now: datetime) -> DueNow:
        """The summary brought up to ``now``: records whose day has come since are due."""
        today = now.date()
        purge = _zero_counts()
        for category, count in self.counts.items():
            if category in purge:
                purge[category] = count
        for category, days in self.upcoming.items():
            if category in purge:
                purge[category] += sum(n for day, n in days.items() if day <= today)
        return DueNow(
            purge=purge,
            requests_near_deadline=sum(
                1 for d in self.request_deadlines if is_near_deadline(d, today)
            ),
            backup_overdue=backup_overdue(self.last_backup_at, self.backup_overdue_days, now),
            next_review_on=self.next_review_on,
            review_due=self.next_review_on <= today,
            computed_at=self.computed_at,
            backup_folder_unseen_since=(
                self.backup_folder_seen_on
                if backup_folder_unseen(self.backup_folder_seen_on, self.backup_overdue_days, today)
                else None
            ),
        )

    def keep_clinical_from(self, previous: DueSummary | None) -> DueSummary:
        """Counted with the clinical store locked: its categories as ``previous`` had them."""
        counts = dict(self.counts)
        upcoming = {k: dict(v) for k, v in self.upcoming.items()}
        for category in self.clinical_categories:
            counts[category] = previous.counts.get(category, 0) if previous else 0
            old = previous.upcoming.get(category, {}) if previous else {}
            upcoming[category] = dict(old)
        return DueSummary(
            computed_at=self.computed_at,
            counts=counts,
            upcoming=upcoming,
            clinical_from=previous.clinical_from if previous else None,
            request_deadlines=self.request_deadlines,
            last_backup_at=self.last_backup_at,
            backup_overdue_days=self.backup_overdue_days,
            schedule=self.schedule,
            next_review_on=self.next_review_on,
            clinical_categories=self.clinical_categories,
            backup_folder_seen_on=self.backup_folder_seen_on,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "note": (
                "Counts and dates only, no personal data. The clinical categories are "
                "counted only while the clinical store is open; clinical_counted_at says "
                "when they were last counted (null: never)."
            ),
            "computed_at": self.computed_at.isoformat(timespec="seconds"),
            "purge": dict(self.counts),
            "upcoming": {
                category: {day.isoformat(): n for day, n in sorted(days.items())}
                for category, days in self.upcoming.items()
                if days
            },
            "clinical_categories": sorted(self.clinical_categories),
            "clinical_counted_at": (
                self.clinical_from.isoformat(timespec="seconds") if self.clinical_from else None
            ),
            "request_deadlines": [d.isoformat() for d in self.request_deadlines],
            "last_backup_at": (
                self.last_backup_at.isoformat(timespec="seconds") if self.last_backup_at else None
            ),
            "backup_overdue_days": self.backup_overdue_days,
            "purge_review_schedule": self.schedule.to_setting(),
            "next_purge_review": self.next_review_on.isoformat(),
            "backup_folder_seen_on": (
                self.backup_folder_seen_on.isoformat() if self.backup_folder_seen_on else None
            ),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DueSummary:
        """Read a summary; ValueError (or KeyError, TypeError) when it is not one."""
        if data.get("format") != FORMAT or data.get("version") != VERSION:
            raise ValueError("not a due summary of this version")

        def moment(value: Any) -> datetime | None:
            return datetime.fromisoformat(str(value)) if value else None

        computed_at = moment(data["computed_at"])
        if computed_at is None:
            raise ValueError("no computed_at")
        return cls(
            computed_at=computed_at,
            counts={str(k): int(v) for k, v in dict(data["purge"]).items()},
            upcoming={
                str(category): {date.fromisoformat(d): int(n) for d, n in dict(days).items()}
                for category, days in dict(data.get("upcoming", {})).items()
            },
            clinical_from=moment(data.get("clinical_counted_at")),
            request_deadlines=tuple(
                date.fromisoformat(str(d)) for d in data.get("request_deadlines", [])
            ),
            last_backup_at=moment(data.get("last_backup_at")),
            backup_overdue_days=int(data.get("backup_overdue_days", 7)),
            schedule=ReviewSchedule.from_setting(str(data.get("purge_review_schedule", ""))),
            next_review_on=date.fromisoformat(str(data["next_purge_review"])),
            clinical_categories=frozenset(str(c) for c in data.get("clinical_categories", [])),
            backup_folder_seen_on=(
                date.fromisoformat(str(data["backup_folder_seen_on"]))
                if data.get("backup_folder_seen_on")
                else None
            ),
        )


def upcoming_days(
    destroy_dates: Iterable[tuple[str, date]], today: date, horizon_days: int = HORIZON_DAYS
) -> dict[str, dict[date, int]]:
    """Per category id, the days after ``today`` (within the horizon) when records come due."""
    end = today + timedelta(days=horizon_days)
    result: dict[str, dict[date, int]] = {}
    for category, day in destroy_dates:
        if today < day <= end:
            days = result.setdefault(category, {})
            days[day] = days.get(day, 0) + 1
    return result
