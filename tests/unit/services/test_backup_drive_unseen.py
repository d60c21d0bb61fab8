"""A backup drive not seen (issue 13 item 6): when the chosen managed backup folder has not
been reachable for the configured number of days (those of an overdue backup, default 7),
the app's banner and `vakka due` say so, with the day it was last seen."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.domain.reminders import backup_folder_unseen
from app.services import managed_backups
from app.services import register as register_service
from app.services.session import Session
from app.ui.banner import Banner
from app.ui.texts import set_ui_language
from tests.conftest import FIXED_NOW
from tests.e2e.cli_helpers import run_vakka
from tests.purge_register import MovableClock

TODAY = FIXED_NOW.date()


def test_the_rule_counts_whole_days_from_the_last_day_seen() -> None:
    assert not backup_folder_unseen(None, 7, TODAY)  # no folder chosen
    assert not backup_folder_unseen(TODAY - timedelta(days=6), 7, TODAY)
    assert backup_folder_unseen(TODAY - timedelta(days=7), 7, TODAY)
    assert backup_folder_unseen(TODAY - timedelta(days=1), 1, TODAY)


def _unplugged(session: Session, tmp_path: Path) -> tuple[MovableClock, Path]:
    clock = MovableClock(FIXED_NOW)
    session.register.clock = clock
    drive = tmp_path / "drive"
    drive.mkdir()
    managed_backups.set_settings(session, drive, at_close=False, daily=False)
    drive.rename(tmp_path / "elsewhere")  # the drive unplugged
    return clock, drive


def test_the_status_names_the_drive_after_the_configured_days(
    session: Session, tmp_path: Path
) -> None:
    clock, drive = _unplugged(session, tmp_path)
    assert managed_backups.folder_seen_on(session) == TODAY
    clock.set(TODAY + timedelta(days=6))
    assert register_service.status(session).backup_folder_unseen_since is None
    clock.set(TODAY + timedelta(days=7))
    assert register_service.status(session).backup_folder_unseen_since == TODAY

    (tmp_path / "elsewhere").rename(drive)  # plugged in again: seen today, nothing to say
    assert register_service.status(session).backup_folder_unseen_since is None
    clock.set(TODAY + timedelta(days=12))
    drive.rename(tmp_path / "elsewhere")
    assert managed_backups.folder_seen_on(session) == TODAY + timedelta(days=7)
    assert register_service.status(session).backup_folder_unseen_since is None


def test_no_folder_chosen_is_not_a_missing_drive(session: Session) -> None:
    assert managed_backups.folder_seen_on(session) is None
    assert register_service.status(session).backup_folder_unseen_since is None


def test_vakka_due_says_so_from_the_summary(
    new_register: tuple[Session, str], register_folder: Path, tmp_path: Path
) -> None:
    session, _code = new_register
    _clock, drive = _unplugged(session, tmp_path)
    session.close()  # the summary beside the stores: the folder last seen on TODAY
    summary = json.loads((register_folder / "summary.json").read_text(encoding="utf-8"))
    assert summary["backup_folder_seen_on"] == TODAY.isoformat()
    assert "drive" not in json.dumps(summary)  # no path in the summary

    # `vakka due` runs on the real clock, past FIXED_NOW + 7 days (the tests' clock is fixed
    # in November 2026): the drive has not been seen since then.
    assert date.today() >= TODAY + timedelta(days=7)
    result = run_vakka("due", "--json", "--register", str(register_folder), passphrase=None)
    assert result.returncode == 10, result.stderr
    assert json.loads(result.stdout)["backup_folder_unseen_since"] == TODAY.isoformat()
    text = run_vakka("due", "--register", str(register_folder), passphrase=None)
    assert "has not been reachable since" in text.stdout

    (tmp_path / "elsewhere").rename(drive)
    refreshed = run_vakka("due", "--json", "--refresh", "--register", str(register_folder))
    assert json.loads(refreshed.stdout)["backup_folder_unseen_since"] is None, refreshed.stderr


def test_the_banner_shows_the_drive_and_hides_without_it(qtbot: QtBot) -> None:
    set_ui_language("en")
    banner = Banner()
    qtbot.addWidget(banner)
    assert banner.isHidden()
    banner.set_backup_folder_unseen(TODAY)
    assert not banner.isHidden()
    assert "backup drive has not been reachable since" in banner.text()
    banner.set_requests(2)
    assert banner.text().count(" · ") == 1
    banner.set_backup_folder_unseen(None)
    assert "backup drive" not in banner.text()
    banner.clear()
    assert banner.isHidden()
