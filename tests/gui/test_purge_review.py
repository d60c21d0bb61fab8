"""The purge review (issue 9, item 5), the banner that opens it and the retention tab of
the settings, driven through the real widgets on a register with records due."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QProgressDialog
from pytestqt.qtbot import QtBot

from app.db.keyfile import FAST_INSECURE_KDF
from app.db.vault import Secret
from app.domain.retention import Category
from app.i18n.codes import category_label
from app.services import purge
from app.services import register as register_service
from app.services.preferences import Preferences
from app.ui import printing
from app.ui.clipboard import SecureClipboard
from app.ui.context import UiContext, UiEvents
from app.ui.main_window import MainWindow
from app.ui.purge_review import PurgeReviewDialog
from app.ui.texts import set_ui_language
from app.ui.worker import Database
from tests.conftest import PASSPHRASE, fixed_clock
from tests.gui.conftest import TODAY, wait_db
from tests.gui.drive import LEFT, click_row, run_job, type_text
from tests.purge_register import build_due_register

PAYMENTS = Category.PAYMENT_COMMITMENTS.value


@pytest.fixture(scope="session")
def due_register_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("gui-due") / "register"
    created = register_service.create(folder, PASSPHRASE, kdf=FAST_INSECURE_KDF, clock=fixed_clock)
    try:
        build_due_register(created.session)
    finally:
        created.session.close()
    return folder


@pytest.fixture
def due_ctx(
    qtbot: QtBot, due_register_template: Path, tmp_path: Path, ui_language: str
) -> Iterator[UiContext]:
    """The register with records due, unlocked (clinical store open) on the worker."""
    folder = tmp_path / "register"
    shutil.copytree(due_register_template, folder)
    set_ui_language(ui_language, QApplication.instance())
    errors: list[BaseException] = []
    db = Database(errors.append)
    context = UiContext(db, Preferences(), UiEvents(), SecureClipboard(), folder)
    db.adopt(
        lambda: register_service.unlock(folder, Secret(passphrase=PASSPHRASE), clock=fixed_clock)
    )
    wait_db(qtbot, context)
    context.errors = errors  # type: ignore[attr-defined]
    yield context
    db.shutdown()
    set_ui_language("en", QApplication.instance())


def _window(qtbot: QtBot, ctx: UiContext) -> MainWindow:
    window = MainWindow(ctx, today=lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    window.start()
    wait_db(qtbot, ctx)
    return window


def _review(qtbot: QtBot, window: MainWindow) -> PurgeReviewDialog:
    qtbot.waitUntil(lambda: _open_review() is not None, timeout=5_000)
    dialog = _open_review()
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.categories.rowCount() > 0, timeout=10_000)
    return dialog


def _open_review() -> PurgeReviewDialog | None:
    return next(
        (
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, PurgeReviewDialog) and w.isVisible()
        ),
        None,
    )


def _column(model: object, column: int) -> list[str]:
    from PySide6.QtCore import QAbstractItemModel

    assert isinstance(model, QAbstractItemModel)
    return [str(model.data(model.index(r, column))) for r in range(model.rowCount())]


def _plan_counts(qtbot: QtBot, ctx: UiContext) -> dict[str, int]:
    return run_job(qtbot, ctx, lambda s: purge.plan_purge(s).counts())


def test_banner_opens_the_review_which_lists_categories_clients_and_holds(
    qtbot: QtBot,
    due_ctx: UiContext,
    qtmodeltester,  # type: ignore[no-untyped-def]
) -> None:
    window = _window(qtbot, due_ctx)
    assert window.banner.isVisible()
    assert window.banner.purge_button.isVisible()
    text = window.banner.text()
    assert "can be destroyed" in text
    for name in ("Aapeli", "Birgitta", "Häviäjä"):
        assert name not in text  # counts only, no names
    assert "Aapeli" not in window.windowTitle()

    qtbot.mouseClick(window.banner.purge_button, LEFT)
    dialog = _review(qtbot, window)
    assert "Aapeli" not in dialog.windowTitle()
    lang = "en"
    labels = _column(dialog.categories, 0)
    for category in (Category.CONTACT_DETAILS, Category.BOOKKEEPING, Category.PAYMENT_COMMITMENTS):
        assert category_label(category, lang) in labels
    sources = _column(dialog.categories, 3)
    assert any("1336/1997" in s for s in sources)  # bookkeeping's source
    names = _column(dialog.clients, 0)
    assert "Aapeli Häviäjä" in names
    assert "Birgitta Pidätetty" not in names  # held: nothing of hers goes
    held = _column(dialog.holds, 0)
    assert "Birgitta Pidätetty" in held and "Cecilia Pyytäjä" in held
    assert "Legal hold" in _column(dialog.holds, 1)
    kept = _column(dialog.kept, 0)
    assert any("payer" in k for k in kept)  # the invoice keeps its payer snapshot

    # Showing the names was logged (opening the client, purpose retention).
    from app.services.audit_view import client_log

    aapeli = dialog.clients.record(names.index("Aapeli Häviäjä")).client_id
    rows = run_job(qtbot, due_ctx, lambda s: client_log(s, aapeli))
    assert any(r.action == "client.open" and r.purpose == "retention" for r in rows)

    for model in (dialog.categories, dialog.clients, dialog.kept, dialog.holds):
        qtmodeltester.check(model)
    dialog.reject()
    assert due_ctx.errors == []  # type: ignore[attr-defined]


def _category_row(dialog: PurgeReviewDialog, category: str) -> int:
    row = dialog.categories.row_of(category)
    assert row is not None, category
    return row


def _uncheck_category(qtbot: QtBot, dialog: PurgeReviewDialog, category: str) -> None:
    dialog.tabs.setCurrentIndex(0)
    click_row(qtbot, dialog.category_table, _category_row(dialog, category))
    qtbot.keyClick(dialog.category_table, Qt.Key.Key_Space)


def test_purge_from_the_menu_keeps_the_unchecked_category_and_shows_the_record(
    qtbot: QtBot, due_ctx: UiContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _window(qtbot, due_ctx)
    before = _plan_counts(qtbot, due_ctx)
    assert before[PAYMENTS] >= 1 and before[Category.CONTACT_DETAILS.value] >= 1
    qtbot.keyClick(
        window,
        Qt.Key.Key_P,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = _review(qtbot, window)
    all_selected = dialog.selected_count()
    _uncheck_category(qtbot, dialog, PAYMENTS)
    assert dialog.categories.checked() == set(before) - {PAYMENTS, "linked_records"}
    assert dialog.selected_count() == all_selected - before[PAYMENTS]
    assert not dialog.purge_button.isEnabled()  # no passphrase yet

    type_text(qtbot, dialog.passphrase, "not the passphrase at all")
    assert dialog.purge_button.isEnabled()
    qtbot.mouseClick(dialog.purge_button, LEFT)
    qtbot.waitUntil(dialog.error.isVisible, timeout=10_000)
    assert "passphrase" in dialog.error.text().lower()
    assert dialog.passphrase.hasFocus()
    assert _plan_counts(qtbot, due_ctx) == before  # nothing changed

    dialog.passphrase.clear()
    type_text(qtbot, dialog.passphrase, PASSPHRASE)
    with qtbot.waitSignal(dialog.purged, timeout=20_000):
        qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    page = dialog.result_page
    assert page.isVisible()
    destroyed = _column(page.model, 0)
    assert category_label(Category.CONTACT_DETAILS, "en") in destroyed
    assert category_label(PAYMENTS, "en") not in destroyed
    assert "older" in page.backup_notice.text() or "Backups" in page.backup_notice.text()
    assert page.backup_notice.text() == purge.backup_notice("en")

    after = _plan_counts(qtbot, due_ctx)
    assert after == {PAYMENTS: before[PAYMENTS]}  # only the unchecked category is left

    # Save the purge record as PDF (the save dialog answered by the test).
    target = tmp_path / "record.pdf"
    monkeypatch.setattr(printing, "ask_save_path", lambda _parent, _name: target)
    qtbot.mouseClick(page.save_button, LEFT)
    qtbot.waitUntil(lambda: "record.pdf" in page.done_label.text(), timeout=10_000)
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(target).pages)
    assert "Purge record" in text and "Aapeli" not in text

    # The banner follows: records are still due (the payment commitment).
    qtbot.waitUntil(lambda: window.banner.purge_button.isVisible(), timeout=10_000)
    dialog.reject()
    assert due_ctx.errors == []  # type: ignore[attr-defined]


def test_cancel_before_the_commit_leaves_everything(qtbot: QtBot, due_ctx: UiContext) -> None:
    window = _window(qtbot, due_ctx)
    before = _plan_counts(qtbot, due_ctx)
    window.purge_action.trigger()
    dialog = _review(qtbot, window)
    type_text(qtbot, dialog.passphrase, PASSPHRASE)
    # Keep the worker busy for a moment, so the progress dialog shows before the purge starts.
    due_ctx.db.run(lambda _s: time.sleep(1.5))
    qtbot.mouseClick(dialog.purge_button, LEFT)
    qtbot.waitUntil(lambda: _progress() is not None, timeout=5_000)
    progress = _progress()
    assert progress is not None
    assert "Vakka" in progress.windowTitle()
    from PySide6.QtWidgets import QPushButton

    cancel = next(
        b for b in progress.findChildren(QPushButton) if "Cancel" in b.text().replace("&", "")
    )
    qtbot.mouseClick(cancel, LEFT)
    qtbot.waitUntil(dialog.error.isVisible, timeout=10_000)
    assert dialog.error.text() == "The purge was cancelled. Nothing was destroyed."
    wait_db(qtbot, due_ctx)
    assert _plan_counts(qtbot, due_ctx) == before
    assert dialog.pages.currentIndex() == dialog.REVIEW_PAGE
    dialog.reject()


def _progress() -> QProgressDialog | None:
    return next(
        (
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QProgressDialog) and w.isVisible()
        ),
        None,
    )


def test_a_lock_closes_the_review_and_drops_the_names(qtbot: QtBot, due_ctx: UiContext) -> None:
    window = _window(qtbot, due_ctx)
    window.purge_action.trigger()
    dialog = _review(qtbot, window)
    assert dialog.clients.rowCount() > 0
    window.lock()
    assert dialog.clients.rowCount() == 0 and dialog.holds.rowCount() == 0
    assert not dialog.isVisible()
    assert not window.banner.isVisible()
