"""The patient records tab: identity kept with the records, notes as a timeline, search.

- Locked (the clinical store is not attached): only "Patient records are locked" and
  "Unlock…", which asks for the passphrase or the recovery code (never the keyring).
  When the store locks (on idle, on demand) the tab drops every value at once.
- Open: where the records of each relationship are kept when that is outside Vakka (with
  the legal note for patient and social care relationships); the identity with the hetu
  masked, "Show" (a logged reveal) and "Copy" (concealed, cleared after 30 seconds);
  the notes of the chosen relationship, newest first, each amendment right below the
  entry it corrects, removal markers in place of removed content, specially protected
  entries marked; new note (Ctrl+Shift+N, the main window's menu calls ``new_note``),
  amend, remove content, and full-text search.

Loading the notes and every search are logged as views of the notes (services.clinical).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QItemSelection, Qt, QTimer
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.domain.kinds import NoteKind, RecordsKept, RegisterKind
from app.domain.models import ClinicalIdentity, Note, Relationship
from app.i18n import N_
from app.i18n.codes import removed_content_label
from app.services import clients, clinical, register, relationships
from app.services.session import Session
from app.ui.context import UiContext
from app.ui.dialogs.clinical_unlock_dialog import ClinicalUnlockDialog
from app.ui.dialogs.form_helpers import FormDialog
from app.ui.dialogs.note_dialogs import (
    AmendDialog,
    CorrectIdentityDialog,
    IdentityDialog,
    NoteDialog,
    RemoveContentDialog,
    note_kind_label,
)
from app.ui.icons import icon
from app.ui.legal import legal_note_text
from app.ui.table_model import RecordTableModel, record_table
from app.ui.tabs.base import ClientTab
from app.ui.texts import _, format_date, ngettext, ui_language

EMPTY = "—"
NEW_NOTE_SHORTCUT = "Ctrl+Shift+N"
SEARCH_DELAY_MS = 400
NOTE_ROLE = Qt.ItemDataRole.UserRole + 1
PROTECTED_ROLE = Qt.ItemDataRole.UserRole + 2

REGISTER_SHORT = {
    RegisterKind.PATIENT: N_("Patient register"),
    RegisterKind.SOCIAL_CARE: N_("Social care"),
    RegisterKind.OTHER: N_("Other services"),
}
RECORDS_ELSEWHERE = {
    RecordsKept.PAPER: N_("On paper"),
    RecordsKept.OTHER_SYSTEM: N_("In another (Kanta-connected) system"),
}


# --- data ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RelationshipInfo:
    relationship: Relationship
    service_name: str | None
    protected_default: bool

    @property
    def keeps_notes(self) -> bool:
        return self.relationship.records_kept is RecordsKept.VAKKA


@dataclass(frozen=True)
class ClinicalData:
    """What the tab shows; ``open`` False means the clinical store is locked (nothing else)."""

    client_id: str
    open: bool
    client_name: str = ""
    identity: ClinicalIdentity | None = None
    relationships: tuple[RelationshipInfo, ...] = ()
    notes: tuple[Note, ...] = ()
    author_name: str = ""
    author_title: str = ""


def load_clinical(session: Session, client_id: str) -> ClinicalData:
    """Everything the tab shows, in one job. The notes are read (and the view logged) only
    when a relationship keeps its records in Vakka."""
    if not register.clinical_open(session):
        return ClinicalData(client_id, open=False)
    client = clients.open_client(session, client_id)
    service_names = {s.id: s.name for s in register.services(session)}
    infos = tuple(
        RelationshipInfo(
            rel,
            service_names.get(rel.service_id),
            clinical.specially_protected_by_default(rel, service_names.get(rel.service_id)),
        )
        for rel in relationships.relationships_of(session, client_id)
    )
    keeps_notes = any(info.keeps_notes for info in infos)
    notes = tuple(clinical.notes_of(session, client_id)) if keeps_notes else ()
    practice = register.practice(session)
    return ClinicalData(
        client_id,
        open=True,
        client_name=client.display_name,
        identity=clinical.identity_masked(session, client_id),
        relationships=infos,
        notes=notes,
        author_name=practice.practitioner_name,
        author_title=practice.practitioner_title,
    )


# --- texts --------------------------------------------------------------------------------


def format_time(value: datetime | None) -> str:
    if value is None:
        return ""
    return f"{format_date(value.date())} {value:%H:%M}"


def relationship_text(info: RelationshipInfo) -> str:
    rel = info.relationship
    register_text = _(REGISTER_SHORT[rel.register_kind])
    name = f"{info.service_name} · {register_text}" if info.service_name else register_text
    if rel.ended_on is None:
        period = _("since {date}").format(date=format_date(rel.started_on))
    else:
        period = _("{start}–{end}").format(
            start=format_date(rel.started_on), end=format_date(rel.ended_on)
        )
    return f"{name} · {period}"


def records_elsewhere_text(info: RelationshipInfo) -> str:
    rel = info.relationship
    where = _(RECORDS_ELSEWHERE[rel.records_kept])
    if rel.records_location.strip():
        where = f"{where} — {rel.records_location.strip()}"
    return _("Client records: {where}. Notes of this relationship are not kept in Vakka.").format(
        where=where
    )


def author_text(name: str, title: str | None) -> str:
    return f"{name}, {title}" if title else name


def removal_text(note: Note) -> str:
    return _("Content removed ({kind}) by {who} on {when}. Reason: {reason}").format(
        kind=removed_content_label(note.removed_content_kind, ui_language()),
        who=author_text(note.removed_by or "", note.removed_by_title),
        when=format_time(note.removed_at),
        reason=note.removal_reason or "",
    )


def one_line(text: str, limit: int = 240) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


# --- the timeline model -------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineRow:
    note: Note
    corrects: Note | None  # for an amendment: the entry it corrects, when loaded
    depth: int  # 0 an entry, 1 an amendment shown below it


def timeline_rows(notes: list[Note]) -> list[TimelineRow]:
    """Entries newest first; each entry's amendments right below it, oldest first.

    An amendment whose original is not in ``notes`` (a search found only the amendment)
    stands as an entry of its own.
    """
    by_id: dict[int | None, Note] = {n.id: n for n in notes if n.id is not None}

    def root_of(note: Note) -> Note:
        seen: set[int | None] = set()
        while note.amends_id in by_id and note.id not in seen:
            seen.add(note.id)
            note = by_id[note.amends_id]
        return note

    roots: list[Note] = []
    below: dict[int | None, list[Note]] = {}
    for note in notes:
        root = root_of(note)
        if root is note:
            roots.append(note)
        else:
            below.setdefault(root.id, []).append(note)
    roots.sort(key=lambda n: (n.written_at, n.id or 0), reverse=True)
    rows: list[TimelineRow] = []
    for root in roots:
        rows.append(TimelineRow(root, by_id.get(root.amends_id), 0))
        for amendment in sorted(below.get(root.id, []), key=lambda n: (n.written_at, n.id or 0)):
            rows.append(TimelineRow(amendment, by_id.get(amendment.amends_id), 1))
    return rows


class NotesModel(RecordTableModel[TimelineRow]):
    """The notes of one relationship as a timeline (read-only)."""

    WHEN, KIND, TEXT, AUTHOR = range(4)
    HEADERS = (N_("When"), N_("Entry"), N_("Text"), N_("Author"))

    def set_notes(self, notes: list[Note]) -> None:
        self.set_rows(timeline_rows(notes))

    def row(self, row: int) -> TimelineRow:
        return self.record(row)

    def record_id(self, item: TimelineRow) -> object:
        return item.note.id

    def group_of(self, row: int) -> list[TimelineRow]:
        """The entry of ``row`` and its amendments (both versions, for reading)."""
        start = row
        while start > 0 and self._rows[start].depth > 0:
            start -= 1
        end = start + 1
        while end < len(self._rows) and self._rows[end].depth > 0:
            end += 1
        return self._rows[start:end]

    def cell(self, item: TimelineRow, column: int, role: int) -> Any:
        note = item.note
        if role == NOTE_ROLE:
            return note
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(item, column)
        if role == PROTECTED_ROLE:
            return note.specially_protected
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(item, column)
        if role == Qt.ItemDataRole.DecorationRole and column == self.KIND:
            return icon("lock") if note.specially_protected else None
        if role == Qt.ItemDataRole.AccessibleDescriptionRole and column == self.KIND:
            return _("Specially protected entry") if note.specially_protected else None
        if role == Qt.ItemDataRole.ForegroundRole and note.removed:
            return QPalette().color(QPalette.ColorRole.PlaceholderText)
        if role == Qt.ItemDataRole.FontRole and note.removed and column == self.TEXT:
            font = QFont()
            font.setItalic(True)
            return font
        return None

    def _display(self, item: TimelineRow, column: int) -> str:
        note = item.note
        if column == self.WHEN:
            return format_time(note.written_at)
        if column == self.KIND:
            if note.kind is NoteKind.AMENDMENT:
                label = _("Amendment: {reason}").format(reason=note.amendment_reason or "")
                return f"↳ {label}" if item.depth else label
            return note_kind_label(note.kind)
        if column == self.TEXT:
            return removal_text(note) if note.removed else one_line(note.body or "")
        return note.author_name

    def _tooltip(self, item: TimelineRow, column: int) -> str | None:
        note = item.note
        if column == self.TEXT:
            return removal_text(note) if note.removed else note.body
        if column == self.AUTHOR:
            return author_text(note.author_name, note.author_title)
        if column == self.KIND:
            parts = [note_kind_label(note.kind)]
            if note.kind is NoteKind.AMENDMENT:
                parts.append(_("Reason: {reason}").format(reason=note.amendment_reason or ""))
            if note.specially_protected:
                parts.append(_("Specially protected entry"))
            return "\n".join(parts)
        return None


def entry_heading(note: Note) -> str:
    author = author_text(note.author_name, note.author_title)
    return f"{note_kind_label(note.kind)} · {format_time(note.written_at)} · {author}"


def group_html(rows: list[TimelineRow]) -> str:
    """The entry and its amendments, every version readable (plain text, escaped)."""
    parts: list[str] = []
    for item in rows:
        note = item.note
        e = html.escape
        heading = e(entry_heading(note))
        lines = [f'<p><a name="note-{note.id}"></a><b>{heading}</b></p>']
        if note.kind is NoteKind.AMENDMENT:
            corrects = item.corrects
            what = (
                _("Corrects the entry of {when}.").format(when=format_time(corrects.written_at))
                if corrects is not None
                else _("Corrects an earlier entry.")
            )
            reason = _("Reason: {reason}").format(reason=note.amendment_reason or "")
            lines.append(f"<p>{e(what)} {e(reason)}</p>")
        if note.specially_protected:
            lines.append(f"<p><i>{e(_('Specially protected entry'))}</i></p>")
        if note.removed:
            lines.append(f"<p><i>{e(removal_text(note))}</i></p>")
        else:
            body = e(note.body or "").replace("\n", "<br>")
            lines.append(f"<p>{body}</p>")
        block = "".join(lines)
        if item.depth:
            block = f'<div style="margin-left: 18px;">{block}</div>'
        parts.append(block)
    return "<hr>".join(parts)


# --- the tab ------------------------------------------------------------------------------


class ClinicalTab(ClientTab):
    HETU_SHOWN_MS = 30_000  # a revealed code masks itself again after this long

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._hetu_timer = QTimer(self)
        self._hetu_timer.setSingleShot(True)
        self._hetu_timer.timeout.connect(self.hide_hetu)
        self._new_note_pending = False
        self._new_note_relationship: int | None = None
        self._stale = False  # the client changed elsewhere since this data was loaded
        self.data: ClinicalData | None = None
        self.dialog: FormDialog | None = None
        self.hetu_revealed = False
        self._serial = 0  # answers of jobs started before a clear or lock are dropped
        self._search_serial = 0
        self._select_after_load: int | None = None
        self._choices: list[RelationshipInfo] = []
        self.model = NotesModel()

        self.stack = QStackedWidget()
        self.blank_page = QWidget()
        self.locked_page = self._build_locked_page()
        self.open_page = self._build_open_page()
        for page in (self.blank_page, self.locked_page, self.open_page):
            self.stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.run_search)
        ctx.events.clinical_state_changed.connect(self._clinical_state_changed)
        ctx.events.client_changed.connect(self._client_changed)
        self._show_page(self.blank_page)

    # --- building -------------------------------------------------------------------------

    def _build_locked_page(self) -> QWidget:
        page = QWidget()
        self.locked_title = QLabel(_("Patient records are locked"))
        self.locked_title.setStyleSheet("font-size: 14pt; font-weight: 600;")
        self.locked_text = QLabel(
            _(
                "Identity and notes open with the passphrase or the recovery code. "
                "They lock again on their own after a short time without use."
            )
        )
        self.locked_text.setWordWrap(True)
        self.locked_text.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.unlock_button = QPushButton(icon("lock"), _("&Unlock…"))
        self.unlock_button.setAccessibleName(_("Unlock patient records"))
        self.unlock_button.clicked.connect(self.open_unlock_dialog)
        column = QVBoxLayout()
        column.addWidget(self.locked_title, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addWidget(self.locked_text)
        column.addSpacing(8)
        column.addWidget(self.unlock_button, 0, Qt.AlignmentFlag.AlignHCenter)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addLayout(column, 3)
        row.addStretch(1)
        outer = QVBoxLayout(page)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        return page

    def _value_label(self, accessible_name: str) -> QLabel:
        label = QLabel()
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setAccessibleName(accessible_name)
        return label

    def _build_identity_box(self) -> QGroupBox:
        box = QGroupBox(_("Identity kept with the records"))
        self.name_value = self._value_label(_("Name as recorded"))
        self.hetu_value = self._value_label(_("Personal identity code"))
        self.hetu_value.setMinimumWidth(110)
        self.hetu_note = QLabel()
        self.hetu_note.setTextFormat(Qt.TextFormat.PlainText)
        self.hetu_note.setStyleSheet("color: palette(placeholder-text);")
        self.show_hetu_button = QPushButton(icon("reveal"), _("Sho&w"))
        self.show_hetu_button.setAccessibleName(_("Show the personal identity code"))
        self.show_hetu_button.setToolTip(_("Shows the whole code; every showing is logged."))
        self.show_hetu_button.clicked.connect(self.toggle_hetu)
        self.copy_hetu_button = QPushButton(icon("copy"), _("C&opy"))
        self.copy_hetu_button.setAccessibleName(_("Copy the personal identity code"))
        self.copy_hetu_button.setToolTip(
            _("Copies the whole code (logged); the clipboard is cleared after 30 seconds.")
        )
        self.copy_hetu_button.clicked.connect(self.copy_hetu)
        self.clipboard_note = QLabel()
        self.clipboard_note.setAccessibleName(_("Clipboard"))
        self.birth_value = self._value_label(_("Birth date"))
        self.death_value = self._value_label(_("Date of death"))
        self.no_identity = QLabel(_("No identity has been recorded with the records."))
        self.record_identity_button = QPushButton(icon("add"), _("Record &identity…"))
        self.record_identity_button.clicked.connect(self.record_identity)
        self.correct_identity_button = QPushButton(icon("edit"), _("Correct identit&y…"))
        self.correct_identity_button.setToolTip(
            _("Correct the name, identity code or a date; the old value stays readable.")
        )
        self.correct_identity_button.clicked.connect(self.correct_identity)

        hetu_row = QHBoxLayout()
        hetu_row.setContentsMargins(0, 0, 0, 0)
        hetu_row.addWidget(self.hetu_value)
        hetu_row.addWidget(self.hetu_note)
        hetu_row.addWidget(self.show_hetu_button)
        hetu_row.addWidget(self.copy_hetu_button)
        hetu_row.addWidget(self.clipboard_note, 1)
        self.hetu_row = QWidget()
        self.hetu_row.setLayout(hetu_row)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        form.addRow(_("Name as recorded:"), self.name_value)
        form.addRow(_("Personal identity code:"), self.hetu_row)
        dates = QHBoxLayout()
        dates.setContentsMargins(0, 0, 0, 0)
        dates.addWidget(self.birth_value)
        dates.addSpacing(24)
        dates.addWidget(QLabel(_("Date of death:")))
        dates.addWidget(self.death_value)
        dates.addStretch(1)
        form.addRow(_("Birth date:"), dates)
        correct_row = QHBoxLayout()
        correct_row.addStretch(1)
        correct_row.addWidget(self.correct_identity_button)
        form.addRow(correct_row)
        self.identity_form = QWidget()
        self.identity_form.setLayout(form)

        missing = QHBoxLayout()
        missing.setContentsMargins(0, 0, 0, 0)
        missing.addWidget(self.no_identity, 1)
        missing.addWidget(self.record_identity_button)
        self.identity_missing = QWidget()
        self.identity_missing.setLayout(missing)

        layout = QVBoxLayout(box)
        layout.addWidget(self.identity_form)
        layout.addWidget(self.identity_missing)
        return box

    def _build_elsewhere_box(self) -> QGroupBox:
        box = QGroupBox(_("Client records kept outside Vakka"))
        self.elsewhere_list = QVBoxLayout()
        self.elsewhere_labels: list[QLabel] = []
        self.legal_note = QLabel()
        self.legal_note.setWordWrap(True)
        self.legal_note.setTextFormat(Qt.TextFormat.PlainText)
        self.legal_note.setAccessibleName(_("Legal note"))
        self.legal_note.setStyleSheet("color: palette(placeholder-text); font-size: 9pt;")
        self.legal_note.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        layout = QVBoxLayout(box)
        layout.addLayout(self.elsewhere_list)
        layout.addWidget(self.legal_note)
        return box

    def _build_notes_box(self) -> QGroupBox:
        box = QGroupBox(_("Notes"))
        self.relationship_combo = QComboBox()
        self.relationship_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.relationship_combo.setMinimumContentsLength(24)
        self.relationship_combo.currentIndexChanged.connect(self._relationship_changed)
        relationship_label = QLabel(_("R&elationship:"))
        relationship_label.setBuddy(self.relationship_combo)
        self.relationship_combo.setAccessibleName(_("Relationship"))

        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search notes"))
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setAccessibleName(_("Search notes"))
        self.search.textChanged.connect(self._search_changed)
        self.search.returnPressed.connect(self.run_search)
        search_label = QLabel(_("Search no&tes:"))
        search_label.setBuddy(self.search)

        self.new_note_button = QPushButton(icon("add"), _("&New note…"))
        self.new_note_button.setToolTip(
            _("Write a new note ({shortcut})").format(shortcut=NEW_NOTE_SHORTCUT)
        )
        self.new_note_button.clicked.connect(self.new_note)
        self.amend_button = QPushButton(icon("edit"), _("A&mend…"))
        self.amend_button.setToolTip(_("Correct the selected entry; the original stays readable"))
        self.amend_button.clicked.connect(self.amend_selected)
        self.remove_button = QPushButton(icon("remove"), _("Remo&ve content…"))
        self.remove_button.setToolTip(
            _("Remove unnecessary content of the selected entry; a marker stays")
        )
        self.remove_button.clicked.connect(self.remove_selected)

        top = QHBoxLayout()
        top.addWidget(relationship_label)
        top.addWidget(self.relationship_combo, 2)
        top.addSpacing(12)
        top.addWidget(search_label)
        top.addWidget(self.search, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_note_button)
        buttons.addWidget(self.amend_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        self.search_info = QLabel()
        self.search_info.setAccessibleName(_("Search result"))
        buttons.addWidget(self.search_info)
        self.protected_legend = QWidget()
        legend = QHBoxLayout(self.protected_legend)
        legend.setContentsMargins(12, 0, 0, 0)
        legend_icon = QLabel()
        legend_icon.setPixmap(icon("lock").pixmap(16, 16))
        legend.addWidget(legend_icon)
        legend.addWidget(QLabel(_("specially protected entry")))
        self.protected_legend.hide()
        buttons.addWidget(self.protected_legend)

        self.table = record_table(
            self.model,
            _("Notes, newest first"),
            word_wrap=False,
            resize_mode=QHeaderView.ResizeMode.Interactive,
            stretch_columns=(NotesModel.TEXT,),
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NotesModel.WHEN, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(NotesModel.KIND, 190)
        header.resizeSection(NotesModel.AUTHOR, 140)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.detail = QTextBrowser()
        self.detail.setAccessibleName(_("The selected entry"))
        self.detail.setOpenLinks(False)
        self.detail.setPlaceholderText(_("Select an entry to read it here."))

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([360, 160])
        splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(box)
        layout.addLayout(top)
        layout.addLayout(buttons)
        layout.addWidget(splitter, 1)
        return box

    def _build_open_page(self) -> QWidget:
        page = QWidget()
        self.identity_box = self._build_identity_box()
        self.elsewhere_box = self._build_elsewhere_box()
        self.notes_box = self._build_notes_box()
        self.no_notes_label = QLabel()
        self.no_notes_label.setWordWrap(True)
        self.no_notes_label.setFrameShape(QFrame.Shape.StyledPanel)
        self.no_notes_label.setMargin(8)
        layout = QVBoxLayout(page)
        layout.addWidget(self.identity_box)
        layout.addWidget(self.elsewhere_box)
        layout.addWidget(self.no_notes_label)
        layout.addWidget(self.notes_box, 1)
        self.open_stretch = QWidget()
        layout.addWidget(self.open_stretch, 1)
        return page

    # --- ClientTab ------------------------------------------------------------------------

    def title(self) -> str:
        return _("Patient records")

    def reload(self) -> None:
        client_id = self.client_id
        if client_id is None:
            return
        self._serial += 1
        serial = self._serial
        self.ctx.db.run(
            lambda s: load_clinical(s, client_id), lambda data: self._show(serial, data)
        )

    def clear(self) -> None:
        super().clear()
        self._drop_data()
        self._show_page(self.blank_page)

    # --- state ----------------------------------------------------------------------------

    def is_locked_view(self) -> bool:
        return self.stack.currentWidget() is self.locked_page

    def _show_page(self, page: QWidget) -> None:
        self.stack.setCurrentWidget(page)

    def _drop_data(self) -> None:
        """Forget every personal value: labels, the model, the detail view, dialogs
        (except the unlock dialog, which holds none)."""
        self._serial += 1
        self._search_serial += 1
        self._search_timer.stop()
        if not isinstance(self.dialog, ClinicalUnlockDialog):
            self.close_dialog()
        self._new_note_relationship = None
        self.data = None
        self.hetu_revealed = False
        self.model.clear()
        self.detail.clear()
        for label in (
            self.name_value,
            self.hetu_value,
            self.hetu_note,
            self.birth_value,
            self.death_value,
            self.clipboard_note,
            self.legal_note,
            self.no_notes_label,
            self.search_info,
        ):
            label.clear()
        self._set_elsewhere([])
        self.relationship_combo.blockSignals(True)
        self.relationship_combo.clear()
        self._choices = []
        self.relationship_combo.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.show_hetu_button.setText(_("Sho&w"))
        self._update_buttons()

    def _client_changed(self, client_id: str) -> None:
        if client_id == self.client_id:
            self._stale = True  # e.g. a relationship started on the Contact details tab

    def _clinical_state_changed(self, opened: bool) -> None:
        if not opened:
            # A copied hetu goes too (SecureClipboard clears only what it put there).
            self.ctx.clipboard.clear()
            self._drop_data()
            self._show_page(self.locked_page if self.client_id else self.blank_page)
        elif self.client_id is not None and self.isVisible():
            self.reload()

    def _show(self, serial: int, data: ClinicalData) -> None:
        if serial != self._serial or data.client_id != self.client_id:
            return
        if not data.open:
            self._drop_data()
            self._show_page(self.locked_page)
            return
        keep_search = self.search.text()
        keep_relationship = self._new_note_relationship or self.current_relationship_id()
        self.data = data
        self._stale = False
        self.hetu_revealed = False
        self.show_hetu_button.setText(_("Sho&w"))
        self.clipboard_note.clear()
        self._show_identity(data.identity)
        self._show_relationships(data, keep_relationship)
        self._show_page(self.open_page)
        if keep_search.strip():
            self.run_search()
        else:
            self._show_notes(list(self._notes_of_relationship(data.notes)))
        if self._new_note_pending:
            self._new_note_pending = False
            self.new_note()

    def _show_identity(self, identity: ClinicalIdentity | None) -> None:
        self.identity_form.setVisible(identity is not None)
        self.identity_missing.setVisible(identity is None)
        if identity is None:
            for label in (self.name_value, self.hetu_value, self.birth_value, self.death_value):
                label.clear()
            self.hetu_note.clear()
            self._update_buttons()
            return
        self.name_value.setText(identity.name_as_recorded)
        self.hetu_value.setText(identity.hetu or _("not recorded"))
        self.hetu_note.setText(_("(temporary code)") if identity.hetu_temporary else "")
        self.birth_value.setText(format_date(identity.birth_date) or EMPTY)
        self.death_value.setText(format_date(identity.death_date) or EMPTY)
        self._update_buttons()

    def _set_elsewhere(self, infos: list[RelationshipInfo]) -> None:
        for label in self.elsewhere_labels:
            self.elsewhere_list.removeWidget(label)
            label.clear()
            label.setParent(None)  # gone at once, not at the next event loop turn
        self.elsewhere_labels = []
        for info in infos:
            label = QLabel(
                f"<b>{html.escape(relationship_text(info))}</b><br>"
                f"{html.escape(records_elsewhere_text(info))}"
            )
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.elsewhere_list.addWidget(label)
            self.elsewhere_labels.append(label)

    def _show_relationships(self, data: ClinicalData, keep: int | None) -> None:
        elsewhere = [info for info in data.relationships if not info.keeps_notes]
        self._set_elsewhere(elsewhere)
        sote = any(info.relationship.register_kind is not RegisterKind.OTHER for info in elsewhere)
        self.legal_note.setText(legal_note_text() if sote else "")
        self.legal_note.setVisible(sote)
        self.elsewhere_box.setVisible(bool(elsewhere))

        with_notes = {n.relationship_id for n in data.notes}
        choices = [
            info
            for info in data.relationships
            if info.keeps_notes or info.relationship.id in with_notes
        ]
        preferred = next((i for i in choices if i.relationship.id == keep), None)
        if preferred is None and choices:
            # The latest relationship still going that keeps notes here, else the latest.
            active = [i for i in choices if i.keeps_notes and i.relationship.ended_on is None]
            preferred = (active or choices)[-1]
        self.relationship_combo.blockSignals(True)
        self.relationship_combo.clear()
        self._choices = choices
        for info in choices:
            self.relationship_combo.addItem(relationship_text(info))
        if preferred is not None:
            self.relationship_combo.setCurrentIndex(choices.index(preferred))
        self.relationship_combo.blockSignals(False)

        self.notes_box.setVisible(bool(choices))
        self.open_stretch.setVisible(not choices)
        if choices:
            self.no_notes_label.hide()
        else:
            self.no_notes_label.setText(
                _("The client has no client relationship yet; notes are written for one.")
                if not data.relationships
                else _(
                    "No notes of this client are kept in Vakka. To keep them here, change where "
                    "the client records are kept in the relationship (Contact details tab); "
                    "for patient and social care relationships that needs your confirmation "
                    "of the legal note."
                )
            )
            self.no_notes_label.show()

    def current_relationship(self) -> RelationshipInfo | None:
        # The chosen relationships are kept in a list beside the combo box (not as item data).
        index = self.relationship_combo.currentIndex()
        return self._choices[index] if 0 <= index < len(self._choices) else None

    def current_relationship_id(self) -> int | None:
        info = self.current_relationship()
        return None if info is None else info.relationship.id

    def _notes_of_relationship(self, notes: tuple[Note, ...] | list[Note]) -> list[Note]:
        rel_id = self.current_relationship_id()
        return [n for n in notes if n.relationship_id == rel_id]

    def _show_notes(self, notes: list[Note]) -> None:
        selected = self._select_after_load or self.selected_note_id()
        self._select_after_load = None
        self.model.set_notes(notes)
        self.protected_legend.setVisible(any(n.specially_protected for n in notes))
        self.detail.clear()
        row = self.model.row_of(selected) if selected is not None else None
        if row is not None:
            self.table.selectRow(row)
        self._update_buttons()

    def _relationship_changed(self, _index: int) -> None:
        if self.data is None:
            return
        if self.search.text().strip():
            self.run_search()
        else:
            self._show_notes(self._notes_of_relationship(self.data.notes))

    # --- selection ------------------------------------------------------------------------

    def selected_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def selected_note(self) -> Note | None:
        row = self.selected_row()
        return None if row is None else self.model.row(row).note

    def selected_note_id(self) -> int | None:
        note = self.selected_note()
        return None if note is None else note.id

    def select_note(self, note_id: int | None) -> None:
        row = self.model.row_of(note_id)
        if row is not None:
            self.table.selectRow(row)

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        row = self.selected_row()
        if row is None:
            self.detail.clear()
        else:
            self.detail.setHtml(group_html(self.model.group_of(row)))
            self.detail.scrollToAnchor(f"note-{self.model.row(row).note.id}")
        self._update_buttons()

    def _update_buttons(self) -> None:
        info = self.current_relationship()
        note = self.selected_note()
        self.new_note_button.setEnabled(info is not None and info.keeps_notes)
        editable = note is not None and not note.removed
        self.amend_button.setEnabled(editable)
        self.remove_button.setEnabled(editable)
        identity = self.data.identity if self.data is not None else None
        has_hetu = identity is not None and bool(identity.hetu)
        self.show_hetu_button.setVisible(has_hetu)
        self.copy_hetu_button.setVisible(has_hetu)

    # --- search ---------------------------------------------------------------------------

    def _search_changed(self, text: str) -> None:
        if not text.strip():
            self._search_timer.stop()
            self._search_serial += 1
            self.search_info.clear()
            if self.data is not None:
                self._show_notes(self._notes_of_relationship(self.data.notes))
            return
        self._search_timer.start()

    def run_search(self) -> None:
        """Search the client's notes (a logged view) and show the matches of the relationship."""
        self._search_timer.stop()
        text = self.search.text()
        client_id = self.client_id
        if client_id is None or self.data is None or not text.strip():
            return
        self._search_serial += 1
        serial, search_serial = self._serial, self._search_serial

        def show(notes: list[Note]) -> None:
            if serial != self._serial or search_serial != self._search_serial:
                return
            found = self._notes_of_relationship(notes)
            self._show_notes(found)
            self.search_info.setText(
                ngettext("{count} entry found", "{count} entries found", len(found)).format(
                    count=len(found)
                )
            )

        self.ctx.db.run(lambda s: clinical.search_notes(s, client_id, text), show)

    # --- identity -------------------------------------------------------------------------

    def toggle_hetu(self) -> None:
        client_id = self.client_id
        if client_id is None or self.data is None:
            return
        if self.hetu_revealed:
            self.hide_hetu()
            return
        serial = self._serial

        def show(code: str | None) -> None:
            if serial != self._serial or code is None:
                return
            self.hetu_revealed = True
            self.hetu_value.setText(code)
            self.show_hetu_button.setText(_("Hi&de"))
            self._hetu_timer.start(self.HETU_SHOWN_MS)

        self.ctx.db.run(lambda s: clinical.reveal_hetu(s, client_id), show)

    def hide_hetu(self) -> None:
        """Back to the masked code (by the button, or by itself after a while)."""
        self._hetu_timer.stop()
        if not self.hetu_revealed:
            return
        self.hetu_revealed = False
        identity = self.data.identity if self.data is not None else None
        self.hetu_value.setText(identity.hetu or "" if identity is not None else "")
        self.show_hetu_button.setText(_("Sho&w"))

    def copy_hetu(self) -> None:
        client_id = self.client_id
        if client_id is None or self.data is None:
            return
        serial = self._serial

        def copy(code: str | None) -> None:
            if serial != self._serial or code is None:
                return
            self.ctx.clipboard.copy_secret(code)
            self.clipboard_note.setText(_("Copied; cleared from the clipboard in 30 seconds."))

        self.ctx.db.run(lambda s: clinical.reveal_hetu(s, client_id), copy)

    def correct_identity(self) -> None:
        if self.client_id is None or self.data is None or self.data.identity is None:
            return
        self._open(CorrectIdentityDialog(self.ctx, self.client_id, self))

    def record_identity(self) -> None:
        if self.client_id is None or self.data is None:
            return
        self._open(IdentityDialog(self.ctx, self.client_id, self.data.client_name, self))

    # --- notes ----------------------------------------------------------------------------

    def new_note(self, relationship_id: int | None = None) -> None:
        """The "New note" action (Ctrl+Shift+N in the main window's menu); for
        ``relationship_id`` when given (a draft kept at a lock)."""
        if self.client_id is None:
            return
        if self.is_locked_view():
            self.open_unlock_dialog()
            return
        if relationship_id is not None:
            self._new_note_relationship = relationship_id
        if self.data is None or self._stale:
            # Chosen before this client's records arrived, or after the client changed on
            # another tab (a new relationship): open when the fresh records do.
            self._new_note_pending = True
            self.reload()
            return
        if self._new_note_relationship is not None:
            ids = [info.relationship.id for info in self._choices]
            if self._new_note_relationship in ids:
                self.relationship_combo.setCurrentIndex(ids.index(self._new_note_relationship))
        self._new_note_relationship = None
        info = self.current_relationship()
        if info is None or not info.keeps_notes:
            notice = QMessageBox(
                QMessageBox.Icon.Information,
                _("New note"),
                _("This client's records are not kept in Vakka, so no notes are written here."),
                QMessageBox.StandardButton.Ok,
                self,
            )
            notice.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            notice.open()  # not blocking: the app keeps running (and can lock) behind it
            return
        dialog = NoteDialog(
            self.ctx,
            info.relationship,
            relationship_text(info),
            self.data.author_name,
            self.data.author_title,
            info.protected_default,
            self,
        )
        dialog.saved.connect(self._note_saved)
        self._open(dialog)

    def amend_selected(self) -> None:
        note = self.selected_note()
        if self.data is None or note is None or note.removed:
            return
        dialog = AmendDialog(
            self.ctx, note, entry_heading(note), self.data.author_name, self.data.author_title, self
        )
        dialog.saved.connect(self._note_saved)
        self._open(dialog)

    def remove_selected(self) -> None:
        note = self.selected_note()
        if self.data is None or note is None or note.removed:
            return
        dialog = RemoveContentDialog(
            self.ctx, note, entry_heading(note), self.data.author_name, self.data.author_title, self
        )
        dialog.saved.connect(self._note_saved)
        self._open(dialog)

    def _note_saved(self, note: Note) -> None:
        # The dialog announced client_changed; the client view reloads this tab.
        self._select_after_load = note.id

    # --- dialogs --------------------------------------------------------------------------

    def open_unlock_dialog(self) -> None:
        self._open(ClinicalUnlockDialog(self.ctx, self))

    def _open(self, dialog: FormDialog) -> None:
        self.close_dialog()
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self._dialog_finished(dialog))
        self.dialog = dialog
        dialog.open()

    def _dialog_finished(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def close_dialog(self) -> None:
        """Close an open dialog without saving (the records lock, or the client changes)."""
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.close_now()
