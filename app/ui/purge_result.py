"""The end of a purge: the purge record's summary, saving and printing it as PDF, and the
notice that older backups still hold what was destroyed."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain.errors import VakkaError
from app.services import managed_backups, purge
from app.services.managed_backups import HoldingBackup
from app.services.purge import PurgeRecord
from app.ui import printing
from app.ui.context import UiContext
from app.ui.dialogs.form_helpers import ErrorLabel, run_dialog_job
from app.ui.feedback import error_text, report_inline
from app.ui.icons import icon
from app.ui.purge_models import RecordEntryModel
from app.ui.table_model import record_table
from app.ui.texts import _, format_date, ui_language


def _wrapped(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class PurgeResultPage(QWidget):
    """What the purge record says, with Save as PDF and Print."""

    saved = Signal(str)  # the path the record was saved to

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.record: PurgeRecord | None = None
        self.heading = QLabel()
        self.heading.setStyleSheet("font-weight: 600;")
        self.summary = _wrapped()
        self.summary.setAccessibleName(_("Purge record"))
        self.model = RecordEntryModel()
        self.table = record_table(self.model, _("Records destroyed by category"))
        self.backup_notice = _wrapped()
        self.backup_notice.setObjectName("backupNotice")
        self.backup_notice.setAccessibleName(_("Backups"))
        self.save_button = QPushButton(icon("save"), _("Save the purge record as &PDF…"))
        self.print_button = QPushButton(icon("print"), _("P&rint the purge record…"))
        self.save_button.clicked.connect(self.save_pdf)
        self.print_button.clicked.connect(self.print_record)
        self.holding = _wrapped()
        self.holding.setObjectName("holdingBackups")
        self.replace_button = QPushButton(_("Replace them now with one &fresh backup"))
        self.replace_button.clicked.connect(self.replace_backups)
        self.replace_button.hide()
        self.done_label = _wrapped()
        self.done_label.setObjectName("purgeRecordSaved")
        self.error = ErrorLabel()

        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.backup_notice)
        layout.addWidget(self.holding)
        layout.addWidget(self.replace_button)
        layout.addLayout(buttons)
        layout.addWidget(self.done_label)
        layout.addWidget(self.error)

    def show_record(self, record: PurgeRecord) -> None:
        self.record = record
        self.model.set_rows(record.entries)
        day = format_date(datetime.fromisoformat(record.purged_at).date())
        total = sum(e.count for e in record.entries)
        if record.entries:
            self.heading.setText(_("Purge record"))
            self.summary.setText(
                _(
                    "{count} records were destroyed on {date}. The purge record below was kept "
                    "in the purge log; it holds no names."
                ).format(count=total, date=day)
            )
            notice = purge.backup_notice(ui_language())
            if not record.compacted:
                notice = error_text(VakkaError("purge.not_compacted")) + "\n" + notice
            self.backup_notice.setText(notice)
            purged_at = datetime.fromisoformat(record.purged_at)
            self.ctx.db.run(
                lambda s: managed_backups.holding_purged(s, purged_at),
                self._show_holding,
                lambda _error: None,  # the general notice above still stands
            )
        else:
            self.heading.setText(_("Nothing was destroyed"))
            self.summary.setText(
                _("Nothing selected was due any more when the purge ran; nothing was destroyed.")
            )
            self.backup_notice.clear()
        self.table.setVisible(bool(record.entries))
        self.save_button.setEnabled(bool(record.entries))
        self.print_button.setEnabled(bool(record.entries))
        self.save_button.setFocus()

    def _show_holding(self, holding: list[HoldingBackup]) -> None:
        if not holding:
            self.holding.clear()
            self.replace_button.hide()
            return
        lines = [_("Backups in your backup folder that still hold the destroyed data:")]
        for item in holding:
            made = format_date(item.backup.made_at.date())
            if item.rotates_out_on is None:
                lines.append(
                    "  " + _("made {made}, kept by the rotation for now").format(made=made)
                )
            else:
                lines.append(
                    "  "
                    + _("made {made}, deleted by the rotation on {date}").format(
                        made=made, date=format_date(item.rotates_out_on.date())
                    )
                )
        self.holding.setText("\n".join(lines))
        self.replace_button.show()

    def replace_backups(self) -> None:
        record = self.record
        if record is None:
            return
        purged_at = datetime.fromisoformat(record.purged_at)
        self.replace_button.setEnabled(False)

        def done(_fresh: object) -> None:
            self.holding.setText(
                _("The older backups were replaced with one fresh backup made after the purge.")
            )
            self.replace_button.hide()

        def failed(error: BaseException) -> None:
            self.replace_button.setEnabled(True)
            report_inline(self.error, self, error)

        self.ctx.db.run(lambda s: managed_backups.replace_after_purge(s, purged_at), done, failed)

    def save_pdf(self) -> None:
        record = self.record
        if record is None:
            return
        day = record.purged_at[:10]
        path = printing.ask_save_path(self, _("purge-record") + f"-{day}.pdf")
        if path is None:
            return
        lang = ui_language()

        def saved(_result: None) -> None:
            self.done_label.setText(_("The purge record was saved as {path}.").format(path=path))
            self.saved.emit(str(path))

        run_dialog_job(
            self.ctx,
            lambda s: purge.write_record_pdf(s, record, path, lang),
            saved,
            error_label=self.error,
            busy=[self.save_button, self.print_button],
        )

    def print_record(self) -> None:
        record = self.record
        if record is None:
            return
        lang = ui_language()

        def rendered(data: bytes) -> None:
            if printing.print_with_dialog(self, data, _("Vakka purge record")):
                self.done_label.setText(_("The purge record was sent to the printer."))

        run_dialog_job(
            self.ctx,
            lambda s: purge.record_pdf(s, record, lang),
            rendered,
            error_label=self.error,
            busy=[self.save_button, self.print_button],
        )
