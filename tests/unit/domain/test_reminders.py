"""The purge-review schedule and the due summary as plain data (app.domain.reminders)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from app.domain.errors import ValidationError
from app.domain.reminders import (
    DueSummary,
    MonthDay,
    ReviewSchedule,
    backup_overdue,
    upcoming_days,
)
from app.domain.retention import DUE_CATEGORIES

NOW = datetime(2026, 11, 23, 9, 30).astimezone()


def test_the_default_is_monthly_on_the_first() -> None:
    schedule = ReviewSchedule.from_setting(None)
    assert schedule == ReviewSchedule() == ReviewSchedule.from_setting("")
    assert schedule.to_setting() == "monthly"
    assert schedule.next_after(date(2026, 11, 23)) == date(2026, 12, 1)
    assert schedule.next_after(date(2026, 12, 1)) == date(2027, 1, 1)
    assert schedule.next_after(date(2026, 12, 31)) == date(2027, 1, 1)


def test_march_and_october_as_the_reference_practice() -> None:
    schedule = ReviewSchedule.from_setting("10-01, 03-01")
    assert not schedule.monthly
    assert schedule.to_setting() == "03-01,10-01"
    assert schedule.next_after(date(2026, 11, 23)) == date(2027, 3, 1)
    assert schedule.between(date(2026, 11, 23), date(2028, 1, 1)) == [
        date(2027, 3, 1),
        date(2027, 10, 1),
    ]


def test_monthly_with_extra_dates() -> None:
    schedule = ReviewSchedule.from_setting("monthly,03-15")
    assert schedule.between(date(2027, 2, 20), date(2027, 4, 2)) == [
        date(2027, 3, 1),
        date(2027, 3, 15),
        date(2027, 4, 1),
    ]
    assert ReviewSchedule.from_setting(schedule.to_setting()) == schedule


def test_between_counts_its_first_day_and_twelve_months_of_monthly_reviews() -> None:
    reviews = ReviewSchedule().between(date(2026, 12, 1), date(2027, 12, 1))
    assert reviews[0] == date(2026, 12, 1)
    assert len(reviews) == 12


@pytest.mark.parametrize("text", ["02-29", "13-01", "00-10", "04-31", "march", "3/1", "1-"])
def test_bad_dates_are_refused(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        ReviewSchedule.from_setting(text)
    assert caught.value.code == "reminders.bad_date"
    assert caught.value.field == "reminder_dates"


def test_a_schedule_without_any_date_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        ReviewSchedule(monthly=False, dates=())
    assert caught.value.code == "reminders.no_dates"
    assert MonthDay(2, 28).in_year(2028) == date(2028, 2, 28)


def test_backup_overdue() -> None:
    assert backup_overdue(None, 7, NOW)
    assert not backup_overdue(NOW - timedelta(days=7), 7, NOW)
    assert backup_overdue(NOW - timedelta(days=7, seconds=1), 7, NOW)
    assert not backup_overdue(NOW - timedelta(days=20), 30, NOW)


def _summary(**changes: object) -> DueSummary:
    values: dict[str, object] = {
        "computed_at": NOW,
        "counts": {c.value: 0 for c in DUE_CATEGORIES} | {"contact_details": 2},
        "upcoming": {
            "bookkeeping": {date(2027, 1, 1): 5},
            "patient_records": {date(2026, 12, 24): 1},
        },
        "clinical_from": NOW,
        "request_deadlines": (date(2026, 12, 9), date(2027, 1, 20)),
        "last_backup_at": NOW - timedelta(days=2),
        "backup_overdue_days": 7,
        "schedule": ReviewSchedule(),
        "next_review_on": date(2026, 12, 1),
        "clinical_categories": frozenset({"patient_records", "other_notes"}),
    }
    values.update(changes)
    return DueSummary(**values)  # type: ignore[arg-type]


def test_the_summary_is_brought_up_to_the_day_it_is_read() -> None:
    summary = _summary()
    today = summary.as_of(NOW)
    assert today.purge["contact_details"] == 2
    assert today.purge["bookkeeping"] == 0
    assert set(today.purge) == {c.value for c in DUE_CATEGORIES}
    assert "purge_records" not in today.purge
    assert today.requests_near_deadline == 0
    assert not today.backup_overdue
    assert not today.review_due
    assert today.calls_for_action  # two contact details are due

    later = summary.as_of(NOW + timedelta(days=40))  # 2 January 2027
    assert later.purge["bookkeeping"] == 5
    assert later.purge["patient_records"] == 1
    assert later.requests_near_deadline == 1  # 9.12. is past; 20.1. is not within 7 days
    assert later.backup_overdue
    assert later.review_due


def test_nothing_due_calls_for_nothing() -> None:
    quiet = _summary(counts={}, upcoming={}, request_deadlines=())
    assert not quiet.as_of(NOW).calls_for_action
    assert quiet.as_of(NOW + timedelta(days=3)).purge["contact_details"] == 0
    # a request deadline within 7 days, an old backup and a review date each call for action
    assert (
        _summary(counts={}, upcoming={}, request_deadlines=(date(2026, 11, 30),))
        .as_of(NOW)
        .calls_for_action
    )
    assert (
        _summary(counts={}, upcoming={}, request_deadlines=(), last_backup_at=None)
        .as_of(NOW)
        .calls_for_action
    )
    assert (
        _summary(counts={}, upcoming={}, request_deadlines=(), next_review_on=date(2026, 11, 23))
        .as_of(NOW)
        .calls_for_action
    )


def test_json_round_trip_and_the_due_json_shape() -> None:
    summary = _summary()
    again = DueSummary.from_json(summary.to_json())
    assert again == summary
    shape = summary.as_of(NOW).to_json()
    assert set(shape) >= {"purge", "requests_near_deadline", "backup_overdue", "computed_at"}
    assert shape["computed_at"] == NOW.isoformat(timespec="seconds")
    assert shape["next_purge_review"] == "2026-12-01"
    with pytest.raises(ValueError):
        DueSummary.from_json({"format": "something else"})


def test_clinical_counts_are_kept_from_the_previous_summary_when_locked() -> None:
    previous = _summary(
        counts={"patient_records": 3, "other_notes": 1, "contact_details": 9},
        clinical_from=NOW - timedelta(days=5),
    )
    locked = _summary(
        counts={"patient_records": 0, "other_notes": 0, "contact_details": 4},
        upcoming={},
        clinical_from=None,
    )
    merged = locked.keep_clinical_from(previous)
    assert merged.counts["patient_records"] == 3
    assert merged.counts["other_notes"] == 1
    assert merged.counts["contact_details"] == 4  # the register store's own, fresh
    assert merged.upcoming["patient_records"] == {date(2026, 12, 24): 1}
    assert merged.clinical_from == NOW - timedelta(days=5)
    never = locked.keep_clinical_from(None)
    assert never.counts["patient_records"] == 0
    assert never.clinical_from is None


def test_upcoming_days_keeps_only_the_horizon() -> None:
    today = date(2026, 11, 23)
    days = upcoming_days(
        [
            ("bookkeeping", today),  # due already: counted in the counts, not here
            ("bookkeeping", date(2027, 1, 1)),
            ("bookkeeping", date(2027, 1, 1)),
            ("requests", date(2030, 1, 1)),  # beyond the horizon
        ],
        today,
    )
    assert days == {"bookkeeping": {date(2027, 1, 1): 2}}


# --- yearly review dates as people type them (the settings' field) ----------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ()),
        ("1.3., 1.10.", ((3, 1), (10, 1))),
        ("1.10. 1.3.", ((3, 1), (10, 1))),
        ("1.3;1.3.", ((3, 1),)),
        ("15.6", ((6, 15),)),
        ("03-01, 10-01", ((3, 1), (10, 1))),
    ],
)
def test_day_months_are_parsed_sorted_and_once(
    text: str, expected: tuple[tuple[int, int], ...]
) -> None:
    from app.domain.reminders import MonthDay, format_day_months, parse_day_months

    parsed = parse_day_months(text)
    assert parsed == tuple(MonthDay(m, d) for m, d in expected)
    assert parse_day_months(format_day_months(parsed)) == parsed


@pytest.mark.parametrize("text", ["29.2.", "31.4.", "1.13.", "maaliskuu", "1..3", "0.1."])
def test_a_day_month_that_is_no_date_is_refused(text: str) -> None:
    from app.domain.reminders import parse_day_months

    with pytest.raises(ValidationError) as info:
        parse_day_months(text)
    assert info.value.code == "reminders.bad_day_month"
    assert info.value.field == "reminder_dates"
