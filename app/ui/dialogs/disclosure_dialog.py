"""Recording a disclosure: to whom, what, why, and its legal basis or consent."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget

from app.domain.kinds import ConsentKind
from app.domain.models import Consent, Disclosure, Relationship
from app.services import consents
from app.ui.context import UiContext
from app.ui.dialogs.consent_dialog import consent_kind_label
from app.ui.dialogs.invoice_dialog import (
    Job,
    RecordDialog,
    combo_relationship_id,
    relationship_combo,
    shrink_combo,
)
from app.ui.texts import _, format_date


def consent_choice_text(consent: Consent) -> str:
    text = _("{kind} v{version}, {given}: {scope}").format(
        kind=consent_kind_label(consent.kind),
        version=consent.version,
        given=format_date(consent.given_on),
        scope=" ".join(consent.scope.split()),
    )
    if consent.recipient:
        text += f" ({consent.recipient})"
    return text if len(text) <= 110 else text[:108] + "…"


def usable_consents(all_consents: list[Consent]) -> list[Consent]:
    """Consents and permissions a disclosure can rest on: in force, not withdrawn."""
    return [
        c
        for c in all_consents
        if c.current and c.withdrawn_on is None and c.kind is not ConsentKind.PROHIBITION
    ]


class DisclosureDialog(RecordDialog):
    def __init__(
        self,
        ctx: UiContext,
        client_id: str,
        relationships: list[Relationship],
        client_consents: list[Consent],
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, _("Record a disclosure"), parent)
        self.setMinimumWidth(600)
        self.client_id = client_id
        self.consents = usable_consents(client_consents)
        self.set_intro(
            _(
                "Every disclosure names its recipient, its legal basis or the consent it rests "
                "on, and is written to the disclosure log (Act 703/2023 § 10)."
            )
        )
        self.disclosed_on = self.date_field(today)
        self.add_field(_("&Disclosed on:"), self.disclosed_on, "disclosed_on")
        self.recipient = QLineEdit()
        self.recipient.setPlaceholderText(_("name of the person or organisation"))
        self.add_field(_("&Recipient:"), self.recipient, "recipient")
        self.data_disclosed = self.text_field(lines=2)
        self.add_field(_("Dat&a disclosed:"), self.data_disclosed, "data_disclosed")
        self.purpose = QLineEdit()
        self.add_field(_("&Purpose:"), self.purpose, "purpose")
        self.legal_basis = QLineEdit()
        self.legal_basis.setPlaceholderText(_("the act and section, for example 417/2007 § 25"))
        self.add_field(_("&Legal basis:"), self.legal_basis, "legal_basis")
        self.consent = QComboBox()
        shrink_combo(self.consent)
        self.consent.addItem(_("(none: the legal basis above applies)"), None)
        for consent in self.consents:
            self.consent.addItem(consent_choice_text(consent), consent.id)
        self.consent.setEnabled(bool(self.consents))
        self.add_field(_("Or &consent:"), self.consent, "consent_id")
        self.relationship = relationship_combo(relationships)
        self.add_field(_("Client r&elationship:"), self.relationship, "relationship_id")
        # The service decides with these (a minor's prohibition, GDPR art. 9(2)(a)).
        self.to_guardian = QCheckBox(_("The recipient is the client's &guardian"))
        self.form.add_wide(self.to_guardian)
        self.point("to_guardian", self.to_guardian.text(), self.to_guardian)
        self.health_data = QCheckBox(_("The data disclosed includes &health information"))
        self.form.add_wide(self.health_data)
        self.point("health_data", self.health_data.text(), self.health_data)
        self.consent.currentIndexChanged.connect(lambda _i: self._consent_chosen())
        self.recipient.setFocus()

    def _consent_chosen(self) -> None:
        consent = self.chosen_consent()
        if consent is None:
            return
        if consent.recipient and not self.recipient.text().strip():
            self.recipient.setText(consent.recipient)
        index = self.relationship.findData(consent.relationship_id)
        if consent.relationship_id is not None and index >= 0:
            self.relationship.setCurrentIndex(index)

    def chosen_consent(self) -> Consent | None:
        consent_id = self.consent.currentData()
        return next((c for c in self.consents if c.id == consent_id), None)

    def disclosure(self) -> Disclosure:
        consent = self.chosen_consent()
        return Disclosure(
            client_id=self.client_id,
            disclosed_on=self.disclosed_on.value(),
            recipient=self.recipient.text().strip(),
            data_disclosed=self.data_disclosed.toPlainText().strip(),
            purpose=self.purpose.text().strip(),
            legal_basis=self.legal_basis.text().strip(),
            consent_id=consent.id if consent else None,
            relationship_id=combo_relationship_id(self.relationship),
            to_guardian=self.to_guardian.isChecked(),
            health_data=self.health_data.isChecked(),
        )

    def job(self) -> Job:
        disclosure = self.disclosure()
        return lambda s: consents.record_disclosure(s, disclosure)
