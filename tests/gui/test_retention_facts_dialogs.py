"""Issue 9, items 1 and 7 in the GUI: the relationship dialog shows the facts the retention
clocks need only where they apply, the note dialog the statement-copy flag for
statements; the settings switch the daily check by the OS scheduler (on the worker, the
scheduler's commands faked) and save the purge-review dates."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Sequence
from datetime import date, timedelta
from typing import cast

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.domain.kinds import NoteKind, RecordsKept, RegisterKind, ServiceTask
from app.domain.models import Client, Note, Relationship
from app.domain.reminders import MonthDay, ReviewSchedule
from app.services import clients, clinical, relationships
from app.services.reminders import schedule as review_schedule
from app.services.reminders.commands import Ran
from app.ui.context import UiContext
from app.ui.dialogs.note_dialogs import NoteDialog
from app.ui.dialogs.relationship_dialog import RelationshipDialog
from app.ui.settings_dialog import SettingsDialog
from app.ui.texts import set_ui_language
from tests.gui.conftest import TODAY, FakeRunner, wait_db
from tests.gui.drive import LEFT, tick
from tests.gui.drive import run_job as call
from tests.gui.widget_walk import mnemonic, mnemonic_clashes

KINDS = (RegisterKind.PATIENT, RegisterKind.SOCIAL_CARE, RegisterKind.OTHER)


def _client(qtbot: QtBot, ctx: UiContext) -> str:
    client = call(
        qtbot, ctx, lambda s: clients.add_client(s, Client(first_name="Sanni", last_name="Kokeilu"))
    )
    return client.id or ""


def _relationship_dialog(qtbot: QtBot, ctx: UiContext, client_id: str) -> RelationshipDialog:
    dialog = RelationshipDialog(ctx, client_id, TODAY, confirmed_kinds=KINDS)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _choose(dialog: RelationshipDialog, kind: RegisterKind, task: ServiceTask | None) -> None:
    dialog.register_kind.setCurrentIndex(dialog.register_kind.findData(kind))
    index = dialog.service_task.findData(task) if task is not None else 0
    dialog.service_task.setCurrentIndex(index)


def _shown(dialog: RelationshipDialog) -> tuple[bool, bool, bool]:
    return (
        dialog.need_ended.isVisibleTo(dialog),
        dialog.child_born.isVisibleTo(dialog),
        dialog.kept_by_agreement.isVisibleTo(dialog),
    )


def test_relationship_dialog_shows_each_fact_where_it_applies_and_saves_it(
    qtbot: QtBot, ctx: UiContext
) -> None:
    client_id = _client(qtbot, ctx)
    dialog = _relationship_dialog(qtbot, ctx, client_id)
    _choose(dialog, RegisterKind.PATIENT, None)
    assert _shown(dialog) == (False, False, False)
    _choose(dialog, RegisterKind.SOCIAL_CARE, ServiceTask.ADULT_SERVICES)
    assert _shown(dialog) == (False, False, False)
    _choose(dialog, RegisterKind.SOCIAL_CARE, ServiceTask.FAMILY_LAW)
    assert _shown(dialog) == (False, True, False)
    _choose(dialog, RegisterKind.OTHER, None)
    assert _shown(dialog) == (False, False, True)
    _choose(dialog, RegisterKind.SOCIAL_CARE, ServiceTask.DISABILITY)
    assert _shown(dialog) == (True, False, False)

    # A need that ended before the start: the service refuses it, nothing saved.
    dialog.records_kept.setCurrentIndex(dialog.records_kept.findData(RecordsKept.PAPER))
    dialog.records_location.setText("Lukittu kaappi")
    dialog.started_on.set_value(TODAY - timedelta(days=30))
    tick(qtbot, dialog.need_ended.check)
    dialog.need_ended.edit.set_value(TODAY - timedelta(days=40))
    qtbot.mouseClick(dialog.save_button, LEFT)
    wait_db(qtbot, ctx)
    assert "before the relationship started" in dialog.error.text()
    assert call(qtbot, ctx, lambda s: relationships.relationships_of(s, client_id)) == []

    dialog.need_ended.edit.set_value(TODAY - timedelta(days=5))
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, LEFT)
    wait_db(qtbot, ctx)
    saved = call(qtbot, ctx, lambda s: relationships.relationships_of(s, client_id))
    assert [r.disability_need_ended_on for r in saved] == [TODAY - timedelta(days=5)]


def test_a_fact_typed_then_hidden_is_not_kept(qtbot: QtBot, ctx: UiContext) -> None:
    dialog = _relationship_dialog(qtbot, ctx, _client(qtbot, ctx))
    _choose(dialog, RegisterKind.SOCIAL_CARE, ServiceTask.FAMILY_LAW)
    tick(qtbot, dialog.child_born.check)
    dialog.child_born.edit.set_value(date(2019, 5, 4))
    assert dialog.relationship_from_form().family_law_child_born_on == date(2019, 5, 4)
    _choose(dialog, RegisterKind.OTHER, None)
    tick(qtbot, dialog.kept_by_agreement)
    rel = dialog.relationship_from_form()
    assert rel.family_law_child_born_on is None and rel.other_notes_kept_by_agreement
    _choose(dialog, RegisterKind.PATIENT, None)
    assert not dialog.relationship_from_form().other_notes_kept_by_agreement


def _patient_relationship(qtbot: QtBot, ctx: UiContext, client_id: str) -> Relationship:
    return call(
        qtbot,
        ctx,
        lambda s: relationships.start_relationship(
            s,
            Relationship(
                client_id=client_id,
                register_kind=RegisterKind.PATIENT,
                records_kept=RecordsKept.VAKKA,
                started_on=date(2026, 9, 1),
            ),
        ),
    )


def _note_dialog(qtbot: QtBot, ctx: UiContext, rel: Relationship) -> NoteDialog:
    dialog = NoteDialog(ctx, rel, "Psykoterapia", "Eeva Esimerkki", "psykoterapeutti", False)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_note_dialog_offers_the_statement_copy_for_statements(qtbot: QtBot, ctx: UiContext) -> None:
    client_id = _client(qtbot, ctx)
    rel = _patient_relationship(qtbot, ctx, client_id)
    dialog = _note_dialog(qtbot, ctx, rel)
    assert not dialog.statement_copy.isVisibleTo(dialog)  # a session note by default
    dialog.kind.setCurrentIndex(dialog.kind.findData(NoteKind.STATEMENT))
    assert dialog.statement_copy.isVisibleTo(dialog)
    tick(qtbot, dialog.statement_copy)
    assert dialog.statement_copy.isChecked()
    dialog.kind.setCurrentIndex(dialog.kind.findData(NoteKind.PLAN))
    assert not dialog.statement_copy.isVisibleTo(dialog)
    assert not dialog.statement_copy.isChecked()  # hidden: not sent
    dialog.kind.setCurrentIndex(dialog.kind.findData(NoteKind.STATEMENT))
    tick(qtbot, dialog.statement_copy)
    qtbot.keyClicks(dialog.text, "Lausunto Kelalle kuntoutuksesta (keksitty).")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, LEFT)
    wait_db(qtbot, ctx)
    notes: list[Note] = call(qtbot, ctx, lambda s: clinical.notes_of(s, client_id))
    assert [(n.kind, n.statement_copy) for n in notes] == [(NoteKind.STATEMENT, True)]


@pytest.mark.parametrize("lang", ["en", "fi", "sv"])
def test_the_new_fields_have_their_own_alt_keys(qtbot: QtBot, ctx: UiContext, lang: str) -> None:
    client_id = _client(qtbot, ctx)
    rel = _patient_relationship(qtbot, ctx, client_id)
    set_ui_language(lang, QApplication.instance())
    try:
        dialog = RelationshipDialog(ctx, client_id, TODAY, confirmed_kinds=())
        qtbot.addWidget(dialog)
        dialog.show()
        labels = [
            dialog._dates_form.labelForField(w) for w in (dialog.need_ended, dialog.child_born)
        ]
        texts = [label.text() for label in labels if label is not None]  # type: ignore[attr-defined]
        texts.append(dialog.kept_by_agreement.text())
        assert all(mnemonic(t) for t in texts)
        # The legal box is shown (nothing confirmed): every key of the dialog at once,
        # for each kind that shows one of the new fields.
        dialog.records_kept.setCurrentIndex(dialog.records_kept.findData(RecordsKept.VAKKA))
        for kind, task in (
            (RegisterKind.SOCIAL_CARE, ServiceTask.DISABILITY),
            (RegisterKind.SOCIAL_CARE, ServiceTask.FAMILY_LAW),
            (RegisterKind.OTHER, None),
        ):
            _choose(dialog, kind, task)
            assert mnemonic_clashes(dialog) == {}, (kind, task)
        dialog.reject()

        note = _note_dialog(qtbot, ctx, rel)
        note.kind.setCurrentIndex(note.kind.findData(NoteKind.STATEMENT))
        assert mnemonic(note.statement_copy.text())
        assert mnemonic_clashes(note) == {}
        note.reject()
    finally:
        set_ui_language("en", QApplication.instance())


# --- settings: the daily check and the purge-review dates ------------------------------


def _settings(qtbot: QtBot, ctx: UiContext) -> SettingsDialog:
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=10_000)
    wait_db(qtbot, ctx)
    dialog.tabs.setCurrentIndex(dialog.RETENTION_TAB)
    return dialog


def test_daily_check_switch_installs_and_removes_on_the_worker(
    qtbot: QtBot, ctx: UiContext
) -> None:
    host = ctx.scheduler_host
    assert host is not None
    runner = cast(FakeRunner, host.runner)

    dialog = _settings(qtbot, ctx)
    group = dialog.reminders
    assert group.daily.isEnabled() and not group.daily.isChecked()
    assert "not installed" in group.status.text()
    assert "systemd" in group.status.text()

    runner.commands.clear()
    with qtbot.waitSignal(dialog.reminders.scheduler_switched, timeout=5000):
        tick(qtbot, group.daily)
    wait_db(qtbot, ctx)
    assert group.daily.isChecked() and group.daily.isEnabled()
    assert "is installed (active)" in group.status.text()
    assert ("systemctl", "--user", "daemon-reload") in runner.commands
    timer = host.config_home / "systemd" / "user"
    assert sorted(p.suffix for p in timer.iterdir()) == [".service", ".timer"]
    service_text = next(timer.glob("*.service")).read_text(encoding="utf-8")
    assert "--notify" in service_text and str(ctx.register_folder) in service_text

    tick(qtbot, group.daily)
    wait_db(qtbot, ctx)
    assert not group.daily.isChecked()
    assert "not installed" in group.status.text()
    assert list(timer.iterdir()) == []


def test_the_scheduler_is_never_asked_on_the_gui_thread(qtbot: QtBot, ctx: UiContext) -> None:
    host = ctx.scheduler_host
    assert host is not None
    seen: list[bool] = []
    fake = FakeRunner()

    def watching(args: Sequence[str], stdin: str | None = None) -> Ran:
        seen.append(threading.current_thread() is threading.main_thread())
        return fake(args, stdin)

    ctx.scheduler_host = dataclasses.replace(host, runner=watching)
    dialog = _settings(qtbot, ctx)
    tick(qtbot, dialog.reminders.daily)
    wait_db(qtbot, ctx)
    assert seen and not any(seen)


@pytest.mark.parametrize("ui_language", ["fi"])
def test_review_dates_are_saved_and_a_bad_date_is_refused(qtbot: QtBot, ctx: UiContext) -> None:
    dialog = _settings(qtbot, ctx)
    group = dialog.reminders
    assert group.monthly.isChecked() and group.yearly.text() == ""

    # 31.2. is no date: shown on its tab and field, nothing saved.
    qtbot.keyClicks(group.yearly, "1.3., 31.2.")
    dialog.tabs.setCurrentIndex(dialog.PRACTICE_TAB)
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert dialog.isVisible()
    assert "1.3." in dialog.error.text() and "maaliskuuta" in dialog.error.text()
    assert dialog.tabs.currentIndex() == dialog.RETENTION_TAB
    assert call(qtbot, ctx, review_schedule.reminder_dates) == ReviewSchedule()

    # Neither monthly nor any date: refused too.
    group.yearly.clear()
    tick(qtbot, group.monthly)
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert dialog.isVisible()
    assert call(qtbot, ctx, review_schedule.reminder_dates) == ReviewSchedule()

    tick(qtbot, group.monthly)
    qtbot.keyClicks(group.yearly, "1.10., 1.3.")
    with qtbot.waitSignal(dialog.applied, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, LEFT)
    wait_db(qtbot, ctx)
    assert call(qtbot, ctx, review_schedule.reminder_dates) == ReviewSchedule(
        True, (MonthDay(3, 1), MonthDay(10, 1))
    )
    again = _settings(qtbot, ctx)
    assert again.reminders.yearly.text() == "1.3., 1.10."


@pytest.mark.parametrize("lang", ["en", "fi", "sv"])
def test_the_retention_page_with_reminders_has_unique_alt_keys(
    qtbot: QtBot, ctx: UiContext, lang: str
) -> None:
    """The page's own keys, the tab titles and the dialog's buttons: each Alt-key once."""
    set_ui_language(lang, QApplication.instance())
    try:
        dialog = _settings(qtbot, ctx)
        group = dialog.reminders
        for widget in (group.daily, group.monthly):
            assert mnemonic(widget.text())
        assert mnemonic_clashes(dialog) == {}
        dialog.reject()
    finally:
        set_ui_language("en", QApplication.instance())
