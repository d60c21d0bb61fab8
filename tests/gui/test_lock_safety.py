"""A lock must not lose work or leave personal data behind (clipboard, dialogs, late results)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from app.ui.context import UiContext
from app.ui.security_dialogs import NewRecoveryCodeDialog
from app.ui.tabs.log_tab import LogTab
from tests.conftest import PASSPHRASE
from tests.gui.conftest import wait_db
from tests.gui.drive import open_main_window as _window

LEFT = Qt.MouseButton.LeftButton


def test_a_lock_waits_for_the_new_recovery_code_to_be_handed_over(
    qtbot: QtBot, ctx: UiContext
) -> None:
    window = _window(qtbot, ctx)
    locked: list[bool] = []
    window.lock_requested.connect(lambda: locked.append(True))
    dialog = NewRecoveryCodeDialog(ctx, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.mouseClick(dialog.save_button, LEFT)
    window.lock()  # e.g. the idle timer fires while the register is re-encrypted
    assert locked == []
    qtbot.waitUntil(lambda: dialog.hand_over.isVisible(), timeout=20_000)
    window.lock()  # and again while the new code is on screen
    assert locked == [] and dialog.isVisible()
    qtbot.mouseClick(dialog.hand_over.show_button, LEFT)
    code = dialog.hand_over.code_label.text().replace("\n", "")
    assert code.count("-") == 8
    qtbot.keyClicks(dialog.hand_over.confirm, code.split("-")[-1])
    dialog.reject()
    qtbot.waitUntil(lambda: locked == [True], timeout=5_000)  # the postponed lock
    assert window.model.rowCount() == 0
    assert ctx.errors == []  # type: ignore[attr-defined]


def test_lock_clears_the_clipboard_and_closes_dialogs(qtbot: QtBot, ctx: UiContext) -> None:
    window = _window(qtbot, ctx)
    ctx.clipboard.copy_secret("secret-looking text")
    assert QGuiApplication.clipboard().text() == "secret-looking text"
    window.new_client_action.trigger()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None, timeout=5_000)
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, QDialog)
    window.lock()
    assert QGuiApplication.clipboard().text() == ""
    assert not dialog.isVisible()
    assert QApplication.activeModalWidget() is None


def test_closing_the_window_announces_it_and_clears(qtbot: QtBot, ctx: UiContext) -> None:
    window = _window(qtbot, ctx)
    assert window.model.rowCount() > 0
    with qtbot.waitSignal(window.closed, timeout=2_000):
        window.close()
    assert window.model.rowCount() == 0


def test_late_log_rows_do_not_land_in_a_cleared_tab(qtbot: QtBot, ctx: UiContext) -> None:
    window = _window(qtbot, ctx)
    summary = window.model.summary(0)
    window.select_client(summary.id)
    wait_db(qtbot, ctx)
    tab = window.client_view.tab(LogTab)
    assert isinstance(tab, LogTab)
    tab.client_id = summary.id
    tab.reload()
    tab.clear()  # e.g. the agenda was chosen before the rows arrived
    wait_db(qtbot, ctx)
    assert tab.model.rowCount() == 0
