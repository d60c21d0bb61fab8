"""Access, rectification, erasure and log-information requests: record, identity,
extension, fee or refusal, close."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QWidget

from app.domain.kinds import FeeRule, IdentityMethod, Requester, RequestKind
from app.domain.models import DataRequest
from app.domain.request_rules import extended_deadline, request_deadline_for
from app.i18n import N_
from app.i18n.kind_labels import kind_label
from app.services import requests
from app.services.form_drafts import REQUEST_DRAFT
from app.ui.context import UiContext
from app.ui.dialogs.invoice_dialog import Job, RecordDialog
from app.ui.texts import _, format_date, ngettext, ui_language

REQUEST_KIND_LONG_LABELS = {
    RequestKind.ACCESS: N_("Access to the client's data (GDPR art. 15)"),
    RequestKind.RECTIFICATION: N_("Rectification (GDPR art. 16)"),
    RequestKind.ERASURE: N_("Erasure (GDPR art. 17)"),
    RequestKind.LOG_INFORMATION: N_("Log information on its own (Act 703/2023 § 11)"),
}
FEE_RULE_LONG_LABELS = {
    FeeRule.FREE: N_("Free (the first copy is always free)"),
    FeeRule.FURTHER_COPY_FEE: N_(
        "A reasonable fee for a further copy, based on administrative costs (GDPR art. 15(3))"
    ),
    FeeRule.MANIFESTLY_UNFOUNDED: N_(
        "Manifestly unfounded or excessive: a fee or a refusal (GDPR art. 12(5))"
    ),
}
OUTCOME_SUGGESTIONS = (
    N_("Answer delivered to the client"),
    N_("Data corrected as asked"),
    N_("Data erased; what must be kept was named with its legal ground"),
    N_("Refused with a written decision"),
    N_("Forwarded to the wellbeing services county with the data"),
    N_("Withdrawn by the client"),
)


def request_kind_label(kind: RequestKind) -> str:
    return kind_label(kind, ui_language())


def identity_label(method: IdentityMethod) -> str:
    return kind_label(method, ui_language())


def fee_rule_label(rule: FeeRule) -> str:
    return kind_label(rule, ui_language())


def days_left_text(deadline: date, today: date) -> str:
    days = (deadline - today).days
    if days == 0:
        return _("due today")
    if days < 0:
        return ngettext("{days} day overdue", "{days} days overdue", -days).format(days=-days)
    return ngettext("{days} day", "{days} days", days).format(days=days)


def deadline_text(request: DataRequest) -> str:
    if request.extended_to is not None:
        return _("{date} (extended)").format(date=format_date(request.extended_to))
    return format_date(request.due_on)


def request_summary(request: DataRequest) -> str:
    return _("{kind} request received on {received}, deadline {deadline}.").format(
        kind=request_kind_label(request.kind),
        received=format_date(request.received_on),
        deadline=deadline_text(request),
    )


class RecordRequestDialog(RecordDialog):
    def __init__(
        self, ctx: UiContext, client_id: str, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, _("Record a request"), parent)
        self.setMinimumWidth(560)
        self.client_id = client_id
        self.today = today
        self.set_intro(
            _(
                "The answer is due one month from receipt (log information on its own: two "
                "months), moved to the next working day when it falls on a weekend or a public "
                "holiday."
            )
        )
        self.kind = QComboBox()
        for kind in RequestKind:
            self.kind.addItem(_(REQUEST_KIND_LONG_LABELS[kind]), kind)
        self.add_field(_("&Kind:"), self.kind, "kind")
        self.received_on = self.date_field(today)
        self.add_field(_("&Received on:"), self.received_on, "received_on")
        self.requester = QComboBox()
        for requester in Requester:
            self.requester.addItem(kind_label(requester, ui_language()), requester.value)
        self.add_field(_("Made &by:"), self.requester, "requester")
        self.requester_name = QLineEdit()
        self.requester_name.setPlaceholderText(_("the guardian's or representative's name"))
        self.add_field(_("Requester's na&me:"), self.requester_name, "requester_name")
        self.requester.currentIndexChanged.connect(lambda _i: self._update_requester())
        self.details = self.text_field(lines=4)
        self.details.setPlaceholderText(_("what the client asks for, and how the request came"))
        self.add_field(_("&Details:"), self.details, "details")
        self.leave_hetu = QCheckBox(
            _("The client asks that the personal identity code be left out of the answer")
        )
        self.form.add_wide(self.leave_hetu, field="hetu_in_answer")
        self.deadline = QLabel()
        self.deadline.setAccessibleName(_("Deadline"))
        self.deadline.setStyleSheet("font-weight: 600;")
        self.add_field(_("Deadline:"), self.deadline)
        self.kind.currentIndexChanged.connect(lambda _i: self._update_deadline())
        self.received_on.dateChanged.connect(lambda _d: self._update_deadline())
        self._update_deadline()
        self._update_requester()
        self.kind.setFocus()
        self.keep_drafts(REQUEST_DRAFT, client_id)

    def _update_requester(self) -> None:
        by_other = Requester(str(self.requester.currentData())) is not Requester.CLIENT
        self.requester_name.setEnabled(by_other)

    def selected_kind(self) -> RequestKind:
        return RequestKind(self.kind.currentData())

    def _update_deadline(self) -> None:
        deadline = request_deadline_for(self.selected_kind(), self.received_on.value())
        self.deadline.setText(f"{format_date(deadline)} ({days_left_text(deadline, self.today)})")

    def job(self) -> Job:
        client_id = self.client_id
        kind = self.selected_kind()
        received_on = self.received_on.value()
        details = self.details.toPlainText()
        requester = Requester(str(self.requester.currentData()))
        name = self.requester_name.text()
        include_hetu = not self.leave_hetu.isChecked()
        return lambda s: requests.record_request(
            s, client_id, kind, received_on, details, requester, name, hetu_in_answer=include_hetu
        )


class IdentityDialog(RecordDialog):
    """How the requester's identity was checked, by whom and when."""

    def __init__(
        self,
        ctx: UiContext,
        request: DataRequest,
        checked_by: str,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, _("Identity checked"), parent)
        self.setMinimumWidth(520)
        self.request = request
        self.set_intro(
            request_summary(request)
            + "\n\n"
            + _(
                "Verify the identity in proportion to the data asked for. The personal "
                "identity code alone does not prove who someone is."
            )
        )
        self.method = QComboBox()
        for method in IdentityMethod:
            self.method.addItem(identity_label(method), method)
        if request.identity_method is not None:
            self.method.setCurrentIndex(self.method.findData(request.identity_method))
        self.add_field(_("&How:"), self.method, "identity_method")
        self.checked_by = QLineEdit(request.identity_checked_by or checked_by)
        self.add_field(_("&By whom:"), self.checked_by, "identity_checked_by")
        self.checked_on = self.date_field(request.identity_checked_on or today)
        self.add_field(_("&On:"), self.checked_on, "identity_checked_on")
        self.method.setFocus()

    def job(self) -> Job:
        request_id = self.request.id
        assert request_id is not None
        method = IdentityMethod(self.method.currentData())
        checked_by = self.checked_by.text()
        checked_on = self.checked_on.value()
        return lambda s: requests.record_identity_check(
            s, request_id, method, checked_by, checked_on
        )


class ExtendDialog(RecordDialog):
    """Two further months, with reasons the client is told within the first month."""

    def __init__(
        self, ctx: UiContext, request: DataRequest, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, _("Extend the deadline"), parent)
        self.setMinimumWidth(520)
        self.request = request
        self.set_intro(
            request_summary(request)
            + "\n\n"
            + _(
                "The deadline can be extended by two further months when the requests are "
                "complex or many (GDPR art. 12(3)). Tell the client, with the reasons, before "
                "{due}. The new deadline: {extended}."
            ).format(
                due=format_date(request.due_on),
                extended=format_date(extended_deadline(request.received_on)),
            )
        )
        self.reason = self.text_field(request.extension_reason, lines=3)
        self.add_field(_("&Reasons:"), self.reason, "extension_reason", "extended_to")
        self.told_on = self.date_field(today)
        self.add_field(_("Client &told on:"), self.told_on, "extension_told_on")
        self.save_button.setText(_("E&xtend"))
        self.reason.setFocus()

    def job(self) -> Job:
        request_id = self.request.id
        assert request_id is not None
        reason = self.reason.toPlainText()
        told_on = self.told_on.value()
        return lambda s: requests.extend_deadline(s, request_id, reason, told_on)


class FeeDialog(RecordDialog):
    """Free, a fee for a further copy, or a fee or refusal of a manifestly unfounded request."""

    def __init__(self, ctx: UiContext, request: DataRequest, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Fee or refusal"), parent)
        self.setMinimumWidth(560)
        self.request = request
        self.set_intro(
            request_summary(request)
            + "\n\n"
            + _(
                "The first copy is free. A fee or a refusal needs its reasons written down; a "
                "refusal names the right to complain to the Data Protection Ombudsman and to a "
                "judicial remedy."
            )
        )
        self.rule = QComboBox()
        for rule in FeeRule:
            self.rule.addItem(_(FEE_RULE_LONG_LABELS[rule]), rule)
        self.rule.setCurrentIndex(self.rule.findData(request.fee_rule))
        self.add_field(_("&Rule:"), self.rule, "fee_rule")
        self.reason = self.text_field(request.fee_reason, lines=4)
        self.add_field(_("R&easons:"), self.reason, "fee_reason")
        self.rule.setFocus()

    def job(self) -> Job:
        request_id = self.request.id
        assert request_id is not None
        rule = FeeRule(self.rule.currentData())
        reason = self.reason.toPlainText()
        return lambda s: requests.set_fee_rule(s, request_id, rule, reason)


class CloseRequestDialog(RecordDialog):
    def __init__(
        self, ctx: UiContext, request: DataRequest, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, _("Close the request"), parent)
        self.setMinimumWidth(560)
        self.request = request
        intro = request_summary(request)
        if request.identity_method is None:
            intro += "\n\n" + _(
                "The requester's identity has not been recorded as checked yet; "
                "a request is closed only after that."
            )
        self.set_intro(intro)
        self.outcome = QComboBox()
        self.outcome.setEditable(True)
        self.outcome.addItems([_(text) for text in OUTCOME_SUGGESTIONS])
        self.outcome.setCurrentIndex(-1)
        self.outcome.setEditText("")
        line_edit = self.outcome.lineEdit()
        if line_edit is not None:
            line_edit.setPlaceholderText(_("what was done: choose or write"))
        self.add_field(_("&Outcome:"), self.outcome, "outcome", "status")
        self.closed_on = self.date_field(today)
        self.add_field(_("&Closed on:"), self.closed_on, "closed_on")
        self.save_button.setText(_("Clo&se the request"))
        self.outcome.setFocus()

    def job(self) -> Job:
        request_id = self.request.id
        assert request_id is not None
        outcome = self.outcome.currentText().strip()
        if not outcome:
            raise self.field_error(_("&Outcome:"), "field.required", self.outcome)
        closed_on = self.closed_on.value()
        return lambda s: requests.close_request(s, request_id, outcome, closed_on)
