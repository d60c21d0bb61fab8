"""Managed backups (issue 13 item 1): rotation keeps the promised set over a simulated year;
backups go into the chosen folder, verified, named without personal data; cloud folders
are recognised; the daily backup is due after a day."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.backup_rotation import DAILY, MONTHLY, WEEKLY, Made, to_keep
from app.domain.errors import ValidationError
from app.services import managed_backups
from app.services.session import Session
from tests.purge_register import MovableClock


def _year_of_backups(start: datetime, days: int, per_day: int = 2) -> list[Made]:
    made = []
    for day in range(days):
        for n in range(per_day):
            at = start + timedelta(days=day, hours=9 + 8 * n)
            made.append(Made(at.isoformat(), at))
    return made


def test_a_simulated_year_keeps_7_days_4_weeks_and_12_months() -> None:
    kept: set[str] = set()
    existing: list[Made] = []
    start = datetime(2026, 1, 1)
    for made in _year_of_backups(start, 365):
        existing.append(made)  # a backup at every close, then the rotation
        kept = to_keep(existing)
        existing = [m for m in existing if m.name in kept]
    times = sorted(datetime.fromisoformat(name) for name in kept)
    last = times[-1]
    assert last == datetime(2026, 12, 31, 17)
    days = {t.date() for t in times}
    assert all(last.date() - timedelta(days=n) in days for n in range(DAILY))
    weeks = {t.isocalendar()[:2] for t in times}
    assert all((last - timedelta(weeks=n)).isocalendar()[:2] in weeks for n in range(WEEKLY))
    months = {(t.year, t.month) for t in times}
    assert months == {(2026, m) for m in range(1, 13)}
    assert len(kept) <= DAILY + WEEKLY + MONTHLY


@settings(max_examples=200, deadline=None)
@given(st.lists(st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1)),
                min_size=1, max_size=60, unique=True))  # fmt: skip
def test_the_newest_is_always_kept_and_never_more_than_the_promise(times: list[datetime]) -> None:
    made = [Made(t.isoformat(), t) for t in times]
    kept = to_keep(made)
    assert max(times).isoformat() in kept
    assert len(kept) <= DAILY + WEEKLY + MONTHLY
    assert kept <= {m.name for m in made}


def test_backups_into_the_chosen_folder_with_rotation(session: Session, tmp_path: Path) -> None:
    clock = MovableClock(datetime(2026, 1, 1, 10, 0).astimezone())
    session.register.clock = clock
    folder = tmp_path / "drive"
    folder.mkdir()
    with pytest.raises(ValidationError) as info:
        managed_backups.make_backup(session)
    assert info.value.code == "backups.no_folder_chosen"
    with pytest.raises(ValidationError):
        managed_backups.set_settings(session, tmp_path / "missing", True, True)
    with pytest.raises(ValidationError):
        managed_backups.set_settings(session, session.register.paths.folder, True, True)
    managed_backups.set_settings(session, folder, True, True)
    assert managed_backups.daily_due(session)
    for day in range(40):
        clock.set(date(2026, 1, 1) + timedelta(days=day))
        managed_backups.make_backup(session)
        assert not managed_backups.daily_due(session)
    listed = managed_backups.backups(session)
    assert len(listed) <= DAILY + WEEKLY + MONTHLY
    assert listed[0].made_at.date() == date(2026, 2, 9)
    assert all(b.path.name.startswith(f"vakka-{session.register.register_id}-") for b in listed)
    assert {p.name for p in folder.iterdir()} == {b.path.name for b in listed}
    assert all(b.checked for b in listed)  # each verified after writing, and so listed
    # A copy put there by hand was never checked by Vakka, and says so.
    foreign = folder / f"vakka-{session.register.register_id}-20260210T080000.vakka"
    foreign.write_bytes(listed[0].path.read_bytes())
    assert [b.checked for b in managed_backups.backups(session) if b.path == foreign] == [False]
    foreign.unlink()
    clock.set(date(2026, 2, 11))
    assert managed_backups.daily_due(session)
    folder.rename(tmp_path / "unplugged")
    assert managed_backups.folder_reachable(session) is False
    with pytest.raises(ValidationError) as info:
        managed_backups.make_backup(session)
    assert info.value.code == "backups.folder_unreachable"


@pytest.mark.parametrize(
    ("path", "service"),
    [
        ("/home/eeva/Dropbox/varmuuskopiot", "Dropbox"),
        ("/home/eeva/OneDrive - Praktiikka/backup", "OneDrive"),
        ("/Users/eeva/Library/Mobile Documents/com~apple~CloudDocs/vakka", "iCloud Drive"),
        ("/home/eeva/Google Drive/My Drive/vakka", "Google Drive"),
        ("/home/eeva/Nextcloud/vakka", "Nextcloud"),
        ("/media/eeva/USB-LEVY/vakka", None),
    ],
)
def test_cloud_folders_are_recognised(path: str, service: str | None) -> None:
    assert managed_backups.cloud_service(Path(path)) == service


def test_a_purge_names_the_backups_that_still_hold_purged_data(
    session: Session, tmp_path: Path
) -> None:
    clock = MovableClock(datetime(2026, 1, 1, 10, 0).astimezone())
    session.register.clock = clock
    folder = tmp_path / "drive"
    folder.mkdir()
    managed_backups.set_settings(session, folder, True, True)
    for day in range(20):
        clock.set(date(2026, 1, 1) + timedelta(days=day))
        managed_backups.make_backup(session)
    purged_at = clock.now + timedelta(hours=1)
    clock.now = purged_at + timedelta(hours=1)
    holding = managed_backups.holding_purged(session, purged_at)
    assert holding and len(holding) == len(managed_backups.backups(session))
    dates = {h.backup.path.name: h.rotates_out_on for h in holding}
    newest = max(holding, key=lambda h: h.backup.made_at)
    assert newest.rotates_out_on is not None and newest.rotates_out_on.date() > date(2026, 1, 26)
    assert all(d is None or d > purged_at.replace(tzinfo=None) for d in dates.values())
    fresh = managed_backups.replace_after_purge(session, purged_at)
    assert [b.path for b in managed_backups.backups(session)] == [fresh.path]
    assert managed_backups.holding_purged(session, purged_at) == []
