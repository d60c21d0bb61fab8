"""Passphrase change and a new recovery code; the hand-over of a recovery code.

``ChangePassphraseDialog`` rewrites only the key file: backups made before still open
with the old passphrase. ``NewRecoveryCodeDialog`` re-encrypts both stores with a new
key (it takes a while; a busy bar shows) and then hands the new code over exactly as
the first-run wizard does (``RecoveryCodeHandOver``): print the emergency sheet, show
the code to be written down and confirmed, or save the sheet after a warning. The
old code stops opening the register, but backups made before still open with it.

Neither dialog writes a passphrase or a code to a file or a setting.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpacerItem,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from app.db.vault import Secret
from app.domain.errors import VakkaError, WrongSecretError
from app.export.emergency_sheet import render_emergency_sheet
from app.services import register as register_service
from app.services import remembered_key
from app.services.session import Session
from app.ui import printing
from app.ui.context import UiContext
from app.ui.dialogs.form_helpers import ErrorLabel, FormDialog, run_dialog_job
from app.ui.feedback import error_text, report_bug
from app.ui.icons import icon
from app.ui.passphrase_widgets import PassphrasePair, secret_line_edit
from app.ui.texts import _, ui_language


def _paragraph(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def _fit_dialog(widget: QWidget) -> None:
    """Let a dialog take the size its new content needs (a wizard has room already)."""
    window = widget.window()
    if isinstance(window, QDialog) and not isinstance(window, QWizard):
        window.adjustSize()


def _alnum_upper(text: str) -> str:
    return "".join(c for c in text.upper() if c.isalnum())


def code_display_lines(code: str, groups_per_line: int = 3) -> str:
    """The code in lines of three groups; a line keeps the dash that ends it."""
    groups = code.split("-")
    lines = [
        "-".join(groups[i : i + groups_per_line]) for i in range(0, len(groups), groups_per_line)
    ]
    return "-\n".join(lines)


class RecoveryCodeHandOver(QWidget):
    """Print the emergency sheet, show the code to write down, or save the sheet as a PDF.

    ``changed`` is emitted when one of them has been done (``is_done()``). The code is
    held in memory only while this widget needs it; ``forget()`` drops it.
    """

    changed = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._code = ""
        self._register_id = ""
        self._created_on = date.today()
        self.done: list[str] = []

        self.print_button = QPushButton(icon("print"), _("&Print the emergency sheet…"))
        self.show_button = QPushButton(icon("reveal"), _("Show the code to &write down"))
        self.save_button = QPushButton(icon("save"), _("Save as P&DF…"))
        self.save_button.setToolTip(_("Only after a warning: the file would hold the code."))
        buttons = QHBoxLayout()
        for button in (self.print_button, self.show_button, self.save_button):
            button.setAutoDefault(False)  # Enter stays with the window's own default button
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.code_label = QLabel()
        self.code_label.setObjectName("recoveryCode")
        self.code_label.setAccessibleName(_("Recovery code"))
        self.code_label.setTextFormat(Qt.TextFormat.PlainText)
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setStyleHint(QFont.StyleHint.TypeWriter)
        mono.setPointSize(max(mono.pointSize(), 10) + 8)
        mono.setWeight(QFont.Weight.DemiBold)
        self.code_label.setFont(mono)
        self.code_label.setStyleSheet(
            "QLabel#recoveryCode { background: #f6f6f6; color: #111;"
            " border: 1px solid #999; border-radius: 4px; padding: 10px; }"
        )
        self.confirm = QLineEdit()
        self.confirm.setAccessibleName(_("Last group of the recovery code"))
        self.confirm.setMaxLength(12)
        self.confirm.setMaximumWidth(160)
        confirm_label = _paragraph(
            _("To check that you wrote it down, type the code's &last group from your paper:")
        )
        confirm_label.setTextFormat(Qt.TextFormat.AutoText)
        confirm_label.setBuddy(self.confirm)
        self.confirm_state = QLabel()
        self.confirm_state.setAccessibleName(_("Check of the last group"))
        self.code_panel = QWidget()
        panel = QVBoxLayout(self.code_panel)
        panel.setContentsMargins(0, 0, 0, 0)
        panel.addWidget(self.code_label)
        panel.addWidget(confirm_label)
        confirm_row = QHBoxLayout()
        confirm_row.addWidget(self.confirm)
        confirm_row.addWidget(self.confirm_state, 1)
        panel.addLayout(confirm_row)
        self.code_panel.hide()

        self.done_label = QLabel()
        self.done_label.setObjectName("handOverDone")
        self.done_label.setWordWrap(True)
        self.done_label.setAccessibleName(_("What has been done"))
        self.error = ErrorLabel()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.code_panel)
        layout.addWidget(self.done_label)
        layout.addWidget(self.error)

        self.print_button.clicked.connect(lambda: self._with_sheet(self._print_sheet))
        self.show_button.clicked.connect(self.show_code)
        self.save_button.clicked.connect(lambda: self._with_sheet(self._save_sheet))
        self.confirm.textChanged.connect(self._check_confirmation)

    def set_code(self, code: str, register_id: str, created_on: date) -> None:
        self._code = code
        self._register_id = register_id
        self._created_on = created_on

    def is_done(self) -> bool:
        return bool(self.done)

    def forget(self) -> None:
        self._code = ""
        self.code_label.clear()
        self.confirm.clear()

    def show_code(self) -> None:
        self.code_label.setText(code_display_lines(self._code))
        self.code_label.setMinimumHeight(self.code_label.sizeHint().height())
        QTimer.singleShot(0, self, lambda: _fit_dialog(self))
        self.code_panel.show()
        self.show_button.setEnabled(False)
        self.confirm.setFocus()

    def _mark_done(self, what: str) -> None:
        if what not in self.done:
            self.done.append(what)
        self.done_label.setText(
            "\n".join(
                [*self.done, _("Keep the sheet or the paper locked away, apart from the computer.")]
            )
        )
        self.error.clear_error()
        self.changed.emit()

    def _check_confirmation(self, text: str) -> None:
        typed = _alnum_upper(text)
        wanted = _alnum_upper(self._code.split("-")[-1]) if self._code else ""
        if not typed or not wanted:
            self.confirm_state.setText("")
        elif typed == wanted:
            self.confirm_state.setText(_("Right."))
            self._mark_done(_("The code was written down and checked."))
        elif len(typed) >= len(wanted):
            self.confirm_state.setText(
                _("That is not the last group. Check what you wrote against the screen.")
            )
        else:
            self.confirm_state.setText("")

    # --- the emergency sheet, rendered on the worker -----------------------------

    def _with_sheet(self, use: Callable[[bytes], None]) -> None:
        code, register_id, created_on = self._code, self._register_id, self._created_on
        lang = ui_language()
        self._set_sheet_buttons(False)

        def done(data: bytes) -> None:
            self._set_sheet_buttons(True)
            use(data)

        def failed(error: BaseException) -> None:
            self._set_sheet_buttons(True)
            if isinstance(error, VakkaError):
                self.error.set_error(error_text(error))
            else:
                report_bug(self, error)

        self.ctx.db.run(
            lambda _s: render_emergency_sheet(code, register_id, created_on, lang), done, failed
        )

    def _set_sheet_buttons(self, enabled: bool) -> None:
        self.print_button.setEnabled(enabled)
        self.save_button.setEnabled(enabled)

    def _print_sheet(self, data: bytes) -> None:
        if printing.print_with_dialog(self, data, _("Vakka emergency sheet")):
            self._mark_done(_("The emergency sheet was sent to the printer."))

    def _save_sheet(self, data: bytes) -> None:
        path = printing.save_pdf_with_warning(self, data, _("vakka-emergency-sheet") + ".pdf")
        if path is not None:
            self._mark_done(_("The emergency sheet was saved as {path}.").format(path=path))


class _SecretInput(QWidget):
    """The current passphrase, or the recovery code instead (as in the unlock window).

    Its label, line edit and check box are placed by the dialog's form.
    """

    def __init__(self, allow_recovery_code: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(_("C&urrent passphrase:"))
        self.edit = secret_line_edit(_("Current passphrase"))
        self.label.setBuddy(self.edit)
        self.use_code = QCheckBox(_("Use the &recovery code instead"))
        self.use_code.setVisible(allow_recovery_code)
        self.use_code.toggled.connect(self._toggled)

    def _toggled(self, on: bool) -> None:
        self.label.setText(_("C&urrent recovery code:") if on else _("C&urrent passphrase:"))
        self.edit.setEchoMode(QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password)
        self.edit.setAccessibleName(_("Recovery code") if on else _("Current passphrase"))
        self.edit.clear()
        self.edit.setFocus()

    def secret(self) -> Secret:
        text = self.edit.text()
        return Secret(recovery_code=text) if self.use_code.isChecked() else Secret(passphrase=text)


def _verified(session: Session, secret: Secret) -> None:
    if not register_service.verify_secret(session, secret):
        raise WrongSecretError(
            "register.wrong_recovery_code" if secret.recovery_code else "register.wrong_passphrase"
        )


class _Busy(QWidget):
    """A bar with no known end and a line of text: the KDF or the rekey is running."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.bar.setTextVisible(False)
        self.bar.setAccessibleName(text)
        self.label = QLabel(text)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        self.hide()


T = TypeVar("T")


def _run_busy(
    dialog: _SecurityDialog, job: Callable[[Session], T], on_done: Callable[[T], None]
) -> None:
    """Run ``job`` on the worker with the busy bar showing; errors inline, dialog stays open.
    No lock cuts the job short: it would drop the result (a new code nobody saw)."""
    dialog.set_busy(True)
    dialog.ctx.hold_lock()

    def done(result: T) -> None:
        dialog.set_busy(False)
        on_done(result)
        dialog.ctx.release_lock()

    def failed(_error: BaseException) -> None:
        dialog.set_busy(False)
        dialog.ctx.release_lock()

    run_dialog_job(
        dialog.ctx,
        job,
        done,
        error_label=dialog.error,
        focus_field=dialog.focus_field,
        busy=[dialog.buttons],
        on_failed=failed,
    )


class _SecurityDialog(FormDialog):
    """A FormDialog with a busy bar, and a closing state that shows what happened."""

    ASK_BEFORE_DISCARD = False  # a passphrase or code, not work to lose

    def __init__(
        self, ctx: UiContext, title: str, busy_text: str, action: str, parent: QWidget | None
    ) -> None:
        super().__init__(ctx, title, parent, save_text=action)
        self.setMinimumWidth(580)
        self.busy_bar = _Busy(busy_text)

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy_bar.setVisible(busy)
        self.setCursor(Qt.CursorShape.BusyCursor if busy else Qt.CursorShape.ArrowCursor)

    def show_closing_state(self) -> None:
        """Only a Close button is left."""
        QTimer.singleShot(0, self, lambda: _fit_dialog(self))
        self.save_button.hide()
        close = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        if close is not None:
            close.setText(_("Close"))
            close.setDefault(True)
            close.setFocus()


class ChangePassphraseDialog(_SecurityDialog):
    """Current passphrase (or the recovery code) and the new one twice."""

    def __init__(
        self, ctx: UiContext, parent: QWidget | None = None, after_recovery_code: bool = False
    ) -> None:
        super().__init__(
            ctx,
            _("Change the passphrase"),
            _("Changing the passphrase…"),
            _("&Change the passphrase"),
            parent,
        )
        self.current = _SecretInput(allow_recovery_code=True, parent=self)
        self.form.addRow(self.current.label, self.current.edit)
        self.form.addRow("", self.current.use_code)
        self.form.addItem(QSpacerItem(0, 8))
        self.pair = PassphrasePair(
            _("&New passphrase:"), _("Type it &again:"), parent=self, form=self.form
        )
        self.note = _paragraph(
            _(
                "Only the key file changes; the register's contents stay as they are. Backups "
                "made before this still open with the old passphrase, and with the recovery code."
            )
        )
        self.note.setStyleSheet("color: palette(placeholder-text);")
        self.finished_label = _paragraph("")
        self.finished_label.setObjectName("passphraseChanged")
        self.finished_label.hide()
        self.body.addWidget(self.note)
        self.body.addWidget(self.busy_bar)
        self.body.addWidget(self.finished_label)
        self.passphrase_changed = False
        self.current.edit.textChanged.connect(self._update)
        self.pair.changed.connect(self._update)
        if after_recovery_code:
            # The emergency sheet says: after opening with the code, choose a new passphrase.
            intro = _paragraph(
                _(
                    "You opened the register with the recovery code. Choose a new passphrase "
                    "now: type the recovery code once more, then the new passphrase twice."
                )
            )
            intro.setObjectName("afterRecoveryCode")
            self.body.insertWidget(0, intro)
            self.current.use_code.setChecked(True)
        self._update()
        self.current.edit.setFocus()

    def _update(self) -> None:
        self.save_button.setEnabled(bool(self.current.edit.text()) and self.pair.is_acceptable())

    def submit(self) -> None:
        if not self.save_button.isEnabled():
            return
        secret = self.current.secret()
        new = self.pair.passphrase()

        def job(session: Session) -> None:
            _verified(session, secret)
            register_service.change_passphrase(session, new)

        _run_busy(self, job, self._changed)

    def _changed(self, _result: None) -> None:
        self.passphrase_changed = True
        self.current.edit.clear()
        self.pair.clear()
        for field in (self.current.edit, self.current.use_code):
            self.form.setRowVisible(field, False)
        self.pair.set_rows_visible(False)
        self.note.hide()
        self.finished_label.setText(
            _(
                "The passphrase was changed. Use the new one from now on. Backups made before "
                "this still open with the old passphrase."
            )
        )
        self.finished_label.show()
        self.show_closing_state()

    def focus_field(self, field: str) -> None:
        self.current.edit.setFocus()
        self.current.edit.selectAll()


class NewRecoveryCodeDialog(_SecurityDialog):
    """The passphrase, then a rekey of both stores on the worker, then the hand-over.

    With ``show_again`` it hands over the code already in force instead: a new code
    that was made but never confirmed as kept (Vakka was stopped before the hand-over).
    """

    def __init__(
        self, ctx: UiContext, parent: QWidget | None = None, show_again: bool = False
    ) -> None:
        super().__init__(
            ctx,
            _("Recovery code not yet kept") if show_again else _("New recovery code"),
            _("Re-encrypting the register with a new key… Do not close Vakka."),
            _("&Show the code") if show_again else _("&Make a new code"),
            parent,
        )
        self.show_again = show_again
        self.intro = _paragraph(
            _(
                "A new recovery code was made for this register, but Vakka stopped before "
                "you confirmed that you kept it. The old code no longer opens the register. "
                "Type the passphrase to see the new code, and keep it now."
            )
            if show_again
            else _(
                "A new recovery code replaces the current one: the old code and every emergency "
                "sheet printed with it stop opening the register. Backups made before this still "
                "open with the old code, so keep the old sheet as long as you keep those backups. "
                "The register is re-encrypted with a new key; with a large register this can "
                "take a while."
            )
        )
        self.passphrase = secret_line_edit(_("Passphrase"))
        self.form.add_row(_("&Passphrase:"), self.passphrase, field="passphrase")
        self.hand_over_intro = _paragraph(
            _(
                "This is the new recovery code. Keep it now, before you close this window. "
                "Choose at least one:"
            )
        )
        self.hand_over_intro.hide()
        self.hand_over = RecoveryCodeHandOver(ctx)
        self.hand_over.hide()
        self.hand_over.changed.connect(self._handed_over)
        self.body.insertWidget(0, self.intro)
        self.body.addWidget(self.busy_bar)
        self.body.addWidget(self.hand_over_intro)
        self.body.addWidget(self.hand_over)
        self.passphrase.textChanged.connect(lambda text: self.save_button.setEnabled(bool(text)))
        self.save_button.setEnabled(False)
        self.has_new_code = False
        self.confirmed = False
        self.passphrase.setFocus()

    def submit(self) -> None:
        if self.has_new_code or not self.passphrase.text():
            return
        passphrase = self.passphrase.text()
        show_again = self.show_again

        def job(session: Session) -> tuple[str, str, date]:
            if show_again:
                code = register_service.show_recovery_code(session, passphrase)
                return code, register_service.register_id(session), session.today()
            code = register_service.new_recovery_code(session, passphrase)
            register_id = register_service.register_id(session)
            # A key remembered on this computer is the old one now: replace it.
            if remembered_key.recall(register_id) is not None:
                register_service.remember_on_this_computer(session)
            return code, register_id, session.today()

        _run_busy(self, job, self._made)

    def _made(self, result: tuple[str, str, date]) -> None:
        code, register_id, today = result
        self.has_new_code = True
        self.ctx.hold_lock()  # until the code is printed, written down or saved
        self.passphrase.clear()
        self.intro.hide()
        self.form.set_row_visible(self.passphrase, False)
        self.hand_over.set_code(code, register_id, today)
        self.hand_over_intro.show()
        self.hand_over.show()
        self.save_button.hide()
        close = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        if close is not None:
            close.setText(_("Close"))
            close.setEnabled(False)
        self.hand_over.print_button.setFocus()
        QTimer.singleShot(0, self, lambda: _fit_dialog(self))

    def _handed_over(self) -> None:
        if self.hand_over.is_done() and not self.confirmed:
            self.confirmed = True
            self.ctx.db.run(register_service.confirm_recovery_code)
        close = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        if close is not None:
            close.setEnabled(True)
            close.setDefault(True)

    def reject(self) -> None:
        if self.has_new_code and not self.hand_over.is_done():
            self.hand_over.error.set_error(
                _(
                    "Keep the new recovery code first: print the emergency sheet, write the "
                    "code down, or save the sheet."
                )
            )
            return
        super().reject()

    def done(self, result: int) -> None:
        if self.has_new_code and not self.hand_over.is_done():
            self.reject()  # says what to do first; the code must not be lost
            return
        self.hand_over.forget()
        super().done(result)
        if self.has_new_code:
            self.has_new_code = False
            self.ctx.release_lock()

    def focus_field(self, field: str) -> None:
        self.passphrase.setFocus()
        self.passphrase.selectAll()


def open_change_passphrase(ctx: UiContext, parent: QWidget | None) -> bool:
    """Show the passphrase change; True when the passphrase was changed."""
    dialog = ChangePassphraseDialog(ctx, parent)
    dialog.exec()
    return dialog.passphrase_changed


def open_new_recovery_code(ctx: UiContext, parent: QWidget | None) -> bool:
    """Make a new recovery code and hand it over; True when a new code was made."""
    dialog = NewRecoveryCodeDialog(ctx, parent)
    dialog.exec()
    return dialog.has_new_code


def open_unconfirmed_recovery_code(ctx: UiContext, parent: QWidget | None) -> None:
    """Hand over the code in force that was made but never confirmed as kept."""
    NewRecoveryCodeDialog(ctx, parent, show_again=True).exec()
