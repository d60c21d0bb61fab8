"""First run: create a register, then hand over its recovery code.

Pages: welcome and the legal note; the folder; the passphrase (typed twice, the
shared strength rule); the practice; the services offered with their register kinds;
creation on the worker (the KDF takes a moment; a busy bar shows meanwhile); the
hand-over of the recovery code (print the emergency sheet, or show the code to be
written down and confirmed, or save the sheet as a PDF after a warning). Finish is
enabled only after one of these. The wizard writes neither the passphrase nor the code
to any file or setting (the only file is the PDF the user saves after the warning).

``created`` is emitted with the register's folder when the wizard is finished; the
new register's session is then open on the worker (``ctx.db.adopt``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from enum import IntEnum
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.domain.errors import VakkaError, ValidationError
from app.domain.kinds import RegisterKind, ServiceTask
from app.domain.models import Practice, Service
from app.domain.validation import validate_business_id, validate_name
from app.i18n import N_
from app.services import register as register_service
from app.services.session import Session
from app.ui import file_dialogs
from app.ui.context import UiContext
from app.ui.dialogs.form_helpers import ErrorLabel, LabelledForm
from app.ui.feedback import error_text, report_bug
from app.ui.icons import icon
from app.ui.legal import legal_note_text
from app.ui.passphrase_widgets import PassphrasePair
from app.ui.security_dialogs import RecoveryCodeHandOver
from app.ui.texts import _, ui_locale

REGISTER_KIND_LABELS: dict[RegisterKind, str] = {
    RegisterKind.PATIENT: N_("Health care (patients)"),
    RegisterKind.SOCIAL_CARE: N_("Social care"),
    RegisterKind.OTHER: N_("Other (not social or health care)"),
}

SERVICE_TASK_LABELS: dict[ServiceTask, str] = {
    ServiceTask.FAMILIES_WITH_CHILDREN: N_("Services for families with children"),
    ServiceTask.ADULT_SERVICES: N_("Adult social services"),
    ServiceTask.DISABILITY: N_("Disability services"),
    ServiceTask.CHILD_WELFARE: N_("Child welfare"),
    ServiceTask.FAMILY_LAW: N_("Family law services"),
}


@dataclass(frozen=True)
class ServiceSuggestion:
    name: str  # English source string, translated on use
    kind: RegisterKind
    task: ServiceTask | None = None


SERVICE_SUGGESTIONS: tuple[ServiceSuggestion, ...] = (
    ServiceSuggestion(N_("Psychotherapy"), RegisterKind.PATIENT),
    ServiceSuggestion(
        N_("Family work"), RegisterKind.SOCIAL_CARE, ServiceTask.FAMILIES_WITH_CHILDREN
    ),
    ServiceSuggestion(N_("Coaching"), RegisterKind.OTHER),
    ServiceSuggestion(N_("Work supervision"), RegisterKind.OTHER),
)


class PageId(IntEnum):
    WELCOME = 0
    FOLDER = 1
    PASSPHRASE = 2
    PRACTICE = 3
    SERVICES = 4
    CREATE = 5
    HAND_OVER = 6


def _paragraph(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def folder_problem(text: str) -> str | None:
    """Why a new register cannot go into the folder ``text``, or None when it can."""
    if not text.strip():
        return _("Give the folder for the register.")
    folder = Path(text.strip()).expanduser()
    if not folder.is_absolute():
        return _("Give the whole path of the folder, for example {example}.").format(
            example=str(Path.home() / "Vakka")
        )
    if register_service.is_register(folder):
        return error_text(VakkaError("register.already_exists"))
    if folder.exists() and not folder.is_dir():
        return _("That is a file, not a folder. Choose a folder.")
    if folder.is_dir():
        try:
            empty = next(folder.iterdir(), None) is None
        except OSError:
            return _("Vakka cannot read that folder. Choose another one.")
        if not empty:
            return _(
                "That folder is not empty. Choose an empty folder, or a new one: Vakka makes it."
            )
    return None


# --- pages --------------------------------------------------------------------------


class WelcomePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Welcome to Vakka"))
        self.setSubTitle(_("A client register for your practice, kept encrypted on this computer."))
        intro = _paragraph(
            _(
                "In the next steps you choose where the register is kept and the passphrase "
                "that opens it, and give your practice's details and services. At the end you "
                "get a recovery code to keep safe."
            )
        )
        heading = QLabel(_("Before you start: Vakka and the Kanta services"))
        heading.setStyleSheet("font-weight: 600;")
        self.legal = _paragraph(legal_note_text())
        self.legal.setObjectName("legalNote")
        self.legal.setAccessibleName(_("Legal note"))
        self.legal.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.legal.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        box = QFrame()
        box.setFrameShape(QFrame.Shape.StyledPanel)
        box_layout = QVBoxLayout(box)
        box_layout.addWidget(heading)
        box_layout.addWidget(self.legal)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addSpacing(8)
        layout.addWidget(box)
        layout.addStretch(1)


class FolderPage(QWizardPage):
    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.setTitle(_("Where to keep the register"))
        self.setSubTitle(_("The register is kept in a folder of its own."))
        self.path = QLineEdit(str(folder))
        self.path.setAccessibleName(_("Register folder"))
        label = QLabel(_("&Folder:"))
        label.setBuddy(self.path)
        self.browse = QPushButton(_("B&rowse…"))
        self.browse.clicked.connect(self._browse)
        self.browse.setAutoDefault(False)
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        advice = _paragraph(
            _(
                "Choose an empty or new folder on this computer's own disk. Avoid folders "
                "that a cloud service synchronises: backups are made separately, to a drive "
                "you keep elsewhere."
            )
        )
        self.error = ErrorLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(advice)
        layout.addSpacing(8)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addStretch(1)
        self.path.textChanged.connect(self.error.clear_error)
        self.path.textChanged.connect(self.completeChanged)

    def folder(self) -> Path:
        return Path(self.path.text().strip()).expanduser()

    def initializePage(self) -> None:
        self.path.setFocus()

    def isComplete(self) -> bool:
        return bool(self.path.text().strip())

    def validatePage(self) -> bool:
        problem = folder_problem(self.path.text())
        self.error.set_error(problem or "")
        if problem:
            self.path.setFocus()
            self.path.selectAll()
        return problem is None

    def _browse(self) -> None:
        chosen = file_dialogs.existing_directory(
            self, _("Choose the register folder"), self.path.text()
        )
        if chosen:
            self.path.setText(chosen)


class PassphrasePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Choose the passphrase"))
        self.setSubTitle(_("You type it every time you open the register."))
        advice = _paragraph(
            _(
                "A few unrelated words, at least 12 characters, are easy to remember and hard "
                "to guess. Do not use a password you use anywhere else. If you forget the "
                "passphrase, only the recovery code that you get at the end opens the register."
            )
        )
        self.pair = PassphrasePair(_("&Passphrase:"), _("Type it &again:"))
        self.pair.changed.connect(self.completeChanged)
        layout = QVBoxLayout(self)
        layout.addWidget(advice)
        layout.addSpacing(8)
        layout.addWidget(self.pair)
        layout.addStretch(1)

    def initializePage(self) -> None:
        self.pair.first.setFocus()

    def isComplete(self) -> bool:
        return self.pair.is_acceptable()


class PracticePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Your practice"))
        self.setSubTitle(
            _("These details go into the privacy notices. You can change them later in Settings.")
        )
        self.name = QLineEdit()
        self.business_id = QLineEdit()
        self.business_id.setPlaceholderText(_("for example 1234567-1"))
        self.practitioner = QLineEdit()
        self.professional_title = QLineEdit()
        self.professional_title.setPlaceholderText(_("for example psychotherapist, family worker"))
        self.privacy_contact = QLineEdit()
        self.privacy_contact.setPlaceholderText(_("you, if left empty"))
        self.fiscal_month = QComboBox()
        locale = ui_locale()
        for month in range(1, 13):
            self.fiscal_month.addItem(locale.standaloneMonthName(month), month)

        self.form = LabelledForm()
        self.form.add_row(_("&Practice name:"), self.name, field="name")
        self.form.add_row(_("B&usiness ID:"), self.business_id, field="business_id")
        self.form.add_row(
            _("Your na&me:"),
            self.practitioner,
            field="practitioner_name",
            accessible_name=_("Practitioner's name"),
        )
        self.form.add_row(
            _("Professional &title:"), self.professional_title, field="practitioner_title"
        )
        self.form.add_row(
            _("&Contact person for data protection:"),
            self.privacy_contact,
            field="privacy_contact",
        )
        self.form.add_row(
            _("&Fiscal year starts in:"), self.fiscal_month, field="fiscal_year_start_month"
        )
        self.error = ErrorLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        for edit in (self.name, self.practitioner):
            edit.textChanged.connect(self.completeChanged)
        for edit in (self.name, self.business_id, self.practitioner, self.privacy_contact):
            edit.textChanged.connect(self.error.clear_error)

    def initializePage(self) -> None:
        self.name.setFocus()

    def isComplete(self) -> bool:
        return bool(self.name.text().strip() and self.practitioner.text().strip())

    def practice(self) -> Practice:
        """The details as typed (checked by ``validatePage``)."""
        practitioner = self.practitioner.text().strip()
        return Practice(
            name=self.name.text().strip(),
            business_id=self.business_id.text().strip(),
            practitioner_name=practitioner,
            practitioner_title=self.professional_title.text().strip(),
            privacy_contact=self.privacy_contact.text().strip() or practitioner,
            fiscal_year_start_month=int(self.fiscal_month.currentData()),
        )

    def validatePage(self) -> bool:
        checks: list[tuple[QLineEdit, Callable[[str], object]]] = [
            (self.name, lambda text: validate_name(text, "name")),
            (self.business_id, lambda text: text.strip() and validate_business_id(text)),
            (self.practitioner, lambda text: validate_name(text, "name")),
        ]
        for edit, check in checks:
            try:
                check(edit.text())
            except ValidationError as error:
                self.error.set_error(error_text(error))
                edit.setFocus()
                return False
        self.error.clear_error()
        return True


class ServicesPage(QWizardPage):
    """A small list of services, each with its register kind (and social care task)."""

    NAME, KIND, TASK = range(3)

    def __init__(self) -> None:
        super().__init__()
        self._services: list[Service] = []
        self.setTitle(_("Services you offer"))
        self.setSubTitle(_("The register kind decides which rules and retention periods apply."))
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([_("Service"), _("Register kind"), _("Service task")])
        self.table.setAccessibleName(_("Services"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(self.NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(self.KIND, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.TASK, QHeaderView.ResizeMode.ResizeToContents)

        self.name = QComboBox()
        self.name.setEditable(True)
        self.name.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for suggestion in SERVICE_SUGGESTIONS:
            self.name.addItem(_(suggestion.name), suggestion)
        self.name.setCurrentIndex(-1)
        self.name.setEditText("")
        name_edit = self.name.lineEdit()
        assert name_edit is not None
        name_edit.setPlaceholderText(_("Choose or type a service"))
        # Enter with a name adds it (and goes no further); Enter on an empty field is Next.
        self.name.installEventFilter(self)
        name_edit.installEventFilter(self)
        self._name_edit = name_edit
        self.name.editTextChanged.connect(self._name_edited)
        self.kind = QComboBox()
        for kind, kind_label in REGISTER_KIND_LABELS.items():
            self.kind.addItem(_(kind_label), kind)
        self.task = QComboBox()
        for task, task_label in SERVICE_TASK_LABELS.items():
            self.task.addItem(_(task_label), task)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.add_button = QPushButton(icon("add"), _("A&dd"))
        self.add_button.clicked.connect(self._add)
        self.remove_button = QPushButton(icon("remove"), _("&Remove"))
        self.remove_button.clicked.connect(self._remove_selected)
        for button in (self.add_button, self.remove_button):
            button.setAutoDefault(False)  # Enter stays the wizard's Next

        editor = QGridLayout()
        labels = (
            (_("&Service:"), self.name, _("Service")),
            (_("Register &kind:"), self.kind, _("Register kind")),
            (_("Service &task:"), self.task, _("Service task")),
        )
        for row, (text, widget, accessible) in enumerate(labels):
            label = QLabel(text)
            label.setBuddy(widget)
            widget.setAccessibleName(accessible)
            editor.addWidget(label, row, 0)
            editor.addWidget(widget, row, 1)
        editor.setColumnStretch(1, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        self.hint = _paragraph(
            _(
                "Health care: for example psychotherapy. Social care: for example family "
                "work, with its service task. Other: services outside social and health "
                "care, such as coaching and work supervision."
            )
        )
        self.hint.setStyleSheet("color: palette(placeholder-text);")
        self.error = ErrorLabel()
        layout = QVBoxLayout(self)
        # The editor comes first: type a service, Enter adds it to the list below.
        layout.addLayout(editor)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)
        self._kind_changed()
        self.table.itemSelectionChanged.connect(self._selection_changed)
        model = self.table.model()
        model.rowsInserted.connect(self.completeChanged)
        model.rowsRemoved.connect(self.completeChanged)
        self._selection_changed()

    def initializePage(self) -> None:
        self.name.setFocus()

    def isComplete(self) -> bool:
        return bool(self._services)

    def services(self) -> list[Service]:
        return [
            Service(name=s.name, register_kind=s.register_kind, service_task=s.service_task)
            for s in self._services
        ]

    def add_service(self, service: Service) -> None:
        self._services.append(service)
        row = self.table.rowCount()
        self.table.insertRow(row)
        task = _(SERVICE_TASK_LABELS[service.service_task]) if service.service_task else ""
        for column, text in (
            (self.NAME, service.name),
            (self.KIND, _(REGISTER_KIND_LABELS[service.register_kind])),
            (self.TASK, task),
        ):
            self.table.setItem(row, column, QTableWidgetItem(text))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched in (self.name, self._name_edit)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self._name_edit.text().strip()
        ):
            self._add()
            return True
        return super().eventFilter(watched, event)

    def _name_edited(self, text: str) -> None:
        """A suggested service, typed or chosen, brings its register kind and task along."""
        wanted = text.strip().casefold()
        for index in range(self.name.count()):
            suggestion = self.name.itemData(index)
            if (
                isinstance(suggestion, ServiceSuggestion)
                and _(suggestion.name).casefold() == wanted
            ):
                self.kind.setCurrentIndex(self.kind.findData(suggestion.kind))
                if suggestion.task is not None:
                    self.task.setCurrentIndex(self.task.findData(suggestion.task))
                return

    def _kind_changed(self) -> None:
        self.task.setEnabled(self.kind.currentData() == RegisterKind.SOCIAL_CARE)

    def _selection_changed(self) -> None:
        self.remove_button.setEnabled(bool(self.table.selectionModel().selectedRows()))

    def _add(self) -> None:
        try:
            name = validate_name(self.name.currentText(), "name")
        except ValidationError as error:
            self.error.set_error(error_text(error))
            self.name.setFocus()
            return
        if any(s.name.casefold() == name.casefold() for s in self._services):
            self.error.set_error(_("That service is already on the list."))
            self.name.setFocus()
            return
        kind = RegisterKind(self.kind.currentData())
        task = ServiceTask(self.task.currentData()) if kind is RegisterKind.SOCIAL_CARE else None
        self.error.clear_error()
        self.add_service(Service(name=name, register_kind=kind, service_task=task))
        self.name.setCurrentIndex(-1)
        self.name.setEditText("")
        self.name.setFocus()

    def _remove_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        row = rows[0].row()
        del self._services[row]
        self.table.removeRow(row)  # the model's signal tells the wizard


class CreatePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Create the register"))
        self.setSubTitle(_("Check the details, then create the register."))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, _("&Create the register"))
        self.summary = _paragraph("")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setAccessibleName(_("Summary"))
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy, no known length
        self.progress.setAccessibleName(_("Creating the register"))
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(_("Status"))
        self.error = ErrorLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addSpacing(12)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addStretch(1)
        self.busy = False

    def isComplete(self) -> bool:
        return not self.busy

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.progress.setVisible(busy)
        self.status.setText(
            _("Creating the register and its keys. This takes a moment…") if busy else ""
        )
        if busy:
            self.error.clear_error()
        self.completeChanged.emit()

    def validatePage(self) -> bool:
        wizard = self.wizard()
        assert isinstance(wizard, FirstRunWizard)
        return wizard.create_register()


class HandOverPage(QWizardPage):
    """The recovery code: print the sheet, write the code down (and type back its end), or
    save the sheet after a warning. Finish stays disabled until one of them is done."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.setTitle(_("Keep the recovery code safe"))
        self.setSubTitle(_("The register is ready. One more step."))
        self.setFinalPage(True)
        intro = _paragraph(
            _(
                "If you forget the passphrase, the recovery code is the only way to open the "
                "register. Vakka shows it only now and does not keep it anywhere. If both are "
                "lost, nobody can open the register. Choose at least one:"
            )
        )
        self.hand_over = RecoveryCodeHandOver(ctx)
        self.hand_over.changed.connect(self.completeChanged)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.hand_over)
        layout.addStretch(1)

    def initializePage(self) -> None:
        self.hand_over.print_button.setFocus()

    def isComplete(self) -> bool:
        return self.hand_over.is_done()


# --- the wizard -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Made:
    recovery_code: str
    register_id: str
    created_on: date


class FirstRunWizard(QWizard):
    created = Signal(object)  # Path of the new register, its session open on the worker

    def __init__(self, ctx: UiContext, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.folder = Path(folder)
        self._made: _Made | None = None
        self.setWindowTitle(_("Create a register — Vakka"))
        self.setWindowIcon(icon("lock"))
        if self.wizardStyle() != QWizard.WizardStyle.MacStyle:
            self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setMinimumSize(760, 600)

        self.welcome_page = WelcomePage()
        self.folder_page = FolderPage(self.folder)
        self.passphrase_page = PassphrasePage()
        self.practice_page = PracticePage()
        self.services_page = ServicesPage()
        self.create_page = CreatePage()
        self.hand_over_page = HandOverPage(ctx)
        for page_id, page in (
            (PageId.WELCOME, self.welcome_page),
            (PageId.FOLDER, self.folder_page),
            (PageId.PASSPHRASE, self.passphrase_page),
            (PageId.PRACTICE, self.practice_page),
            (PageId.SERVICES, self.services_page),
            (PageId.CREATE, self.create_page),
            (PageId.HAND_OVER, self.hand_over_page),
        ):
            self.setPage(page_id, page)
        self.currentIdChanged.connect(self._page_changed)

    @property
    def register_made(self) -> bool:
        return self._made is not None

    def _page_changed(self, page_id: int) -> None:
        if page_id == PageId.CREATE:
            self._show_summary()

    def _show_summary(self) -> None:
        practice = self.practice_page.practice()
        services = self.services_page.services()
        lines = [
            _("Folder: {folder}").format(folder=self.folder_page.folder()),
            _("Practice: {name}").format(name=practice.name),
            _("Practitioner: {name}").format(name=practice.practitioner_name),
            _("Services: {names}").format(names=", ".join(s.name for s in services)),
            "",
            _(
                "After this the register exists and you get its recovery code. The details "
                "and services can be changed later."
            ),
        ]
        self.create_page.summary.setText("\n".join(lines))

    # --- creation on the worker -----------------------------------------------------

    def create_register(self) -> bool:
        """The commit page's check: True once the register exists, else start creating it."""
        if self._made is not None:
            return True
        if self.create_page.busy:
            return False
        folder = self.folder_page.folder()
        problem = folder_problem(str(folder))
        if problem:
            self.create_page.error.set_error(problem)
            return False
        passphrase = self.passphrase_page.pair.passphrase()
        practice = self.practice_page.practice()
        services = self.services_page.services()

        made: list[_Made] = []

        def make_session() -> Session:
            new = register_service.create(folder, passphrase, practice)
            try:
                for service in services:
                    register_service.add_service(new.session, service)
                made.append(
                    _Made(
                        new.recovery_code,
                        register_service.register_id(new.session),
                        new.session.today(),
                    )
                )
            except BaseException:
                new.session.close()
                raise
            return new.session

        self.create_page.set_busy(True)
        self._set_navigation_enabled(False)
        self.setCursor(Qt.CursorShape.BusyCursor)
        self.ctx.db.adopt(
            make_session,
            on_done=lambda _session: self._creation_done(folder, made[0]),
            on_error=self._creation_failed,
        )
        return False

    def _set_navigation_enabled(self, enabled: bool) -> None:
        for which in (QWizard.WizardButton.BackButton, QWizard.WizardButton.CancelButton):
            button = self.button(which)
            if button is not None:
                button.setEnabled(enabled)

    def _creation_done(self, folder: Path, made: _Made) -> None:
        self.unsetCursor()
        self._made = made
        self.hand_over_page.hand_over.set_code(
            made.recovery_code, made.register_id, made.created_on
        )
        self.folder = folder
        self.passphrase_page.pair.clear()  # not needed any more; never stored
        self.create_page.set_busy(False)
        self._set_navigation_enabled(True)
        self.next()

    def _creation_failed(self, error: BaseException) -> None:
        self.unsetCursor()
        self.create_page.set_busy(False)
        self._set_navigation_enabled(True)
        if isinstance(error, VakkaError):
            self.create_page.error.set_error(error_text(error))
        elif isinstance(error, OSError):
            self.create_page.error.set_error(
                _(
                    "Vakka could not write to that folder ({reason}). Go back and choose another."
                ).format(reason=error.strerror or type(error).__name__)
            )
        else:
            report_bug(self, error)

    # --- closing ------------------------------------------------------------------

    def reject(self) -> None:
        if self.create_page.busy:
            return  # the register is being made; its answer decides
        if self._made is not None:
            if self.hand_over_page.isComplete():
                self.accept()
            else:
                self.hand_over_page.hand_over.error.set_error(
                    _(
                        "Keep the recovery code first: print the emergency sheet, write the "
                        "code down, or save the sheet."
                    )
                )
            return
        super().reject()

    def accept(self) -> None:
        if self._made is None or not self.hand_over_page.isComplete():
            return
        self.hand_over_page.hand_over.forget()
        self._made = replace(self._made, recovery_code="")
        super().accept()
        self.created.emit(self.folder)
