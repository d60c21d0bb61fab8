"""The patient records tab on a real demo register and the real worker thread.

Notes (write, amend, remove content), the hetu (masked, logged reveal, concealed copy),
full-text search, the locked state and unlocking, records kept on paper, and the
clinical idle lock of the main window. Only temporary identity codes (900–999).
"""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QTextBrowser, QWidget
from pytestqt.qtbot import QtBot
from stdnum.fi import hetu as stdnum_hetu

from app.db.audit import AuditRow
from app.domain.errors import VakkaError
from app.domain.hetu import temporary_hetu
from app.domain.kinds import NoteKind, RecordsKept, RegisterKind
from app.domain.models import Client, Note, Relationship
from app.services import clients, clinical, register, relationships
from app.services.audit_view import client_log
from app.services.session import Session
from app.ui.clipboard import SecureClipboard
from app.ui.context import UiContext
from app.ui.dialogs import note_dialogs
from app.ui.dialogs.clinical_unlock_dialog import ClinicalUnlockDialog
from app.ui.dialogs.note_dialogs import AmendDialog, IdentityDialog, NoteDialog, RemoveContentDialog
from app.ui.legal import legal_note_text
from app.ui.main_window import MainWindow
from app.ui.tabs.clinical_tab import NOTE_ROLE, PROTECTED_ROLE, ClinicalTab, NotesModel
from tests.conftest import PASSPHRASE
from tests.gui.conftest import TODAY, wait_db
from tests.gui.drive import run_job as call
from tests.gui.drive import type_text

T = TypeVar("T")
HETU = temporary_hetu(date(1984, 5, 17), 962)
NAME = "Väinö Kokeilu"
FIRST_TEXT = "Käsiteltiin jännitystä ja öisiä heräämisiä; sovittiin rentoutusharjoitus."
CORRECTED_TEXT = "Käsiteltiin jännitystä ja aamuyön heräämisiä; sovittiin rentoutusharjoitus."
LEFT_CLICK = Qt.MouseButton.LeftButton


def test_the_test_code_is_temporary() -> None:
    assert stdnum_hetu.is_valid(HETU, allow_temporary=True)
    assert 900 <= int(HETU[7:10]) <= 999


# --- helpers --------------------------------------------------------------------------------


def add_patient(
    session: Session,
    records_kept: RecordsKept = RecordsKept.VAKKA,
    hetu: str | None = HETU,
    location: str = "",
) -> tuple[str, int]:
    """A new client with a psychotherapy relationship (the demo confirmed the legal note)."""
    client = clients.add_client(session, Client(first_name="Väinö", last_name="Kokeilu"))
    service_id = next(s.id for s in register.services(session) if s.name == "Psykoterapia")
    rel = relationships.start_relationship(
        session,
        Relationship(
            client_id=client.id or "",
            register_kind=RegisterKind.PATIENT,
            records_kept=records_kept,
            records_location=location,
            service_id=service_id,
            started_on=date(2026, 9, 1),
        ),
    )
    if hetu is not None:
        clinical.set_identity(session, client.id or "", NAME, hetu=hetu)
    return client.id or "", rel.id or 0


def write_note(session: Session, client_id: str, rel_id: int, body: str) -> Note:
    return clinical.add_note(
        session,
        Note(
            client_id=client_id,
            relationship_id=rel_id,
            register_kind=RegisterKind.PATIENT,
            kind=NoteKind.SESSION_NOTE,
            body=body,
            written_at=session.now(),
            author_name="Eeva Esimerkki",
            author_title="psykoterapeutti",
            specially_protected=True,
        ),
    )


def open_window(qtbot: QtBot, ctx: UiContext) -> MainWindow:
    window = MainWindow(ctx, today=lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    window.start()
    wait_db(qtbot, ctx)
    return window


def open_clinical(qtbot: QtBot, ctx: UiContext, window: MainWindow, client_id: str) -> ClinicalTab:
    window.refresh_clients()
    wait_db(qtbot, ctx)
    window.select_client(client_id)
    wait_db(qtbot, ctx)
    tab = window.client_view.tab(ClinicalTab)
    assert isinstance(tab, ClinicalTab)
    window.client_view.tabs.setCurrentWidget(tab)
    wait_db(qtbot, ctx)
    assert tab.client_id == client_id
    return tab


def model_texts(model: NotesModel) -> list[list[str]]:
    """Every cell's text and tooltip (called on the Python model directly)."""
    rows = []
    for r in range(model.rowCount()):
        cells = []
        for c in range(model.columnCount()):
            index = model.index(r, c)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = model.data(index, role)
                cells.append("" if value is None else str(value))
        rows.append(cells)
    return rows


def all_model_text(model: NotesModel) -> str:
    return "\n".join("\t".join(cells) for cells in model_texts(model))


def visible_text(widget: QWidget) -> str:
    """The text of every label, line edit, text view and model of the widget."""
    parts = [w.text() for w in widget.findChildren(QLabel)]
    parts += [w.text() for w in widget.findChildren(QLineEdit)]
    parts += [w.toPlainText() for w in widget.findChildren(QPlainTextEdit)]
    parts += [w.toPlainText() for w in widget.findChildren(QTextBrowser)]
    return "\n".join(parts)


def audit_actions(qtbot: QtBot, ctx: UiContext, client_id: str) -> list[AuditRow]:
    return call(qtbot, ctx, lambda s: client_log(s, client_id))


def click(qtbot: QtBot, button: QWidget) -> None:
    assert button.isEnabled()
    qtbot.mouseClick(button, LEFT_CLICK)


def dialog_of(tab: ClinicalTab, kind: type[T]) -> T:
    dialog = tab.dialog
    assert isinstance(dialog, kind), dialog
    return dialog


def row_of_text(model: NotesModel, text: str) -> int:
    for r in range(model.rowCount()):
        note = model.data(model.index(r, 0), NOTE_ROLE)
        if isinstance(note, Note) and note.body == text:
            return r
    raise AssertionError(f"no row with {text!r}")


# --- notes ----------------------------------------------------------------------------------


def test_write_amend_and_remove_content_of_a_patient_note(
    qtbot: QtBot, ctx: UiContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    client_id, _rel = call(qtbot, ctx, add_patient)
    practice = call(qtbot, ctx, register.practice)
    window = open_window(qtbot, ctx)
    tab = open_clinical(qtbot, ctx, window, client_id)
    assert not tab.is_locked_view()
    assert tab.model.rowCount() == 0
    assert "Ctrl+Shift+N" in tab.new_note_button.toolTip()

    # A new note, typed into the dialog; author and title come from the practice.
    click(qtbot, tab.new_note_button)
    dialog = dialog_of(tab, NoteDialog)
    assert dialog.author_name.text() == practice.practitioner_name
    assert dialog.author_title.text() == practice.practitioner_title
    assert dialog.protected.isChecked()  # psychotherapy: specially protected by default
    click(qtbot, dialog.save_button)  # empty: refused in the dialog, nothing saved
    assert dialog.error.isVisible() and dialog.isVisible()
    type_text(qtbot, dialog.text, FIRST_TEXT)
    click(qtbot, dialog.save_button)
    wait_db(qtbot, ctx)
    assert tab.dialog is None
    assert tab.model.rowCount() == 1
    first_row = tab.model.data(tab.model.index(0, NotesModel.TEXT), Qt.ItemDataRole.DisplayRole)
    assert first_row == FIRST_TEXT
    assert tab.model.data(tab.model.index(0, 0), PROTECTED_ROLE) is True
    assert tab.model.data(tab.model.index(0, NotesModel.KIND), Qt.ItemDataRole.DecorationRole)
    assert tab.selected_note() is not None  # the new note is selected and readable below
    assert FIRST_TEXT in tab.detail.toPlainText()
    assert "Specially protected" in tab.detail.toPlainText()

    # Amend: the reason is required; both versions stay readable, the amendment right below.
    click(qtbot, tab.amend_button)
    amend = dialog_of(tab, AmendDialog)
    assert amend.original_text.toPlainText() == FIRST_TEXT
    amend.text.clear()
    type_text(qtbot, amend.text, CORRECTED_TEXT)
    click(qtbot, amend.save_button)
    assert amend.isVisible() and "reason" in amend.error.text()
    type_text(qtbot, amend.reason, "Heräämisten aika korjattu")
    click(qtbot, amend.save_button)
    wait_db(qtbot, ctx)
    assert tab.dialog is None
    assert tab.model.rowCount() == 2
    original, amendment = tab.model.row(0), tab.model.row(1)
    assert (original.note.body, original.depth) == (FIRST_TEXT, 0)
    assert (amendment.note.body, amendment.depth) == (CORRECTED_TEXT, 1)
    assert amendment.note.amends_id == original.note.id
    cells = model_texts(tab.model)
    assert FIRST_TEXT in cells[0] and CORRECTED_TEXT in cells[1]
    assert any("Heräämisten aika korjattu" in cell for cell in cells[1])
    assert any(practice.practitioner_title in cell for cell in cells[1])  # author, title
    assert "23 November 2026 09:30" in cells[1]  # the time of the amendment
    tab.table.selectRow(0)
    detail = tab.detail.toPlainText()
    assert FIRST_TEXT in detail and CORRECTED_TEXT in detail
    assert "Heräämisten aika korjattu" in detail

    # Remove content of the original: kind and reason required, then a confirmation.
    tab.table.selectRow(row_of_text(tab.model, FIRST_TEXT))
    click(qtbot, tab.remove_button)
    remove = dialog_of(tab, RemoveContentDialog)
    type_text(qtbot, remove.reason, "Tarpeeton yksityiskohta")
    click(qtbot, remove.save_button)
    assert remove.isVisible() and remove.error.isVisible()  # no kind of content yet
    remove.content_kind.setCurrentIndex(remove.content_kind.findData("unnecessary"))
    asked: list[bool] = []
    monkeypatch.setattr(note_dialogs, "confirm_removal", lambda _parent: asked.append(False))
    click(qtbot, remove.save_button)
    wait_db(qtbot, ctx)
    assert asked == [False] and remove.isVisible()  # declined: nothing removed
    assert FIRST_TEXT in all_model_text(tab.model)
    monkeypatch.setattr(note_dialogs, "confirm_removal", lambda _parent: True)
    click(qtbot, remove.save_button)
    wait_db(qtbot, ctx)
    assert tab.dialog is None
    text = all_model_text(tab.model)
    assert FIRST_TEXT not in text
    assert CORRECTED_TEXT in text  # the amendment is an entry of its own
    marker = tab.model.data(tab.model.index(0, NotesModel.TEXT), Qt.ItemDataRole.DisplayRole)
    assert "Content removed (Unnecessary information)" in marker
    assert practice.practitioner_name in marker and "Tarpeeton yksityiskohta" in marker
    assert "23 November 2026" in marker
    assert tab.model.row(0).note.removed
    tab.table.selectRow(0)
    assert not tab.amend_button.isEnabled() and not tab.remove_button.isEnabled()
    assert FIRST_TEXT not in tab.detail.toPlainText()
    assert "Content removed" in tab.detail.toPlainText()

    actions = [row.action for row in audit_actions(qtbot, ctx, client_id)]
    for action in ("note.write", "note.amend", "note.remove", "notes.view"):
        assert action in actions
    rows = audit_actions(qtbot, ctx, client_id)
    assert all(FIRST_TEXT not in repr(row) and CORRECTED_TEXT not in repr(row) for row in rows)
    assert ctx.errors == []  # type: ignore[attr-defined]


def test_new_note_is_the_public_action_and_locked_tab_asks_to_unlock(
    qtbot: QtBot, ctx: UiContext
) -> None:
    client_id, _rel = call(qtbot, ctx, add_patient)
    window = open_window(qtbot, ctx)
    tab = open_clinical(qtbot, ctx, window, client_id)
    tab.new_note()
    dialog_of(tab, NoteDialog).reject()
    qtbot.waitUntil(lambda: tab.dialog is None)
    window.lock_clinical()
    wait_db(qtbot, ctx)
    tab.new_note()
    dialog_of(tab, ClinicalUnlockDialog).reject()
    assert ctx.errors == []  # type: ignore[attr-defined]


# --- identity and hetu ------------------------------------------------------------------------


def test_hetu_masked_revealed_with_a_log_row_and_copied_concealed(
    qtbot: QtBot, ctx: UiContext
) -> None:
    ctx.clipboard = SecureClipboard(clear_after_ms=300)
    client_id, _rel = call(qtbot, ctx, add_patient)
    window = open_window(qtbot, ctx)
    tab = open_clinical(qtbot, ctx, window, client_id)
    assert tab.name_value.text() == NAME
    assert tab.hetu_value.text() == HETU[:7] + "****"
    assert HETU not in visible_text(window)
    assert tab.birth_value.text() == "17 May 1984"
    assert "temporary" in tab.hetu_note.text()
    assert "hetu.reveal" not in [r.action for r in audit_actions(qtbot, ctx, client_id)]

    click(qtbot, tab.show_hetu_button)
    wait_db(qtbot, ctx)
    assert tab.hetu_value.text() == HETU
    reveals = [r for r in audit_actions(qtbot, ctx, client_id) if r.action == "hetu.reveal"]
    assert len(reveals) == 1 and reveals[0].data_kind == "hetu"
    assert HETU not in repr(reveals[0])
    click(qtbot, tab.show_hetu_button)  # hide again
    assert tab.hetu_value.text() == HETU[:7] + "****"

    clipboard = QGuiApplication.clipboard()
    clipboard.setText("something else")
    click(qtbot, tab.copy_hetu_button)
    wait_db(qtbot, ctx)
    assert clipboard.text() == HETU
    mime = clipboard.mimeData()
    assert mime is not None and mime.hasFormat("x-kde-passwordManagerHint")
    assert "clipboard" in tab.clipboard_note.text()
    reveals = [r for r in audit_actions(qtbot, ctx, client_id) if r.action == "hetu.reveal"]
    assert len(reveals) == 2  # copying shows the code too: logged
    qtbot.waitUntil(lambda: clipboard.text() == "", timeout=3000)

    # Locking the patient records clears a copied code at once.
    ctx.clipboard = SecureClipboard(clear_after_ms=60_000)
    click(qtbot, tab.copy_hetu_button)
    wait_db(qtbot, ctx)
    assert clipboard.text() == HETU
    window.lock_clinical()
    wait_db(qtbot, ctx)
    assert clipboard.text() == ""
    assert ctx.errors == []  # type: ignore[attr-defined]


def test_record_identity_through_the_dialog(qtbot: QtBot, ctx: UiContext) -> None:
    client_id, _rel = call(qtbot, ctx, lambda s: add_patient(s, hetu=None))
    window = open_window(qtbot, ctx)
    tab = open_clinical(qtbot, ctx, window, client_id)
    assert tab.identity_missing.isVisible() and not tab.identity_form.isVisible()
    click(qtbot, tab.record_identity_button)
    dialog = dialog_of(tab, IdentityDialog)
    assert dialog.name.text() == "Väinö Kokeilu"  # the client's name as a start
    type_text(qtbot, dialog.hetu, HETU[:-1])  # a typing error: the check character missing
    click(qtbot, dialog.save_button)
    wait_db(qtbot, ctx)
    assert dialog.isVisible() and dialog.error.isVisible()
    type_text(qtbot, dialog.hetu, HETU[-1])
    click(qtbot, dialog.save_button)
    wait_db(qtbot, ctx)
    assert tab.dialog is None
    assert tab.identity_form.isVisible()
    assert tab.hetu_value.text() == HETU[:7] + "****"
    assert tab.birth_value.text() == "17 May 1984"
    assert ctx.errors == []  # type: ignore[attr-defined]


# --- search ---------------------------------------------------------------------------------


def test_search_finds_words_with_umlauts_and_not_removed_words(
    qtbot: QtBot, ctx: UiContext
) -> None:
    def setup(s: Session) -> tuple[str, list[int]]:
        client_id, rel_id = add_patient(s)
        notes = [
            write_note(
                s, client_id, rel_id, "Sää oli sateinen; asiakas kertoi Äänekosken mökistä."
            ),
            write_note(s, client_id, rel_id, "Asiakas saa uuden ajan ensi viikolle."),
            write_note(s, client_id, rel_id, "Mainittiin Kuusamon kalastusmatka ja uni."),
        ]
        clinical.remove_content(
            s, notes[2].id or 0, "unnecessary", "Ei kuulu hoitoon", "Eeva Esimerkki", ""
        )
        return client_id, [n.id or 0 for n in notes]

    client_id, ids = call(qtbot, ctx, setup)
    window = open_window(qtbot, ctx)
    tab = open_clinical(qtbot, ctx, window, client_id)
    assert tab.model.rowCount() == 3

    def search(text: str) -> list[int | None]:
        tab.search.clear()
        type_text(qtbot, tab.search, text)
        qtbot.waitUntil(lambda: "found" in tab.search_info.text(), timeout=3000)
        wait_db(qtbot, ctx)
        return [tab.model.row(r).note.id for r in range(tab.model.rowCount())]

    assert search("ÄÄNEKOSKEN") == [ids[0]]
    assert search("mökist") == [ids[0]]  # a word prefix (Finnish inflection)
    assert search("sää") == [ids[0]]
    assert search("saa") == [ids[1]]  # ä is a letter of its own
    assert search("kuusamon") == []  # removed content left the index
    assert "0 entries found" in tab.search_info.text()
    assert search("asiakas") == [ids[1], ids[0]]  # newest first, like the timeline
    tab.search.clear()
    assert tab.model.rowCount() == 3 and tab.search_info.text() == ""
    views = [r for r in audit_actions(qtbot, ctx, client_id) if r.action == "notes.view"]
    assert sum(1 for r in views if r.ref == "search") >= 6
    assert ctx.errors == []  # type: ignore[attr-defined]


# --- locking --------------------------------------------------------------------------------


def test_lock_clears_everything_and_wrong_passphrase_keeps_it_locked(
    qtbot: QtBot, ctx: UiContext
) -> None:
    def setup(s: Session) -> str:
        client_id, rel_id = add_patient(s)
        write_note(s, client_id, rel_id, FIRST_TEXT)
        return client_id

    client_id = call(qtbot, ctx, setup)
    window = open_window(qtbot, ctx)
    tab = open_clinical(qtbot, ctx, window, client_id)
    tab.table.selectRow(0)
    click(qtbot, tab.show_hetu_button)
    wait_db(qtbot, ctx)
    shown = visible_text(tab)
    assert NAME in shown and HETU in shown and FIRST_TEXT in shown

    window.lock_clinical()
    wait_db(qtbot, ctx)
    assert tab.is_locked_view()
    assert tab.locked_title.isVisible() and tab.unlock_button.isVisible()
    text = visible_text(tab)
    for secret in (NAME, HETU, HETU[:7], FIRST_TEXT, "Psykoterapia"):
        assert secret not in text
    assert tab.model.rowCount() == 0
    assert tab.relationship_combo.count() == 0
    assert tab.data is None and not tab.hetu_revealed
    assert not call(qtbot, ctx, lambda s: s.register.clinical_open)

    click(qtbot, tab.unlock_button)
    dialog = dialog_of(tab, ClinicalUnlockDialog)
    type_text(qtbot, dialog.secret, "this is not the passphrase")
    click(qtbot, dialog.save_button)
    wait_db(qtbot, ctx)
    assert dialog.isVisible()
    assert "passphrase is not right" in dialog.error.text()
    assert tab.is_locked_view()
    assert not call(qtbot, ctx, lambda s: s.register.clinical_open)

    dialog.secret.clear()
    type_text(qtbot, dialog.secret, PASSPHRASE)
    click(qtbot, dialog.save_button)
    wait_db(qtbot, ctx)
    assert tab.dialog is None
    assert call(qtbot, ctx, lambda s: s.register.clinical_open)
    assert not tab.is_locked_view()
    assert tab.model.rowCount() == 1 and tab.name_value.text() == NAME
    assert "patient records open" in window.status_text.text()
    assert ctx.errors == []  # type: ignore[attr-defined]


def test_the_keyring_key_does_not_open_the_clinical_store(qtbot: QtBot, ctx: UiContext) -> None:
    from app.db.vault import Secret

    window = open_window(qtbot, ctx)
    window.lock_clinical()
    wait_db(qtbot, ctx)
    key = call(qtbot, ctx, lambda s: s.register.data_key_for_keyring())
    with pytest.raises(VakkaError) as info:
        call(qtbot, ctx, lambda s: s.register.unlock_clinical(Secret(data_key=key)))
    assert info.value.code == "register.clinical_needs_passphrase"


def test_clinical_idle_lock_clears_the_tab(qtbot: QtBot, ctx: UiContext) -> None:
    def setup(s: Session) -> str:
        client_id, rel_id = add_patient(s)
        write_note(s, client_id, rel_id, FIRST_TEXT)
        return client_id

    client_id = call(qtbot, ctx, setup)
    window = open_window(qtbot, ctx)
    tab = open_clinical(qtbot, ctx, window, client_id)
    assert tab.model.rowCount() == 1 and FIRST_TEXT in all_model_text(tab.model)
    locked: list[bool] = []
    ctx.events.clinical_state_changed.connect(locked.append)
    window.idle.set_intervals(5000, 200)  # no input from here on
    qtbot.waitUntil(lambda: locked == [False], timeout=3000)
    assert tab.is_locked_view()
    assert tab.model.rowCount() == 0
    assert FIRST_TEXT not in visible_text(tab) and NAME not in visible_text(tab)
    assert not call(qtbot, ctx, lambda s: s.register.clinical_open)
    assert window.isVisible()  # only the patient records locked, not the app
    assert ctx.errors == []  # type: ignore[attr-defined]


# --- records kept elsewhere -----------------------------------------------------------------


def test_records_on_paper_say_where_they_are_and_refuse_notes(qtbot: QtBot, ctx: UiContext) -> None:
    location = "Lukittu arkistokaappi, vastaanotto"
    client_id, rel_id = call(
        qtbot, ctx, lambda s: add_patient(s, RecordsKept.PAPER, location=location)
    )
    window = open_window(qtbot, ctx)
    tab = open_clinical(qtbot, ctx, window, client_id)
    assert tab.elsewhere_box.isVisible()
    where = "\n".join(label.text() for label in tab.elsewhere_labels)
    assert "On paper" in where and location in where and "not kept in Vakka" in where
    assert tab.legal_note.isVisible() and tab.legal_note.text() == legal_note_text()
    assert not tab.notes_box.isVisible()
    assert "No notes of this client are kept in Vakka" in tab.no_notes_label.text()
    tab.new_note()
    assert tab.dialog is None

    def write(s: Session) -> Note:
        return write_note(s, client_id, rel_id, "Ei saa tallentua.")

    with pytest.raises(VakkaError) as info:
        call(qtbot, ctx, write)
    assert info.value.code == "note.records_kept_elsewhere"
    assert ctx.errors == []  # type: ignore[attr-defined]


# --- models ---------------------------------------------------------------------------------


def test_notes_model_passes_the_model_tester(
    qtbot: QtBot, ctx: UiContext, qtmodeltester: Any
) -> None:
    def setup(s: Session) -> str:
        client_id, rel_id = add_patient(s)
        first = write_note(s, client_id, rel_id, FIRST_TEXT)
        clinical.amend_note(s, first.id or 0, CORRECTED_TEXT, "Korjaus", "Eeva Esimerkki", "")
        removed = write_note(s, client_id, rel_id, "Poistettava sisältö.")
        clinical.remove_content(s, removed.id or 0, "unnecessary", "Syy", "Eeva Esimerkki", "")
        return client_id

    client_id = call(qtbot, ctx, setup)
    window = open_window(qtbot, ctx)
    tab = open_clinical(qtbot, ctx, window, client_id)
    assert tab.model.rowCount() == 3
    qtmodeltester.check(tab.model)
    assert not tab.model.index(0, 0).parent().isValid()
    assert tab.model.rowCount(tab.model.index(0, 0)) == 0
    assert tab.model.data(QModelIndex()) is None
    empty = NotesModel()
    qtmodeltester.check(empty)
    window.lock_clinical()
    wait_db(qtbot, ctx)
    qtmodeltester.check(tab.model)
