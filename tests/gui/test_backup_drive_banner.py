"""The banner names a backup drive not seen for the configured days, and opens the backups
(issue 13 item 6)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.services import managed_backups
from app.services.session import Session
from app.ui.backups_dialog import BackupsDialog
from app.ui.context import UiContext
from tests.conftest import FIXED_NOW
from tests.gui.conftest import wait_db
from tests.gui.drive import open_main_window
from tests.gui.drive import run_job as run
from tests.purge_register import MovableClock


def test_the_banner_names_the_unplugged_drive_and_opens_the_backups(
    qtbot: QtBot, ctx: UiContext, tmp_path: Path
) -> None:
    drive = tmp_path / "usb"
    drive.mkdir()
    run(qtbot, ctx, lambda s: managed_backups.set_settings(s, drive, False, False))
    drive.rename(tmp_path / "drawer")  # unplugged on the day it was chosen

    def eight_days_on(session: Session) -> None:
        session.register.clock = MovableClock(FIXED_NOW + timedelta(days=8))

    run(qtbot, ctx, eight_days_on)
    window = open_main_window(qtbot, ctx)
    qtbot.waitUntil(lambda: "backup drive" in window.banner.text(), timeout=10_000)
    assert "has not been reachable since" in window.banner.text()
    assert window.banner.isVisible()

    qtbot.mouseClick(window.banner.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(window.findChildren(BackupsDialog)), timeout=10_000)
    dialog = window.findChildren(BackupsDialog)[0]
    assert dialog.isVisible()
    wait_db(qtbot, ctx)
    dialog.close()
