"""The managed backups (issue 13 item 1): where they go, when they are made, the list of
them with date, size and check, a backup now, and restoring one into a new folder (the
register locks and the unlock window restores it)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services import managed_backups
from app.services.managed_backups import BackupSettings, ManagedBackup
from app.ui import file_dialogs
from app.ui.context import UiContext
from app.ui.dialogs.form_helpers import ErrorLabel
from app.ui.feedback import report_inline
from app.ui.long_job import LongJob
from app.ui.texts import _, format_date
from app.ui.window_watch import WindowHidden


def ask_backup_folder(parent: QWidget) -> Path | None:
    """The backup folder (an external drive, a second disk); tests replace this function."""
    chosen = file_dialogs.existing_directory(parent, _("Choose the backup folder"))
    return Path(chosen) if chosen else None


def made_text(item: ManagedBackup) -> str:
    return f"{format_date(item.made_at.date())} {item.made_at:%H.%M}"


def size_text(size: int) -> str:
    return _("{size} MB").format(size=f"{size / 1_000_000:.1f}".replace(".", ","))


def confirm_restore(parent: QWidget, made: str) -> bool:
    """Restoring locks this register first; tests replace this function."""
    answer = QMessageBox.question(
        parent,
        _("Restore a backup"),
        _(
            "Restore the backup made {made} into a new folder? Vakka locks this register "
            "first; the register itself is not changed. In the unlock window, type the "
            "passphrase in use when the backup was made and choose Restore a backup."
        ).format(made=made),
    )
    return answer == QMessageBox.StandardButton.Yes


class BackupsDialog(QDialog):
    restore_requested = Signal(Path)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.current: BackupSettings | None = None
        self.listed: list[ManagedBackup] = []
        self.setWindowTitle(_("Backups"))
        self.resize(640, 480)
        self.folder_label = QLabel()
        self.folder_label.setWordWrap(True)
        self.cloud_label = QLabel()
        self.cloud_label.setWordWrap(True)
        self.cloud_label.setStyleSheet("color: #7a4a00;")
        self.choose_button = QPushButton(_("Choose the &folder…"))
        self.choose_button.clicked.connect(self.choose_folder)
        self.at_close = QCheckBox(_("Back up when Vakka is &closed"))
        self.daily = QCheckBox(_("Back up once a &day while Vakka is open"))
        for box in (self.at_close, self.daily):
            box.toggled.connect(lambda _on: self.save_settings())
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([_("Made"), _("Size"), _("Check")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.itemSelectionChanged.connect(self._selection_changed)
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
        self.restore_button = QPushButton(_("&Restore…"))
        self.restore_button.setToolTip(_("Restore the chosen backup into a new folder"))
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self.restore_chosen)
        self.error = ErrorLabel()
        row = QHBoxLayout()
        row.addWidget(self.choose_button)
        row.addStretch(1)
        row.addWidget(self.restore_button)
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
        warnings = []
        register_service = managed_backups.cloud_service(self.ctx.register_folder)
        if register_service:
            warnings.append(
                _(
                    "The register folder is synchronised by {service}: its encrypted files are "
                    "copied to the service's servers, and a copy synchronised while Vakka "
                    "writes may be damaged. Keep the register in a folder of this computer."
                ).format(service=register_service)
            )
        service = managed_backups.cloud_service(folder) if folder else None
        if service:
            warnings.append(
                _(
                    "The folder is synchronised by {service}: the encrypted backups are copied "
                    "to its servers. They stay encrypted, but a backup on a drive of your own "
                    "is safer."
                ).format(service=service)
            )
        self.cloud_label.setText("\n".join(warnings))
        self.cloud_label.setVisible(bool(warnings))
        for box, value in ((self.at_close, chosen.at_close), (self.daily, chosen.daily)):
            box.blockSignals(True)
            box.setChecked(value)
            box.blockSignals(False)
        self.now_button.setEnabled(folder is not None)
        self.listed = listed
        self.table.setRowCount(len(listed))
        for row, item in enumerate(listed):
            self.table.setItem(row, 0, QTableWidgetItem(made_text(item)))
            self.table.setItem(row, 1, QTableWidgetItem(size_text(item.size)))
            check = _("Checked after writing") if item.checked else _("Not checked by Vakka")
            self.table.setItem(row, 2, QTableWidgetItem(check))
        self._selection_changed()

    def chosen(self) -> ManagedBackup | None:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        return self.listed[min(rows)] if rows and min(rows) < len(self.listed) else None

    def _selection_changed(self) -> None:
        self.restore_button.setEnabled(self.chosen() is not None)

    def restore_chosen(self) -> None:
        chosen = self.chosen()
        if chosen is None or not confirm_restore(self, made_text(chosen)):
            return
        self.accept()
        self.restore_requested.emit(chosen.path)

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
