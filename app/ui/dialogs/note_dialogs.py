"""Dialogs of the patient records: a new note, an amendment, removing content, the identity.

Notes are append-only (RULES.md): an amendment is a new entry that keeps the original
readable, with the corrector's name, title, time and reason; removing unnecessary content
leaves a marker (what kind, who, when, why). Each dialog saves through the services on
the worker and stays open with the message inline when something is wrong.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

from app.domain.kinds import NoteKind, RegisterKind, RemovedContentKind
from app.domain.models import ClinicalIdentity, Note, Relationship
from app.domain.note_draft import NoteDraft
from app.domain.relationship_fields import statement_copy_applies
from app.i18n import N_
from app.i18n.codes import removed_content_label
from app.services import clinical
from app.services.session import Session
from app.ui.context import UiContext
from app.ui.dialogs.form_helpers import DateEdit, FormDialog, OptionalDateEdit
from app.ui.texts import _, ui_language

NOTE_KIND_LABELS = {
    NoteKind.SESSION_NOTE: N_("Session note"),
    NoteKind.PLAN: N_("Plan"),
    NoteKind.SUMMARY: N_("Summary"),
    NoteKind.STATEMENT: N_("Statement"),
    NoteKind.PHONE_CONTACT: N_("Phone contact"),
    NoteKind.THIRD_PARTY_DOCUMENT: N_("Separate document about a third party"),
    NoteKind.AMENDMENT: N_("Amendment"),
}
SAVE_SHORTCUT = "Ctrl+Return"
DRAFT_DELAY_MS = 2_000  # a pause in typing this long keeps the draft


def note_kind_label(kind: NoteKind) -> str:
    return _(NOTE_KIND_LABELS[kind])


def confirm_removal(parent: QWidget | None) -> bool:
    """Ask before content is removed for good (tests replace this function)."""
    answer = QMessageBox.question(
        parent,
        _("Remove content"),
        _(
            "The content of this entry is removed for good and cannot be brought back. "
            "A marker stays in its place with what kind of content it was, who removed it, "
            "when and why. Remove the content?"
        ),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Yes


def _text_edit(text: str = "", min_height: int = 180) -> QPlainTextEdit:
    edit = QPlainTextEdit(text)
    edit.setTabChangesFocus(True)
    edit.setMinimumHeight(min_height)
    return edit


def _read_only_text(text: str, min_height: int = 90) -> QPlainTextEdit:
    view = QPlainTextEdit(text)
    view.setReadOnly(True)
    view.setTabChangesFocus(True)
    view.setMinimumHeight(min_height)
    view.setMaximumHeight(160)
    return view


def _line_edit(text: str = "", max_length: int = 200) -> QLineEdit:
    edit = QLineEdit(text)
    edit.setMaxLength(max_length)
    return edit


class _NoteFormDialog(FormDialog):
    """Save with Ctrl+Enter too (Enter makes a new line in the text)."""

    saved = Signal(object)  # the saved Note

    def __init__(self, ctx: UiContext, title: str, parent: QWidget | None, save_text: str) -> None:
        super().__init__(ctx, title, parent, save_text=save_text)
        self.setMinimumWidth(600)
        shortcut = QShortcut(QKeySequence(SAVE_SHORTCUT), self)
        shortcut.activated.connect(self.submit)
        self.save_button.setToolTip(_("Save (Ctrl+Enter)"))

    def _saved(self, note: Note) -> None:
        self.ctx.events.client_changed.emit(note.client_id)
        self.saved.emit(note)
        self.accept()


class NoteDialog(_NoteFormDialog):
    """A new entry for one relationship whose records are kept in Vakka."""

    def __init__(
        self,
        ctx: UiContext,
        relationship: Relationship,
        relationship_text: str,
        author_name: str,
        author_title: str,
        protected_default: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, _("New note"), parent, _("&Save note"))
        self.relationship = relationship
        self.kind = QComboBox()
        for kind in NoteKind:
            if kind is not NoteKind.AMENDMENT:
                self.kind.addItem(note_kind_label(kind), kind)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.text = _text_edit()
        # The session's date (default today); the entry's own time is the register's clock.
        self.session_date = DateEdit()
        self.session_date.setToolTip(
            _("The date of the session; the time the entry is written is recorded by itself.")
        )
        self._session_date_set = False
        self.session_date.dateChanged.connect(self._session_date_changed)
        self.author_name = _line_edit(author_name)
        self.author_title = _line_edit(author_title)
        self.protected = QCheckBox(_("S&pecially protected (psychotherapy, mental health care)"))
        self.protected.setAccessibleName(_("Specially protected"))
        self.protected.setChecked(protected_default)
        self.third_party_hint = QLabel(
            _(
                "Sensitive information about a third party is written as a separate document "
                "(Act 703/2023 § 28(4)); it is left out of the client's access answer by "
                "default."
            )
        )
        self.third_party_hint.setWordWrap(True)
        self.third_party_hint.hide()
        # A copy of a certificate or statement written for others (e.g. Kela) is kept
        # 5 years (703/2023 appendix, `statement_copies`).
        self.statement_copy = QCheckBox(_("Copy of a statement &written for others (kept 5 years)"))
        self.statement_copy.setToolTip(
            _(
                "For example a statement written for Kela: the copy kept here is destroyed "
                "5 years after it was written."
            )
        )

        relationship_label = QLabel(relationship_text)
        relationship_label.setWordWrap(True)
        relationship_label.setTextFormat(Qt.TextFormat.PlainText)
        form = self.form
        form.add_row(_("Relationship:"), relationship_label)
        form.add_row(_("&Kind:"), self.kind, field="kind")
        form.add_row(_("Session &date:"), self.session_date, field="session_date")
        form.add_wide(self.third_party_hint)
        form.add_row(_("&Text:"), self.text, field="body", accessible_name=_("Text of the note"))
        form.add_row(_("&Author:"), self.author_name, field="author_name")
        form.add_row(_("T&itle:"), self.author_title, field="author_title")
        if relationship.register_kind is RegisterKind.PATIENT:
            self.author_title.setToolTip(
                _("Health care entries carry the author's professional title (703/2023 § 27).")
            )
        form.add_wide(self.statement_copy, field="statement_copy")
        form.add_wide(self.protected)
        self.draft_note = QLabel()
        self.draft_note.setObjectName("draftNote")
        self.draft_note.setWordWrap(True)
        self.draft_note.hide()
        self.body.insertWidget(0, self.draft_note)
        self._kind_changed(self.kind.currentIndex())
        self.text.setFocus()
        # The text is kept as a draft in the (encrypted) register while it is written and
        # when the dialog closes unsaved (a lock): it comes back when the dialog opens again.
        self._draft_kept = False
        self._discarded = False
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.keep_draft)
        self.text.textChanged.connect(self._draft_timer.start)
        rel_id = relationship.id or 0
        ctx.db.run(lambda s: clinical.note_draft(s, rel_id), self._restore_draft, lambda _e: None)

    def _restore_draft(self, draft: NoteDraft | None) -> None:
        if draft is None or self.text.toPlainText().strip():
            return
        kinds = {kind.value: kind for kind in NoteKind}
        index = self.kind.findData(kinds[draft.kind]) if draft.kind in kinds else -1
        if index >= 0:
            self.kind.setCurrentIndex(index)
        if draft.session_date is not None:
            self.session_date.set_value(draft.session_date)
        self.author_name.setText(draft.author_name or self.author_name.text())
        self.author_title.setText(draft.author_title or self.author_title.text())
        self.protected.setChecked(draft.specially_protected)
        self.statement_copy.setChecked(draft.statement_copy)
        self.text.setPlainText(draft.body)
        self._draft_timer.stop()
        self._draft_kept = True
        self.draft_note.setText(
            _("The unsaved text of this note was kept as a draft and is back here.")
        )
        self.draft_note.show()
        self.text.setFocus()

    def _draft(self) -> NoteDraft:
        rel = self.relationship
        return NoteDraft(
            client_id=rel.client_id,
            relationship_id=rel.id or 0,
            kind=str(NoteKind(self.kind.currentData()).value),
            body=self.text.toPlainText(),
            author_name=self.author_name.text(),
            author_title=self.author_title.text(),
            specially_protected=self.protected.isChecked(),
            statement_copy=self.statement_copy.isChecked(),
            session_date=self.session_date.value() if self._session_date_set else None,
        )

    def keep_draft(self) -> None:
        """Keep the text as a draft in the register (encrypted; never a temp file)."""
        self._draft_timer.stop()
        draft = self._draft()
        if not draft.body.strip() and not self._draft_kept:
            return
        self._draft_kept = bool(draft.body.strip())
        self.ctx.db.run(lambda s: clinical.save_note_draft(s, draft), None, lambda _e: None)

    def discarding(self) -> None:
        self._discarded = True
        self._draft_timer.stop()
        rel_id = self.relationship.id or 0
        if self._draft_kept:
            self._draft_kept = False
            self.ctx.db.run(lambda s: clinical.discard_note_draft(s, rel_id), None, lambda _e: None)

    def done(self, result: int) -> None:
        # Closed unsaved without the person throwing the text away (the app locks, the
        # client changes): the text is kept as a draft before the register closes.
        accepted = result in (1, QDialog.DialogCode.Accepted)
        saving = self.save_in_flight()  # the note itself is on its way to the store
        if not accepted and not saving and not self._discarded and self.text.toPlainText().strip():
            self.keep_draft()
        else:
            self._draft_timer.stop()
        super().done(result)

    def _session_date_changed(self) -> None:
        self._session_date_set = True

    def _kind_changed(self, _index: int) -> None:
        kind = NoteKind(self.kind.currentData())
        self.third_party_hint.setVisible(kind is NoteKind.THIRD_PARTY_DOCUMENT)
        copy_applies = statement_copy_applies(self.relationship.register_kind, kind)
        self.form.set_row_visible(self.statement_copy, copy_applies)
        if not copy_applies:
            self.statement_copy.setChecked(False)

    def submit(self) -> None:
        body = self.text.toPlainText()
        if not body.strip():
            self.show_error(_("Write the text of the note first."), self.text)
            return
        if not self.author_name.text().strip():
            self.show_error(_("Give the author's name."), self.author_name)
            return
        rel = self.relationship
        kind = NoteKind(self.kind.currentData())
        author, title = self.author_name.text().strip(), self.author_title.text().strip()
        protected = self.protected.isChecked()
        statement_copy = self.statement_copy.isChecked() and statement_copy_applies(
            rel.register_kind, kind
        )
        # Untouched, the date is the register's today (the service's default).
        session_date = self.session_date.value() if self._session_date_set else None

        def job(s: Session) -> Note:
            return clinical.add_note(
                s,
                Note(
                    client_id=rel.client_id,
                    relationship_id=rel.id or 0,
                    register_kind=rel.register_kind,
                    kind=kind,
                    body=body,
                    written_at=s.now(),
                    author_name=author,
                    author_title=title,
                    specially_protected=protected,
                    session_date=session_date,
                    statement_copy=statement_copy,
                ),
            )

        self.run_job(job, self._saved)


class AmendDialog(_NoteFormDialog):
    """A correction: a new entry below the original, which stays readable."""

    def __init__(
        self,
        ctx: UiContext,
        original: Note,
        original_heading: str,
        author_name: str,
        author_title: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, _("Amend entry"), parent, _("&Save amendment"))
        self.original = original
        intro = QLabel(
            _(
                "The original entry stays readable; the amendment is saved below it with "
                "your name, title, the time and the reason."
            )
        )
        intro.setWordWrap(True)
        self.body.insertWidget(0, intro)
        heading = QLabel(original_heading)
        heading.setTextFormat(Qt.TextFormat.PlainText)
        self.original_text = _read_only_text(original.body or "")
        self.text = _text_edit(original.body or "")
        self.reason = _line_edit(max_length=500)
        self.reason.setPlaceholderText(_("Why the entry is corrected"))
        self.author_name = _line_edit(author_name)
        self.author_title = _line_edit(author_title)
        form = self.form
        form.add_row(_("Original:"), heading)
        form.add_row("", self.original_text, accessible_name=_("Original text (cannot be changed)"))
        form.add_row(
            _("&Corrected text:"), self.text, field="body", accessible_name=_("Corrected text")
        )
        form.add_row(_("&Reason:"), self.reason, field="reason")
        form.add_row(_("&Author:"), self.author_name, field="author_name")
        form.add_row(_("T&itle:"), self.author_title, field="author_title")
        self.text.setFocus()

    def submit(self) -> None:
        body = self.text.toPlainText()
        reason = self.reason.text().strip()
        if not body.strip():
            self.show_error(_("Write the corrected text first."), self.text)
            return
        if not reason:
            self.show_error(
                _("Give the reason for the amendment; it is kept with it."), self.reason
            )
            return
        if not self.author_name.text().strip():
            self.show_error(_("Give the author's name."), self.author_name)
            return
        note_id = self.original.id or 0
        author, title = self.author_name.text().strip(), self.author_title.text().strip()
        self.run_job(
            lambda s: clinical.amend_note(s, note_id, body, reason, author, title), self._saved
        )


class RemoveContentDialog(_NoteFormDialog):
    """Remove unnecessary content; a marker stays (what kind, who, when, why)."""

    def __init__(
        self,
        ctx: UiContext,
        note: Note,
        note_heading: str,
        removed_by: str,
        title: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, _("Remove content"), parent, _("Re&move content…"))
        self.note = note
        intro = QLabel(
            _(
                "Only unnecessary or wrong content is removed this way. The text is deleted "
                "for good; a marker stays in its place."
            )
        )
        intro.setWordWrap(True)
        self.body.insertWidget(0, intro)
        heading = QLabel(note_heading)
        heading.setTextFormat(Qt.TextFormat.PlainText)
        self.note_text = _read_only_text(note.body or "")
        # The marker stores a code; its label is shown in each reader's language.
        self.content_kind = QComboBox()
        self.content_kind.addItem("", None)
        for kind in RemovedContentKind:
            self.content_kind.addItem(removed_content_label(kind, ui_language()), kind.value)
        self.content_kind.setCurrentIndex(0)
        self.reason = _line_edit(max_length=500)
        self.reason.setPlaceholderText(_("Why the content is removed"))
        self.removed_by = _line_edit(removed_by)
        self.removed_title = _line_edit(title)
        form = self.form
        form.add_row(_("Entry:"), heading)
        form.add_row("", self.note_text, accessible_name=_("Text to be removed"))
        form.add_row(_("&What kind of content:"), self.content_kind, field="content_kind")
        form.add_row(_("&Reason:"), self.reason, field="reason")
        form.add_row(_("Removed &by:"), self.removed_by, field="removed_by")
        form.add_row(_("T&itle:"), self.removed_title)
        self.content_kind.setFocus()

    def submit(self) -> None:
        content_kind = self.content_kind.currentData() or ""
        reason = self.reason.text().strip()
        if not content_kind:
            self.show_error(_("Say what kind of content is removed."), self.content_kind)
            return
        if not reason:
            self.show_error(
                _("Give the reason for the removal; it is kept on the marker."), self.reason
            )
            return
        if not self.removed_by.text().strip():
            self.show_error(_("Give the name of the person removing the content."), self.removed_by)
            return
        if not confirm_removal(self):
            return
        note_id = self.note.id or 0
        who, title = self.removed_by.text().strip(), self.removed_title.text().strip()
        self.run_job(
            lambda s: clinical.remove_content(s, note_id, content_kind, reason, who, title),
            self._saved,
        )


class IdentityDialog(FormDialog):
    """The identity kept with the records: name as recorded, hetu, birth and death date."""

    saved = Signal(object)  # the saved ClinicalIdentity

    def __init__(
        self, ctx: UiContext, client_id: str, name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, _("Record identity"), parent)
        self.client_id = client_id
        self.setMinimumWidth(480)
        intro = QLabel(
            _(
                "Patient and social care records carry the client's name and personal "
                "identity code (Act 703/2023 § 27). Collect the code only where the register "
                "needs it."
            )
        )
        intro.setWordWrap(True)
        self.body.insertWidget(0, intro)
        self.name = _line_edit(name)
        self.hetu = _line_edit(max_length=20)
        self.hetu.setPlaceholderText(_("DDMMYYCZZZQ"))
        self.birth_date = OptionalDateEdit(_("Known"))
        self.death_date = OptionalDateEdit(_("Known"))
        form = self.form
        form.add_row(_("&Name as recorded:"), self.name, field="name_as_recorded")
        form.add_row(_("&Personal identity code:"), self.hetu, field="hetu")
        form.add_row(
            _("&Birth date:"),
            self.birth_date,
            field="birth_date",
            tooltip=_("Taken from the personal identity code when one is given."),
        )
        form.add_row(_("&Date of death:"), self.death_date, field="death_date")
        self.name.setFocus()

    def submit(self) -> None:
        name = self.name.text()
        if not name.strip():
            self.show_error(_("Give the name as recorded."), self.name)
            return
        client_id = self.client_id
        hetu = self.hetu.text().strip() or None
        birth: date | None = None if hetu else self.birth_date.value()
        death = self.death_date.value()
        self.run_job(
            lambda s: clinical.set_identity(s, client_id, name, hetu, birth, death), self._saved
        )

    def _saved(self, identity: ClinicalIdentity) -> None:
        self.hetu.clear()
        self.ctx.events.client_changed.emit(identity.client_id)
        self.saved.emit(identity)
        self.accept()

    def done(self, result: int) -> None:
        self.hetu.clear()
        super().done(result)


IDENTITY_FIELD_LABELS = {
    "name_as_recorded": N_("Name as recorded"),
    "hetu": N_("Personal identity code"),
    "birth_date": N_("Birth date"),
    "death_date": N_("Date of death"),
}


class CorrectIdentityDialog(FormDialog):
    """Correct one part of a recorded identity; the old value stays readable with who,
    when and why (services.clinical.correct_identity)."""

    saved = Signal(object)  # the corrected ClinicalIdentity

    def __init__(self, ctx: UiContext, client_id: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Correct identity"), parent, _("&Save correction"))
        self.client_id = client_id
        self.setMinimumWidth(480)
        intro = QLabel(
            _("The old value stays readable in the records with who corrected it, when and why.")
        )
        intro.setWordWrap(True)
        self.body.insertWidget(0, intro)
        self.field = QComboBox()
        for field, label in IDENTITY_FIELD_LABELS.items():
            self.field.addItem(_(label), field)
        self.field.currentIndexChanged.connect(self._field_changed)
        self.value = _line_edit(max_length=200)
        self.reason = _line_edit(max_length=500)
        self.reason.setPlaceholderText(_("Why the identity is corrected"))
        form = self.form
        form.add_row(_("&What is corrected:"), self.field, field="field")
        form.add_row(_("&New value:"), self.value, field="new_value")
        form.add_row(_("&Reason:"), self.reason, field="reason")
        for name in IDENTITY_FIELD_LABELS:
            form.fields[name] = self.value  # the service names the part it refuses
        self._field_changed()
        self.field.setFocus()

    def _field_changed(self, _index: int = 0) -> None:
        field = self.field.currentData()
        self.value.setPlaceholderText(
            {"hetu": _("DDMMYYCZZZQ"), "birth_date": "23.11.2026", "death_date": "23.11.2026"}.get(
                field, ""
            )
        )

    def submit(self) -> None:
        field = str(self.field.currentData())
        value = self.value.text().strip()
        reason = self.reason.text().strip()
        if not value:
            self.show_error(_("Give the new value."), self.value)
            return
        if not reason:
            self.show_error(
                _("Give the reason for the correction; it is kept with it."), self.reason
            )
            return
        client_id = self.client_id
        self.run_job(
            lambda s: clinical.correct_identity(s, client_id, field, value, reason), self._saved
        )

    def _saved(self, identity: ClinicalIdentity) -> None:
        self.value.clear()
        self.ctx.events.client_changed.emit(identity.client_id)
        self.saved.emit(identity)
        self.accept()

    def done(self, result: int) -> None:
        self.value.clear()  # a typed hetu does not stay in a hidden widget
        super().done(result)


def close_note_dialogs() -> None:
    """Close every open note dialog, each keeping its typed text as a draft: called before
    the patient records lock, so the drafts are saved while the store is still open."""
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, NoteDialog) and widget.isVisible():
            widget.done(QDialog.DialogCode.Rejected)  # not reject(): that asks first
