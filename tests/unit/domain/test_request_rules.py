"""Request deadlines: one month (GDPR art. 12(3)), two for log information alone (§ 11)."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.request_rules import add_months, is_near_deadline, request_deadline


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (date(2026, 11, 6), date(2026, 12, 7)),  # 6.12. Independence Day, a Sunday
        (date(2026, 1, 31), date(2026, 3, 2)),  # 28.2. is a Saturday
        (date(2026, 3, 31), date(2026, 4, 30)),  # no 31 April: the last day
        (date(2026, 11, 24), date(2026, 12, 28)),  # 24.–26.12. holidays, then a Sunday
    ],
)
def test_one_month_moved_to_a_working_day(received: date, due: date) -> None:
    assert request_deadline(received) == due


def test_log_information_alone_has_two_months() -> None:
    assert request_deadline(date(2026, 1, 15), log_information_only=True) == date(2026, 3, 16)


def test_add_months_across_years_and_leap_days() -> None:
    assert add_months(date(2027, 12, 31), 2) == date(2028, 2, 29)
    assert add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)


def test_near_deadline_means_seven_days_or_past() -> None:
    today = date(2026, 11, 23)
    assert is_near_deadline(date(2026, 11, 30), today)
    assert not is_near_deadline(date(2026, 12, 1), today)
    assert is_near_deadline(date(2026, 11, 1), today)
