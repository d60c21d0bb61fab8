"""Menus and shortcuts reach the dialogs; every input is labelled; every UI text is translated."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from app.ui.context import UiContext
from app.ui.dialogs.client_dialog import ClientDialog
from app.ui.main_window import MainWindow
from app.ui.purge_review import PurgeReviewDialog
from app.ui.requests_overview import RequestsOverviewDialog
from app.ui.security_dialogs import ChangePassphraseDialog, NewRecoveryCodeDialog
from app.ui.settings_dialog import SettingsDialog
from app.ui.tabs.clinical_tab import ClinicalTab
from app.ui.texts import set_ui_language
from app.ui.unlock_dialog import UnlockDialog
from app.ui.wizard import FirstRunWizard
from tests.gui.conftest import wait_db
from tests.gui.drive import open_main_window as _window
from tests.gui.widget_walk import (
    inputs_without_label,
    mnemonic,
    mnemonic_clashes,
    mnemonic_clashes_on_every_tab,
    ui_texts,
)


def _open_dialogs() -> list[QDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]


def _close_dialogs() -> None:
    for dialog in _open_dialogs():
        dialog.reject()


def _select_patient(qtbot: QtBot, ctx: UiContext, window: MainWindow) -> None:
    from app.domain.kinds import RegisterKind
    from app.ui.client_list import StatusFilter

    window.status_filter.setCurrentIndex(window.status_filter.findData(StatusFilter.ALL))
    patient = next(
        window.model.summary(r)
        for r in range(window.model.rowCount())
        if RegisterKind.PATIENT in window.model.summary(r).register_kinds
    )
    window.select_client(patient.id)
    wait_db(qtbot, ctx)


def test_shortcuts_open_the_dialogs(qtbot: QtBot, ctx: UiContext) -> None:
    window = _window(qtbot, ctx)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search.hasFocus()

    _select_patient(qtbot, ctx, window)
    qtbot.keyClick(
        window,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.client_view.tabs.currentWidget() is window.client_view.tab(ClinicalTab)
    qtbot.waitUntil(lambda: bool(_open_dialogs()), timeout=5_000)
    assert any("note" in d.windowTitle().lower() for d in _open_dialogs())
    _close_dialogs()

    window.new_client_action.trigger()  # Ctrl+N; the key itself is checked below
    qtbot.waitUntil(lambda: bool(_open_dialogs()), timeout=5_000)
    assert any("client" in d.windowTitle().lower() for d in _open_dialogs())
    _close_dialogs()

    shortcuts = {a.text(): a.shortcut().toString() for a in window.client_menu.actions()}
    assert shortcuts["&New client…"] == "Ctrl+N"
    assert shortcuts["New &note…"] == "Ctrl+Shift+N"
    assert shortcuts["&Find client"] == "Ctrl+F"
    assert window.lock_action.shortcut().toString() == "Ctrl+L"
    assert ctx.errors == []  # type: ignore[attr-defined]


def test_banner_opens_the_open_requests(qtbot: QtBot, ctx: UiContext) -> None:
    window = _window(qtbot, ctx)
    assert window.banner.isVisible()  # the demo has a request near its deadline
    assert window.banner.requests_button.isVisible()
    qtbot.mouseClick(window.banner.requests_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(_open_dialogs()), timeout=5_000)
    wait_db(qtbot, ctx)
    dialog = _open_dialogs()[0]
    assert "request" in dialog.windowTitle().lower()
    _close_dialogs()


def test_every_input_has_a_label_or_an_accessible_name(
    qtbot: QtBot, ctx: UiContext, tmp_path: Path
) -> None:
    window = _window(qtbot, ctx)
    _select_patient(qtbot, ctx, window)
    problems: dict[str, list[str]] = {}
    for index in range(window.client_view.tabs.count()):
        window.client_view.tabs.setCurrentIndex(index)
        wait_db(qtbot, ctx)
    problems["main window"] = inputs_without_label(window)
    others: list[QWidget] = [
        UnlockDialog(ctx.db, [ctx.register_folder]),
        FirstRunWizard(ctx, tmp_path / "new-register"),
        SettingsDialog(ctx),
        ClientDialog(ctx, None),
        ChangePassphraseDialog(ctx),
        NewRecoveryCodeDialog(ctx),
        RequestsOverviewDialog(ctx),
        PurgeReviewDialog(ctx),
    ]
    for widget in others:
        qtbot.addWidget(widget)
        problems[type(widget).__name__] = inputs_without_label(widget)
    assert {k: v for k, v in problems.items() if v} == {}


def test_the_check_finds_an_unlabelled_input(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QLineEdit, QVBoxLayout

    bare = QWidget()
    qtbot.addWidget(bare)
    QVBoxLayout(bare).addWidget(QLineEdit())
    assert inputs_without_label(bare) == ["QLineEdit"]


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_every_ui_text_is_translated(
    qtbot: QtBot, ctx: UiContext, tmp_path: Path, lang: str
) -> None:
    def texts_in(language: str) -> set[str]:
        set_ui_language(language, QApplication.instance())
        window = _window(qtbot, ctx)
        _select_patient(qtbot, ctx, window)
        widgets: list[QWidget] = [
            window,
            UnlockDialog(ctx.db, [ctx.register_folder]),
            FirstRunWizard(ctx, tmp_path / f"new-{language}"),
            SettingsDialog(ctx),
            ClientDialog(ctx, None),
            ChangePassphraseDialog(ctx),
            NewRecoveryCodeDialog(ctx),
            RequestsOverviewDialog(ctx),
            PurgeReviewDialog(ctx),
        ]
        texts: set[str] = set()
        for widget in widgets:
            qtbot.addWidget(widget)
            texts |= ui_texts(widget)
        window.close()
        return texts

    english = texts_in("en")
    translated = texts_in(lang)
    set_ui_language("en", QApplication.instance())
    # Words that are the same in every language (the product name, units, ellipses).
    same_everywhere = {"Vakka", "OK", "…", "€"}
    if lang == "sv":
        same_everywhere |= {"Register", "Register:"}  # the Swedish word is "register" too
    untranslated = sorted(
        t
        for t in english & translated
        if t not in same_everywhere and not t.startswith("Vakka — ")  # the practice's name
    )
    assert len(english) > 80
    assert untranslated == []


@pytest.mark.parametrize("lang", ["en", "fi", "sv"])
def test_alt_keys_are_unique_in_the_register_menu_and_the_retention_windows(
    qtbot: QtBot, ctx: UiContext, lang: str
) -> None:
    """The Register menu (with Purge review), the purge review with its result page and
    the settings with the Retention periods tab: each Alt-key opens one thing."""
    from app.ui.purge_result import PurgeResultPage
    from app.ui.purge_run import PurgeRunner

    set_ui_language(lang, QApplication.instance())
    try:
        window = _window(qtbot, ctx)
        menu_keys = [mnemonic(a.text()) for a in window.register_menu.actions() if a.text()]
        assert len(menu_keys) == len(set(menu_keys)), menu_keys
        assert window.purge_action.shortcut().toString() == "Ctrl+Shift+P"

        review = PurgeReviewDialog(ctx, window)
        qtbot.addWidget(review)
        review.show()
        wait_db(qtbot, ctx)
        settings = SettingsDialog(ctx)
        qtbot.addWidget(settings)
        settings.show()
        wait_db(qtbot, ctx)
        # The settings: the Retention periods page, and its tab's key on every page.
        tab_title = settings.tabs.tabText(settings.RETENTION_TAB)
        on_other_pages = {
            key: texts
            for key, texts in mnemonic_clashes_on_every_tab(settings).items()
            if tab_title in texts
        }
        settings.tabs.setCurrentIndex(settings.RETENTION_TAB)
        clashes = {
            "purge review": mnemonic_clashes_on_every_tab(review),
            "retention periods": {
                key: texts
                for key, texts in mnemonic_clashes(settings).items()
                if tab_title in texts
            },
            "retention tab": on_other_pages,
        }
        review.pages.setCurrentIndex(review.RESULT_PAGE)
        clashes["purge record"] = mnemonic_clashes_on_every_tab(review)
        assert isinstance(review.result_page, PurgeResultPage)
        runner = PurgeRunner(ctx, review)
        cancel_texts = [b.text() for b in runner.dialog.findChildren(QPushButton)]
        assert cancel_texts and all(mnemonic(t) for t in cancel_texts)
        assert {k: v for k, v in clashes.items() if v} == {}
        review.reject()
    finally:
        set_ui_language("en", QApplication.instance())
