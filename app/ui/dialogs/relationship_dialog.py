"""Starting, editing and ending a client relationship (asiakkuus).

Register kind, service task, controller, where the client records are kept, the privacy
notice date and minors' decisions (RULES.md). Keeping patient or social care records in
Vakka needs the legal note confirmed first; the confirmation is saved with the
relationship in one transaction (``relationships.save_relationship``), and without it
nothing is saved.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Sequence
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.client_rules import notes_need_confirmation
from app.domain.kinds import Controller, DataSource, RecordsKept, RegisterKind, ServiceTask
from app.domain.models import Relationship, Service
from app.domain.relationship_fields import (
    child_born_applies,
    clean_relationship_fields,
    disability_need_ended_applies,
    kept_by_agreement_applies,
)
from app.i18n import N_
from app.i18n.kind_labels import kind_label
from app.services import relationships
from app.ui.context import UiContext
from app.ui.dialogs.form_helpers import DateEdit, FormDialog, OptionalDateEdit, hint_label
from app.ui.legal import legal_note_text
from app.ui.texts import _, format_date, ui_language

REGISTER_KIND_LABELS = {
    RegisterKind.PATIENT: N_("Patient register (health care)"),
    RegisterKind.SOCIAL_CARE: N_("Social care client register"),
    RegisterKind.OTHER: N_("Other services (outside social and health care)"),
}
REGISTER_KIND_SHORT = {
    RegisterKind.PATIENT: N_("Patient register"),
    RegisterKind.SOCIAL_CARE: N_("Social care"),
    RegisterKind.OTHER: N_("Other services"),
}
SERVICE_TASK_LABELS = {
    ServiceTask.FAMILIES_WITH_CHILDREN: N_("Services for families with children"),
    ServiceTask.ADULT_SERVICES: N_("Adult services (working-age, older people, substance abuse)"),
    ServiceTask.DISABILITY: N_("Disability services"),
    ServiceTask.CHILD_WELFARE: N_("Child welfare"),
    ServiceTask.FAMILY_LAW: N_("Family law services"),
}
CONTROLLER_LABELS = {
    Controller.PRACTICE: N_("The practice"),
    Controller.COUNTY: N_("A wellbeing services county (purchased service, voucher, commitment)"),
}
RECORDS_KEPT_LABELS = {
    RecordsKept.VAKKA: N_("In Vakka"),
    RecordsKept.PAPER: N_("On paper"),
    RecordsKept.OTHER_SYSTEM: N_("In another (Kanta-connected) system"),
}
END_REASON_SUGGESTIONS = (
    N_("The service was completed"),
    N_("At the client's request"),
    N_("The client moved to another service"),
    N_("No contact from the client"),
    N_("The payment commitment ended"),
)


def register_kind_label(kind: RegisterKind, short: bool = False) -> str:
    return _((REGISTER_KIND_SHORT if short else REGISTER_KIND_LABELS)[kind])


def service_task_label(task: ServiceTask | None) -> str:
    return _(SERVICE_TASK_LABELS[task]) if task is not None else ""


def controller_text(rel: Relationship) -> str:
    if rel.controller is Controller.COUNTY:
        return rel.county_name or _("A wellbeing services county")
    return _("The practice")


def records_kept_text(rel: Relationship) -> str:
    label = _(RECORDS_KEPT_LABELS[rel.records_kept])
    if rel.records_kept is not RecordsKept.VAKKA and rel.records_location:
        return f"{label}: {rel.records_location}"
    return label


# Item data are strings: a Python bool kept in a QVariant is best avoided with PySide.
TRI_STATE_DATA = {None: "", True: "yes", False: "no"}


def _tri_state_combo(unknown: str) -> QComboBox:
    combo = QComboBox()
    combo.addItem(unknown, TRI_STATE_DATA[None])
    combo.addItem(_("Yes"), TRI_STATE_DATA[True])
    combo.addItem(_("No"), TRI_STATE_DATA[False])
    return combo


def _set_tri_state(combo: QComboBox, value: bool | None) -> None:
    combo.setCurrentIndex(combo.findData(TRI_STATE_DATA[value]))


def _tri_state(combo: QComboBox) -> bool | None:
    return {"yes": True, "no": False}.get(str(combo.currentData() or ""))


class RelationshipDialog(FormDialog):
    """Start a relationship (``relationship`` None) or edit one."""

    saved = Signal(object)  # the saved Relationship

    def __init__(
        self,
        ctx: UiContext,
        client_id: str,
        today: date,
        services: Sequence[Service] = (),
        confirmed_kinds: Collection[RegisterKind] = (),
        relationship: Relationship | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = _("Start client relationship") if relationship is None else _("Edit relationship")
        super().__init__(ctx, title, parent)
        self.client_id = client_id
        self.original = relationship
        self.confirmed_kinds = set(confirmed_kinds)
        rel = relationship or Relationship(
            client_id=client_id,
            register_kind=RegisterKind.PATIENT,
            records_kept=RecordsKept.PAPER,
            started_on=today,
        )

        # --- register ---------------------------------------------------------------
        register_group, register_form = self.add_group(_("Register"))
        self.service = QComboBox()
        self.service.addItem(_("Not chosen"), None)
        for service in services:
            if service.active or service.id == rel.service_id:
                self.service.addItem(service.name, service)
        for index in range(1, self.service.count()):
            if rel.service_id is not None and self._service_at(index).id == rel.service_id:
                self.service.setCurrentIndex(index)
        self.register_kind = QComboBox()
        for kind in RegisterKind:
            self.register_kind.addItem(register_kind_label(kind), kind)
        self.register_kind.setCurrentIndex(self.register_kind.findData(rel.register_kind))
        self.service_task = QComboBox()
        self.service_task.addItem(_("Choose the service task"), None)
        for task in ServiceTask:
            self.service_task.addItem(service_task_label(task), task)
        self.service_task.setCurrentIndex(
            self.service_task.findData(rel.service_task) if rel.service_task else 0
        )
        self.controller = QComboBox()
        for controller in Controller:
            self.controller.addItem(_(CONTROLLER_LABELS[controller]), controller)
        self.controller.setCurrentIndex(self.controller.findData(rel.controller))
        self.county_name = QLineEdit(rel.county_name)
        self.county_name.setPlaceholderText(_("For example Pirkanmaan hyvinvointialue"))
        register_form.add_row(_("Ser&vice:"), self.service, field="service_id")
        register_form.add_row(_("&Register:"), self.register_kind, field="register_kind")
        register_form.add_row(_("Service &task:"), self.service_task, field="service_task")
        register_form.add_row(_("&Controller:"), self.controller, field="controller")
        register_form.add_row(
            _("Wellbeing services c&ounty:"), self.county_name, field="county_name"
        )

        # --- records -----------------------------------------------------------------
        records_group, records_form = self.add_group(_("Client records"))
        self.records_kept = QComboBox()
        for kept in RecordsKept:
            self.records_kept.addItem(_(RECORDS_KEPT_LABELS[kept]), kept)
        self.records_kept.setCurrentIndex(self.records_kept.findData(rel.records_kept))
        self.records_location = QLineEdit(rel.records_location)
        self.records_location.setPlaceholderText(
            _("A locked cabinet at the practice, or the system's name")
        )
        records_form.add_row(
            _("&Where the records are kept:"), self.records_kept, field="records_kept"
        )
        records_form.add_row(
            _("&Location or system:"), self.records_location, field="records_location"
        )
        self.source = QComboBox()
        for source in DataSource:
            self.source.addItem(kind_label(source, ui_language()), source.value)
        self.source.setCurrentIndex(self.source.findData(rel.source.value))
        self.source_name = QLineEdit(rel.source_name)
        self.source_name.setPlaceholderText(_("e.g. the referring doctor or the county"))
        records_form.add_row(
            _("Data so&urce:"),
            self.source,
            field="source",
            tooltip=_("Where the client's data came from; the access answer names it."),
        )
        records_form.add_row(_("Source's na&me:"), self.source_name, field="source_name")
        # What the retention clocks need (RULES.md, Retention), shown where it applies.
        self.kept_by_agreement = QCheckBox(
            _("Notes kept after the end by &agreement with the client")
        )
        self.kept_by_agreement.setChecked(rel.other_notes_kept_by_agreement)
        self.kept_by_agreement.setToolTip(
            _(
                "Notes of services outside social and health care are destroyed when the "
                "relationship ends, unless the client has agreed that they are kept."
            )
        )
        records_form.add_wide(self.kept_by_agreement, field="other_notes_kept_by_agreement")

        # --- dates ---------------------------------------------------------------------
        dates_group, dates_form = self.add_group(_("Dates"))
        self.started_on = DateEdit(rel.started_on)
        self.privacy_notice = OptionalDateEdit(_("Given on"), default=today)
        self.privacy_notice.set_value(rel.privacy_notice_given_on)
        self.health_consent = OptionalDateEdit(_("Given on"), default=today)
        self.health_consent.set_value(rel.health_data_consent_on)
        dates_form.add_row(_("Start&ed on:"), self.started_on, field="started_on")
        dates_form.add_row(
            _("&Privacy notice:"),
            self.privacy_notice,
            field="privacy_notice_given_on",
            accessible_name=_("Privacy notice given on"),
            tooltip=_("The date the client was given the privacy notice (GDPR art. 13)."),
        )
        dates_form.add_row(
            _("Explicit consent to &health data:"),
            self.health_consent,
            field="health_data_consent_on",
            accessible_name=_("Explicit consent to process health data given on"),
            tooltip=_(
                "For services outside social and health care that hold health information: "
                "the client's explicit consent (GDPR art. 9(2)(a))."
            ),
        )
        self.need_ended = OptionalDateEdit(_("Ended on"), default=today)
        self.need_ended.set_value(rel.disability_need_ended_on)
        self.child_born = OptionalDateEdit(_("Known"), default=today)
        self.child_born.set_value(rel.family_law_child_born_on)
        dates_form.add_row(
            _("Serv&ice need ended:"),
            self.need_ended,
            field="disability_need_ended_on",
            accessible_name=_("Date the disability service need ended"),
            tooltip=_(
                "Disability services: the records are kept 10 years from the last case "
                "closed after the need for the service ended."
            ),
        )
        dates_form.add_row(
            _("Child's date o&f birth:"),
            self.child_born,
            field="family_law_child_born_on",
            accessible_name=_("Child's date of birth"),
            tooltip=_(
                "Family law services: the records are kept 120 years from the child's birth."
            ),
        )

        # --- minor -----------------------------------------------------------------------
        minor_group, minor_form = self.add_group(_("Minor client"))
        self.minor = QCheckBox(_("The client is a mi&nor"))
        self.minor.setChecked(rel.minor)
        self.minor_can_decide = _tri_state_combo(_("Not assessed"))
        _set_tri_state(self.minor_can_decide, rel.minor_can_decide)
        self.minor_allows = _tri_state_combo(_("Not asked"))
        _set_tri_state(self.minor_allows, rel.minor_allows_guardian_disclosure)
        self.minor_reasons = QPlainTextEdit(rel.minor_prohibition_reasons)
        self.minor_reasons.setTabChangesFocus(True)
        self.minor_reasons.setFixedHeight(60)
        minor_form.add_wide(self.minor, field="minor")
        minor_form.add_row(
            _("Can &decide on their care:"), self.minor_can_decide, field="minor_can_decide"
        )
        minor_form.add_row(
            _("Allows disclosure to &guardians:"),
            self.minor_allows,
            field="minor_allows_guardian_disclosure",
        )
        minor_form.add_row(
            _("Reasons for the prohi&bition:"),
            self.minor_reasons,
            field="minor_prohibition_reasons",
        )

        # --- legal note --------------------------------------------------------------------
        self.legal_box = QGroupBox(_("Legal note: records in Vakka"))
        self.legal_box.setObjectName("legalNote")
        # A read-only text of a fixed height: the dialog's size stays predictable.
        self.legal_text = QPlainTextEdit(legal_note_text())
        self.legal_text.setReadOnly(True)
        self.legal_text.setTabChangesFocus(True)
        self.legal_text.setAccessibleName(_("Legal note"))
        self.legal_text.setFrameShape(QFrame.Shape.NoFrame)
        self.legal_text.viewport().setBackgroundRole(QPalette.ColorRole.Window)
        self.legal_text.setFixedHeight(self.fontMetrics().lineSpacing() * 9)
        self.legal_confirm = QCheckBox(_("I have chec&ked my obligations"))
        self.legal_confirm.setAccessibleDescription(
            _("Keeping these notes in Vakka is switched on only after this confirmation.")
        )
        legal_layout = QVBoxLayout(self.legal_box)
        legal_layout.addWidget(self.legal_text)
        legal_layout.addWidget(self.legal_confirm)

        columns = QHBoxLayout()
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(register_group)
        left.addWidget(records_group)
        left.addStretch(1)
        right.addWidget(dates_group)
        right.addWidget(minor_group)
        right.addStretch(1)
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        self.body.addLayout(columns)
        self.body.addWidget(self.legal_box)
        if relationship is not None and relationship.ended_on is not None:
            ended = _("This relationship ended on {date}: {reason}").format(
                date=format_date(relationship.ended_on), reason=relationship.end_reason
            )
            self.body.addWidget(hint_label(ended))

        self._register_form = register_form
        self._records_form = records_form
        self._dates_form = dates_form
        self._minor_form = minor_form
        self.service.currentIndexChanged.connect(self._service_chosen)
        for combo in (
            self.register_kind,
            self.service_task,
            self.controller,
            self.records_kept,
            self.minor_allows,
        ):
            combo.currentIndexChanged.connect(self._update_rows)
        self.minor.toggled.connect(self._update_rows)
        self.setMinimumWidth(820)
        self._update_rows()
        self.service.setFocus()

    # --- state -------------------------------------------------------------------------

    def _service_at(self, index: int) -> Service:
        service = self.service.itemData(index)
        assert isinstance(service, Service)
        return service

    def kind(self) -> RegisterKind:
        return RegisterKind(self.register_kind.currentData())

    def kept(self) -> RecordsKept:
        return RecordsKept(self.records_kept.currentData())

    def needs_legal_confirmation(self) -> bool:
        """Records in Vakka for a patient or social care relationship, not yet confirmed."""
        kind = self.kind()
        return (
            self.kept() is RecordsKept.VAKKA
            and notes_need_confirmation(kind)
            and kind not in self.confirmed_kinds
        )

    def _service_chosen(self, index: int) -> None:
        service = self.service.itemData(index)
        if isinstance(service, Service):
            self.register_kind.setCurrentIndex(self.register_kind.findData(service.register_kind))
            if service.service_task is not None:
                self.service_task.setCurrentIndex(self.service_task.findData(service.service_task))

    def _update_rows(self) -> None:
        kind = self.kind()
        service = self.service.currentData()
        if isinstance(service, Service) and service.register_kind is not kind:
            self.service.setCurrentIndex(0)
        self._register_form.set_row_visible(self.service_task, kind is RegisterKind.SOCIAL_CARE)
        self._register_form.set_row_visible(
            self.county_name, Controller(self.controller.currentData()) is Controller.COUNTY
        )
        self._records_form.set_row_visible(
            self.records_location, self.kept() is not RecordsKept.VAKKA
        )
        self._dates_form.set_row_visible(self.health_consent, kind is RegisterKind.OTHER)
        task_data = self.service_task.currentData()
        task = ServiceTask(task_data) if task_data is not None else None
        self._dates_form.set_row_visible(self.need_ended, disability_need_ended_applies(kind, task))
        self._dates_form.set_row_visible(self.child_born, child_born_applies(kind, task))
        self._records_form.set_row_visible(self.kept_by_agreement, kept_by_agreement_applies(kind))
        minor = self.minor.isChecked()
        self._minor_form.set_row_visible(self.minor_can_decide, minor)
        self._minor_form.set_row_visible(self.minor_allows, minor)
        self._minor_form.set_row_visible(
            self.minor_reasons, minor and _tri_state(self.minor_allows) is False
        )
        self.legal_box.setVisible(self.needs_legal_confirmation())
        if self.isVisible():
            self.fit_to_contents()

    # --- saving ------------------------------------------------------------------------

    def relationship_from_form(self) -> Relationship:
        """The relationship as the form holds it; hidden fields are dropped by the same
        rule the service applies (``clean_relationship_fields``)."""
        kind = self.kind()
        task = self.service_task.currentData()
        service = self.service.currentData()
        base = self.original or Relationship(
            client_id=self.client_id,
            register_kind=kind,
            records_kept=self.kept(),
            started_on=self.started_on.value(),
        )
        rel = dataclasses.replace(
            base,
            register_kind=kind,
            service_task=ServiceTask(task) if task is not None else None,
            service_id=service.id if isinstance(service, Service) else None,
            controller=Controller(self.controller.currentData()),
            county_name=self.county_name.text(),
            records_kept=self.kept(),
            records_location=self.records_location.text(),
            started_on=self.started_on.value(),
            privacy_notice_given_on=self.privacy_notice.value(),
            minor=self.minor.isChecked(),
            minor_can_decide=_tri_state(self.minor_can_decide),
            minor_allows_guardian_disclosure=_tri_state(self.minor_allows),
            minor_prohibition_reasons=self.minor_reasons.toPlainText(),
            health_data_consent_on=self.health_consent.value(),
            disability_need_ended_on=self.need_ended.value(),
            family_law_child_born_on=self.child_born.value(),
            other_notes_kept_by_agreement=self.kept_by_agreement.isChecked(),
            source=DataSource(str(self.source.currentData())),
            source_name=self.source_name.text().strip(),
        )
        return clean_relationship_fields(rel)

    def submit(self) -> None:
        rel = self.relationship_from_form()
        confirm: RegisterKind | None = None
        if self.needs_legal_confirmation():
            if not self.legal_confirm.isChecked():
                self.show_error(
                    _(
                        "To keep these client records in Vakka, read the legal note and confirm "
                        "that you have checked your obligations — or choose where the records "
                        "are kept instead. Nothing was saved."
                    ),
                    self.legal_confirm,
                )
                return
            confirm = rel.register_kind
        self.run_job(
            lambda s: relationships.save_relationship(s, rel, confirm_legal_note_for=confirm),
            self._saved,
        )

    def _saved(self, rel: Relationship) -> None:
        self.ctx.events.clients_changed.emit()  # the list shows active / ended and registers
        self.ctx.events.client_changed.emit(self.client_id)
        self.saved.emit(rel)
        self.accept()


class EndRelationshipDialog(FormDialog):
    """End a relationship with a date and a reason; the retention clocks start from it."""

    saved = Signal(object)  # the ended Relationship

    def __init__(
        self,
        ctx: UiContext,
        relationship: Relationship,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            ctx, _("End client relationship"), parent, save_text=_("E&nd relationship")
        )
        self.relationship = relationship
        self.setMinimumWidth(460)
        summary = _("{register}, started on {date}").format(
            register=register_kind_label(relationship.register_kind),
            date=format_date(relationship.started_on),
        )
        self.body.insertWidget(0, QLabel(summary))
        self.ended_on = DateEdit(today)
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.addItems([_(text) for text in END_REASON_SUGGESTIONS])
        self.reason.setCurrentText("")
        self.reason.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        line_edit = self.reason.lineEdit()
        if line_edit is not None:
            line_edit.setPlaceholderText(_("Why the relationship ended"))
        self.form.add_row(_("&Ended on:"), self.ended_on, field="ended_on")
        self.form.add_row(_("&Reason:"), self.reason, field="end_reason")
        self.body.addWidget(
            hint_label(
                _(
                    "The retention periods of this relationship's records start from the end "
                    "date. The records are destroyed when their time is up, unless a legal "
                    "hold keeps them."
                )
            )
        )
        self.reason.setFocus()

    def submit(self) -> None:
        rel_id = self.relationship.id
        assert rel_id is not None
        ended_on = self.ended_on.value()
        reason = self.reason.currentText()
        self.run_job(
            lambda s: relationships.end_relationship(s, rel_id, ended_on, reason), self._saved
        )

    def _saved(self, rel: Relationship) -> None:
        self.ctx.events.clients_changed.emit()
        self.ctx.events.client_changed.emit(rel.client_id)
        self.saved.emit(rel)
        self.accept()
