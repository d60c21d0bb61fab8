"""The privacy notice: choose the register and language, add the practice's own words to
a section, then save it as PDF or HTML or print it (issue 14). Opened for a client's
relationship, it also records the day the client was given the notice."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.kinds import ContactLanguage, RegisterKind
from app.domain.models import Relationship
from app.domain.privacy_notice import SECTIONS
from app.export.privacy_notice import HEADINGS
from app.i18n.kind_labels import kind_label
from app.services import privacy_notice
from app.ui import file_dialogs
from app.ui.context import UiContext
from app.ui.dialogs.form_helpers import ErrorLabel, LabelledForm, language_combo
from app.ui.feedback import error_text
from app.ui.printing import print_in_background
from app.ui.texts import _, ui_language
from app.ui.window_watch import WindowHidden


def ask_notice_path(parent: QWidget, suggested: str, html: bool) -> Path | None:
    """Where to save the notice; tests replace this function."""
    pattern = _("Web pages (*.html)") if html else _("PDF documents (*.pdf)")
    chosen, _filter = file_dialogs.save_file_name(
        parent, _("Save the privacy notice"), suggested, pattern
    )
    if not chosen:
        return None
    path = Path(chosen)
    suffix = ".html" if html else ".pdf"
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


class PrivacyNoticeDialog(QDialog):
    def __init__(
        self,
        ctx: UiContext,
        today: date,
        relationship: Relationship | None = None,
        client_language: ContactLanguage | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.today = today
        self.relationship = relationship
        self.given = False  # for a relationship: the day was recorded
        self.setWindowTitle(_("Privacy notice"))
        self.setMinimumWidth(600)
        form = LabelledForm()
        self.kind = QComboBox()
        for kind in RegisterKind:
            self.kind.addItem(kind_label(kind, ui_language()), kind.value)
        if relationship is not None:
            self.kind.setCurrentIndex(self.kind.findData(relationship.register_kind.value))
            self.kind.setEnabled(False)
        form.add_row(_("&Register:"), self.kind)
        self.language = language_combo(client_language.value if client_language else None)
        form.add_row(_("&Language:"), self.language)
        self.section = QComboBox()
        for section in SECTIONS:
            self.section.addItem(_(HEADINGS[section]), section)
        form.add_row(_("Your own &text for the section:"), self.section)
        self.own_text = QPlainTextEdit()
        self.own_text.setTabChangesFocus(True)
        self.own_text.setAccessibleName(_("Your own text for the section"))
        self.own_text.setPlaceholderText(_("added after the section's own text"))
        self.own_text.setFixedHeight(self.own_text.fontMetrics().lineSpacing() * 4 + 14)
        form.add_wide(self.own_text)
        self.save_text_button = QPushButton(_("Save the te&xt"))
        self.save_text_button.clicked.connect(self.save_text)
        self.error = ErrorLabel()
        self.note = QLabel()
        self.note.setWordWrap(True)

        self.pdf_button = QPushButton(_("Save as P&DF…"))
        self.pdf_button.clicked.connect(lambda: self.save(html=False))
        self.html_button = QPushButton(_("Save as &HTML…"))
        self.html_button.clicked.connect(lambda: self.save(html=True))
        self.print_button = QPushButton(_("&Print…"))
        self.print_button.clicked.connect(self.print_notice)
        self.print_button.setDefault(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.save_text_button)
        row.addStretch(1)
        for button in (self.print_button, self.pdf_button, self.html_button):
            row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._window_hidden = WindowHidden(self, parent, self._close_with_window)

    def _close_with_window(self) -> None:
        self.reject()

    def chosen_kind(self) -> RegisterKind:
        return RegisterKind(str(self.kind.currentData()))

    def chosen_language(self) -> str:
        return str(self.language.currentData())

    def save_text(self) -> None:
        kind, section, text = (
            self.chosen_kind(),
            str(self.section.currentData()),
            self.own_text.toPlainText(),
        )
        self.ctx.db.run(
            lambda s: privacy_notice.set_section_text(s, kind, section, text),
            lambda _r: self.note.setText(_("The text is saved; the next notice includes it.")),
            self._failed,
        )

    def save(self, html: bool) -> None:
        kind, lang = self.chosen_kind(), self.chosen_language()
        path = ask_notice_path(self, f"privacy-notice-{kind.value}-{lang}", html)
        if path is None:
            return
        fmt = "html" if html else "pdf"
        self.ctx.db.run(
            lambda s: privacy_notice.write_notice(s, path, kind, lang, fmt),
            lambda written: self._given(_("Saved as {name}.").format(name=written.name)),
            self._failed,
        )

    def print_notice(self) -> None:
        kind, lang = self.chosen_kind(), self.chosen_language()

        def ready(pdf: bytes) -> None:
            print_in_background(
                self, pdf, _("Privacy notice"), lambda: self._given(_("Sent to the printer."))
            )

        self.ctx.db.run(
            lambda s: privacy_notice.render(privacy_notice.notice(s, kind, lang)),
            ready,
            self._failed,
        )

    def _given(self, message: str) -> None:
        self.error.clear_error()
        self.note.setText(message)
        rel = self.relationship
        if rel is None or rel.id is None or self.given:
            return
        rel_id, today = rel.id, self.today

        def recorded(_result: object) -> None:
            self.given = True
            self.note.setText(
                message + " " + _("The day the client was given the notice is recorded.")
            )
            self.ctx.events.client_changed.emit(rel.client_id)

        self.ctx.db.run(
            lambda s: privacy_notice.record_given(s, rel_id, today), recorded, self._failed
        )

    def _failed(self, error: BaseException) -> None:
        from app.db.errors import as_user_error
        from app.domain.errors import VakkaError

        known = as_user_error(error) or error
        if isinstance(known, VakkaError):
            self.error.set_error(error_text(known))
        else:
            self.ctx.show_error(self, error)
