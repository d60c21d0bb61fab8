"""The review of one client (the access answer's destruction dates) is exactly that client's
part of the whole register's review."""

from __future__ import annotations

from datetime import date

from app.services import retention
from app.services.session import Session
from tests.purge_register import build_due_register


def test_one_client_s_review_is_their_part_of_the_whole(session: Session) -> None:
    built = build_due_register(session)
    for day in (date(2026, 11, 23), date(2040, 1, 1)):
        whole = retention.review(session, day)
        for client_id in built.ids.values():
            own = retention.review(session, day, client_id=client_id)
            expected = {v for v in whole.verdicts if v.client_id == client_id}
            assert set(own.verdicts) == expected
            assert expected  # every built client has records to judge
