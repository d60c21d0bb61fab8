"""The managed backups (issue 13 item 1): where they go, when they are made, the list of
them with date and size, a backup now, and restoring one into a new folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services import managed_backups
from app.services.managed_backups import BackupSettings, ManagedBackup
from app.ui.context import UiContext
from app.ui.dialogs.form_helpers import ErrorLabel
from app.ui.feedback import report_inline
from app.ui.long_job import LongJob
from app.ui.texts import _, format_date
from app.ui.window_watch import WindowHidden


def ask_backup_folder(parent: QWidget) -> Path | None:
    """The backup folder (an external drive, a second disk); tests replace this function."""
    chosen = QFileDialog.getExistingDirectory(parent, _("Choose the backup folder"))
    return Path(chosen) if chosen else None


def size_text(size: int) -> str:
    return _("{size} MB").format(size=f"{size / 1_000_000:.1f}".replace(".", ","))


class BackupsDialog(QDialog):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.current: BackupSettings | None = None
        self.setWindowTitle(_("Backups"))
        self.resize(640, 480)
        self.folder_label = QLabel()
        self.folder_label.setWordWrap(True)
        self.cloud_label = QLabel()
        self.cloud_label.setWordWrap(True)
        self.cloud_label.setStyleSheet("color: #7a4a00;")
        self.choose_button = QPushButton(_("&Choose the folder…"))
        self.choose_button.clicked.connect(self.choose_folder)
        self.at_close = QCheckBox(_("Back up when Vakka is &closed"))
        self.daily = QCheckBox(_("Back up once a &day while Vakka is open"))
        for box in (self.at_close, self.daily):
            box.toggled.connect(lambda _on: self.save_settings())
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels([_("Made"), _("Size")])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAccessibleName(_("The backups in the folder"))
        self.note = QLabel(
            _(
                "The newest backup of each of the last 7 days, 4 weeks and 12 months is kept; "
                "older ones are deleted. Each backup is checked after it is written. A backup "
                "opens with the passphrase or recovery code in use when it was made."
            )
        )
        self.note.setWordWrap(True)
        self.now_button = QPushButton(_("&Back up now"))
        self.now_button.clicked.connect(self.back_up_now)
        self.error = ErrorLabel()
        row = QHBoxLayout()
        row.addWidget(self.choose_button)
        row.addStretch(1)
        row.addWidget(self.now_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.folder_label)
        layout.addWidget(self.cloud_label)
        layout.addLayout(row)
        layout.addWidget(self.at_close)
        layout.addWidget(self.daily)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.job = LongJob(ctx, self, _("Backups"), _("Backing up and checking the backup…"))
        self.job.finished.connect(lambda _r: self.reload())
        self.job.failed.connect(lambda error: report_inline(self.error, self, error))
        self._window_hidden = WindowHidden(self, parent, self._close_with_window)
        self.reload()

    def reload(self) -> None:
        def fetch(session):  # type: ignore[no-untyped-def]
            return managed_backups.settings(session), managed_backups.backups(session)

        self.ctx.db.run(fetch, self._show, lambda error: report_inline(self.error, self, error))

    def _show(self, loaded: tuple[BackupSettings, list[ManagedBackup]]) -> None:
        chosen, listed = loaded
        self.current = chosen
        folder = chosen.folder
        if folder is None:
            self.folder_label.setText(_("No backup folder is chosen yet."))
        elif not folder.is_dir():
            self.folder_label.setText(
                _(
                    "Backup folder: {folder} — cannot be reached now (is the drive plugged in?)"
                ).format(folder=folder)
            )
        else:
            self.folder_label.setText(_("Backup folder: {folder}").format(folder=folder))
        service = managed_backups.cloud_service(folder) if folder else None
        self.cloud_label.setText(
            _(
                "The folder is synchronised by {service}: the encrypted backups are copied to "
                "its servers. They stay encrypted, but a backup on a drive of your own is safer."
            ).format(service=service)
            if service
            else ""
        )
        self.cloud_label.setVisible(bool(service))
        for box, value in ((self.at_close, chosen.at_close), (self.daily, chosen.daily)):
            box.blockSignals(True)
            box.setChecked(value)
            box.blockSignals(False)
        self.now_button.setEnabled(folder is not None)
        self.table.setRowCount(len(listed))
        for row, item in enumerate(listed):
            when = f"{format_date(item.made_at.date())} {item.made_at:%H.%M}"
            self.table.setItem(row, 0, QTableWidgetItem(when))
            self.table.setItem(row, 1, QTableWidgetItem(size_text(item.size)))

    def choose_folder(self) -> None:
        folder = ask_backup_folder(self)
        if folder is not None:
            self.save_settings(folder)

    def save_settings(self, folder: Path | None = None) -> None:
        if self.current is None:
            return
        target = folder if folder is not None else self.current.folder
        at_close, daily = self.at_close.isChecked(), self.daily.isChecked()
        self.error.clear_error()
        self.ctx.db.run(
            lambda s: managed_backups.set_settings(s, target, at_close, daily),
            self._saved,
            lambda error: report_inline(self.error, self, error),
        )

    def _saved(self, chosen: BackupSettings) -> None:
        self.ctx.events.backup_settings_changed.emit(chosen)
        self.reload()

    def back_up_now(self) -> None:
        self.error.clear_error()
        self.job.start(lambda _progress, _cancelled: managed_backups.make_backup)

    def _close_with_window(self) -> None:
        self.reject()
