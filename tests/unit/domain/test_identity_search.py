"""What the client list asks of the kept identities: a valid hetu or a typed date; names
and numbers stay the list's own search (issue 11 item 16)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.hetu import temporary_hetu
from app.domain.identity_search import IdentityQuery, identity_query

HETU = temporary_hetu(date(1984, 5, 17), 962)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (HETU, IdentityQuery(hetu=HETU)),
        (f"  {HETU.lower()} ", IdentityQuery(hetu=HETU)),
        ("17.5.1984", IdentityQuery(birth_date=date(1984, 5, 17))),
        ("1984-05-17", IdentityQuery(birth_date=date(1984, 5, 17))),
        ("17.5.84", None),  # two-digit years are not guessed
        ("31.2.1984", None),
        (HETU[:-1] + ("A" if HETU[-1] != "A" else "B"), None),  # wrong check character
        ("Virtanen", None),
        ("1042", None),
        ("", None),
    ],
)
def test_identity_queries(typed: str, expected: IdentityQuery | None) -> None:
    assert identity_query(typed) == expected


def test_the_code_stays_out_of_the_repr() -> None:
    assert HETU not in repr(identity_query(HETU))


@given(st.text(max_size=40))
def test_any_text_is_a_query_or_none(text: str) -> None:
    result = identity_query(text)
    assert result is None or (result.hetu is None) != (result.birth_date is None)
