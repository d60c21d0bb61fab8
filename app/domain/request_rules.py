"""Deadlines of access, rectification and erasure requests (GDPR art. 12(3)).

One month from receipt, counted as Regulation (EEC, Euratom) No 1182/71 counts
months: the same date in the next month, or that month's last day if there is no
such date. A deadline on a Saturday, Sunday or Finnish public holiday moves to the
next working day (art. 3(4) of the same regulation). Extension: by two further months
when necessary, the client told with reasons within the first month.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import date, timedelta
from functools import cache
from types import MappingProxyType
from typing import Final

import holidays

from app.domain.kinds import RequestKind

NEAR_DEADLINE_DAYS = 7

# Months to answer, by kind of request: one month (GDPR art. 12(3)); log information
# asked for on its own two months (703/2023 § 11). The one place this mapping lives.
ANSWER_MONTHS: Final[Mapping[RequestKind, int]] = MappingProxyType(
    {
        RequestKind.ACCESS: 1,
        RequestKind.RECTIFICATION: 1,
        RequestKind.ERASURE: 1,
        RequestKind.LOG_INFORMATION: 2,
    }
)


def add_months(start: date, months: int) -> date:
    """The same day ``months`` later, or the last day of that month (31.1. + 1 -> 28./29.2.)."""
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


@cache
def _finnish_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("FI", years=year).keys())


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _finnish_holidays(day.year)


def next_working_day(day: date) -> date:
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def request_deadline_for(kind: RequestKind, received_on: date) -> date:
    """The deadline of a request of ``kind``: ANSWER_MONTHS from receipt, moved off weekends
    and Finnish public holidays. Within an access request the one-month deadline governs
    the whole answer, log information included."""
    return next_working_day(add_months(received_on, ANSWER_MONTHS[kind]))


def request_deadline(received_on: date, log_information_only: bool = False) -> date:
    """One month from receipt (two for log information asked for on its own)."""
    kind = RequestKind.LOG_INFORMATION if log_information_only else RequestKind.ACCESS
    return request_deadline_for(kind, received_on)


def extended_deadline(received_on: date) -> date:
    """The latest possible deadline: two further months (art. 12(3))."""
    return next_working_day(add_months(received_on, 3))


def is_near_deadline(deadline: date, today: date) -> bool:
    """Due within NEAR_DEADLINE_DAYS days, or already past."""
    return (deadline - today).days <= NEAR_DEADLINE_DAYS
