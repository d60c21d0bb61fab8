"""Settings, Retention periods: every category with its period, kind and source; the
service refuses a bookkeeping period under its floor, in the user's language."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from app.domain.errors import ValidationError
from app.domain.retention import RULES, Category, RuleKind
from app.i18n import message_for
from app.i18n.codes import category_label, category_source
from app.services import retention
from app.ui.context import UiContext
from app.ui.settings_dialog import SettingsDialog
from tests.gui.drive import LEFT, run_job


def _settings(qtbot: QtBot, ctx: UiContext) -> SettingsDialog:
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=10_000)
    return dialog


@pytest.mark.parametrize("ui_language", ["fi"])
def test_retention_tab_refuses_five_years_of_bookkeeping_and_saves_eight(
    qtbot: QtBot, ctx: UiContext
) -> None:
    dialog = _settings(qtbot, ctx)
    assert dialog.tabs.tabText(dialog.RETENTION_TAB).replace("&", "") == "Säilytysajat"
    dialog.tabs.setCurrentIndex(dialog.RETENTION_TAB)
    tab = dialog.retention
    texts = {label.text() for label in tab.findChildren(QLabel)}
    for category in Category:
        assert category_label(category, "fi") in texts
        assert category_source(category, "fi") in texts
    # Statutory periods have no field; the practice's own have one.
    assert {c for c in Category if RULES[c].kind is RuleKind.STATUTORY_EXACT}.isdisjoint(tab.spins)
    spin = tab.spins[Category.BOOKKEEPING]
    assert spin.value() == 7

    dialog.tabs.setCurrentIndex(dialog.PRACTICE_TAB)  # the refusal brings the tab back
    dialog.tabs.setCurrentIndex(dialog.RETENTION_TAB)
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, "5")
    dialog.tabs.setCurrentIndex(dialog.PRACTICE_TAB)
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(dialog.error.isVisible, timeout=10_000)
    error = ValidationError("retention.below_floor", field="years", floor=6)
    refusal = message_for(error, "fi")
    assert refusal != message_for(error, "en")  # really translated
    assert refusal in dialog.error.text()
    assert dialog.tabs.currentIndex() == dialog.RETENTION_TAB
    assert spin.hasFocus()
    assert dialog.isVisible()
    assert run_job(qtbot, ctx, retention.policy).years_for(Category.BOOKKEEPING) == 7

    spin.selectAll()
    qtbot.keyClicks(spin, "8")
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.keyClick(dialog.save_button, Qt.Key.Key_Space)
    assert run_job(qtbot, ctx, retention.policy).years_for(Category.BOOKKEEPING) == 8
    assert ctx.errors == []  # type: ignore[attr-defined]
