"""The due summary written at lock and close, the purge-review schedule, the calendar, and
the demo's retention work (app.services.reminders)."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from icalendar import Calendar

from app.db.keyfile import FAST_INSECURE_KDF
from app.db.vault import Secret
from app.domain.kinds import RecordsKept, RegisterKind, RequestKind
from app.domain.models import Client, Relationship
from app.domain.reminders import MonthDay, ReviewSchedule
from app.domain.retention import DUE_CATEGORIES
from app.services import clients, register, relationships, requests, retention
from app.services.demo import populate_demo
from app.services.reminders import ics, schedule, summary
from app.services.session import Session
from tests.conftest import FIXED_NOW, PASSPHRASE, fixed_clock

NAME = ("Väinö", "Kokeilu")


def ended_client(session: Session) -> Client:
    """A client whose only relationship ended in 2023: contact details due since mid-2025."""
    client = clients.add_client(session, Client(first_name=NAME[0], last_name=NAME[1]))
    rel = relationships.start_relationship(
        session,
        Relationship(
            client_id=client.id or "",
            register_kind=RegisterKind.OTHER,
            records_kept=RecordsKept.VAKKA,
            started_on=date(2020, 1, 15),
        ),
    )
    relationships.end_relationship(session, rel.id or 0, date(2023, 6, 30), "finished")
    return client


def reopen(folder: Path, clinical: bool = True) -> Session:
    return register.unlock(folder, Secret(passphrase=PASSPHRASE), clinical, clock=fixed_clock)


def test_close_writes_the_summary_without_personal_data(
    new_register: tuple[Session, str], register_folder: Path
) -> None:
    session = new_register[0]
    client = ended_client(session)
    asking = clients.add_client(session, Client(first_name="Aino", last_name="Kysyjä"))
    requests.record_request(session, asking.id or "", RequestKind.ACCESS, date(2026, 11, 20))
    session.close()
    path = summary.summary_path(register_folder)
    text = path.read_text(encoding="utf-8")
    for word in (*NAME, "Aino", "Kysyjä", client.id or "", asking.id or ""):
        assert word not in text
    assert f'"{client.client_number}"' not in text
    assert path.stat().st_mode & 0o077 == 0
    stored = summary.read_summary(register_folder)
    assert stored is not None
    assert stored.computed_at == FIXED_NOW.replace(microsecond=0)
    assert stored.clinical_from is not None
    due = stored.as_of(FIXED_NOW)
    assert set(due.purge) == {c.value for c in DUE_CATEGORIES}
    assert due.purge["contact_details"] == 1
    assert due.requests_near_deadline == 0  # answered by 21.12.
    assert due.backup_overdue  # never backed up
    assert due.next_review_on == date(2026, 12, 1)
    assert due.calls_for_action
    # Once the deadline is near, the same file says so without unlocking.
    assert stored.as_of(datetime(2026, 12, 15, 9).astimezone()).requests_near_deadline == 1


def test_clinical_counts_are_kept_when_the_clinical_store_was_locked(
    new_register: tuple[Session, str], register_folder: Path
) -> None:
    new_register[0].close()
    path = summary.summary_path(register_folder)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["purge"]["other_notes"] = 3
    data["clinical_counted_at"] = "2026-11-01T10:00:00+02:00"
    path.write_text(json.dumps(data), encoding="utf-8")

    reopen(register_folder, clinical=False).close()
    stored = summary.read_summary(register_folder)
    assert stored is not None
    assert stored.counts["other_notes"] == 3
    assert stored.clinical_from == datetime.fromisoformat("2026-11-01T10:00:00+02:00")
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["clinical_counted_at"] == "2026-11-01T10:00:00+02:00"
    assert "clinical store is open" in saved["note"]

    reopen(register_folder, clinical=True).close()
    fresh = summary.read_summary(register_folder)
    assert fresh is not None
    assert fresh.counts["other_notes"] == 0
    assert fresh.clinical_from == FIXED_NOW.replace(microsecond=0)


def test_a_summary_that_cannot_be_written_does_not_fail_the_close(
    new_register: tuple[Session, str], register_folder: Path
) -> None:
    summary.summary_path(register_folder).mkdir()  # a folder where the file should go
    new_register[0].close()
    session = reopen(register_folder)  # the lock was released
    session.close()
    assert summary.read_summary(register_folder) is None


def test_lock_writes_it_too(session: Session, register_folder: Path) -> None:
    ended_client(session)
    session.lock()
    stored = summary.read_summary(register_folder)
    assert stored is not None and stored.counts["contact_details"] == 1


def test_reminder_dates_are_stored_and_logged(session: Session) -> None:
    assert schedule.reminder_dates(session) == ReviewSchedule()
    spring_autumn = ReviewSchedule(False, (MonthDay(3, 1), MonthDay(10, 1)))
    schedule.set_reminder_dates(session, spring_autumn)
    assert schedule.reminder_dates(session) == spring_autumn
    assert schedule.next_review_on(session) == date(2027, 3, 1)
    actions = [r[0] for r in session.conn.execute("SELECT action FROM audit_log")]
    assert "reminders.schedule_change" in actions
    assert summary.due_summary(session).next_review_on == date(2027, 3, 1)


def test_a_review_is_due_from_its_date_until_one_is_done(
    session: Session, register_folder: Path
) -> None:
    # Made on 23.11.2026: the first monthly review comes on 1.12.
    assert schedule.next_review_on(session) == date(2026, 12, 1)
    session.register.clock = lambda: datetime(2026, 12, 3, 9).astimezone()
    client = ended_client(session)
    written = summary.write_summary(session)
    assert written.as_of(session.now()).review_due  # records are due: the review stays due
    assert written.next_review_on == date(2026, 12, 1)

    schedule.review_done(session)  # a purge review in the app, or a purge
    assert schedule.next_review_on(session) == date(2027, 1, 1)
    assert client.id


def test_a_recount_that_finds_nothing_due_completes_the_review(session: Session) -> None:
    session.register.clock = lambda: datetime(2026, 12, 3, 9).astimezone()
    written = summary.write_summary(session)
    assert written.next_review_on == date(2027, 1, 1)
    assert schedule.last_review_on(session) == date(2026, 12, 3)


def test_the_calendar_has_reviews_and_deadlines_without_names(
    session: Session, tmp_path: Path
) -> None:
    client = ended_client(session)
    requests.record_request(session, client.id or "", RequestKind.ACCESS, date(2026, 11, 20))
    out = tmp_path / "vakka.ics"
    count = ics.write(session, out, "fi")
    data = out.read_bytes()
    for word in (*NAME, client.id or ""):
        assert word.encode() not in data
    cal = Calendar.from_ical(data)
    events = list(cal.walk("VEVENT"))
    assert count == len(events) == 13  # twelve monthly reviews and one deadline
    summaries = [str(e.get("summary")) for e in events]
    assert summaries.count("Vakka: hävityskierros") == 12
    assert summaries.count("Vakka: pyynnön määräaika") == 1
    deadline = next(e for e in events if "määräaika" in str(e.get("summary")))
    assert deadline.decoded("dtstart") == date(2026, 12, 21)
    assert len(list(deadline.walk("VALARM"))) == 2
    reviews = sorted(e.decoded("dtstart") for e in events if e is not deadline)
    assert reviews[0] == date(2026, 12, 1) and reviews[-1] == date(2027, 11, 1)
    assert all(list(e.walk("VALARM")) for e in events)
    # The same register gives the same UIDs: a newer file updates the events.
    again = Calendar.from_ical(ics.calendar(session, "en"))
    assert {str(e.get("uid")) for e in again.walk("VEVENT")} == {str(e.get("uid")) for e in events}


@pytest.mark.slow
def test_a_fresh_demo_has_retention_work_and_a_held_client(tmp_path: Path) -> None:
    created = register.create(tmp_path / "demo", PASSPHRASE, kdf=FAST_INSECURE_KDF)
    session = created.session
    try:
        populate_demo(session, clients=40)
        review = retention.review(session)
        counts = review.counts()
        for category in ("contact_details", "bookkeeping", "payment_commitments"):
            assert counts[category] > 0, category
        assert review.held()
    finally:
        session.close()
    stored = summary.read_summary(tmp_path / "demo")
    assert stored is not None
    assert stored.counts["contact_details"] == counts["contact_details"]


def test_a_close_without_changes_keeps_the_summary_and_a_change_recounts_it(
    new_register: tuple[Session, str], register_folder: Path
) -> None:
    new_register[0].close()
    path = summary.summary_path(register_folder)
    written = path.stat().st_mtime_ns, path.read_bytes()

    session = reopen(register_folder)
    session.log_client_opened(ended_client(session).id or "")  # a change of the records
    session.close()
    stored = summary.read_summary(register_folder)
    assert stored is not None and stored.counts["contact_details"] == 1
    assert path.read_bytes() != written[1]

    written = path.stat().st_mtime_ns, path.read_bytes()
    session = reopen(register_folder)
    client_id = next(iter(retention.due_overview(session).due_clients))
    session.log_client_opened(client_id, purpose="retention")  # the log alone changes nothing
    session.close()
    assert (path.stat().st_mtime_ns, path.read_bytes()) == written


def test_a_change_that_left_no_summary_behind_is_recounted_at_the_next_close(
    new_register: tuple[Session, str], register_folder: Path
) -> None:
    new_register[0].close()
    session = reopen(register_folder)
    ended_client(session)
    session.register.close()  # as if the process died: no summary written
    reopen(register_folder).close()  # nothing changed in this session
    stored = summary.read_summary(register_folder)
    assert stored is not None and stored.counts["contact_details"] == 1


def test_the_banner_and_the_summary_count_the_records_once_until_they_change(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.db import retention_queries

    reads: list[int] = []
    read_clients = retention_queries.clients

    def counted(conn: object) -> object:
        reads.append(1)
        return read_clients(conn)

    monkeypatch.setattr(retention_queries, "clients", counted)
    first = retention.due_summary(session)
    session.log_client_opened(clients.add_client(session, Client(first_name="Aino")).id or "")
    # A new client is a change of the records: counted again.
    assert retention.due_summary(session) == first
    assert len(reads) == 2
    summary.write_summary(session)  # the close's summary takes the same count
    assert len(reads) == 2
    ended_client(session)
    assert retention.due_summary(session).clients == first.clients + 1
    assert len(reads) == 3
    retention.due_overview(session)  # without reuse, always counted
    assert len(reads) == 4
