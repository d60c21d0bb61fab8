"""The Finnish personal identity code (henkilötunnus, hetu).

Format DDMMYYCZZZQ: birth date, century sign, individual number, check character.
Century signs follow decree 128/2010 as amended by 690/2022 (in force 1.1.2023).
The check character is verified by python-stdnum (``stdnum.fi.hetu``); this module only
splits the code into its parts so that each kind of mistake gets its own error code.
Individual numbers 900–999 are temporary or test codes, never issued to people.

Tietosuojalaki 1050/2018 § 29: show the code masked (``mask_hetu``) unless it is needed.
"""

from __future__ import annotations

import datetime
import re
import string
from dataclasses import dataclass
from typing import Final

from stdnum import exceptions as stdnum_errors
from stdnum.fi import hetu as stdnum_hetu

from app.domain.errors import ValidationError

FIELD: Final = "hetu"
LENGTH: Final = 11
TEMPORARY_INDIVIDUAL_NUMBERS: Final = range(900, 1000)

# Decree 128/2010 as amended by 690/2022.
CENTURY_SIGNS: Final[dict[str, int]] = {
    "+": 1800,
    **dict.fromkeys("-YXWVU", 1900),
    **dict.fromkeys("ABCDEF", 2000),
}

ERROR_CODES: Final = frozenset(
    {
        "hetu.empty",
        "hetu.length",
        "hetu.format",
        "hetu.century_sign",
        "hetu.date",
        "hetu.individual_number",
        "hetu.checksum",
    }
)

# Dashes that word processors and web pages put in place of the hyphen-minus.
_DASHES: Final = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "-"))
# Structure only; which century signs and check characters are valid is checked later.
_SHAPE: Final = re.compile(r"[0-9]{6}.[0-9]{3}[0-9A-Z]", re.ASCII)


@dataclass(frozen=True)
class Hetu:
    """A valid personal identity code. Build it with ``parse_hetu``."""

    code: str
    birth_date: datetime.date
    temporary: bool

    def __repr__(self) -> str:
        # Keeps the full code out of logs, tracebacks and test reports.
        return (
            f"Hetu(code={mask_hetu(self.code)!r}, birth_date={self.birth_date!r}, "
            f"temporary={self.temporary!r})"
        )


def normalize_hetu(text: str) -> str:
    """Remove all whitespace, turn typographic dashes into '-', and upper-case."""
    return "".join(text.split()).translate(_DASHES).upper()


def parse_hetu(text: str) -> Hetu:
    """Validate a personal identity code (temporary codes accepted) and return its parts.

    Raises ``ValidationError`` (field "hetu") with one of ``ERROR_CODES``.
    The birth date is not compared with today; use ``validate_birth_date`` for that.
    """
    code = normalize_hetu(text)
    if not code:
        raise ValidationError("hetu.empty", field=FIELD)
    if len(code) != LENGTH:
        raise ValidationError("hetu.length", field=FIELD, length=LENGTH)
    if not _SHAPE.fullmatch(code):
        raise ValidationError("hetu.format", field=FIELD)
    century = CENTURY_SIGNS.get(code[6])
    if century is None:
        raise ValidationError("hetu.century_sign", field=FIELD)
    try:
        birth_date = datetime.date(century + int(code[4:6]), int(code[2:4]), int(code[0:2]))
    except ValueError:
        raise ValidationError("hetu.date", field=FIELD) from None
    individual = int(code[7:10])
    # Numbering starts at 002 for historical reasons; 000 and 001 are never valid.
    if individual < 2:
        raise ValidationError("hetu.individual_number", field=FIELD)
    try:
        stdnum_hetu.validate(code, allow_temporary=True)
    except stdnum_errors.InvalidChecksum:
        raise ValidationError("hetu.checksum", field=FIELD) from None
    except stdnum_errors.InvalidFormat:
        # Date, sign and digits were checked above, so what stdnum still refuses here is
        # a letter that is never a check character (G, I, O, Q, Z).
        raise ValidationError("hetu.checksum", field=FIELD) from None
    except stdnum_errors.InvalidComponent:
        raise ValidationError("hetu.date", field=FIELD) from None
    except stdnum_errors.ValidationError:
        raise ValidationError("hetu.format", field=FIELD) from None
    return Hetu(
        code=code,
        birth_date=birth_date,
        temporary=individual in TEMPORARY_INDIVIDUAL_NUMBERS,
    )


def mask_hetu(code: str) -> str:
    """Show only the birth date part and the century sign: '010190-****'.

    Anything that does not look like a hetu is masked completely, so that a
    mistyped or damaged value never shows through.
    """
    normalized = normalize_hetu(code)
    if (
        len(normalized) == LENGTH
        and normalized[:6].isascii()
        and normalized[:6].isdigit()
        and normalized[6] in CENTURY_SIGNS
    ):
        return normalized[:7] + "****"
    return "*" * LENGTH


def is_temporary(code: str) -> bool:
    """True if ``code`` is a valid hetu with a temporary individual number (900–999).

    False for valid permanent codes and for anything that is not a valid hetu.
    """
    try:
        return parse_hetu(code).temporary
    except ValidationError:
        return False


def century_signs(year: int) -> str:
    """The century signs of a birth year, the basic one first: '-YXWVU' for the 1900s."""
    century = year // 100 * 100
    return "".join(sign for sign, start in CENTURY_SIGNS.items() if start == century)


def temporary_hetu(birth_date: datetime.date, individual: int, sign: str | None = None) -> str:
    """A temporary code (individual number 900–999) for ``birth_date``, for demo and test data.

    ``sign`` defaults to the basic century sign ('+', '-' or 'A'); the extra signs of
    decree 690/2022 (Y X W V U, B–F) are accepted for their own centuries. The check
    character is the one python-stdnum accepts, so the algorithm lives in one place.
    Raises ValueError for other individual numbers or a sign of another century.
    """
    if individual not in TEMPORARY_INDIVIDUAL_NUMBERS:
        raise ValueError("generated identity codes use individual numbers 900-999 only")
    signs = century_signs(birth_date.year)
    if not signs:
        raise ValueError("no century sign for this birth year")
    sign = sign or signs[0]
    if len(sign) != 1 or sign not in signs:
        raise ValueError("the century sign does not match the birth year")
    stem = f"{birth_date:%d%m}{birth_date.year % 100:02d}{sign}{individual:03d}"
    for check in string.digits + string.ascii_uppercase:
        if stdnum_hetu.is_valid(stem + check, allow_temporary=True):
            return stem + check
    raise AssertionError("python-stdnum accepted no check character")  # pragma: no cover
