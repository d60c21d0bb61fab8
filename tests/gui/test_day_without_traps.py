"""Issue 11, the practitioner's day without traps: typed work survives a lock and Esc,
the keyboard does what it says. Real widgets on a real demo register (qtbot)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from app.db.vault import Secret
from app.services import clinical
from app.services import register as register_service
from app.ui.context import UiContext
from app.ui.dialogs import form_helpers
from app.ui.dialogs.client_dialog import ClientDialog
from app.ui.dialogs.note_dialogs import NoteDialog
from app.ui.main_window import MainWindow
from app.ui.tabs.base import ClientTab
from app.ui.tabs.clinical_tab import ClinicalTab
from tests.conftest import PASSPHRASE, fixed_clock
from tests.gui.conftest import TODAY, wait_db
from tests.gui.drive import open_main_window, run_job
from tests.gui.test_clinical_tab import add_patient, open_clinical

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
# ASCII, so it can be searched for as bytes in every file the test can reach.
ORIGINAL_CONFIRM_DISCARD = form_helpers.confirm_discard  # before any test replaces it
DRAFT_TEXT = "Puhelu kesken: luonnosmerkki QZXJ-7731, jatketaan rentoutusharjoituksesta."


def _note_dialog(qtbot: QtBot, tab: ClinicalTab) -> NoteDialog:
    qtbot.waitUntil(lambda: isinstance(tab.dialog, NoteDialog), timeout=5_000)
    dialog = tab.dialog
    assert isinstance(dialog, NoteDialog)
    return dialog


def _files_containing(needle: bytes, *folders: Path) -> list[Path]:
    found = []
    for folder in folders:
        for root, _dirs, files in os.walk(folder):
            for name in files:
                path = Path(root) / name
                try:
                    if needle in path.read_bytes():
                        found.append(path)
                except OSError:
                    continue
    return found


def _unlock_again(qtbot: QtBot, ctx: UiContext) -> None:
    ctx.db.adopt(
        lambda: register_service.unlock(
            ctx.register_folder, Secret(passphrase=PASSPHRASE), clock=fixed_clock
        )
    )
    wait_db(qtbot, ctx)


def _idle_lock_and_restart(
    qtbot: QtBot, ctx: UiContext, window: MainWindow, tab: ClientTab, marker: bytes, tmp_path: Path
) -> MainWindow:
    """The idle lock in the middle of a form: the form closes, its text (``marker``) is in
    no file of the register, the home or the temp folder; then the app starts again (a new
    main window) and is unlocked."""
    window.idle.idle_lock.emit()
    wait_db(qtbot, ctx)
    assert tab.dialog is None
    assert window.model.rowCount() == 0  # no name stays in the locked window
    home = Path(os.environ["HOME"])
    assert _files_containing(marker, ctx.register_folder, home, tmp_path) == []
    window.close()
    _unlock_again(qtbot, ctx)
    return open_main_window(qtbot, ctx)


def test_a_note_being_written_survives_a_lock_and_a_restart_encrypted(
    qtbot: QtBot, ctx: UiContext, tmp_path: Path
) -> None:
    client_id, rel_id = run_job(qtbot, ctx, add_patient)
    window = open_main_window(qtbot, ctx)
    open_clinical(qtbot, ctx, window, client_id)
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL | SHIFT)
    tab = window.client_view.tab(ClinicalTab)
    assert isinstance(tab, ClinicalTab)
    dialog = _note_dialog(qtbot, tab)
    qtbot.keyClicks(dialog.text, DRAFT_TEXT)

    # The idle lock in the middle of the note; after a restart and an unlock it comes back.
    again = _idle_lock_and_restart(qtbot, ctx, window, tab, b"QZXJ-7731", tmp_path)
    tab = again.client_view.tab(ClinicalTab)
    assert isinstance(tab, ClinicalTab)
    dialog = _note_dialog(qtbot, tab)
    assert again.client_view.client_id == client_id
    assert dialog.text.toPlainText() == DRAFT_TEXT
    assert dialog.draft_note.isVisible()
    assert tab.current_relationship_id() == rel_id

    qtbot.keyClick(dialog.text, Qt.Key.Key_Return, CTRL)  # saved: the draft is gone
    wait_db(qtbot, ctx)
    qtbot.waitUntil(lambda: tab.dialog is None, timeout=5_000)
    notes = run_job(qtbot, ctx, lambda s: clinical.notes_of(s, client_id))
    assert [n.body for n in notes] == [DRAFT_TEXT]
    assert run_job(qtbot, ctx, clinical.pending_note_drafts) == []
    assert ctx.errors == []  # type: ignore[attr-defined]


def test_esc_asks_before_typed_note_text_is_thrown_away(
    qtbot: QtBot, ctx: UiContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers: list[bool] = []
    asked: list[bool] = []

    def confirm(_parent: object) -> bool:
        asked.append(True)
        return answers.pop(0)

    monkeypatch.setattr(form_helpers, "confirm_discard", confirm)
    client_id, _rel = run_job(qtbot, ctx, add_patient)
    window = open_main_window(qtbot, ctx)
    tab = open_clinical(qtbot, ctx, window, client_id)

    # Nothing typed: Esc closes at once.
    tab.new_note()
    dialog = _note_dialog(qtbot, tab)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: tab.dialog is None, timeout=5_000)
    assert asked == []

    tab.new_note()
    dialog = _note_dialog(qtbot, tab)
    qtbot.keyClicks(dialog.text, DRAFT_TEXT)
    answers.append(False)  # "Cancel": the text stays
    qtbot.keyClick(dialog.text, Qt.Key.Key_Escape)
    assert asked == [True]
    assert dialog.isVisible() and dialog.text.toPlainText() == DRAFT_TEXT
    dialog.keep_draft()
    wait_db(qtbot, ctx)
    assert len(run_job(qtbot, ctx, clinical.pending_note_drafts)) == 1

    answers.append(True)  # "Discard": closed, and the kept draft goes too
    qtbot.keyClick(dialog.text, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: tab.dialog is None, timeout=5_000)
    wait_db(qtbot, ctx)
    assert asked == [True, True]
    assert run_job(qtbot, ctx, clinical.pending_note_drafts) == []
    assert ctx.errors == []  # type: ignore[attr-defined]


def test_esc_asks_in_the_new_client_dialog_too(
    qtbot: QtBot, ctx: UiContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[bool] = []

    def confirm(_parent: object) -> bool:
        asked.append(True)
        return False

    monkeypatch.setattr(form_helpers, "confirm_discard", confirm)
    window = open_main_window(qtbot, ctx)
    window.new_client_action.trigger()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None, timeout=5_000)
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, ClientDialog)
    qtbot.keyClicks(dialog.first_name, "Testi")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked == [True] and dialog.isVisible()
    window.lock()  # a lock closes it without asking
    assert asked == [True] and not dialog.isVisible()


# --- item 3: New note right after a relationship was started on another tab ----------------


def test_new_note_after_a_relationship_started_on_the_contact_tab(
    qtbot: QtBot, ctx: UiContext
) -> None:
    from app.domain.kinds import RecordsKept, RegisterKind
    from app.domain.models import Client, Relationship
    from app.services import clients, relationships
    from app.services import register as reg
    from app.ui.tabs.contact_tab import ContactTab

    client = run_job(
        qtbot, ctx, lambda s: clients.add_client(s, Client(first_name="Kaisa", last_name="Kokeilu"))
    )
    client_id = client.id or ""
    window = open_main_window(qtbot, ctx)
    open_clinical(qtbot, ctx, window, client_id)  # seen once: no relationship yet
    window.client_view.tabs.setCurrentWidget(window.client_view.tab(ContactTab))
    wait_db(qtbot, ctx)

    def start(s: object) -> Relationship:
        service_id = next(x.id for x in reg.services(s) if x.name == "Psykoterapia")  # type: ignore[arg-type]
        return relationships.start_relationship(
            s,  # type: ignore[arg-type]
            Relationship(
                client_id=client_id,
                register_kind=RegisterKind.PATIENT,
                records_kept=RecordsKept.VAKKA,
                service_id=service_id,
                started_on=TODAY,
            ),
        )

    run_job(qtbot, ctx, start)
    ctx.events.client_changed.emit(client_id)  # as the relationship dialog announces it
    wait_db(qtbot, ctx)
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL | SHIFT)
    tab = window.client_view.tab(ClinicalTab)
    assert isinstance(tab, ClinicalTab)
    dialog = _note_dialog(qtbot, tab)  # not "this client's records are not kept in Vakka"
    assert dialog.relationship.client_id == client_id
    assert ctx.errors == []  # type: ignore[attr-defined]


# --- item 4: Enter saves ----------------------------------------------------------------------


def test_enter_saves_a_new_client(qtbot: QtBot, ctx: UiContext) -> None:
    window = open_main_window(qtbot, ctx)
    window.new_client_action.trigger()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None, timeout=5_000)
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, ClientDialog)
    assert dialog.save_button.isDefault()
    assert not dialog.show_address_button.isDefault()
    qtbot.keyClicks(dialog.first_name, "Enni")
    qtbot.keyClicks(dialog.last_name, "Enterinen")
    qtbot.keyClick(dialog.last_name, Qt.Key.Key_Return)
    wait_db(qtbot, ctx)
    qtbot.waitUntil(lambda: not isValid(dialog) or not dialog.isVisible(), timeout=5_000)
    from app.services import clients

    names = [s.name for s in run_job(qtbot, ctx, clients.list_clients)]
    assert any("Enterinen" in name for name in names)


def test_enter_saves_edited_contact_details_of_a_secure_address_client(
    qtbot: QtBot, ctx: UiContext
) -> None:
    from app.services import clients

    summary = next(s for s in run_job(qtbot, ctx, clients.list_clients) if s.secure_address)
    client = run_job(qtbot, ctx, lambda s: clients.open_client(s, summary.id))
    dialog = ClientDialog(ctx, client)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.save_button.isDefault() and not dialog.show_address_button.isDefault()
    dialog.nickname.clear()
    qtbot.keyClicks(dialog.nickname, "Enkku")
    qtbot.keyClick(dialog.nickname, Qt.Key.Key_Enter)
    wait_db(qtbot, ctx)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
    assert dialog.result() == 1
    assert not dialog.street_address.isVisible()  # Enter did not reveal the address
    saved = run_job(qtbot, ctx, lambda s: clients.open_client(s, summary.id))
    assert saved.nickname == "Enkku"


def test_enter_saves_the_settings(qtbot: QtBot, ctx: UiContext) -> None:
    from app.services import register as reg
    from app.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=10_000)
    assert dialog.save_button.isDefault()
    dialog.phone.clear()
    qtbot.keyClicks(dialog.phone, "040 765 4321")
    qtbot.keyClick(dialog.phone, Qt.Key.Key_Return)
    wait_db(qtbot, ctx)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
    assert run_job(qtbot, ctx, reg.practice).phone == "040 765 4321"


# --- item 5: typed dates and times --------------------------------------------------------------


@pytest.mark.parametrize("ui_language", ["fi", "sv", "en"])
def test_typed_date_and_time_book_what_was_typed(
    qtbot: QtBot, ctx: UiContext, ui_language: str
) -> None:
    from datetime import datetime, time

    from app.services import appointments
    from app.ui.tabs.appointments_tab import AppointmentsTab
    from tests.gui.test_contact_tab import active_client

    summary = active_client(qtbot, ctx)
    tab = AppointmentsTab(ctx)
    qtbot.addWidget(tab)
    tab.today = lambda: TODAY
    tab.now = lambda: datetime.combine(TODAY, time(8, 0))
    tab.show()
    tab.show_client(summary.id)
    wait_db(qtbot, ctx)
    listed = run_job(qtbot, ctx, lambda s: appointments.appointments_of(s, summary.id))
    before = {a.id for a in listed}
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert dialog is not None
    # The date selected (Ctrl+A), then typed over: d.M.yyyy in every language.
    dialog.date.setFocus()
    qtbot.keyClick(dialog.date, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(dialog.date, "9.12.2026")
    qtbot.keyClick(dialog.date, Qt.Key.Key_Tab)
    assert dialog.date.value().isoformat() == "2026-12-09"
    # The cursor before "9.00", "11" typed: 11.00, not 19.00.
    dialog.time.setFocus()
    qtbot.keyClick(dialog.time, Qt.Key.Key_Home)
    qtbot.keyClicks(dialog.time, "11")
    qtbot.keyClick(dialog.time, Qt.Key.Key_Tab)
    assert dialog.time.value() == time(11, 0)
    assert dialog.time.text() in ("11.00", "11:00", "11:00 AM")
    # A whole time typed over the selection, minutes too.
    dialog.time.setFocus()
    qtbot.keyClick(dialog.time, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(dialog.time, "14.45")
    qtbot.keyClick(dialog.time, Qt.Key.Key_Tab)
    assert dialog.time.value() == time(14, 45)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_db(qtbot, ctx)
    qtbot.waitUntil(lambda: tab.dialog is None, timeout=5_000)
    after = run_job(qtbot, ctx, lambda s: appointments.appointments_of(s, summary.id))
    new = [a for a in after if a.id not in before]
    assert [a.starts_at for a in new] == [datetime(2026, 12, 9, 14, 45)]


# --- items 6 and 7: double bookings; held only once started ---------------------------------------


def _appointments_tab(qtbot: QtBot, ctx: UiContext, client_id: str) -> object:
    from datetime import datetime, time

    from app.ui.tabs.appointments_tab import AppointmentsTab

    tab = AppointmentsTab(ctx)
    qtbot.addWidget(tab)
    tab.today = lambda: TODAY
    tab.now = lambda: datetime.combine(TODAY, time(9, 30))
    tab.show()
    tab.show_client(client_id)
    wait_db(qtbot, ctx)
    return tab


def test_a_double_booking_is_warned_and_marked(qtbot: QtBot, ctx: UiContext) -> None:
    from datetime import datetime

    from app.domain.models import Appointment
    from app.services import appointments, clients, relationships
    from app.ui.tabs.appointments_tab import AppointmentsTab

    summaries = [s for s in run_job(qtbot, ctx, clients.list_clients) if s.active]
    first, second = summaries[0], summaries[1]
    rels = run_job(qtbot, ctx, lambda s: relationships.relationships_of(s, first.id))
    when = datetime(2026, 11, 29, 6, 10)  # a Sunday morning: nothing else of the demo
    booked = run_job(
        qtbot,
        ctx,
        lambda s: appointments.add_appointment(
            s, Appointment(first.id, next(r.id for r in rels if r.ended_on is None) or 0, when, 45)
        ),
    )
    assert [a.id for a in run_job(qtbot, ctx, lambda s: appointments.overlapping(s, when, 30))] == [
        booked.id
    ]

    tab = _appointments_tab(qtbot, ctx, second.id)
    assert isinstance(tab, AppointmentsTab)
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert dialog is not None
    dialog.date.setFocus()
    qtbot.keyClick(dialog.date, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(dialog.date, "29.11.2026")
    qtbot.keyClick(dialog.date, Qt.Key.Key_Tab)
    dialog.time.setFocus()
    qtbot.keyClick(dialog.time, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(dialog.time, "6.30")
    qtbot.keyClick(dialog.time, Qt.Key.Key_Tab)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_db(qtbot, ctx)
    assert dialog.isVisible() and dialog.error.isVisible()
    assert "overlaps" in dialog.error.text()
    assert run_job(qtbot, ctx, lambda s: appointments.overlapping(s, when, 45)) == [booked]
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # booked anyway
    wait_db(qtbot, ctx)
    qtbot.waitUntil(lambda: tab.dialog is None, timeout=5_000)
    both = run_job(qtbot, ctx, lambda s: appointments.overlapping(s, when, 60))
    assert len(both) == 2

    window = open_main_window(qtbot, ctx)
    model = window.agenda.model
    ours = {a.id for a in both}
    assert ours <= model.double_booked  # the demo has double bookings of its own too
    rows = [r for r in range(model.rowCount()) if model.record(r)[0].id in ours]
    assert len(rows) == 2
    for r in rows:
        assert "double booking" in str(model.data(model.index(r, 1), Qt.ItemDataRole.ToolTipRole))
        assert model.data(model.index(r, 1), Qt.ItemDataRole.DecorationRole) is not None
        assert "overlaps" in str(model.data(model.index(r, 4)))
    single = [
        r for r in range(model.rowCount()) if model.record(r)[0].id not in model.double_booked
    ]
    assert single and all(
        model.data(model.index(r, 1), Qt.ItemDataRole.ToolTipRole) is None for r in single
    )


def test_only_a_started_visit_can_be_marked_held(qtbot: QtBot, ctx: UiContext) -> None:
    from datetime import datetime

    from app.domain.errors import ValidationError
    from app.domain.kinds import AppointmentStatus
    from app.domain.models import Appointment
    from app.services import appointments, clients, relationships
    from app.ui.tabs.appointments_tab import AppointmentsTab

    summary = next(s for s in run_job(qtbot, ctx, clients.list_clients) if s.active)
    rels = run_job(qtbot, ctx, lambda s: relationships.relationships_of(s, summary.id))
    rel_id = next(r.id for r in rels if r.ended_on is None) or 0

    def book(when: datetime) -> Appointment:
        return run_job(
            qtbot,
            ctx,
            lambda s: appointments.add_appointment(s, Appointment(summary.id, rel_id, when, 45)),
        )

    future = book(datetime(2026, 11, 27, 14, 0))
    past = book(datetime(2026, 11, 20, 14, 0))
    with pytest.raises(ValidationError) as info:
        run_job(
            qtbot,
            ctx,
            lambda s: appointments.set_status(s, future.id or 0, AppointmentStatus.DONE),
        )
    assert info.value.code == "appointment.not_yet"

    tab = _appointments_tab(qtbot, ctx, summary.id)
    assert isinstance(tab, AppointmentsTab)
    done = tab.status_buttons[AppointmentStatus.DONE]
    tab.select_appointment(future.id)
    assert not done.isEnabled() and not tab.status_buttons[AppointmentStatus.NO_SHOW].isEnabled()
    assert tab.status_buttons[AppointmentStatus.CANCELLED].isEnabled()
    tab.select_appointment(past.id)
    assert done.isEnabled()
    qtbot.mouseClick(done, Qt.MouseButton.LeftButton)
    wait_db(qtbot, ctx)
    rows = run_job(qtbot, ctx, lambda s: appointments.appointments_of(s, summary.id))
    assert next(a for a in rows if a.id == past.id).status is AppointmentStatus.DONE
    assert next(a for a in rows if a.id == future.id).status is AppointmentStatus.BOOKED


# --- item 12: a client opens on a safe first tab ---------------------------------------------


def test_another_client_opens_on_contact_details_not_the_records(
    qtbot: QtBot, ctx: UiContext
) -> None:
    from app.services.audit_view import client_log
    from app.ui.tabs.contact_tab import ContactTab

    first, _rel = run_job(qtbot, ctx, add_patient)
    second, _rel2 = run_job(qtbot, ctx, add_patient)
    window = open_main_window(qtbot, ctx)
    open_clinical(qtbot, ctx, window, first)  # the records of the first client were open
    window.select_client(second)  # e.g. a double-click on an agenda row
    wait_db(qtbot, ctx)
    assert window.client_view.client_id == second
    assert isinstance(window.client_view.tabs.currentWidget(), ContactTab)
    clinical_tab = window.client_view.tab(ClinicalTab)
    assert isinstance(clinical_tab, ClinicalTab) and clinical_tab.data is None
    actions = [row.action for row in run_job(qtbot, ctx, lambda s: client_log(s, second))]
    assert "notes.view" not in actions and "hetu.view" not in actions
    # Ctrl+Shift+N still goes to the records.
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL | SHIFT)
    _note_dialog(qtbot, clinical_tab)
    assert window.client_view.tabs.currentWidget() is clinical_tab


def test_a_booked_visit_can_be_moved_and_a_held_one_cannot(qtbot: QtBot, ctx: UiContext) -> None:
    from datetime import datetime

    from app.domain.errors import ValidationError
    from app.domain.kinds import AppointmentStatus
    from app.domain.models import Appointment
    from app.services import appointments, clients, relationships
    from app.ui.tabs.appointments_tab import AppointmentsTab

    summary = next(s for s in run_job(qtbot, ctx, clients.list_clients) if s.active)
    rels = run_job(qtbot, ctx, lambda s: relationships.relationships_of(s, summary.id))
    rel_id = next(r.id for r in rels if r.ended_on is None) or 0
    booked = run_job(
        qtbot,
        ctx,
        lambda s: appointments.add_appointment(
            s, Appointment(summary.id, rel_id, datetime(2026, 11, 28, 5, 0), 45, service="X")
        ),
    )
    tab = _appointments_tab(qtbot, ctx, summary.id)
    assert isinstance(tab, AppointmentsTab)
    tab.select_appointment(booked.id)
    assert tab.edit_button.isEnabled()
    qtbot.mouseClick(tab.edit_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert dialog is not None
    assert dialog.date.value().isoformat() == "2026-11-28"
    assert dialog.duration.value() == 45
    dialog.time.setFocus()
    qtbot.keyClick(dialog.time, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(dialog.time, "5.30")
    qtbot.keyClick(dialog.time, Qt.Key.Key_Tab)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_db(qtbot, ctx)
    qtbot.waitUntil(lambda: tab.dialog is None, timeout=5_000)  # no overlap with itself
    rows = run_job(qtbot, ctx, lambda s: appointments.appointments_of(s, summary.id))
    moved = next(a for a in rows if a.id == booked.id)
    assert moved.starts_at == datetime(2026, 11, 28, 5, 30)
    assert moved.status is AppointmentStatus.BOOKED and len(rows) == len({a.id for a in rows})

    # Cancelled, it stays in the history and is not changed any more.
    tab.select_appointment(booked.id)
    qtbot.mouseClick(tab.status_buttons[AppointmentStatus.CANCELLED], Qt.MouseButton.LeftButton)
    cancel = tab.dialog
    assert cancel is not None
    qtbot.keyClicks(cancel.reason, "Flunssa")  # type: ignore[attr-defined]
    qtbot.mouseClick(cancel.save_button, Qt.MouseButton.LeftButton)
    wait_db(qtbot, ctx)
    qtbot.waitUntil(lambda: tab.dialog is None)
    tab.select_appointment(booked.id)
    assert not tab.edit_button.isEnabled()
    moved.starts_at = datetime(2026, 11, 28, 7, 0)
    with pytest.raises(ValidationError) as info:
        run_job(qtbot, ctx, lambda s: appointments.update_appointment(s, moved))
    assert info.value.code == "appointment.not_booked"


# --- item 15: a revealed hetu masks itself again ---------------------------------------------


def test_a_revealed_hetu_is_masked_again_by_itself(
    qtbot: QtBot, ctx: UiContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.gui.test_clinical_tab import HETU

    monkeypatch.setattr(ClinicalTab, "HETU_SHOWN_MS", 300)
    client_id, _rel = run_job(qtbot, ctx, add_patient)
    window = open_main_window(qtbot, ctx)
    tab = open_clinical(qtbot, ctx, window, client_id)
    masked = tab.hetu_value.text()
    assert masked == HETU[:7] + "****"
    qtbot.mouseClick(tab.show_hetu_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.hetu_value.text() == HETU, timeout=5_000)
    assert tab.hetu_revealed
    # Nobody touches anything, nor chooses another client: it goes by itself.
    qtbot.waitUntil(lambda: tab.hetu_value.text() == masked, timeout=5_000)
    assert not tab.hetu_revealed
    assert tab.show_hetu_button.text() == "Sho&w"


# --- item 14: the glossary's words, one time format ---------------------------------------------


@pytest.mark.parametrize("ui_language", ["fi", "sv"])
def test_agenda_times_filter_and_withdraw_use_the_glossary_words(
    qtbot: QtBot, ctx: UiContext, ui_language: str
) -> None:
    import re

    from app.ui.client_list import StatusFilter
    from app.ui.tabs.consents_tab import ConsentsTab

    window = open_main_window(qtbot, ctx)
    model = window.agenda.model
    assert model.rowCount() > 0
    times = [str(model.data(model.index(r, 1))) for r in range(model.rowCount())]
    assert all(re.fullmatch(r"([1-9]|1\d|2[0-3])\.\d\d", t) for t in times), times  # 9.00
    filter_texts = {
        window.status_filter.itemData(i): window.status_filter.itemText(i)
        for i in range(window.status_filter.count())
    }
    expected = {"fi": ("Aktiiviset", "Päättyneet"), "sv": ("Aktiva", "Avslutade")}[ui_language]
    assert (filter_texts[StatusFilter.ACTIVE], filter_texts[StatusFilter.ENDED]) == expected
    week = {"fi": "seuraavat 7 päivää", "sv": "de följande 7 dagarna"}[ui_language]
    assert week in window.agenda.title.text()  # "this week" is the next seven days
    assert week in window.agenda_button.toolTip()
    consents = window.client_view.tab(ConsentsTab)
    assert isinstance(consents, ConsentsTab)
    from app.ui.tabs.requests_tab import RequestsTab

    requests = window.client_view.tab(RequestsTab)
    assert isinstance(requests, RequestsTab)
    checked = {"fi": "varmistettu", "sv": "kontrollerad"}[ui_language]
    assert checked in requests.identity_button.text()  # the glossary's "identity checked"
    withdraw = consents.withdraw_button.text().replace("&", "")
    assert withdraw != "Peru…" and ("suostumus" in withdraw or ui_language == "sv")


# --- item 8: services after the wizard --------------------------------------------------------


def test_services_can_be_added_renamed_and_stopped_after_the_wizard(
    qtbot: QtBot, ctx: UiContext
) -> None:
    from app.domain.errors import ValidationError
    from app.domain.kinds import RegisterKind
    from app.services import register as reg
    from app.ui.dialogs.services_dialog import ServicesDialog

    window = open_main_window(qtbot, ctx)
    window.services_action.trigger()
    qtbot.waitUntil(lambda: bool(window.findChildren(ServicesDialog)), timeout=5_000)
    dialog = window.findChildren(ServicesDialog)[0]
    wait_db(qtbot, ctx)
    assert dialog.table.rowCount() == len(run_job(qtbot, ctx, reg.services)) > 0

    # A new service.
    qtbot.keyClicks(dialog.name, "Parisuhdeterapia")
    dialog.kind.setCurrentIndex(dialog.kind.findData(RegisterKind.PATIENT))
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    wait_db(qtbot, ctx)
    names = {s.name: s for s in run_job(qtbot, ctx, reg.services)}
    assert names["Parisuhdeterapia"].register_kind is RegisterKind.PATIENT
    # The same name again is refused inline.
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    wait_db(qtbot, ctx)
    assert dialog.error.isVisible()

    # Renamed and no longer offered.
    new = names["Parisuhdeterapia"]
    dialog.table.selectRow([s.id for s in dialog.services].index(new.id))
    dialog.name.clear()
    qtbot.keyClicks(dialog.name, "Pariterapia")
    dialog.active.setChecked(False)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_db(qtbot, ctx)
    saved = next(s for s in run_job(qtbot, ctx, reg.services) if s.id == new.id)
    assert (saved.name, saved.active) == ("Pariterapia", False)

    # A service in use keeps its register kind (its relationships' rules follow it).
    used = next(s for s in run_job(qtbot, ctx, reg.services) if s.name == "Psykoterapia")
    used.register_kind = RegisterKind.OTHER
    with pytest.raises(ValidationError) as info:
        run_job(qtbot, ctx, lambda s: reg.update_service(s, used))
    assert info.value.code == "service.kind_in_use"
    dialog.reject()


def test_a_recorded_name_and_hetu_can_be_corrected(qtbot: QtBot, ctx: UiContext) -> None:
    from datetime import date

    from app.domain.hetu import temporary_hetu
    from app.ui.dialogs.note_dialogs import CorrectIdentityDialog

    client_id, _rel = run_job(qtbot, ctx, add_patient)
    window = open_main_window(qtbot, ctx)
    tab = open_clinical(qtbot, ctx, window, client_id)
    assert tab.correct_identity_button.isVisible()

    def correct(field: str, value: str, reason: str) -> None:
        qtbot.mouseClick(tab.correct_identity_button, Qt.MouseButton.LeftButton)
        dialog = tab.dialog
        assert isinstance(dialog, CorrectIdentityDialog)
        dialog.field.setCurrentIndex(dialog.field.findData(field))
        qtbot.keyClicks(dialog.value, value)
        qtbot.keyClicks(dialog.reason, reason)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        wait_db(qtbot, ctx)
        qtbot.waitUntil(lambda: tab.dialog is None, timeout=5_000)
        wait_db(qtbot, ctx)

    correct("name_as_recorded", "Vaino Kokeilu-Testi", "Nimi muuttunut")
    assert tab.name_value.text() == "Vaino Kokeilu-Testi"
    new_hetu = temporary_hetu(date(1984, 5, 17), 963)
    correct("hetu", new_hetu, "Kirjoitusvirhe")
    identity = run_job(qtbot, ctx, lambda s: clinical.identity_masked(s, client_id))
    assert identity is not None and identity.hetu == new_hetu[:7] + "****"
    assert tab.hetu_value.text() == new_hetu[:7] + "****"
    assert ctx.errors == []  # type: ignore[attr-defined]


# --- item 16: the client list -------------------------------------------------------------------


def test_client_list_sorts_by_last_name_and_says_when_nothing_matches(
    qtbot: QtBot, ctx: UiContext
) -> None:
    from app.domain.models import Client
    from app.services import clients
    from app.ui.client_list import StatusFilter

    for first, last in (("Zaida", "Aaltonen"), ("Aapo", "Zetterberg")):
        run_job(
            qtbot,
            ctx,
            lambda s, f=first, la=last: clients.add_client(s, Client(first_name=f, last_name=la)),
        )
    window = open_main_window(qtbot, ctx)
    window.status_filter.setCurrentIndex(window.status_filter.findData(StatusFilter.ALL))
    names = [window.model.summary(r).name for r in range(window.model.rowCount())]
    assert names.index("Zaida Aaltonen") < names.index("Aapo Zetterberg")

    assert not window.no_match.isVisible()
    from datetime import date

    from app.domain.hetu import temporary_hetu

    qtbot.keyClicks(window.search, temporary_hetu(date(1970, 1, 1), 999))  # nobody's
    wait_db(qtbot, ctx)
    assert window.proxy.rowCount() == 0
    assert window.no_match.isVisible()
    assert window.no_match.text() == "No client has this identity code or birth date."
    window.search.clear()
    assert not window.no_match.isVisible()
    qtbot.keyClicks(window.search, "Zetter")
    assert window.proxy.rowCount() == 1 and not window.no_match.isVisible()


# --- item 13: the service shows; a coaching client has no "patient records" ---------------


def test_relationships_show_the_service_and_the_records_tab_fits_the_client(
    qtbot: QtBot, ctx: UiContext
) -> None:
    from app.domain.kinds import RecordsKept, RegisterKind
    from app.domain.models import Client, Relationship, Service
    from app.services import clients, relationships
    from app.services import register as reg
    from app.services.session import Session
    from app.ui.tabs.contact_tab import ContactTab

    patient_id, _rel = run_job(qtbot, ctx, add_patient)

    def coaching_client(s: Session) -> str:
        client = clients.add_client(s, Client(first_name="Ville", last_name="Valmennettava"))
        service = reg.add_service(
            s, Service(name="Urheiluvalmennus", register_kind=RegisterKind.OTHER)
        )
        relationships.start_relationship(
            s,
            Relationship(
                client_id=client.id or "",
                register_kind=RegisterKind.OTHER,
                records_kept=RecordsKept.VAKKA,
                service_id=service.id,
                started_on=TODAY,
            ),
        )
        return client.id or ""

    coachee = run_job(qtbot, ctx, coaching_client)
    window = open_main_window(qtbot, ctx)
    view = window.client_view
    clinical_index = view.tabs.indexOf(view.tab(ClinicalTab))
    window.select_client(patient_id)
    window.refresh_clients()
    wait_db(qtbot, ctx)
    window.select_client(patient_id)
    wait_db(qtbot, ctx)
    assert view.tabs.tabText(clinical_index) == "Patient records"
    contact = view.tab(ContactTab)
    assert isinstance(contact, ContactTab)
    model = contact.relationships_model
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Service"
    assert model.data(model.index(0, 0)) == "Psykoterapia"

    window.select_client(coachee)
    wait_db(qtbot, ctx)
    assert view.tabs.tabText(clinical_index) == "Client records"
    assert model.data(model.index(0, 0)) == "Urheiluvalmennus"


@pytest.mark.parametrize("ui_language", ["fi"])
def test_file_dialogs_are_qt_s_own_in_the_ui_language(
    qtbot: QtBot, ctx: UiContext, monkeypatch: pytest.MonkeyPatch, ui_language: str
) -> None:
    from PySide6.QtWidgets import QFileDialog

    asked: list[tuple[str, object]] = []

    def fake_save(*args: object) -> tuple[str, str]:
        asked.append((str(args[1]), args[5]))
        return "", ""  # cancelled

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_save)
    window = open_main_window(qtbot, ctx)
    window.back_up()
    assert len(asked) == 1
    caption, options = asked[0]
    assert caption != "Back up the register"  # in Finnish
    assert options & QFileDialog.Option.DontUseNativeDialog  # type: ignore[operator]


def test_a_note_survives_the_patient_records_lock_and_returns_at_their_unlock(
    qtbot: QtBot, ctx: UiContext
) -> None:
    from app.ui.dialogs.clinical_unlock_dialog import ClinicalUnlockDialog

    client_id, _rel = run_job(qtbot, ctx, add_patient)
    window = open_main_window(qtbot, ctx)
    tab = open_clinical(qtbot, ctx, window, client_id)
    tab.new_note()
    dialog = _note_dialog(qtbot, tab)
    qtbot.keyClicks(dialog.text, DRAFT_TEXT)
    window.lock_clinical()  # Ctrl+Shift+L, or the records' own idle lock
    wait_db(qtbot, ctx)
    qtbot.waitUntil(lambda: tab.dialog is None, timeout=5_000)
    assert tab.is_locked_view()

    qtbot.mouseClick(tab.unlock_button, Qt.MouseButton.LeftButton)
    unlock = tab.dialog
    assert isinstance(unlock, ClinicalUnlockDialog)
    qtbot.keyClicks(unlock.secret, PASSPHRASE)
    qtbot.mouseClick(unlock.save_button, Qt.MouseButton.LeftButton)
    wait_db(qtbot, ctx)
    dialog = _note_dialog(qtbot, tab)
    assert dialog.text.toPlainText() == DRAFT_TEXT
    assert ctx.errors == []  # type: ignore[attr-defined]


def test_ctrl_l_names_a_form_with_typed_text_before_it_locks(
    qtbot: QtBot, ctx: UiContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.ui import main_window as main_window_module

    asked: list[list[str]] = []
    answers: list[bool] = []

    def confirm(_parent: object, titles: list[str]) -> bool:
        asked.append(titles)
        return answers.pop(0)

    monkeypatch.setattr(main_window_module, "confirm_lock_losing", confirm)
    window = open_main_window(qtbot, ctx)
    locked: list[bool] = []
    window.lock_requested.connect(lambda: locked.append(True))
    window.new_client_action.trigger()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None, timeout=5_000)
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, ClientDialog)
    qtbot.keyClicks(dialog.first_name, "Kesken")

    answers.append(False)  # "Cancel": nothing locks, nothing is lost
    window.lock_action.trigger()
    assert asked == [["New client"]] and locked == []
    assert dialog.isVisible() and dialog.first_name.text() == "Kesken"

    answers.append(True)
    window.lock_action.trigger()
    assert len(asked) == 2 and locked == [True]
    assert not dialog.isVisible()


def test_ctrl_l_locks_at_once_without_typed_text(
    qtbot: QtBot, ctx: UiContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.ui import main_window as main_window_module

    asked: list[object] = []
    monkeypatch.setattr(
        main_window_module, "confirm_lock_losing", lambda *a: asked.append(a) or False
    )
    window = open_main_window(qtbot, ctx)
    window.new_client_action.trigger()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None, timeout=5_000)
    locked: list[bool] = []
    window.lock_requested.connect(lambda: locked.append(True))
    window.lock_action.trigger()
    assert asked == [] and locked == [True]


def test_namesakes_are_told_apart_by_birth_year_and_found_by_birth_date_or_hetu(
    qtbot: QtBot, ctx: UiContext
) -> None:
    """Item 16: two Antti Virtanens; the Born column (from the patient records, only while
    they are open) sorts them, a typed birth date or hetu finds one (and is logged), and
    with the records locked the list says where such a search is made."""
    from dataclasses import replace
    from datetime import date

    from app.domain.hetu import temporary_hetu
    from app.services import audit_view, clients
    from app.services.session import Session
    from app.ui.client_list import ClientListModel

    older_hetu = temporary_hetu(date(1961, 2, 3), 971)

    def namesakes(s: Session) -> tuple[str, str]:
        ids = []
        for born, individual in ((date(1990, 8, 14), 972), (date(1961, 2, 3), 971)):
            client_id, _rel = add_patient(s, hetu=None)
            named = replace(clients.open_client(s, client_id), first_name="Antti")
            clients.update_client(s, replace(named, last_name="Virtanen"))
            clinical.set_identity(
                s, client_id, "Antti Virtanen", hetu=temporary_hetu(born, individual)
            )
            ids.append(client_id)
        return ids[0], ids[1]

    younger, older = run_job(qtbot, ctx, namesakes)
    window = open_main_window(qtbot, ctx)
    wait_db(qtbot, ctx)
    born = ClientListModel.BORN
    assert not window.list.isColumnHidden(born)
    qtbot.keyClicks(window.search, "Antti Virtanen")
    window.list.sortByColumn(born, Qt.SortOrder.AscendingOrder)
    shown = [window.proxy.index(r, born).data() for r in range(window.proxy.rowCount())]
    assert shown == ["1961", "1990"]
    window.list.sortByColumn(born, Qt.SortOrder.DescendingOrder)
    shown = [window.proxy.index(r, born).data() for r in range(window.proxy.rowCount())]
    assert shown == ["1990", "1961"]
    window.search.clear()

    qtbot.keyClicks(window.search, "14.8.1990")
    qtbot.waitUntil(lambda: window.proxy.rowCount() == 1, timeout=5_000)
    assert window.proxy.index(0, 0).data(Qt.ItemDataRole.UserRole + 1).id == younger
    assert not window.no_match.isVisible()
    window.search.clear()
    assert window.proxy.rowCount() >= 2  # cleared: everyone is back
    qtbot.keyClicks(window.search, older_hetu)
    qtbot.waitUntil(lambda: window.proxy.rowCount() == 1, timeout=5_000)
    assert window.proxy.index(0, 0).data(Qt.ItemDataRole.UserRole + 1).id == older
    for client_id in (younger, older):
        logged = run_job(qtbot, ctx, lambda s, c=client_id: audit_view.client_log(s, c))
        assert [row.action for row in logged].count("identity.search") == 1
        assert older_hetu not in repr(logged)

    window.lock_clinical()
    wait_db(qtbot, ctx)
    assert window.list.isColumnHidden(born)
    assert window.proxy.rowCount() == 0  # the hetu is no longer searched
    assert "only while the patient records are open" in window.no_match.text()
    assert ctx.errors == []  # type: ignore[attr-defined]


@pytest.mark.parametrize("ui_language", ["sv"])
def test_the_relationships_fit_the_tab_at_the_default_size_in_swedish(
    qtbot: QtBot, ctx: UiContext, ui_language: str
) -> None:
    """Item 13: at the window's default size no relationship column is cut off behind a
    scroll bar (Swedish titles are the longest); a narrowed title has its whole text as
    a tip, and long values wrap."""
    from app.ui.tabs.contact_tab import ContactTab

    patient_id, _rel = run_job(qtbot, ctx, add_patient)
    window = open_main_window(qtbot, ctx)
    window.show()
    window.select_client(patient_id)
    view = window.client_view
    contact = view.tab(ContactTab)
    assert isinstance(contact, ContactTab)
    view.tabs.setCurrentWidget(contact)
    wait_db(qtbot, ctx)
    table, model = contact.relationships_table, contact.relationships_model
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=5_000)
    table.resizeColumnsToContents()
    qtbot.wait(50)
    assert window.width() <= 1280
    assert table.horizontalScrollBar().maximum() == 0
    for column in range(model.columnCount()):
        title = model.headerData(column, Qt.Orientation.Horizontal)
        tip = model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
        assert tip == title and title
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Tjänst"


# --- drafts of the request form -------------------------------------------------------------

REQUEST_TEXT = "Pyytaa kaikki tiedot postitse, tunniste RQZX-5512 (keksitty)."


def _request_dialog(qtbot: QtBot, tab: object) -> object:
    from app.ui.dialogs.request_dialogs import RecordRequestDialog

    qtbot.waitUntil(lambda: isinstance(tab.dialog, RecordRequestDialog), timeout=5_000)  # type: ignore[attr-defined]
    return tab.dialog  # type: ignore[attr-defined]


def test_a_request_being_recorded_survives_a_lock_and_a_restart_encrypted(
    qtbot: QtBot, ctx: UiContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.services import form_drafts, requests
    from app.ui.dialogs.request_dialogs import RecordRequestDialog
    from app.ui.tabs.requests_tab import RequestsTab

    client_id, _rel = run_job(qtbot, ctx, add_patient)
    window = open_main_window(qtbot, ctx)
    window.select_client(client_id)
    wait_db(qtbot, ctx)
    tab = window.client_view.tab(RequestsTab)
    assert isinstance(tab, RequestsTab)
    window.client_view.tabs.setCurrentWidget(tab)
    tab.record_request()
    dialog = _request_dialog(qtbot, tab)
    assert isinstance(dialog, RecordRequestDialog)
    qtbot.keyClicks(dialog.details, REQUEST_TEXT)
    dialog.leave_hetu.setChecked(True)

    again = _idle_lock_and_restart(qtbot, ctx, window, tab, b"RQZX-5512", tmp_path)
    tab = again.client_view.tab(RequestsTab)
    assert isinstance(tab, RequestsTab)
    dialog = _request_dialog(qtbot, tab)
    assert isinstance(dialog, RecordRequestDialog)
    assert again.client_view.client_id == client_id
    qtbot.waitUntil(lambda: dialog.details.toPlainText() == REQUEST_TEXT, timeout=5_000)
    assert dialog.leave_hetu.isChecked()
    assert dialog._drafts is not None and dialog._drafts.note.isVisible()

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_db(qtbot, ctx)
    qtbot.waitUntil(lambda: tab.dialog is None, timeout=5_000)
    saved = run_job(qtbot, ctx, lambda s: requests.requests_of(s, client_id))
    assert [r.details for r in saved] == [REQUEST_TEXT]
    assert run_job(qtbot, ctx, form_drafts.kept_form_drafts) == []

    # Typed again and thrown away with Esc (after the question): no draft is kept.
    monkeypatch.setattr(form_helpers, "confirm_discard", lambda _parent: True)
    tab.record_request()
    dialog = _request_dialog(qtbot, tab)
    assert isinstance(dialog, RecordRequestDialog)
    qtbot.keyClicks(dialog.details, "Heti pois")
    dialog._drafts.keep()  # as after a pause in typing  # type: ignore[union-attr]
    wait_db(qtbot, ctx)
    assert run_job(qtbot, ctx, form_drafts.kept_form_drafts) == [("request", client_id)]
    qtbot.keyClick(dialog.details, Qt.Key.Key_Escape)
    wait_db(qtbot, ctx)
    qtbot.waitUntil(lambda: tab.dialog is None, timeout=5_000)
    assert run_job(qtbot, ctx, form_drafts.kept_form_drafts) == []
    assert ctx.errors == []  # type: ignore[attr-defined]


def test_a_new_invoice_being_written_survives_a_lock_with_its_lines(
    qtbot: QtBot, ctx: UiContext, tmp_path: Path
) -> None:
    """Issue 11: the invoice form too: its header and lines are kept at a lock (encrypted,
    in no file in plain text) and come back, lines and all, when it reopens after unlock."""
    from app.services import billing, form_drafts
    from app.ui.dialogs.invoice_dialog import InvoiceDialog
    from app.ui.tabs.billing_tab import BillingTab

    client_id, _rel = run_job(qtbot, ctx, add_patient)
    window = open_main_window(qtbot, ctx)
    window.select_client(client_id)
    wait_db(qtbot, ctx)
    tab = window.client_view.tab(BillingTab)
    window.client_view.tabs.setCurrentWidget(tab)
    tab.new_invoice()
    qtbot.waitUntil(lambda: isinstance(tab.dialog, InvoiceDialog), timeout=5_000)
    dialog = tab.dialog
    assert isinstance(dialog, InvoiceDialog)
    qtbot.keyClicks(dialog.lines[0].description, "Tyonohjaus ILZQ-4471")
    qtbot.keyClicks(dialog.lines[0].unit_price, "120,00")
    second = dialog.add_line()
    qtbot.keyClicks(second.description, "Matkakulut")
    qtbot.keyClicks(second.unit_price, "15,50")

    again = _idle_lock_and_restart(qtbot, ctx, window, tab, b"ILZQ-4471", tmp_path)
    tab = again.client_view.tab(BillingTab)
    qtbot.waitUntil(lambda: isinstance(tab.dialog, InvoiceDialog), timeout=5_000)
    dialog = tab.dialog
    assert isinstance(dialog, InvoiceDialog)
    qtbot.waitUntil(lambda: len(dialog.lines) == 2, timeout=5_000)
    kept = [(r.description.text(), r.unit_price.text()) for r in dialog.lines]
    assert kept == [("Tyonohjaus ILZQ-4471", "120,00"), ("Matkakulut", "15,50")]
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_db(qtbot, ctx)
    qtbot.waitUntil(lambda: tab.dialog is None, timeout=5_000)
    saved = run_job(qtbot, ctx, lambda s: billing.invoices_of(s, client_id))
    assert [sum(line.unit_price_cents for line in i.lines) for i in saved] == [13550]
    assert run_job(qtbot, ctx, form_drafts.kept_form_drafts) == []
    assert ctx.errors == []  # type: ignore[attr-defined]


# --- a lock while a save is on its way, or while the discard question waits ----------------


def test_a_lock_during_a_save_keeps_no_second_copy_as_a_draft(qtbot: QtBot, ctx: UiContext) -> None:
    """Saved and locked before the save answered (the worker was busy): the note and the
    request are saved once, and no draft of them reopens after the unlock to be saved again."""
    import time

    from app.services import form_drafts, requests
    from app.ui.tabs.requests_tab import RequestsTab

    client_id, _rel = run_job(qtbot, ctx, add_patient)
    window = open_main_window(qtbot, ctx)
    tab = open_clinical(qtbot, ctx, window, client_id)
    tab.new_note()
    dialog = _note_dialog(qtbot, tab)
    qtbot.keyClicks(dialog.text, "Tallennettu kerran")
    wait_db(qtbot, ctx)  # the dialog's own reads are done
    ctx.db.run(lambda _s: time.sleep(0.5))  # e.g. a daily backup ahead of the save
    qtbot.keyClick(dialog.text, Qt.Key.Key_Return, CTRL)
    assert dialog.save_in_flight()
    window.lock_clinical()  # the patient records' idle lock, before the save's answer
    wait_db(qtbot, ctx)
    run_job(qtbot, ctx, lambda s: s.register.unlock_clinical(Secret(passphrase=PASSPHRASE)))
    notes = run_job(qtbot, ctx, lambda s: clinical.notes_of(s, client_id))
    assert [n.body for n in notes] == ["Tallennettu kerran"]
    assert run_job(qtbot, ctx, clinical.pending_note_drafts) == []

    window.select_client(client_id)
    wait_db(qtbot, ctx)
    requests_tab = window.client_view.tab(RequestsTab)
    window.client_view.tabs.setCurrentWidget(requests_tab)
    requests_tab.record_request()
    form = _request_dialog(qtbot, requests_tab)
    qtbot.keyClicks(form.details, "Pyynto kerran")  # type: ignore[attr-defined]
    ctx.db.run(lambda _s: time.sleep(0.5))
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    window.lock()  # the idle lock, before the save's answer
    wait_db(qtbot, ctx)
    window.close()
    _unlock_again(qtbot, ctx)
    saved = run_job(qtbot, ctx, lambda s: requests.requests_of(s, client_id))
    assert [r.details for r in saved] == ["Pyynto kerran"]
    assert run_job(qtbot, ctx, form_drafts.kept_form_drafts) == []


def test_the_records_lock_while_the_discard_question_waits_loses_nothing(
    qtbot: QtBot, ctx: UiContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Esc on a note asks "Throw it away?"; the records' idle lock closes the note while
    the question waits. No error, and the unanswered text is kept as a draft."""
    import sys

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(form_helpers, "confirm_discard", ORIGINAL_CONFIRM_DISCARD)
    client_id, _rel = run_job(qtbot, ctx, add_patient)
    window = open_main_window(qtbot, ctx)
    tab = open_clinical(qtbot, ctx, window, client_id)
    tab.new_note()
    dialog = _note_dialog(qtbot, tab)
    qtbot.keyClicks(dialog.text, "Kysymys auki")
    errors: list[BaseException] = []
    monkeypatch.setattr(sys, "excepthook", lambda _t, error, _tb: errors.append(error))
    asked: list[bool] = []

    def lock_while_asked() -> None:
        asked.append(isinstance(QApplication.activeModalWidget(), QMessageBox))
        window.lock_clinical()

    QTimer.singleShot(200, lock_while_asked)
    dialog.reject()  # Esc: the question waits in its own event loop
    wait_db(qtbot, ctx)
    assert asked == [True]
    assert errors == []
    run_job(qtbot, ctx, lambda s: s.register.unlock_clinical(Secret(passphrase=PASSPHRASE)))
    drafts = run_job(qtbot, ctx, clinical.pending_note_drafts)
    assert [d.body for d in drafts] == ["Kysymys auki"]


def test_a_request_recorded_before_the_tab_has_loaded_is_dated_today(
    qtbot: QtBot, ctx: UiContext
) -> None:
    from app.ui.tabs.requests_tab import RequestsData, RequestsTab

    client_id, _rel = run_job(qtbot, ctx, add_patient)
    window = open_main_window(qtbot, ctx)
    window.select_client(client_id)
    tab = window.client_view.tab(RequestsTab)
    window.client_view.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.client_id == client_id, timeout=5_000)
    tab.data = RequestsData()  # as before the tab's data has arrived
    tab.record_request()
    form = _request_dialog(qtbot, tab)
    assert form.received_on.value() == TODAY  # type: ignore[attr-defined]
