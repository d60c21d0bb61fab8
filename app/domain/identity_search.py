"""What a client-list search asks of the identities kept with the records (issue 11 item
16): a full personal identity code, or a birth date. No Qt, no SQL.

The list's own search covers names, numbers, phones and emails; these two are asked of
the clinical store only while it is open, and each find is logged."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from app.domain.errors import ValidationError
from app.domain.hetu import parse_hetu
from app.domain.validation import parse_date


@dataclass(frozen=True)
class IdentityQuery:
    hetu: str | None = None  # normalised, checked
    birth_date: datetime.date | None = None

    def __repr__(self) -> str:  # never the code in a log or a test report
        return f"IdentityQuery(hetu={'…' if self.hetu else None}, birth_date={self.birth_date})"


def identity_query(text: str) -> IdentityQuery | None:
    """A valid hetu, or a date typed as 7.3.1984 / 1984-03-07; None for anything else
    (names, numbers: the list's own search)."""
    value = text.strip()
    if not value:
        return None
    try:
        return IdentityQuery(hetu=parse_hetu(value).code)
    except ValidationError:
        pass
    try:
        return IdentityQuery(birth_date=parse_date(value))
    except ValidationError:
        return None


def looks_like_identity(text: str) -> bool:
    """Typed text the list's search cannot find but the identities might."""
    return identity_query(text) is not None
