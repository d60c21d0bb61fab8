"""The idle watch: the locks' timers run from the start; input is watched once the
event filter is installed (after the window's first paint)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from app.ui.idle import IdleWatcher


def test_input_pushes_the_lock_back_once_the_filter_is_installed(qtbot: QtBot) -> None:
    edit = QLineEdit()
    qtbot.addWidget(edit)
    edit.show()
    watcher = IdleWatcher(2_000, 2_000)  # Qt's coarse timers: within 5 % (100 ms)
    watcher.start(filter_after_ms=900)
    assert watcher.lock_timer.isActive() and watcher.clinical_timer.isActive()
    qtbot.wait(600)
    qtbot.keyClick(edit, Qt.Key.Key_A)
    # Not watched yet: the lock is not pushed back (it can only come sooner).
    assert watcher.lock_timer.remainingTime() <= 1_600
    qtbot.wait(500)
    qtbot.keyClick(edit, Qt.Key.Key_A)
    assert watcher.lock_timer.remainingTime() >= 1_800  # watched: the full time again
    watcher.stop()
    assert not watcher.lock_timer.isActive()


def test_a_watch_stopped_before_its_filter_came_installs_none(qtbot: QtBot) -> None:
    watcher = IdleWatcher(60_000, 60_000)
    watcher.start(filter_after_ms=50)
    watcher.stop()
    qtbot.wait(150)
    edit = QLineEdit()
    qtbot.addWidget(edit)
    qtbot.keyClick(edit, Qt.Key.Key_A)
    assert not watcher.lock_timer.isActive()
