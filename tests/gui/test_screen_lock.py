"""Locking when the desktop's screensaver reports a screen lock over D-Bus."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap

import pytest
from pytestqt.qtbot import QtBot

from app.ui.context import UiContext
from app.ui.main_window import MainWindow
from tests.gui.conftest import TODAY, wait_db

SCRIPT = textwrap.dedent(
    """
    import os
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QTimer
    from PySide6.QtDBus import QDBusConnection, QDBusMessage
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from app.ui.screen_lock import ScreenLockWatcher
    watcher = ScreenLockWatcher()
    got = []
    watcher.screen_locked.connect(lambda: got.append(True))
    for active in (False, True):
        msg = QDBusMessage.createSignal(
            "/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver", "ActiveChanged")
        msg.setArguments([active])
        QDBusConnection.sessionBus().send(msg)
    QTimer.singleShot(700, app.quit)
    app.exec()
    print("listening", watcher.listening, "locks", len(got))
    """
)


@pytest.mark.skipif(shutil.which("dbus-run-session") is None, reason="no D-Bus on this machine")
def test_screensaver_signal_is_heard_over_dbus() -> None:
    result = subprocess.run(
        ["dbus-run-session", "--", sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "listening True locks 1" in result.stdout, result.stdout + result.stderr


def test_screen_lock_locks_the_window(qtbot: QtBot, ctx: UiContext) -> None:
    window = MainWindow(ctx, today=lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    window.start()
    wait_db(qtbot, ctx)
    assert window.model.rowCount() > 0
    with qtbot.waitSignal(window.lock_requested, timeout=5_000):
        window.screen_lock.screen_locked.emit()
    assert window.model.rowCount() == 0
