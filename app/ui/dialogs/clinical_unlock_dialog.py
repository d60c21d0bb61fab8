"""Unlocking the patient records (the clinical store): passphrase or recovery code.

The key remembered in the OS keyring never opens the clinical store (ARCHITECTURE.md):
this dialog asks for the passphrase or the recovery code every time.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QWidget

from app.db.vault import Secret
from app.services import register as register_service
from app.ui.context import UiContext
from app.ui.dialogs.form_helpers import FormDialog, run_dialog_job
from app.ui.icons import icon
from app.ui.texts import _


class ClinicalUnlockDialog(FormDialog):
    """Runs ``Register.unlock_clinical`` on the worker; a wrong secret keeps it open with the
    message inline. On success ``ctx.events.clinical_state_changed(True)`` is emitted."""

    ASK_BEFORE_DISCARD = False  # a passphrase or code, not work to lose

    unlocked = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Unlock patient records"), parent, save_text=_("&Unlock"))
        self.setWindowIcon(icon("lock"))
        self.setMinimumWidth(460)
        intro = QLabel(
            _(
                "Patient records open with the passphrase or the recovery code, also when "
                "the register was opened with the key remembered on this computer."
            )
        )
        intro.setWordWrap(True)
        self.body.insertWidget(0, intro)

        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret_label = self.form.add_row(
            _("&Passphrase:"), self.secret, field="passphrase", accessible_name=_("Passphrase")
        )
        self.use_code = QCheckBox(_("Use the recovery &code instead"))
        self.use_code.toggled.connect(self._code_toggled)
        self.form.add_wide(self.use_code)
        self._unlocking = False
        self.secret.setFocus()

    def _code_toggled(self, on: bool) -> None:
        self.secret_label.setText(_("&Recovery code:") if on else _("&Passphrase:"))
        self.secret.setEchoMode(QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password)
        self.secret.setAccessibleName(_("Recovery code") if on else _("Passphrase"))
        self.secret.clear()
        self.error.clear_error()
        self.secret.setFocus()

    def _secret(self) -> Secret:
        text = self.secret.text()
        if self.use_code.isChecked():
            return Secret(recovery_code=text)
        return Secret(passphrase=text)

    def submit(self) -> None:
        if self._unlocking:
            return
        if not self.secret.text():
            message = (
                _("Type the recovery code first.")
                if self.use_code.isChecked()
                else _("Type the passphrase first.")
            )
            self.show_error(message, self.secret)
            return
        secret = self._secret()
        self._unlocking = True
        run_dialog_job(
            self.ctx,
            lambda s: register_service.unlock_clinical(s, secret),
            self._unlocked,
            error_label=self.error,
            busy=[self.buttons, self.secret, self.use_code],
            on_failed=self._failed,
        )

    def _unlocked(self, _result: object) -> None:
        self._unlocking = False
        self.secret.clear()
        self.ctx.events.clinical_state_changed.emit(True)
        self.unlocked.emit()
        self.accept()

    def _failed(self, _error: BaseException) -> None:
        self._unlocking = False
        self.secret.selectAll()
        self.secret.setFocus()

    def reject(self) -> None:
        if self._unlocking:
            return  # the answer decides; an unlocked store must be announced
        super().reject()

    def done(self, result: int) -> None:
        self.secret.clear()
        super().done(result)
