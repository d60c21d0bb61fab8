"""Tests for app.domain.hetu.

Only temporary codes (individual number 900–999) appear here, as RULES.md requires.
The check character is computed independently of python-stdnum, so these tests
would catch a wrong library as well as a wrong use of it.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.fi import hetu as stdnum_hetu

from app.domain.errors import ValidationError
from app.domain.hetu import (
    Hetu,
    century_signs,
    is_temporary,
    mask_hetu,
    parse_hetu,
    temporary_hetu,
)

CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
# Decree 128/2010 as amended by 690/2022.
SIGNS_BY_CENTURY = {1800: "+", 1900: "-YXWVU", 2000: "ABCDEF"}
ALL_SIGNS = "".join(SIGNS_BY_CENTURY.values())


def check_character(day: int, month: int, yy: int, individual: int) -> str:
    """DDMMYYZZZ as an integer, mod 31, indexed into the check character alphabet."""
    return CHECK_CHARACTERS[int(f"{day:02d}{month:02d}{yy:02d}{individual:03d}") % 31]


def build(day: int, month: int, yy: int, sign: str, individual: int, check: str = "") -> str:
    """A code from its parts; the correct check character unless ``check`` is given."""
    check = check or check_character(day, month, yy, individual)
    return f"{day:02d}{month:02d}{yy:02d}{sign}{individual:03d}{check}"


def error_code(text: str) -> str:
    with pytest.raises(ValidationError) as info:
        parse_hetu(text)
    assert info.value.field == "hetu"
    assert str(info.value) == info.value.code
    return info.value.code


temporary_numbers = st.integers(min_value=900, max_value=999)


@st.composite
def birth_dates_and_signs(draw: st.DrawFn) -> tuple[datetime.date, str]:
    sign = draw(st.sampled_from(ALL_SIGNS))
    century = next(c for c, signs in SIGNS_BY_CENTURY.items() if sign in signs)
    birth = draw(
        st.dates(
            min_value=datetime.date(century, 1, 1), max_value=datetime.date(century + 99, 12, 31)
        )
    )
    return birth, sign


@given(birth_dates_and_signs(), temporary_numbers)
def test_valid_temporary_codes_are_accepted(
    birth_and_sign: tuple[datetime.date, str], individual: int
) -> None:
    birth, sign = birth_and_sign
    code = build(birth.day, birth.month, birth.year % 100, sign, individual)

    hetu = parse_hetu(code)

    assert hetu == Hetu(code=code, birth_date=birth, temporary=True)
    assert parse_hetu(f"  {code.lower()} ") == hetu
    assert is_temporary(code)
    assert mask_hetu(code) == code[:7] + "****"


@given(birth_dates_and_signs(), temporary_numbers, st.data())
def test_any_other_check_character_is_refused(
    birth_and_sign: tuple[datetime.date, str], individual: int, data: st.DataObject
) -> None:
    birth, sign = birth_and_sign
    right = check_character(birth.day, birth.month, birth.year % 100, individual)
    # Every other valid check character, and letters that never are one.
    wrong = data.draw(st.sampled_from([c for c in CHECK_CHARACTERS + "GIOQZ" if c != right]))
    code = build(birth.day, birth.month, birth.year % 100, sign, individual, check=wrong)

    with pytest.raises(ValidationError) as info:
        parse_hetu(code)

    assert info.value.code == "hetu.checksum"
    assert code not in str(info.value)
    assert not is_temporary(code)


@given(
    st.integers(min_value=0, max_value=39),
    st.integers(min_value=0, max_value=19),
    st.integers(min_value=0, max_value=99),
    st.sampled_from(ALL_SIGNS),
    temporary_numbers,
)
def test_impossible_birth_dates_are_refused(
    day: int, month: int, yy: int, sign: str, individual: int
) -> None:
    century = next(c for c, signs in SIGNS_BY_CENTURY.items() if sign in signs)
    try:
        datetime.date(century + yy, month, day)
    except ValueError:
        pass
    else:
        return  # a real date; covered by the acceptance test
    assert error_code(build(day, month, yy, sign, individual)) in {"hetu.date", "hetu.format"}


@pytest.mark.parametrize(
    ("day", "month", "yy", "sign"),
    [
        (31, 4, 90, "-"),  # April has 30 days
        (31, 6, 5, "A"),
        (29, 2, 23, "B"),  # 2023 is not a leap year
        (29, 2, 0, "-"),  # 1900 is not a leap year
        (29, 2, 0, "+"),  # nor is 1800
        (1, 13, 90, "Y"),  # month 13
        (0, 1, 90, "-"),  # day 00
        (1, 0, 90, "-"),  # month 00
        (32, 1, 90, "-"),
    ],
)
def test_impossible_date_examples(day: int, month: int, yy: int, sign: str) -> None:
    assert error_code(build(day, month, yy, sign, 900)) == "hetu.date"


@pytest.mark.parametrize(
    ("code", "birth_date"),
    [
        ("010190-900P", datetime.date(1990, 1, 1)),
        ("010190Y900P", datetime.date(1990, 1, 1)),
        ("131052A9993", datetime.date(2052, 10, 13)),
        ("290200A950Y", datetime.date(2000, 2, 29)),  # 2000 is a leap year
        ("311299+9019", datetime.date(1899, 12, 31)),
        ("150623B990C", datetime.date(2023, 6, 15)),
        ("010101F900R", datetime.date(2001, 1, 1)),
    ],
)
def test_fixed_examples(code: str, birth_date: datetime.date) -> None:
    # The examples are checked against the library too (RULES.md: validate before use).
    assert stdnum_hetu.is_valid(code, allow_temporary=True)
    assert parse_hetu(code) == Hetu(code=code, birth_date=birth_date, temporary=True)


@pytest.mark.parametrize(
    "text",
    [
        "010190-900p",
        " 010190-900P ",
        "010190 - 900P",
        "010190\u2013900P",  # en dash pasted from a word processor
        "010190\u2212900P",  # minus sign
        "\t010190-900P\n",
    ],
)
def test_input_is_normalized(text: str) -> None:
    assert parse_hetu(text).code == "010190-900P"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "hetu.empty"),
        ("   ", "hetu.empty"),
        ("010190-900", "hetu.length"),
        ("010190-900PP", "hetu.length"),
        ("0101901900P", "hetu.century_sign"),
        ("010190G900P", "hetu.century_sign"),
        ("010190Z900P", "hetu.century_sign"),
        ("010190*900P", "hetu.century_sign"),
        ("0101A0-900P", "hetu.format"),
        ("010190-9X0P", "hetu.format"),
        ("010190-900*", "hetu.format"),
        ("٠١٠١٩٠-900P", "hetu.format"),  # Arabic-Indic digits are not hetu digits
        ("010190-900Q", "hetu.checksum"),
    ],
)
def test_malformed_codes(text: str, code: str) -> None:
    assert error_code(text) == code


@pytest.mark.parametrize("individual", [0, 1])
def test_individual_numbers_000_and_001_are_refused(individual: int) -> None:
    assert error_code(build(1, 1, 90, "-", individual)) == "hetu.individual_number"


@pytest.mark.parametrize(
    "text", ["", "010190", "01019-900P", "abcdefghijk", "010190?900P", "010190-900PXYZ"]
)
def test_mask_hides_everything_of_a_malformed_value(text: str) -> None:
    assert mask_hetu(text) == "*" * 11


def test_mask_shows_birth_date_and_sign_only() -> None:
    assert mask_hetu("010190-900P") == "010190-****"
    assert mask_hetu(" 131052a9993") == "131052A****"


def test_is_temporary_is_false_for_invalid_codes() -> None:
    assert not is_temporary("")
    assert not is_temporary("010190-900Q")
    assert not is_temporary("310490-900P")


def test_repr_does_not_reveal_the_code() -> None:
    hetu = parse_hetu("010190-900P")
    assert "900P" not in repr(hetu)
    assert "900P" not in str(hetu)
    assert "010190-****" in repr(hetu)


# --- temporary codes for demo and test data (one implementation, issue 8 item 7) ----------

APP = Path(__file__).resolve().parents[3] / "app"


@given(
    birth=st.dates(datetime.date(1800, 1, 1), datetime.date(2099, 12, 31)),
    individual=st.integers(900, 999),
    extra=st.booleans(),
)
def test_temporary_hetu_is_valid_temporary_and_has_its_birth_date(
    birth: datetime.date, individual: int, extra: bool
) -> None:
    signs = century_signs(birth.year)
    sign = signs[-1] if extra else None
    code = temporary_hetu(birth, individual, sign)
    assert stdnum_hetu.is_valid(code, allow_temporary=True)
    parsed = parse_hetu(code)
    assert parsed.temporary and parsed.birth_date == birth
    assert code[6] == (sign or signs[0])


def test_century_signs_basic_first() -> None:
    assert [century_signs(y) for y in (1850, 1985, 2004, 2150)] == ["+", "-YXWVU", "ABCDEF", ""]


@pytest.mark.parametrize(
    ("birth", "individual", "sign"),
    [
        (datetime.date(1985, 3, 7), 899, None),
        (datetime.date(1985, 3, 7), 2, None),
        (datetime.date(1985, 3, 7), 900, "A"),
        (datetime.date(1985, 3, 7), 900, "-Y"),
        (datetime.date(2012, 1, 1), 900, "-"),
        (datetime.date(1799, 1, 1), 900, None),
    ],
)
def test_temporary_hetu_refuses_other_numbers_and_signs(
    birth: datetime.date, individual: int, sign: str | None
) -> None:
    with pytest.raises(ValueError):
        temporary_hetu(birth, individual, sign)


def test_century_table_and_check_characters_are_written_only_in_the_domain() -> None:
    """The demo (and every other module) uses app/domain/hetu.py, not a copy of it."""
    copies = [
        str(path.relative_to(APP))
        for path in APP.rglob("*.py")
        if path != APP / "domain" / "hetu.py"
        and any(
            pattern in path.read_text(encoding="utf-8")
            for pattern in ("ABCDEFHJKLMNPRSTUVWXY", "% 31", "YXWVU")
        )
    ]
    assert copies == []
