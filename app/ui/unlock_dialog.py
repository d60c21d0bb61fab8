"""The unlock window: passphrase or recovery code, remember on this computer, recent registers."""

from __future__ import annotations

import math
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.db.secret import Secret
from app.domain.errors import VakkaError, WrongSecretError
from app.i18n import message_for
from app.paths import user_path
from app.services.register_folder import unlock_wait_seconds
from app.ui import file_dialogs
from app.ui.feedback import error_text, report_bug
from app.ui.icons import icon
from app.ui.texts import _, ngettext, ui_language
from app.ui.worker import Database

if TYPE_CHECKING:  # the database layer is imported on the worker, when first needed
    from app.services.session import Session


def choose_backup_file(parent: QWidget) -> Path | None:
    chosen, _filter = file_dialogs.open_file_name(
        parent, _("Choose the backup file"), str(Path.home()), _("Vakka backups (*.vakka)")
    )
    return Path(chosen) if chosen else None


def choose_restore_folder(parent: QWidget) -> Path | None:
    chosen = file_dialogs.existing_directory(
        parent, _("Choose an empty folder for the restored register")
    )
    return Path(chosen) if chosen else None


def confirm_open_restored(parent: QWidget, folder: Path) -> bool:
    """Ask before the restored copy is opened (tests replace this function)."""
    answer = QMessageBox.question(
        parent,
        _("Backup restored"),
        _(
            "The backup was restored and checked into the folder {folder}.\n\n"
            "Open the restored register now? Your other registers are not changed."
        ).format(folder=folder),
        QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Open,
    )
    return answer == QMessageBox.StandardButton.Open


class UnlockDialog(QDialog):
    """Opens the register on the worker; emits ``unlocked`` with the folder when done."""

    unlocked = Signal(object)  # Path

    def __init__(
        self,
        db: Database,
        folders: list[Path],
        allow_keyring: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        # Opened with the recovery code: the app then asks for a new passphrase.
        self.opened_with_recovery_code = False
        self.opened_restored = False  # the register opened is a backup just restored
        self._chosen_backup: Path | None = None  # from the Backups window's list
        self.setWindowTitle(_("Open the register — Vakka"))
        self.setWindowIcon(icon("lock"))
        self.setMinimumWidth(460)

        self.folder = QComboBox()
        self.folder.setEditable(True)
        self.folder.setAccessibleName(_("Register folder"))
        for folder in folders:
            self.folder.addItem(str(folder))
        browse = QPushButton(_("Browse…"))
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)

        self.secret_label = QLabel(_("&Passphrase:"))
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setAccessibleName(_("Passphrase"))
        self.secret_label.setBuddy(self.secret)
        self.use_code = QCheckBox(_("&Use recovery code"))
        self.use_code.toggled.connect(self._code_toggled)
        self.remember = QCheckBox(_("Re&member on this computer"))
        self.remember.setToolTip(
            _(
                "Keeps the key in this computer's keyring; "
                "patient records still need the passphrase."
            )
        )
        self.set_keyring_available(allow_keyring)  # the caller asked (off the GUI thread)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("unlockMessage")
        self.message.setStyleSheet("color: palette(link);")
        self.message.setAccessibleName(_("Message"))
        self.message.hide()

        # After repeated failures Open waits 2, 4, 8 … s (count kept beside the register).
        self.wait_text = QLabel()
        self.wait_text.setWordWrap(True)
        self.wait_text.setObjectName("unlockWait")
        self.wait_text.setAccessibleName(_("Waiting time"))
        self.wait_text.hide()
        self._wait_until = 0.0  # time.monotonic() when Open may be used again
        self._busy = False
        self._wait_timer = QTimer(self)
        self._wait_timer.setInterval(250)
        self._wait_timer.timeout.connect(self._tick_wait)

        self.buttons = QDialogButtonBox()
        self.open_button = self.buttons.addButton(
            _("&Open"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.open_button.setDefault(True)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.addButton(
            _("Restore a &backup…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.restore_button.setToolTip(
            _("Restore a backup into a new folder, e.g. on a new computer, and open it.")
        )
        self.restore_button.clicked.connect(self._restore)
        self.buttons.accepted.connect(self._open)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        folder_label = QLabel(_("Re&gister:"))
        folder_label.setBuddy(self.folder)
        form.addRow(folder_label, folder_row)
        form.addRow(self.secret_label, self.secret)
        form.addRow("", self.use_code)
        form.addRow("", self.remember)
        layout = QVBoxLayout(self)
        title = QLabel(_("Vakka is locked"))
        title.setStyleSheet("font-size: 16pt; font-weight: 600;")
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.wait_text)
        layout.addWidget(self.buttons)
        self.secret.setFocus()
        self._ask_wait()

    def selected_folder(self) -> Path:
        """The folder typed or chosen; VakkaError when the text cannot be a path."""
        return user_path(self.folder.currentText().strip())

    def _browse(self) -> None:
        chosen = file_dialogs.existing_directory(self, _("Choose the register folder"))
        if chosen:
            self.folder.setEditText(chosen)

    def _code_toggled(self, on: bool) -> None:
        self.secret_label.setText(_("&Recovery code:") if on else _("&Passphrase:"))
        self.secret.setEchoMode(QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password)
        self.secret.setAccessibleName(_("Recovery code") if on else _("Passphrase"))
        self.secret.clear()
        self.secret.setFocus()

    def _secret(self) -> Secret:
        text = self.secret.text()
        return Secret(recovery_code=text) if self.use_code.isChecked() else Secret(passphrase=text)

    def _open(self) -> None:
        if self.waiting:
            return
        if not self.secret.text():
            self._show_message(_("Type the passphrase first."))
            return
        try:
            folder = self.selected_folder()
        except VakkaError as error:
            self._show_message(error_text(error))
            self.folder.setFocus()
            return
        remember = self.remember.isChecked()
        self.opened_with_recovery_code = self.use_code.isChecked()
        self._set_busy(True)
        self.db.open(
            folder,
            self._secret(),
            clinical=True,
            on_done=lambda session: self._opened(folder, session, remember),
            on_error=self._failed,
        )

    def restore_from(self, backup: Path) -> None:
        """Restore this backup (chosen in the Backups window) once the passphrase of its
        day is typed; Restore a backup then asks only for the new folder."""
        self._chosen_backup = Path(backup)
        self._show_message(
            _(
                "To restore the backup of {name}, type the passphrase (or the recovery code) "
                "that was in use when it was made, then choose Restore a backup."
            ).format(name=Path(backup).name)
        )
        self.secret.setFocus()

    def set_keyring_available(self, available: bool) -> None:
        """Offer "remember on this computer" only where a safe keyring exists."""
        self.remember.setEnabled(available)
        self.remember.setVisible(available)

    def open_with_remembered_key(self, folder: Path, key: bytes) -> None:
        """Open the register store with the key remembered in the keyring (never the
        clinical store), unless an opening is already under way."""
        if self._busy:
            return
        self.opened_with_recovery_code = False
        self._set_busy(True)
        self.db.open(
            folder,
            Secret(data_key=key),
            clinical=False,
            on_done=lambda session: self._opened(folder, session, False),
            on_error=self._failed,
        )

    def _restore(self) -> None:
        """Backup file, an empty folder, the passphrase or code of the backup's day; then open."""
        if not self.secret.text():
            self._show_message(
                _(
                    "Type the passphrase (or the recovery code) that was in use when the backup "
                    "was made, then choose Restore a backup again."
                )
            )
            self.secret.setFocus()
            return
        backup = self._chosen_backup or choose_backup_file(self)
        if backup is None:
            return
        target = choose_restore_folder(self)
        if target is None:
            return
        secret = self._secret()
        self._set_busy(True)
        self._show_message(_("Restoring and checking the backup…"))

        def restored(problems: list[str]) -> None:
            self._set_busy(False)
            self.folder.setEditText(str(target))
            if problems:
                self._show_message(
                    "\n".join(message_for(VakkaError(code), ui_language()) for code in problems)
                )
                return
            self._chosen_backup = None
            if not confirm_open_restored(self, target):
                self._show_message(
                    _(
                        "The backup was restored into {folder}. Choose Open to open it, or "
                        "another folder."
                    ).format(folder=target)
                )
                return
            self._open()
            self.opened_restored = self._busy  # the opening started (not refused at once)

        def restore() -> list[str]:
            from app.services.backup import restore_backup

            return restore_backup(backup, target, secret)

        self.db.call(restore, restored, self._failed)

    def _opened(self, folder: Path, session: Session, remember: bool) -> None:
        self.secret.clear()
        if remember:
            from app.services.register import remember_on_this_computer

            self.db.run(remember_on_this_computer)
        self._set_busy(False)
        self.unlocked.emit(folder)
        self.accept()

    def show_error(self, error: BaseException) -> None:
        """Why the register did not open (e.g. a remembered key that no longer fits)."""
        self._failed(error)

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self.opened_restored = False
        if not isinstance(error, VakkaError):
            report_bug(self, error)
            return
        self.secret.selectAll()
        self.secret.setFocus()
        self._show_message(error_text(error))
        if isinstance(error, WrongSecretError):
            self._ask_wait()

    # --- the wait after repeated failures -----------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """While Open waits, Enter must not press another button (Restore, Cancel)."""
        if self.waiting and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)

    @property
    def waiting(self) -> bool:
        return time.monotonic() < self._wait_until

    def _ask_wait(self) -> None:
        """Ask (on the worker: it reads a file) how long Open must wait for this folder."""
        folder = self.selected_folder()
        self.db.call(lambda: unlock_wait_seconds(folder), self._start_wait, lambda _e: None)

    def _start_wait(self, seconds: int) -> None:
        if seconds <= 0:
            return
        self._wait_until = max(self._wait_until, time.monotonic() + seconds)
        self._wait_timer.start()
        self._tick_wait()

    def _tick_wait(self) -> None:
        left = math.ceil(self._wait_until - time.monotonic())
        if left <= 0:
            self._wait_timer.stop()
            self._wait_until = 0.0
            self.wait_text.hide()
            self.open_button.setEnabled(not self._busy)
            self.open_button.setDefault(True)
            return
        self.open_button.setEnabled(False)
        self.wait_text.setText(
            ngettext(
                "Several attempts have failed. You can try again in {seconds} second.",
                "Several attempts have failed. You can try again in {seconds} seconds.",
                left,
            ).format(seconds=left)
        )
        self.wait_text.show()

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.open_button.setEnabled(not busy and not self.waiting)
        self.setCursor(Qt.CursorShape.BusyCursor if busy else Qt.CursorShape.ArrowCursor)
        if busy:
            self._show_message(_("Opening…"))
