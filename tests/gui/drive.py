"""Driving the app in GUI tests as a person would, and checking through the services."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QCheckBox, QWidget
from pytestqt.qtbot import QtBot

from app.services.session import Session
from app.ui.context import UiContext
from app.ui.main_window import MainWindow
from tests.gui.conftest import TODAY, wait_db

T = TypeVar("T")
LEFT = Qt.MouseButton.LeftButton


def run_job(qtbot: QtBot, ctx: UiContext, fn: Callable[[Session], T]) -> T:
    """Run a service on the worker (as the UI does) and return its result; its error raises."""
    results: list[T] = []
    errors: list[BaseException] = []
    ctx.db.run(fn, results.append, errors.append)
    wait_db(qtbot, ctx)
    if errors:
        raise errors[0]
    return results[0]


def open_main_window(qtbot: QtBot, ctx: UiContext) -> MainWindow:
    """The main window on the test register, shown, with its data loaded."""
    window = MainWindow(ctx, today=lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    window.start()
    wait_db(qtbot, ctx)
    return window


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """keyClicks, also for ä, ö and å (QTest's keyClicks takes ASCII only): those
    characters arrive as key events carrying their text, as from a Finnish keyboard."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            QTest.sendKeyEvent(
                QTest.KeyAction.Click,
                widget,
                Qt.Key.Key_unknown,
                char,
                Qt.KeyboardModifier.NoModifier,
            )


def tick(qtbot: QtBot, box: QCheckBox) -> None:
    """Click a check box on its indicator (its centre may be past the text)."""
    qtbot.mouseClick(box, LEFT, pos=QPoint(8, box.height() // 2))


def click_row(qtbot: QtBot, table: QAbstractItemView, row: int) -> None:
    index = table.model().index(row, 0)
    table.scrollTo(index)
    qtbot.mouseClick(table.viewport(), LEFT, pos=table.visualRect(index).center())
