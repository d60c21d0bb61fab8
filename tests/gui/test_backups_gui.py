"""Managed backups from the GUI (issue 13 item 1): choose the folder, back up now, see the
list; a backup is made when the app is closed."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.services import managed_backups
from app.ui import backups_dialog
from app.ui.backups_dialog import BackupsDialog
from tests.gui.conftest import wait_db
from tests.gui.drive import open_main_window
from tests.gui.drive import run_job as run
from tests.gui.test_requests_tab import click


def test_choose_the_folder_and_back_up_now(
    qtbot: QtBot, ctx, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    drive = tmp_path / "Dropbox" / "vakka"
    drive.mkdir(parents=True)
    monkeypatch.setattr(backups_dialog, "ask_backup_folder", lambda _p: drive)
    dialog = BackupsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_db(qtbot, ctx)
    assert not dialog.now_button.isEnabled()
    click(qtbot, ctx, dialog.choose_button)
    wait_db(qtbot, ctx)
    assert str(drive) in dialog.folder_label.text()
    assert dialog.cloud_label.isVisible() and "Dropbox" in dialog.cloud_label.text()
    click(qtbot, ctx, dialog.now_button)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=60_000)
    assert len(list(drive.glob("vakka-*.vakka"))) == 1


def test_a_backup_is_made_when_the_app_closes(qtbot: QtBot, ctx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    drive = tmp_path / "usb"
    drive.mkdir()
    run(qtbot, ctx, lambda s: managed_backups.set_settings(s, drive, True, False))
    window = open_main_window(qtbot, ctx)
    wait_db(qtbot, ctx)
    assert window._backup_settings is not None and window._backup_settings.folder == drive
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=60_000)
    assert len(list(drive.glob("vakka-*.vakka"))) == 1
