"""Settings: the practice's details, language, idle times, the register's location, security.

The practice's details are saved in the register through ``services.register.save_practice``
on the worker; an invalid value is shown inline and nothing is saved. Language and idle
times are preferences of this computer (``services.preferences``); the language takes
effect at the next start, the idle times when the window applies them (``applied``).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import VakkaError, ValidationError
from app.domain.models import Practice
from app.domain.retention import Category
from app.domain.validation import validate_phone, validate_postal_code
from app.paths import default_register_folder
from app.services import register as register_service
from app.services import retention
from app.services.preferences import save_preferences
from app.services.reminders import schedule as review_schedule
from app.services.reminders import scheduler
from app.services.session import Session
from app.ui.context import UiContext
from app.ui.dialogs.form_helpers import FormDialog, LabelledForm
from app.ui.feedback import error_text
from app.ui.icons import icon
from app.ui.retention_settings import RetentionTab
from app.ui.security_dialogs import open_change_passphrase, open_new_recovery_code
from app.ui.texts import _, ui_language, ui_locale

# Language names are written in the language itself, so anyone finds their own.
LANGUAGE_CHOICES: tuple[tuple[str, str], ...] = (
    ("fi", "suomi"),
    ("sv", "svenska"),
    ("en", "English"),
)
MAX_IDLE_MINUTES = 240


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: palette(placeholder-text);")
    return label


class SettingsDialog(FormDialog):
    """Practice details (saved in the register) and this computer's preferences."""

    applied = Signal()  # saved: the window may re-read the idle times

    PRACTICE_TAB, GENERAL_TAB, REGISTER_TAB, RETENTION_TAB, BILLING_TAB = range(5)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Settings — Vakka"), parent)
        self.setWindowIcon(icon("settings"))
        self.setMinimumWidth(640)
        self._practice: Practice | None = None

        self.tabs = QTabWidget()
        self.tabs.addTab(self._practice_tab(), _("&Practice"))
        self.tabs.addTab(self._general_tab(), _("&Language and locking"))
        self.tabs.addTab(self._register_tab(), _("&Register"))
        self.retention = RetentionTab()
        self.tabs.addTab(self.retention, _("R&etention periods"))
        self.tabs.addTab(self._billing_tab(), _("Billing"))
        self.reminders = self.retention.reminders
        self.reminders.scheduler_switched.connect(self._scheduler_switched)
        self.body.addWidget(self.tabs)

        self.save_button.setEnabled(False)  # until the details have been read
        self.ctx.db.run(retention.policy, self.retention.set_policy, self._load_failed)
        self.ctx.db.run(
            review_schedule.reminder_dates, self.reminders.set_schedule, self._load_failed
        )
        self._run_scheduler("status")
        self.ctx.db.run(register_service.practice, self._loaded, self._load_failed)

    # --- building ------------------------------------------------------------------

    def _practice_tab(self) -> QWidget:
        self.name = QLineEdit()
        self.business_id = QLineEdit()
        self.business_id.setPlaceholderText(_("for example 1234567-1"))
        self.street_address = QLineEdit()
        self.postal_code = QLineEdit()
        self.postal_code.setMaxLength(10)
        self.city = QLineEdit()
        self.phone = QLineEdit()
        self.email = QLineEdit()
        self.practitioner_name = QLineEdit()
        self.practitioner_title = QLineEdit()
        self.privacy_contact = QLineEdit()
        self.home_municipality = QLineEdit()
        self.fiscal_month = QComboBox()
        locale = ui_locale()
        for month in range(1, 13):
            self.fiscal_month.addItem(locale.standaloneMonthName(month), month)
        self.systems_used = QPlainTextEdit()
        self.systems_used.setTabChangesFocus(True)
        self.systems_used.setPlaceholderText(
            _("For example the Kanta-connected patient record system, the bookkeeping program")
        )
        self.systems_used.setFixedHeight(60)

        postal_row = QWidget()
        postal_layout = QHBoxLayout(postal_row)
        postal_layout.setContentsMargins(0, 0, 0, 0)
        postal_layout.addWidget(self.postal_code, 1)
        city_label = QLabel(_("C&ity:"))
        city_label.setBuddy(self.city)
        self.city.setAccessibleName(_("City"))
        postal_layout.addWidget(city_label)
        postal_layout.addWidget(self.city, 3)
        postal_row.setFocusProxy(self.postal_code)

        form = self.practice_form = LabelledForm()
        form.add_row(_("Practice &name:"), self.name, field="name")
        form.add_row(_("&Business ID:"), self.business_id, field="business_id")
        form.add_row(_("Street a&ddress:"), self.street_address, field="street_address")
        form.add_row(_("P&ostal code:"), postal_row, field="postal_code")
        self.postal_code.setAccessibleName(_("Postal code"))
        form.add_row(_("P&hone:"), self.phone, field="phone")
        form.add_row(_("Em&ail:"), self.email, field="email")
        form.add_row(
            _("Your na&me:"),
            self.practitioner_name,
            field="practitioner_name",
            accessible_name=_("Practitioner's name"),
        )
        form.add_row(_("Professional &title:"), self.practitioner_title, field="practitioner_title")
        form.add_row(
            _("&Contact person for data protection:"), self.privacy_contact, field="privacy_contact"
        )
        form.add_row(_("Home m&unicipality:"), self.home_municipality, field="home_municipality")
        form.add_row(
            _("&Fiscal year starts in:"), self.fiscal_month, field="fiscal_year_start_month"
        )
        form.add_row(_("S&ystems used:"), self.systems_used, field="systems_used")
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addWidget(_note(_("These details go into the privacy notices and the PDFs.")))
        layout.addStretch(1)
        return page

    def _billing_tab(self) -> QWidget:
        """The bank account, VAT registration and payment term the invoices show."""
        self.iban = QLineEdit()
        self.iban.setPlaceholderText(_("for example FI21 1234 5600 0007 85"))
        self.bic = QLineEdit()
        self.bic.setMaxLength(11)
        self.bic.setMaximumWidth(160)
        self.vat_registered = QCheckBox(_("The practice is registered for &VAT"))
        self.vat_registered.setToolTip(
            _(
                "A practice below the VAT threshold charges no VAT; its invoices say so. "
                "Health care by a registered professional is exempt in any case (AVL § 34)."
            )
        )
        self.payment_term = QSpinBox()
        self.payment_term.setRange(0, 365)
        self.payment_term.setSuffix(_(" days"))
        form = self.billing_form = LabelledForm()
        form.add_row(_("Bank account (IBA&N):"), self.iban, field="iban")
        form.add_row(_("BI&C:"), self.bic, field="bic")
        form.add_wide(self.vat_registered, field="vat_registered")
        form.add_row(_("Pa&yment term:"), self.payment_term, field="payment_term_days")
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addWidget(
            _note(
                _(
                    "Invoices show the bank account and the bank barcode (a Finnish FI account "
                    "is needed for the barcode); the due date is the invoice date plus the "
                    "payment term."
                )
            )
        )
        layout.addStretch(1)
        return page

    def _general_tab(self) -> QWidget:
        prefs = self.ctx.prefs
        self.language = QComboBox()
        self.language.addItem(_("Follow the system"), "system")
        for code, name in LANGUAGE_CHOICES:
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(self.language.findData(prefs.language), 0))
        self.language_note = _note(_("A new language takes effect the next time Vakka starts."))
        self.language.currentIndexChanged.connect(self._language_changed)

        self.idle_minutes = QSpinBox()
        self.idle_minutes.setRange(1, MAX_IDLE_MINUTES)
        self.idle_minutes.setSuffix(_(" min"))
        self.idle_minutes.setValue(prefs.idle_lock_minutes)
        self.clinical_minutes = QSpinBox()
        self.clinical_minutes.setRange(1, MAX_IDLE_MINUTES)
        self.clinical_minutes.setSuffix(_(" min"))
        self.clinical_minutes.setMaximum(self.idle_minutes.value())
        self.clinical_minutes.setValue(min(prefs.clinical_lock_minutes, prefs.idle_lock_minutes))
        self.idle_minutes.valueChanged.connect(self.clinical_minutes.setMaximum)
        for spin in (self.idle_minutes, self.clinical_minutes):
            spin.setMaximumWidth(120)

        form = LabelledForm()
        form.add_row(_("Lan&guage:"), self.language)
        form.add_wide(self.language_note)
        form.add_row(
            _("Lock &Vakka after idle:"),
            self.idle_minutes,
            accessible_name=_("Lock Vakka after this many idle minutes"),
        )
        form.add_row(
            _("Lock pa&tient records after idle:"),
            self.clinical_minutes,
            accessible_name=_("Lock the patient records after this many idle minutes"),
        )
        form.add_wide(
            _note(
                _(
                    "The patient records lock sooner than the rest of the register, or at the "
                    "same time at the latest."
                )
            )
        )
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addStretch(1)
        return page

    def _register_tab(self) -> QWidget:
        self.location = QLineEdit(str(self.ctx.register_folder))
        self.location.setReadOnly(True)
        form = LabelledForm()
        form.add_row(_("&Folder:"), self.location, accessible_name=_("Register folder"))
        form.add_wide(
            _note(
                _(
                    "To open another register, lock Vakka (Ctrl+L) and choose the register's "
                    "folder in the unlock window with Browse…"
                )
            )
        )
        self.change_passphrase_button = QPushButton(icon("lock"), _("C&hange the passphrase…"))
        self.change_passphrase_button.clicked.connect(
            lambda: open_change_passphrase(self.ctx, self)
        )
        self.new_code_button = QPushButton(icon("lock"), _("&New recovery code…"))
        self.new_code_button.clicked.connect(lambda: open_new_recovery_code(self.ctx, self))
        buttons = QHBoxLayout()
        buttons.addWidget(self.change_passphrase_button)
        buttons.addWidget(self.new_code_button)
        buttons.addStretch(1)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addSpacing(12)
        heading = QLabel(_("Security"))
        heading.setStyleSheet("font-weight: 600;")
        layout.addWidget(heading)
        layout.addLayout(buttons)
        layout.addWidget(
            _note(
                _(
                    "Backups made before a change still open with the passphrase and the "
                    "recovery code that were in use when they were made."
                )
            )
        )
        layout.addStretch(1)
        return page

    # --- the daily check by the OS scheduler ------------------------------------------

    def _job(self) -> scheduler.Job:
        """`vakka due --notify` for this register (no --register for the default one)."""
        folder = self.ctx.register_folder
        default = default_register_folder()
        return scheduler.due_job(
            None if folder.absolute() == default.absolute() else folder, ui_language()
        )

    def _run_scheduler(self, action: str) -> None:
        """Install, remove or ask the status on the worker (the OS may be slow to answer);
        the answer is shown under the switch."""
        actions = {"install": scheduler.install, "remove": scheduler.remove}
        call = actions.get(action, scheduler.status)
        job, host = self._job(), self.ctx.scheduler_host
        self.reminders.set_busy()
        self.ctx.db.call(lambda: call(job, host), self.reminders.set_status, self._scheduler_failed)

    def _scheduler_switched(self, on: bool) -> None:
        self._run_scheduler("install" if on else "remove")

    def _scheduler_failed(self, error: BaseException) -> None:
        if isinstance(error, VakkaError):
            self.reminders.set_failed(error_text(error))
        elif isinstance(error, OSError):
            self.reminders.set_failed(
                _("The scheduler could not be changed ({reason}).").format(
                    reason=error.strerror or type(error).__name__
                )
            )
        else:
            self.reminders.set_failed("")
            self.ctx.show_error(self, error)

    # --- loading and saving --------------------------------------------------------

    def _loaded(self, practice: Practice) -> None:
        self._practice = practice
        for edit, value in (
            (self.name, practice.name),
            (self.business_id, practice.business_id),
            (self.street_address, practice.street_address),
            (self.postal_code, practice.postal_code),
            (self.city, practice.city),
            (self.phone, practice.phone),
            (self.email, practice.email),
            (self.practitioner_name, practice.practitioner_name),
            (self.practitioner_title, practice.practitioner_title),
            (self.privacy_contact, practice.privacy_contact),
            (self.home_municipality, practice.home_municipality),
        ):
            edit.setText(value)
        self.fiscal_month.setCurrentIndex(
            max(self.fiscal_month.findData(practice.fiscal_year_start_month), 0)
        )
        self.systems_used.setPlainText(practice.systems_used)
        self.iban.setText(practice.iban)
        self.bic.setText(practice.bic)
        self.vat_registered.setChecked(practice.vat_registered)
        self.payment_term.setValue(practice.payment_term_days)
        self.remember_typed_texts()
        self.save_button.setEnabled(True)
        self.name.setFocus()

    def _load_failed(self, error: BaseException) -> None:
        if isinstance(error, VakkaError):
            self.error.set_error(error_text(error))
        else:
            self.ctx.show_error(self, error)

    def practice_from_form(self) -> Practice:
        base = self._practice or Practice()
        return Practice(
            name=self.name.text().strip(),
            business_id=self.business_id.text().strip(),
            street_address=self.street_address.text().strip(),
            postal_code=self.postal_code.text().strip(),
            city=self.city.text().strip(),
            phone=self.phone.text().strip(),
            email=self.email.text().strip(),
            practitioner_name=self.practitioner_name.text().strip(),
            practitioner_title=self.practitioner_title.text().strip(),
            privacy_contact=self.privacy_contact.text().strip(),
            home_municipality=self.home_municipality.text().strip(),
            fiscal_year_start_month=int(self.fiscal_month.currentData()),
            systems_used=self.systems_used.toPlainText().strip(),
            backup_overdue_days=base.backup_overdue_days,
            iban=self.iban.text().strip(),
            bic=self.bic.text().strip(),
            vat_registered=self.vat_registered.isChecked(),
            payment_term_days=self.payment_term.value(),
        )

    def submit(self) -> None:
        if self._practice is None:
            return
        details = self.practice_from_form()
        try:  # what the service does not check itself
            if details.postal_code:
                details.postal_code = validate_postal_code(details.postal_code)
            if details.phone:
                details.phone = validate_phone(details.phone)
        except ValidationError as error:
            self.tabs.setCurrentIndex(self.PRACTICE_TAB)
            self.show_error(error_text(error), self.practice_form.fields.get(error.field))
            return
        periods = self.retention.changed_periods()
        try:
            dates = self.reminders.changed_schedule()
        except ValidationError as error:
            self.tabs.setCurrentIndex(self.RETENTION_TAB)
            self.show_error(error_text(error), self.reminders.yearly)
            return

        def save(session: Session) -> Practice:
            saved = register_service.save_practice(session, details)
            if periods:  # the service checks every period before it saves any
                retention.set_periods(session, periods)
            if dates is not None:
                review_schedule.set_reminder_dates(session, dates)
            return saved

        self.run_job(save, self._saved, on_failed=self._refused)

    def _refused(self, error: BaseException) -> None:
        """A period the service refused: its tab, its field."""
        if isinstance(error, ValidationError) and "category" in error.params:
            self.tabs.setCurrentIndex(self.RETENTION_TAB)
            self.retention.focus_category(Category(str(error.params["category"])))

    def _saved(self, practice: Practice) -> None:
        self._practice = practice
        prefs = self.ctx.prefs
        prefs.language = str(self.language.currentData())
        prefs.idle_lock_minutes = self.idle_minutes.value()
        prefs.clinical_lock_minutes = min(self.clinical_minutes.value(), prefs.idle_lock_minutes)
        try:
            save_preferences(prefs)
        except OSError as error:
            self.show_error(
                _("The preferences could not be saved ({reason}).").format(
                    reason=error.strerror or type(error).__name__
                )
            )
            return
        self.applied.emit()
        self.accept()

    def focus_field(self, field: str) -> None:
        billing = self.billing_form.fields.get(field)
        if billing is not None:
            self.tabs.setCurrentIndex(self.BILLING_TAB)
            billing.setFocus()
            return
        widget = self.practice_form.fields.get(field)
        if widget is not None:
            self.tabs.setCurrentIndex(self.PRACTICE_TAB)
            widget.setFocus()
            if isinstance(widget, QLineEdit):
                widget.selectAll()

    def _language_changed(self) -> None:
        changed = self.language.currentData() != self.ctx.prefs.language
        self.language_note.setStyleSheet(
            "font-weight: 600;" if changed else "color: palette(placeholder-text);"
        )


def open_settings(ctx: UiContext, parent: QWidget | None) -> bool:
    """Show the settings; True when they were saved (then re-read the idle times and the
    practice's name: ``ctx.prefs`` holds the new values)."""
    dialog = SettingsDialog(ctx, parent)
    return dialog.exec() == QDialog.DialogCode.Accepted
