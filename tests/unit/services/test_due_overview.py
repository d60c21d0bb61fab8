"""The due computation of every unlock, lock and close (records counted in groups) gives
the review's figures: the same counts, days to come and clients, whatever the day."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from app.db.keyfile import FAST_INSECURE_KDF
from app.domain.reminders import upcoming_days
from app.domain.retention import Category
from app.services import register, retention
from app.services.demo import populate_demo
from app.services.retention import Review


def review_upcoming(review: Review) -> dict[str, dict[date, int]]:
    return upcoming_days(
        (
            (v.category.value, v.destroy_on)
            for v in review.verdicts
            if v.not_due is None and v.destroy_on is not None
        ),
        review.today,
    )


@pytest.mark.slow
def test_grouped_counts_are_the_reviews_on_any_day(tmp_path: Path) -> None:
    created = register.create(tmp_path / "demo", "a demo passphrase", kdf=FAST_INSECURE_KDF)
    session = created.session
    try:
        populate_demo(session, clients=40)
        start = session.today()
        days = [start + timedelta(days=n) for n in (0, 200, 401, 800)]
        days += [start.replace(year=start.year + years) for years in (3, 6, 9, 12, 13, 30, 130)]
        for today in days:
            review = retention.review(session, today)
            overview = retention.due_overview(session, today)
            assert overview.counts == review.counts(), today
            assert overview.upcoming == review_upcoming(review), today
            due = review.due()
            assert overview.due_clients == {v.client_id for v in due if v.client_id}, today
            assert overview.due_records == len(due) + review.log_rows_due, today
        # The comparison met records due and records to come in the categories whose
        # clock runs per record.
        far = retention.due_overview(session, days[-1])
        for category in (Category.APPOINTMENTS_PATIENT, Category.BOOKKEEPING):
            assert far.counts[category.value] > 0, category
        assert any(retention.due_overview(session, d).upcoming for d in days)
    finally:
        session.close()
