"""The hand-over export for ceasing practice (issue 14 item 3): every register into a new
folder, with its progress shown; the covering letter in it says where each part goes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n.kind_labels import kind_label
from app.services import hand_over
from app.services.hand_over import HandOverResult
from app.ui import file_dialogs
from app.ui.context import UiContext
from app.ui.dialogs.form_helpers import ErrorLabel, LabelledForm, language_combo
from app.ui.feedback import report_inline
from app.ui.long_job import LongJob
from app.ui.texts import _, ui_language
from app.ui.window_watch import WindowHidden


def ask_parent_folder(parent: QWidget) -> Path | None:
    """The folder the export's own folder is made in; tests replace this function."""
    chosen = file_dialogs.existing_directory(parent, _("Where to make the export folder"))
    return Path(chosen) if chosen else None


class HandOverDialog(QDialog):
    def __init__(self, ctx: UiContext, default_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.result_: HandOverResult | None = None
        self.setWindowTitle(_("Hand over all registers"))
        self.setMinimumWidth(560)
        intro = QLabel(
            _(
                "When the practice ceases, patient and social care records and their logs pass "
                "to the wellbeing services county and Kela (Act 703/2023 § 16). This writes "
                "every register into a new folder: each client's records as JSON and PDF, the "
                "bookkeeping apart, a manifest and a covering letter. Nothing is removed from "
                "the register."
            )
        )
        intro.setWordWrap(True)
        form = LabelledForm()
        self.name = QLineEdit(default_name)
        form.add_row(_("Name of the new &folder:"), self.name)
        self.language = language_combo()
        form.add_row(_("&Language of the PDFs:"), self.language)
        self.export_button = QPushButton(_("&Choose where and export…"))
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.export)
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.error = ErrorLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.export_button)
        layout.addWidget(self.outcome)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.job = LongJob(ctx, self, _("Hand over all registers"), _("Writing the export…"))
        self.job.finished.connect(self._done)
        self.job.failed.connect(lambda error: report_inline(self.error, self, error))
        self._window_hidden = WindowHidden(self, parent, self._close_with_window)

    def export(self) -> None:
        where = ask_parent_folder(self)
        if where is None:
            return
        out = where / self.name.text().strip()
        lang = str(self.language.currentData())
        self.error.clear_error()
        self.job.start(
            lambda progress, cancelled: (
                lambda s: hand_over.export_all(s, out, lang, progress, cancelled)
            )
        )

    def _done(self, result: HandOverResult) -> None:
        self.result_ = result
        lines = [_("The export is in {folder}.").format(folder=result.folder)]
        for kind, count in result.counts.items():
            if count:
                lines.append(f"{kind_label(kind, ui_language())}: {count}")
        lines.append(_("Read covering-letter.pdf in it: it says where each part goes."))
        self.outcome.setText("\n".join(lines))

    def _close_with_window(self) -> None:
        self.reject()
