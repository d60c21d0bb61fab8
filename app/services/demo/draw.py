"""The planner's shared helpers: one random generator, the run's clock, small draws.

Every generator module draws from the same ``Draw`` in a fixed order, so the same seed
gives the same practice whatever the database does. ``used_hetus`` and ``used_slots``
keep identity codes and the practitioner's appointment slots unique across clients.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from app.domain.request_rules import is_working_day
from app.services.demo.practice import SLOTS


class Draw:
    """The random generator, the demo run's day and time, and what has been handed out."""

    def __init__(self, rng: random.Random, today: date, now: datetime, practitioner: str) -> None:
        self.rng = rng
        self.today = today
        self.now = now
        self.tz = now.tzinfo
        self.practitioner = practitioner
        self.used_hetus: set[str] = set()
        self.used_slots: set[tuple[date, time]] = set()

    def days_ago(self, low: int, high: int) -> date:
        return self.today - timedelta(days=self.rng.randint(low, high))

    def between(self, start: date, end: date) -> date:
        if end <= start:
            return start
        return start + timedelta(days=self.rng.randint(0, (end - start).days))

    def working_day_between(self, start: date, end: date) -> date:
        day = self.between(start, end)
        for _ in range(6):
            if is_working_day(day):
                break
            day = self.between(start, end)
        return day

    def at(self, day: date, slot: time) -> datetime:
        return datetime.combine(day, slot, tzinfo=self.tz)

    def free_slot(self, day: date) -> time | None:
        """One of the day's slots not yet taken (a few tries), now taken; None if none."""
        for _ in range(4):
            slot = self.rng.choice(SLOTS)
            if (day, slot) not in self.used_slots:
                self.used_slots.add((day, slot))
                return slot
        return None


def add_years(day: date, years: int) -> date:
    """Calendar years; 29 February lands on 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def fi_date(day: date) -> str:
    return f"{day.day}.{day.month}.{day.year}"
