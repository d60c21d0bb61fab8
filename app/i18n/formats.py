"""Locale formats shared by the PDFs, the CLI and the UI (no Qt here).

Finnish and Swedish documents write dates as d.M.yyyy (23.11.2026, the Finnish
usage in both languages); English documents write "23 November 2026", which no
reader can take for a month-first date. Files and JSON use ISO 8601 instead.
"""

from __future__ import annotations

import datetime

from app.i18n import normalize_language

_EN_MONTHS: tuple[str, ...] = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_date(d: datetime.date, lang: str) -> str:
    """A date for people to read in ``lang``: 23.11.2026 (fi, sv) or 23 November 2026 (en)."""
    if isinstance(d, datetime.datetime):
        d = d.date()
    if normalize_language(lang) in ("fi", "sv"):
        return f"{d.day}.{d.month}.{d.year}"
    return f"{d.day} {_EN_MONTHS[d.month - 1]} {d.year}"


def format_time(t: datetime.time | datetime.datetime, lang: str) -> str:
    """A clock time for people to read in ``lang``: 9.00 (fi, sv: Finnish usage in both
    languages) or 9:00 (en), 24-hour, the hour without a leading zero."""
    separator = "." if normalize_language(lang) in ("fi", "sv") else ":"
    return f"{t.hour}{separator}{t.minute:02d}"


def format_money(cents: int, lang: str) -> str:
    """1 234,50 € (fi, sv: a no-break space between thousands) or €1,234.50 (en)."""
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(cents), 100)
    if normalize_language(lang) in ("fi", "sv"):
        return f"{sign}{euros:,}".replace(",", "\u00a0") + f",{rest:02d}\u00a0€"
    return f"{sign}€{euros:,}.{rest:02d}"


def format_vat_rate(permille: int, lang: str) -> str:
    """255 -> 25,5 % (fi, sv) or 25.5 % (en)."""
    whole, tenth = divmod(permille, 10)
    point = "," if normalize_language(lang) in ("fi", "sv") else "."
    number = str(whole) if tenth == 0 else f"{whole}{point}{tenth}"
    return f"{number}\u00a0%"
