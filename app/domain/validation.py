"""Small pure validators for form and CLI input.

Each returns the normalized value or raises ``ValidationError`` with a ``field`` and a
code from ``ERROR_CODES``. Nothing here reads the clock: pass ``today`` where needed.
Empty input is refused by the format validators; check optional fields for emptiness
before calling them, and use ``validate_required`` for mandatory ones.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from typing import Final

from app.domain.errors import ValidationError

ERROR_CODES: Final = frozenset(
    {
        "business_id.invalid",
        "iban.invalid",
        "bic.invalid",
        "email.invalid",
        "phone.invalid",
        "postal_code.invalid",
        "date.format",
        "date.invalid",
        "date.in_future",
        "date.implausible",
        "date.death_before_birth",
        "date.end_before_start",
        "field.required",
        "name.too_long",
        "name.invalid_characters",
    }
)

# Earliest plausible birth or death date: the oldest hetu century sign ('+') is the
# 1800s, and no living client record goes further back than this.
EARLIEST_PLAUSIBLE_DATE: Final = datetime.date(1850, 1, 1)
NAME_MAX_LENGTH: Final = 200
EMAIL_MAX_LENGTH: Final = 254  # RFC 5321 path limit
PHONE_MIN_DIGITS: Final = 5
PHONE_MAX_DIGITS: Final = 15  # E.164

_DIGITS: Final = frozenset("0123456789")
_PHONE_CHARS: Final = _DIGITS | frozenset(" +-()")
_FI_DATE: Final = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})", re.ASCII)
_ISO_DATE: Final = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", re.ASCII)
_FI_POSTAL_CODE: Final = re.compile(r"[0-9]{5}", re.ASCII)
_OTHER_POSTAL_CODE: Final = re.compile(r"[0-9A-Z][0-9A-Z -]{0,8}[0-9A-Z]", re.ASCII)
_EMAIL_DOMAIN_LABEL: Final = re.compile(r"[^.\s@]+")


def validate_business_id(text: str, field: str = "business_id") -> str:
    """A Finnish business ID (Y-tunnus), returned as '1234567-8'."""
    from stdnum import exceptions as stdnum_errors  # not needed at start-up
    from stdnum.fi import ytunnus

    try:
        number = ytunnus.validate(text)
    except stdnum_errors.ValidationError:
        raise ValidationError("business_id.invalid", field=field) from None
    return str(ytunnus.format(number))


def validate_iban(text: str, field: str = "iban") -> str:
    """An IBAN (any country; the bank barcode needs a Finnish one), returned in groups of
    four: 'FI21 1234 5600 0007 85'."""
    from stdnum import exceptions as stdnum_errors
    from stdnum import iban

    try:
        number = iban.validate(text)
    except stdnum_errors.ValidationError:
        raise ValidationError("iban.invalid", field=field) from None
    return str(iban.format(number))


def validate_bic(text: str, field: str = "bic") -> str:
    """A BIC (SWIFT code) of 8 or 11 characters, upper case: 'NDEAFIHH'."""
    from stdnum import bic
    from stdnum import exceptions as stdnum_errors

    try:
        return str(bic.validate(text))
    except stdnum_errors.ValidationError:
        raise ValidationError("bic.invalid", field=field) from None


def validate_email(text: str, field: str = "email") -> str:
    """A pragmatic e-mail address check: one '@', a domain with a dot, no spaces."""
    address = text.strip()
    local, at, domain = address.partition("@")
    labels = domain.split(".")
    if (
        not at
        or not local
        or "@" in domain
        or len(address) > EMAIL_MAX_LENGTH
        or any(ch.isspace() for ch in address)
        or len(labels) < 2
        or not all(_EMAIL_DOMAIN_LABEL.fullmatch(label) for label in labels)
    ):
        raise ValidationError("email.invalid", field=field)
    return address


def validate_phone(text: str, field: str = "phone") -> str:
    """A phone number of 5–15 digits, with spaces, '-', '(' and ')' and a leading '+'.

    Returns the number with whitespace runs collapsed to single spaces.
    """
    number = " ".join(text.split())
    digits = sum(1 for ch in number if ch in _DIGITS)
    if (
        not set(number) <= _PHONE_CHARS
        or "+" in number[1:]
        or not PHONE_MIN_DIGITS <= digits <= PHONE_MAX_DIGITS
    ):
        raise ValidationError(
            "phone.invalid", field=field, min_digits=PHONE_MIN_DIGITS, max_digits=PHONE_MAX_DIGITS
        )
    return number


def validate_postal_code(text: str, country: str = "FI", field: str = "postal_code") -> str:
    """Five digits in Finland (Åland included); elsewhere 2–10 letters, digits, spaces, '-'."""
    code = " ".join(text.split()).upper()
    pattern = _FI_POSTAL_CODE if country.strip().upper() == "FI" else _OTHER_POSTAL_CODE
    if not pattern.fullmatch(code):
        raise ValidationError("postal_code.invalid", field=field)
    return code


def parse_date(text: str, field: str = "date") -> datetime.date:
    """Parse d.M.yyyy (23.11.2026, 1.2.2026) or ISO yyyy-mm-dd. Two-digit years are refused."""
    value = text.strip()
    if match := _FI_DATE.fullmatch(value):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO_DATE.fullmatch(value):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise ValidationError("date.format", field=field)
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValidationError("date.invalid", field=field) from None


def _check_plausible(value: datetime.date, today: datetime.date, field: str) -> None:
    if value > today:
        raise ValidationError("date.in_future", field=field)
    if value < EARLIEST_PLAUSIBLE_DATE:
        raise ValidationError(
            "date.implausible", field=field, min_year=EARLIEST_PLAUSIBLE_DATE.year
        )


def validate_birth_date(
    birth: datetime.date, today: datetime.date, field: str = "birth_date"
) -> datetime.date:
    """A birth date: not after ``today`` and not before 1850."""
    _check_plausible(birth, today, field)
    return birth


def validate_death_date(
    death: datetime.date,
    birth: datetime.date | None,
    today: datetime.date,
    field: str = "death_date",
) -> datetime.date:
    """A death date: not after ``today``, not before 1850 and not before ``birth`` if known."""
    _check_plausible(death, today, field)
    if birth is not None and death < birth:
        raise ValidationError("date.death_before_birth", field=field)
    return death


def validate_period(
    start: datetime.date, end: datetime.date | None, field: str = "end_date"
) -> tuple[datetime.date, datetime.date | None]:
    """A period whose end (if any) is on or after its start; one-day periods are fine."""
    if end is not None and end < start:
        raise ValidationError("date.end_before_start", field=field)
    return start, end


def validate_required(text: str, field: str) -> str:
    """Any non-blank text, stripped."""
    value = text.strip()
    if not value:
        raise ValidationError("field.required", field=field)
    return value


def validate_name(text: str, field: str) -> str:
    """A person's or organisation's name in any script, stripped and NFC-normalized.

    NFC makes a Sámi or Cyrillic name typed with combining marks equal to the same
    name typed with precomposed letters, so search and comparison find it.
    """
    value = unicodedata.normalize("NFC", text.strip())
    if not value:
        raise ValidationError("field.required", field=field)
    if len(value) > NAME_MAX_LENGTH:
        raise ValidationError("name.too_long", field=field, max_length=NAME_MAX_LENGTH)
    # Line breaks, tabs and other control characters would break lists and letters.
    if any(unicodedata.category(ch) == "Cc" for ch in value):
        raise ValidationError("name.invalid_characters", field=field)
    return value
