"""Dates for people to read (GLOSSARY.md: d.M.yyyy in Finnish and Swedish)."""

from __future__ import annotations

import datetime

import pytest

from app.i18n.formats import format_date, format_time


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fi", "23.11.2026"),
        ("sv", "23.11.2026"),
        ("sv_FI", "23.11.2026"),
        ("en", "23 November 2026"),
        ("de", "23 November 2026"),
    ],
)
def test_format_date(lang: str, expected: str) -> None:
    assert format_date(datetime.date(2026, 11, 23), lang) == expected


def test_no_leading_zeros_in_fi_and_sv() -> None:
    day = datetime.date(2027, 1, 5)
    assert format_date(day, "fi") == "5.1.2027"
    assert format_date(day, "sv") == "5.1.2027"
    assert format_date(day, "en") == "5 January 2027"


def test_a_datetime_is_shown_as_its_date() -> None:
    assert format_date(datetime.datetime(2026, 2, 28, 23, 59), "fi") == "28.2.2026"


def test_times_are_9_00_in_fi_and_sv_and_9_colon_00_in_english() -> None:
    assert format_time(datetime.time(9, 0), "fi") == "9.00"
    assert format_time(datetime.time(9, 0), "sv") == "9.00"
    assert format_time(datetime.datetime(2026, 11, 23, 14, 5), "sv_FI") == "14.05"
    assert format_time(datetime.time(9, 30), "en") == "9:30"
