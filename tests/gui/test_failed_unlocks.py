"""Failed unlocks in the app: told after the next unlock, and a growing wait after three."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from app.db import audit, failed_unlocks
from app.db.vault import Secret, local_now
from app.services import register as register_service
from app.services.preferences import Preferences
from app.ui.main import VakkaApp
from app.ui.texts import set_ui_language
from app.ui.unlock_dialog import UnlockDialog
from tests.conftest import PASSPHRASE

WRONG = "this is not the passphrase"


@pytest.fixture
def vakka(qtbot: QtBot, qapp: QApplication, demo_folder: Path) -> Iterator[VakkaApp]:
    set_ui_language("en")
    app = VakkaApp(qapp, demo_folder, Preferences())
    qtbot.addWidget(app.window)
    yield app
    app.shutdown()


def _dialog(qtbot: QtBot, vakka: VakkaApp) -> UnlockDialog:
    qtbot.waitUntil(
        lambda: vakka.unlock_dialog is not None and vakka.unlock_dialog.isVisible(),
        timeout=10_000,
    )
    assert vakka.unlock_dialog is not None
    qtbot.waitUntil(lambda: not vakka.db.busy, timeout=10_000)  # the wait has been asked
    return vakka.unlock_dialog


def _try(qtbot: QtBot, vakka: VakkaApp, dialog: UnlockDialog, secret: str) -> None:
    dialog.secret.clear()
    qtbot.keyClicks(dialog.secret, secret)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not vakka.db.busy, timeout=10_000)


def _notice(vakka: VakkaApp) -> QMessageBox | None:
    boxes = vakka.window.findChildren(QMessageBox, "failedUnlocksNotice")
    visible = [box for box in boxes if box.isVisible()]
    return visible[0] if visible else None


def _seconds_shown(dialog: UnlockDialog) -> int:
    return int(dialog.wait_text.text().split("try again in ")[1].split()[0])


def test_failed_attempts_are_shown_and_logged_after_the_next_unlock(
    qtbot: QtBot, vakka: VakkaApp, demo_folder: Path
) -> None:
    vakka.begin()
    dialog = _dialog(qtbot, vakka)
    for _ in range(2):
        _try(qtbot, vakka, dialog, WRONG)
        assert "passphrase is not right" in dialog.message.text()
        assert dialog.open_button.isEnabled()  # two failures: no wait yet
    assert failed_unlocks.read(demo_folder).count == 2

    _try(qtbot, vakka, dialog, PASSPHRASE)
    window = vakka.window
    qtbot.waitUntil(lambda: window.isVisible() and _notice(vakka) is not None, timeout=10_000)
    box = _notice(vakka)
    assert box is not None
    assert "2 failed attempts to open the register since you last opened it." in box.text()
    assert "change the passphrase" in box.informativeText()
    box.accept()

    assert not failed_unlocks.path_in(demo_folder).exists()
    window.lock_action.trigger()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    qtbot.waitUntil(lambda: not vakka.db.busy, timeout=10_000)
    session = register_service.unlock(demo_folder, Secret(passphrase=PASSPHRASE))
    try:
        rows = [r for r in audit.rows(session.conn) if r.action == "unlock.failed"]
        assert len(rows) == 1 and rows[0].ref.startswith("count=2 ")
    finally:
        session.close()


def test_the_third_failure_makes_open_wait_with_a_countdown(qtbot: QtBot, vakka: VakkaApp) -> None:
    vakka.begin()
    dialog = _dialog(qtbot, vakka)
    for _ in range(3):
        _try(qtbot, vakka, dialog, WRONG)
    assert not dialog.open_button.isEnabled()
    assert dialog.wait_text.isVisible()
    assert "try again in" in dialog.wait_text.text()
    assert _seconds_shown(dialog) in (1, 2)  # 2 s after the third failure
    # Enter does nothing while waiting, however often it is pressed.
    dialog.secret.clear()
    qtbot.keyClicks(dialog.secret, PASSPHRASE)
    qtbot.keyClick(dialog.secret, Qt.Key.Key_Return)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert not vakka.db.busy and not vakka.window.isVisible()

    qtbot.waitUntil(dialog.open_button.isEnabled, timeout=5_000)
    assert not dialog.wait_text.isVisible()
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(vakka.window.isVisible, timeout=10_000)
    qtbot.waitUntil(lambda: _notice(vakka) is not None, timeout=10_000)
    box = _notice(vakka)
    assert box is not None and "3 failed attempts" in box.text()


def test_restarting_the_app_does_not_reset_the_wait(
    qtbot: QtBot, vakka: VakkaApp, demo_folder: Path
) -> None:
    now = local_now()
    for _ in range(6):  # as if another app instance had failed six times just now
        failed_unlocks.record(demo_folder, now)
    vakka.begin()
    dialog = _dialog(qtbot, vakka)
    qtbot.waitUntil(dialog.wait_text.isVisible, timeout=5_000)
    assert not dialog.open_button.isEnabled()
    assert 10 < _seconds_shown(dialog) <= 16  # 16 s after the sixth failure
    qtbot.keyClicks(dialog.secret, PASSPHRASE)
    qtbot.keyClick(dialog.secret, Qt.Key.Key_Return)
    qtbot.wait(300)
    assert not vakka.window.isVisible()
    assert failed_unlocks.read(demo_folder).count == 6
