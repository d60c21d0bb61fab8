"""The answer to an access request, step by step: choose, preview, print or save, deliver.

1. Choices: the answer's language, whether the identity code is left out (the client's
   choice), and which entries are withheld (Tietosuojalaki § 34); third parties'
   documents and what a minor has prohibited are withheld by the rules and shown so.
2. Preview: the answer is built on the worker, rendered to PDF on a thread of its own
   (progress shown: a thousand entries take a few seconds) and shown with QtPdf. Print
   (pages rendered off the GUI thread) or save it with its JSON; either is logged and
   recorded as a disclosure to the client by the service.
3. Delivered: when and how the answer reached the client; the request is closed.
"""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, Qt, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.kinds import DeliveryMethod
from app.domain.models import DataRequest
from app.i18n.kind_labels import kind_label
from app.services import access_answer, requests
from app.services.access_answer import AnswerChoices, AnswerDraft, EntryChoice
from app.ui.context import UiContext
from app.ui.dialogs.form_helpers import DateEdit, ErrorLabel, LabelledForm, language_combo
from app.ui.dialogs.request_dialogs import request_summary
from app.ui.dialogs.withhold_dialog import WithholdDialog
from app.ui.feedback import report_inline
from app.ui.printing import ask_save_path, print_in_background
from app.ui.texts import _, format_date, ui_language
from app.ui.window_watch import WindowHidden

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1


class _Renderer(QObject):
    """Renders the answer's PDF on a thread of its own (no database there)."""

    progressed = Signal(int, int)
    rendered = Signal(bytes)
    failed = Signal(str)

    def start(self, draft: AnswerDraft) -> None:
        threading.Thread(target=self._run, args=(draft,), name="vakka-answer", daemon=True).start()

    def _run(self, draft: AnswerDraft) -> None:
        try:
            pdf = access_answer.render(draft, self.progressed.emit)
        except Exception as error:  # reported on the GUI thread, no personal data in it
            self.failed.emit(type(error).__name__)
        else:
            self.rendered.emit(pdf)


def entry_text(entry: EntryChoice) -> str:
    head = f"{format_date(entry.written_on)} · {kind_label(entry.kind, ui_language())}"
    if entry.specially_protected:
        head += " · " + _("specially protected")
    state = ""
    if entry.automatic is not None:
        state = _("Withheld by the rules: {reason}").format(
            reason=kind_label(entry.automatic, ui_language())
        )
    elif entry.withheld is not None:
        state = _("Withheld: {reason}").format(
            reason=kind_label(entry.withheld.reason, ui_language())
        )
    lines = [head, entry.preview or _("(content removed)")]
    if state:
        lines.append(state)
    return "\n".join(lines)


class AccessAnswerDialog(QDialog):
    def __init__(
        self, ctx: UiContext, request: DataRequest, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.today = today
        self.request = request
        self.choices: AnswerChoices | None = None
        self.draft: AnswerDraft | None = None
        self.pdf = b""
        self.given = False  # printed or saved: the answer exists
        self.setWindowTitle(_("Answer to an access request"))
        self.resize(820, 720)

        self.summary = QLabel(request_summary(request))
        self.summary.setWordWrap(True)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._choices_page())
        self.pages.addWidget(self._preview_page())
        self.pages.addWidget(self._delivered_page())
        self.error = ErrorLabel()

        self.back_button = QPushButton(_("< &Back"))
        self.back_button.clicked.connect(self.back)
        self.next_button = QPushButton(_("&Preview >"))
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self.next)
        self.close_button = QPushButton(_("Close"))
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.back_button, self.next_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self._renderer = _Renderer(self)
        self._renderer.progressed.connect(self._on_progress)
        self._renderer.rendered.connect(self._on_rendered)
        self._renderer.failed.connect(self._on_render_failed)
        self._window_hidden = WindowHidden(self, parent, self._close_with_window)
        self._show_page(0)
        self.reload_choices()

    # --- pages ------------------------------------------------------------------------

    def _choices_page(self) -> QWidget:
        page = QWidget()
        form = LabelledForm()
        self.language = language_combo()
        form.add_row(_("&Language of the answer:"), self.language)
        self.leave_hetu = QCheckBox(_("Leave the personal identity code out (the client's choice)"))
        self.leave_hetu.setChecked(not self.request.hetu_in_answer)
        self.leave_hetu.toggled.connect(self._hetu_choice)
        form.add_wide(self.leave_hetu)
        intro = QLabel(
            _(
                "Withhold an entry only if giving it could seriously endanger the client's "
                "health or care or someone else's rights (Data Protection Act § 34). The "
                "answer names what was withheld and why, unless that would defeat the "
                "restriction, and tells the client how to have it reviewed."
            )
        )
        intro.setWordWrap(True)
        self.entries = QListWidget()
        self.entries.setAccessibleName(_("The client's entries"))
        self.entries.setAlternatingRowColors(True)
        self.entries.currentItemChanged.connect(lambda *_a: self._entry_buttons())
        self.withhold_button = QPushButton(_("&Withhold…"))
        self.withhold_button.clicked.connect(self.withhold)
        self.release_button = QPushButton(_("&Give after all"))
        self.release_button.clicked.connect(self.release)
        row = QHBoxLayout()
        row.addWidget(self.withhold_button)
        row.addWidget(self.release_button)
        row.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addWidget(intro)
        layout.addWidget(self.entries, 1)
        layout.addLayout(row)
        return page

    def _preview_page(self) -> QWidget:
        page = QWidget()
        self.progress = QProgressBar()
        self.progress.setAccessibleName(_("Preparing the answer"))
        self.progress_label = QLabel(_("Preparing the answer…"))
        self.document = QPdfDocument(self)
        self.view = QPdfView()
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setAccessibleName(_("Preview of the answer"))
        self.print_button = QPushButton(_("&Print…"))
        self.print_button.clicked.connect(self.print_answer)
        self.save_button = QPushButton(_("&Save as PDF and JSON…"))
        self.save_button.clicked.connect(self.save_answer)
        row = QHBoxLayout()
        row.addWidget(self.progress_label)
        row.addWidget(self.progress, 1)
        row.addWidget(self.print_button)
        row.addWidget(self.save_button)
        layout = QVBoxLayout(page)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        self._buffer = QBuffer(self)
        return page

    def _delivered_page(self) -> QWidget:
        page = QWidget()
        self.delivered_note = QLabel()
        self.delivered_note.setWordWrap(True)
        form = LabelledForm()
        self.delivered_on = DateEdit(self.today)
        form.add_row(_("&Delivered on:"), self.delivered_on)
        self.how = QComboBox()
        for method in DeliveryMethod:
            self.how.addItem(kind_label(method, ui_language()), method.value)
        form.add_row(_("&How:"), self.how)
        layout = QVBoxLayout(page)
        layout.addWidget(self.delivered_note)
        layout.addLayout(form)
        layout.addStretch(1)
        return page

    def _show_page(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        self.back_button.setEnabled(index > 0)
        texts = (_("&Preview >"), _("&Next >"), _("Mark &delivered"))
        self.next_button.setText(texts[index])
        self.next_button.setEnabled(index != 1 or self.given)
        self.error.clear_error()

    # --- step 1: choices --------------------------------------------------------------

    def reload_choices(self) -> None:
        request_id = self.request.id or 0
        self.ctx.db.run(
            lambda s: access_answer.answer_choices(s, request_id),
            self._show_choices,
            self._failed,
        )

    def _show_choices(self, choices: AnswerChoices) -> None:
        first = self.choices is None
        self.choices = choices
        self.request = choices.request
        if first:
            self.language.setCurrentIndex(max(self.language.findData(choices.language), 0))
        current = self.selected_entry()
        self.entries.clear()
        for entry in choices.entries:
            item = QListWidgetItem(entry_text(entry))
            item.setData(ENTRY_ROLE, entry.note_id)
            self.entries.addItem(item)
            if current is not None and entry.note_id == current.note_id:
                self.entries.setCurrentItem(item)
        self._entry_buttons()

    def selected_entry(self) -> EntryChoice | None:
        item = self.entries.currentItem()
        if item is None or self.choices is None:
            return None
        note_id = item.data(ENTRY_ROLE)
        return next((e for e in self.choices.entries if e.note_id == note_id), None)

    def _entry_buttons(self) -> None:
        entry = self.selected_entry()
        free = entry is not None and entry.automatic is None
        self.withhold_button.setEnabled(free and entry is not None and entry.withheld is None)
        self.release_button.setEnabled(free and entry is not None and entry.withheld is not None)

    def withhold(self) -> None:
        entry = self.selected_entry()
        if entry is None or entry.automatic is not None or entry.withheld is not None:
            return
        dialog = WithholdDialog(self.ctx, self.request.id or 0, entry.note_id, self)
        dialog.accepted.connect(self.reload_choices)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        dialog.open()

    def release(self) -> None:
        entry = self.selected_entry()
        if entry is None or entry.withheld is None:
            return
        request_id, note_id = self.request.id or 0, entry.note_id
        self.ctx.db.run(
            lambda s: access_answer.release(s, request_id, note_id),
            lambda _r: self.reload_choices(),
            self._failed,
        )

    def _hetu_choice(self, leave_out: bool) -> None:
        request_id = self.request.id or 0
        self.ctx.db.run(
            lambda s: requests.set_hetu_choice(s, request_id, include_hetu=not leave_out),
            None,
            self._failed,
        )

    # --- step 2: preview, print, save --------------------------------------------------

    def next(self) -> None:
        index = self.pages.currentIndex()
        if index == 0:
            self._prepare()
        elif index == 1 and self.given:
            self.delivered_note.setText(
                _(
                    "The answer has been given. When it has reached the client, record when "
                    "and how; the request is then closed."
                )
            )
            self._show_page(2)
        elif index == 2:
            self._mark_delivered()

    def back(self) -> None:
        self._show_page(max(self.pages.currentIndex() - 1, 0))

    def _prepare(self) -> None:
        request_id = self.request.id or 0
        language = str(self.language.currentData())
        self.next_button.setEnabled(False)
        self.ctx.db.run(
            lambda s: access_answer.prepare(s, request_id, language),
            self._render,
            self._failed_back,
        )

    def _render(self, draft: AnswerDraft) -> None:
        self.draft = draft
        self.pdf = b""
        self.document.close()
        self.print_button.setEnabled(False)
        self.save_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.progress_label.setText(_("Preparing the answer…"))
        self._show_page(1)
        self._renderer.start(draft)

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _on_rendered(self, pdf: bytes) -> None:
        self.pdf = pdf
        self._buffer.close()
        self._buffer.setData(QByteArray(pdf))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        self.progress.hide()
        self.progress_label.setText(
            _("{pages} pages. Print the answer or save it.").format(pages=self.document.pageCount())
        )
        self.print_button.setEnabled(True)
        self.save_button.setEnabled(True)
        self.print_button.setFocus()

    def _on_render_failed(self, _kind: str) -> None:
        self.progress.hide()
        self.error.set_error(_("The answer could not be prepared. Try again."))
        self._show_page(0)

    def print_answer(self) -> None:
        if not self.pdf or self.draft is None:
            return
        draft = self.draft
        title = _("Answer to an access request")

        def printed() -> None:
            self.ctx.db.run(
                lambda s: access_answer.record_printed(s, draft), self._given, self._failed
            )

        print_in_background(self, self.pdf, title, printed)

    def save_answer(self) -> None:
        if not self.pdf or self.draft is None:
            return
        path = ask_answer_path(self, f"access-answer-{self.draft.content.packet_id}.pdf")
        if path is None:
            return
        draft, pdf = self.draft, self.pdf
        json_path = path.with_suffix(".json")
        self.ctx.db.run(
            lambda s: access_answer.save_answer(s, draft, pdf, path, json_path),
            self._given,
            self._failed,
        )

    def _given(self, _result: object) -> None:
        self.given = True
        self.next_button.setEnabled(True)
        self.progress_label.setText(
            _("The answer was given and recorded. Next: record its delivery.")
        )
        self.ctx.events.client_changed.emit(self.request.client_id)

    # --- step 3: delivered -------------------------------------------------------------

    def _mark_delivered(self) -> None:
        request_id = self.request.id or 0
        on = self.delivered_on.value()
        how = DeliveryMethod(str(self.how.currentData()))
        self.ctx.db.run(
            lambda s: requests.mark_delivered(s, request_id, on, how),
            self._delivered,
            self._failed,
        )

    def _delivered(self, request: DataRequest) -> None:
        self.request = request
        self.ctx.events.client_changed.emit(request.client_id)
        self.accept()

    # --- errors ------------------------------------------------------------------------

    def _failed(self, error: BaseException) -> None:
        report_inline(self.error, self, error)

    def _failed_back(self, error: BaseException) -> None:
        self._failed(error)
        self.next_button.setEnabled(True)

    def _close_with_window(self) -> None:
        """The app locked: nothing of the answer stays on screen."""
        self.reject()

    def done(self, result: int) -> None:
        self.document.close()
        self.pdf = b""
        super().done(result)


def ask_answer_path(parent: QWidget, suggested_name: str) -> Path | None:
    """Where to save the answer (its JSON goes beside it); tests replace this function."""
    return ask_save_path(parent, suggested_name)
