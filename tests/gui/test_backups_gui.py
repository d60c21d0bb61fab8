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


def test_after_a_purge_the_backups_holding_its_data_are_named_and_replaced(
    qtbot: QtBot,
    ctx,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    from app.services.purge import PurgeEntry, PurgeRecord
    from app.ui.purge_result import PurgeResultPage

    drive = tmp_path / "usb"
    drive.mkdir()
    run(qtbot, ctx, lambda s: managed_backups.set_settings(s, drive, False, False))
    old = run(qtbot, ctx, managed_backups.make_backup)
    purged_at = run(qtbot, ctx, lambda s: s.now()).isoformat(timespec="seconds")
    page = PurgeResultPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.show_record(
        PurgeRecord(purged_at, (PurgeEntry("contact_details", 1, "policy:2", "0" * 64),))
    )
    wait_db(qtbot, ctx)
    assert "still hold the destroyed data" in page.holding.text()
    assert page.replace_button.isVisible()
    click(qtbot, ctx, page.replace_button)
    wait_db(qtbot, ctx)
    remaining = list(drive.glob("vakka-*.vakka"))
    assert len(remaining) == 1 and remaining[0] != old.path
