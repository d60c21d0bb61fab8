"""Issue 11, item 11: no two widgets of one window answer to the same Alt-key, in fi, sv
and en; a label with an Alt-key has a buddy to move to."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QTabWidget,
    QWidget,
    QWizard,
)
from pytestqt.qtbot import QtBot

from app.ui.context import UiContext
from app.ui.texts import set_ui_language
from tests.gui.conftest import wait_db
from tests.gui.drive import open_main_window
from tests.gui.widget_walk import mnemonic, mnemonic_clashes

LANGUAGES = ["fi", "sv", "en"]


def _clashes_with_menus(root: QWidget) -> dict[str, list[str]]:
    """mnemonic_clashes, plus the menu bar's titles of a main window (Alt+K opens a menu)."""
    clashes = mnemonic_clashes(root)
    if isinstance(root, QMainWindow):
        owners: dict[str, list[str]] = {}
        for widget in root.findChildren(QWidget):
            if widget.isVisibleTo(root):
                from PySide6.QtWidgets import QAbstractButton, QGroupBox, QTabBar

                texts: list[str] = []
                if isinstance(widget, QAbstractButton) or (
                    isinstance(widget, QLabel) and widget.buddy() is not None
                ):
                    texts = [widget.text()]
                elif isinstance(widget, QGroupBox):
                    texts = [widget.title()]
                elif isinstance(widget, QTabBar):
                    texts = [widget.tabText(i) for i in range(widget.count())]
                for text in texts:
                    key = mnemonic(text)
                    if key:
                        owners.setdefault(key, []).append(text)
        for action in root.menuBar().actions():
            key = mnemonic(action.text())
            if key:
                owners.setdefault(key, []).append(action.text())
        clashes = {k: v for k, v in owners.items() if len(v) > 1}
    return clashes


def _walk(root: QWidget, settle: Callable[[], None]) -> dict[str, list[str]]:
    """Every page of every tab widget shown in turn (nested ones too)."""
    found: dict[str, list[str]] = {}

    def visit(depth: int) -> None:
        tabs = [t for t in root.findChildren(QTabWidget) if t.isVisibleTo(root)]
        for key, texts in _clashes_with_menus(root).items():
            found[f"{key}"] = sorted(set(found.get(key, [])) | set(texts))
        if depth > 2:
            return
        for tab_widget in tabs:
            for index in range(tab_widget.count()):
                if tab_widget.currentIndex() != index:
                    tab_widget.setCurrentIndex(index)
                    settle()
                    for key, texts in _clashes_with_menus(root).items():
                        found[key] = sorted(set(found.get(key, [])) | set(texts))

    visit(0)
    if isinstance(root, QWizard):  # every page of the wizard in turn
        for page_id in root.pageIds():
            root.setStartId(page_id)
            root.restart()
            settle()
            for key, texts in _clashes_with_menus(root).items():
                found[key] = sorted(set(found.get(key, [])) | set(texts))
            for text in _labels_without_buddy(root):
                found.setdefault("(label without buddy)", []).append(text)
    return found


def _labels_without_buddy(root: QWidget) -> list[str]:
    """Labels whose Alt-key does nothing: no buddy, or a buddy that takes no focus."""
    return [
        label.text()
        for label in root.findChildren(QLabel)
        if label.isVisibleTo(root)
        and mnemonic(label.text())
        and label.textFormat() != Qt.TextFormat.RichText  # no Alt-keys in rich text
        and (label.buddy() is None or label.buddy().focusPolicy() == Qt.FocusPolicy.NoFocus)
    ]


def _appointment_dialog(qtbot: QtBot, ctx: UiContext) -> QWidget:
    from app.services import clients, relationships
    from app.ui.dialogs.appointment_dialog import AppointmentDialog
    from tests.gui.conftest import TODAY
    from tests.gui.drive import run_job

    summary = next(s for s in run_job(qtbot, ctx, clients.list_clients) if s.active)
    rels = run_job(qtbot, ctx, lambda s: relationships.relationships_of(s, summary.id))
    return AppointmentDialog(ctx, summary.id, TODAY, rels)


def _series_dialog(qtbot: QtBot, ctx: UiContext) -> QWidget:
    """The booking dialog with its series rows shown."""
    dialog = _appointment_dialog(qtbot, ctx)
    dialog.repeat.setCurrentIndex(1)  # type: ignore[attr-defined]
    return dialog


def _cancel_dialog(qtbot: QtBot, ctx: UiContext) -> QWidget:
    """Cancelling a visit of a series (the choice of this or the following visits shown)."""
    from datetime import datetime

    from app.domain.models import Appointment
    from app.ui.dialogs.cancel_dialog import CancelDialog

    visit = Appointment("c", 1, datetime(2026, 12, 1, 9, 0), 45, id=1, series_id="s")
    return CancelDialog(ctx, visit)


def _client_choice_dialog(qtbot: QtBot, ctx: UiContext) -> QWidget:
    from app.ui.client_list import ClientListModel, load_clients
    from app.ui.dialogs.client_choice_dialog import ClientChoiceDialog
    from tests.gui.drive import run_job

    model = ClientListModel()
    model.set_prepared(run_job(qtbot, ctx, load_clients))
    dialog = ClientChoiceDialog(model, "ma 30.11.2026 9.00")
    dialog.model_keeper = model  # type: ignore[attr-defined]
    return dialog


def _relationship_dialog(qtbot: QtBot, ctx: UiContext) -> QWidget:
    from app.services import clients
    from app.services import register as reg
    from app.ui.dialogs.relationship_dialog import RelationshipDialog
    from tests.gui.conftest import TODAY
    from tests.gui.drive import run_job

    summary = next(s for s in run_job(qtbot, ctx, clients.list_clients) if s.active)
    return RelationshipDialog(ctx, summary.id, TODAY, run_job(qtbot, ctx, reg.services))


def _note_dialog(qtbot: QtBot, ctx: UiContext) -> QWidget:
    from app.services import relationships
    from app.ui.dialogs.note_dialogs import NoteDialog
    from tests.gui.drive import run_job
    from tests.gui.test_clinical_tab import add_patient

    client_id, rel_id = run_job(qtbot, ctx, add_patient)
    rels = run_job(qtbot, ctx, lambda s: relationships.relationships_of(s, client_id))
    rel = next(r for r in rels if r.id == rel_id)
    return NoteDialog(ctx, rel, "Psykoterapia", "Eeva Esimerkki", "psykoterapeutti", False)


def _visits_invoice_dialog(qtbot: QtBot, ctx: UiContext) -> QWidget:
    from app.services import clients
    from app.ui.dialogs.visits_invoice_dialog import VisitsInvoiceDialog, load_visit_choice
    from tests.gui.drive import run_job

    summary = next(s for s in run_job(qtbot, ctx, clients.list_clients) if s.active)
    return VisitsInvoiceDialog(ctx, run_job(qtbot, ctx, lambda s: load_visit_choice(s, summary.id)))


def _draft_invoice_dialog(qtbot: QtBot, ctx: UiContext) -> QWidget:
    from app.domain.kinds import PayerKind
    from app.domain.models import Invoice, InvoiceLine
    from app.services import clients, relationships
    from app.ui.dialogs.invoice_dialog import InvoiceDialog
    from tests.gui.conftest import TODAY
    from tests.gui.drive import run_job

    summary = next(s for s in run_job(qtbot, ctx, clients.list_clients) if s.active)
    client = run_job(qtbot, ctx, lambda s: clients.open_client(s, summary.id))
    rels = run_job(qtbot, ctx, lambda s: relationships.relationships_of(s, summary.id))
    draft = Invoice(
        "2026-9999", TODAY, TODAY, PayerKind.CLIENT, client.display_name, client.id,
        rels[0].id, lines=[InvoiceLine("Käynti", 9000), InvoiceLine("Käynti", 9000)],
    )  # fmt: skip
    return InvoiceDialog(ctx, client, rels, draft.number, TODAY, draft=draft)


def _windows(qtbot: QtBot, ctx: UiContext, tmp_path: Path) -> dict[str, QWidget]:
    from datetime import date

    from app.ui.backups_dialog import BackupsDialog
    from app.ui.dialogs.client_dialog import ClientDialog
    from app.ui.dialogs.clinical_unlock_dialog import ClinicalUnlockDialog
    from app.ui.dialogs.note_dialogs import CorrectIdentityDialog
    from app.ui.dialogs.services_dialog import ServicesDialog
    from app.ui.hand_over_dialog import HandOverDialog
    from app.ui.import_dialog import ImportDialog
    from app.ui.privacy_notice_dialog import PrivacyNoticeDialog
    from app.ui.security_dialogs import ChangePassphraseDialog, NewRecoveryCodeDialog
    from app.ui.settings_dialog import SettingsDialog
    from app.ui.unlock_dialog import UnlockDialog
    from app.ui.unpaid_invoices import UnpaidInvoicesDialog
    from app.ui.wizard import FirstRunWizard

    window = open_main_window(qtbot, ctx)
    from tests.gui.test_menus_and_accessibility import _select_patient

    _select_patient(qtbot, ctx, window)
    windows: dict[str, QWidget] = {"main window": window}
    for name, make in (
        ("settings", lambda: SettingsDialog(ctx)),
        ("new client", lambda: ClientDialog(ctx, None)),
        ("change passphrase", lambda: ChangePassphraseDialog(ctx)),
        ("new recovery code", lambda: NewRecoveryCodeDialog(ctx)),
        ("wizard", lambda: FirstRunWizard(ctx, tmp_path / "new-register")),
        ("new appointment", lambda: _appointment_dialog(qtbot, ctx)),
        ("new series", lambda: _series_dialog(qtbot, ctx)),
        ("cancel visit", lambda: _cancel_dialog(qtbot, ctx)),
        ("choose client", lambda: _client_choice_dialog(qtbot, ctx)),
        ("new note", lambda: _note_dialog(qtbot, ctx)),
        ("services", lambda: ServicesDialog(ctx)),
        ("start relationship", lambda: _relationship_dialog(qtbot, ctx)),
        ("correct identity", lambda: CorrectIdentityDialog(ctx, "no-client")),
        ("unlock", lambda: UnlockDialog(ctx.db, [ctx.register_folder])),
        ("unlock patient records", lambda: ClinicalUnlockDialog(ctx)),
        ("backups", lambda: BackupsDialog(ctx)),
        ("privacy notice", lambda: PrivacyNoticeDialog(ctx, date(2026, 12, 7))),
        ("import clients", lambda: ImportDialog(ctx)),
        ("hand over", lambda: HandOverDialog(ctx, "vakka-hand-over")),
        ("invoice visits", lambda: _visits_invoice_dialog(qtbot, ctx)),
        ("edit draft invoice", lambda: _draft_invoice_dialog(qtbot, ctx)),
        ("unpaid invoices", lambda: UnpaidInvoicesDialog(ctx)),
    ):
        widget = make()
        qtbot.addWidget(widget)
        widget.show()
        windows[name] = widget
    wait_db(qtbot, ctx)
    return windows


@pytest.mark.parametrize("lang", LANGUAGES)
def test_alt_keys_are_unique_in_every_window(
    qtbot: QtBot, ctx: UiContext, tmp_path: Path, lang: str
) -> None:
    set_ui_language(lang, QApplication.instance())
    try:
        windows = _windows(qtbot, ctx, tmp_path)
        problems = {}
        for name, widget in windows.items():
            clashes = _walk(widget, lambda: wait_db(qtbot, ctx))
            if clashes:
                problems[name] = clashes
            no_buddy = _labels_without_buddy(widget)
            if no_buddy:
                problems[name + " (label without buddy)"] = {"-": no_buddy}

        assert problems == {}
    finally:
        set_ui_language("en", QApplication.instance())
