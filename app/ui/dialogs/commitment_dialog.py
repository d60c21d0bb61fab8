"""A new payment commitment (maksusitoumus) or Kela decision."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import QComboBox, QLineEdit, QSpinBox, QWidget

from app.domain.kinds import IssuerKind
from app.domain.models import PaymentCommitment, Relationship
from app.domain.request_rules import add_months
from app.i18n import N_
from app.services import billing
from app.ui.context import UiContext
from app.ui.dialogs.form_helpers import plain_text
from app.ui.dialogs.invoice_dialog import (
    FormError,
    Job,
    RecordDialog,
    combo_relationship_id,
    euros_text,
    parse_euros,
    relationship_combo,
)
from app.ui.texts import _

ISSUER_LABELS = {
    IssuerKind.COUNTY: N_("Wellbeing services county"),
    IssuerKind.KELA: N_("Kela"),
    IssuerKind.INSURER: N_("Insurance company"),
    IssuerKind.OTHER: N_("Other issuer"),
}


def issuer_label(kind: IssuerKind) -> str:
    return _(ISSUER_LABELS[kind])


def default_valid_until(valid_from: date) -> date:
    """A year less a day: the usual length of a Kela decision or a county's commitment."""
    return add_months(valid_from, 12) - timedelta(days=1)


class CommitmentDialog(RecordDialog):
    def __init__(
        self,
        ctx: UiContext,
        client_id: str,
        relationships: list[Relationship],
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, _("New payment commitment"), parent)
        self.setMinimumWidth(540)
        self.client_id = client_id
        self.relationships = relationships
        self.set_intro(
            _(
                "A payment commitment or Kela decision: who pays, for how long, and how many "
                "visits or how much. Used visits are counted from the appointments marked done "
                "that are charged to it."
            )
        )
        self.issuer_kind = QComboBox()
        for kind in IssuerKind:
            self.issuer_kind.addItem(issuer_label(kind), kind)
        self.add_field(_("&Issuer:"), self.issuer_kind, "issuer_kind")
        self.issuer_name = QLineEdit()
        self.add_field(_("Issuer's &name:"), self.issuer_name, "issuer_name")
        self.decision_number = QLineEdit()
        self.add_field(_("&Decision number:"), self.decision_number, "decision_number")
        self.relationship = relationship_combo(relationships)
        self.add_field(_("Client r&elationship:"), self.relationship, "relationship_id")
        self.valid_from = self.date_field(today)
        self.add_field(_("Valid &from:"), self.valid_from, "valid_from")
        self.valid_until = self.date_field(default_valid_until(today))
        self.add_field(_("Valid &until:"), self.valid_until, "valid_until")
        self.visits_granted = QLineEdit()
        self.visits_granted.setValidator(QIntValidator(0, 9999, self.visits_granted))
        self.visits_granted.setMaximumWidth(110)
        self.visits_granted.setPlaceholderText(_("none"))
        self.add_field(_("&Visits granted:"), self.visits_granted, "visits_granted")
        self.amount = QLineEdit()
        self.amount.setMaximumWidth(160)
        self.amount.setPlaceholderText(_("none"))
        self.add_field(_("&Amount granted, €:"), self.amount, "amount_granted_cents")
        self.used_before = QSpinBox()
        self.used_before.setRange(0, 9999)
        self.used_before.setMaximumWidth(110)
        self.used_before.setToolTip(
            _("Visits already used before the commitment was recorded in Vakka.")
        )
        self.add_field(_("Visits used &before:"), self.used_before, "visits_used_before")
        self._prefilled = ""
        self.issuer_kind.currentIndexChanged.connect(lambda _i: self._issuer_changed())
        self._issuer_changed()
        self.issuer_kind.setFocus()

    def _issuer_changed(self) -> None:
        kind = IssuerKind(self.issuer_kind.currentData())
        name = ""
        if kind is IssuerKind.KELA:
            name = "Kela"
        elif kind is IssuerKind.COUNTY:
            counties = [r.county_name for r in self.relationships if r.county_name]
            name = counties[-1] if counties else ""
        if self.issuer_name.text() == self._prefilled or not self.issuer_name.text().strip():
            self.issuer_name.setText(name)
            self._prefilled = name

    def commitment(self) -> PaymentCommitment:
        valid_from = self.valid_from.value()
        valid_until = self.valid_until.value()
        visits_text = self.visits_granted.text().strip()
        amount_text = self.amount.text().strip()
        amount = parse_euros(amount_text) if amount_text else None
        if amount_text and amount is None:
            raise FormError(
                _("{field}: enter the amount in euros, for example {example}.").format(
                    field=plain_text(_("&Amount granted, €:")), example=euros_text(150000)
                ),
                self.amount,
            )
        return PaymentCommitment(
            client_id=self.client_id,
            issuer_kind=IssuerKind(self.issuer_kind.currentData()),
            valid_from=valid_from,
            valid_until=valid_until,
            issuer_name=self.issuer_name.text().strip(),
            decision_number=self.decision_number.text().strip(),
            relationship_id=combo_relationship_id(self.relationship),
            visits_granted=int(visits_text) if visits_text else None,
            amount_granted_cents=amount,
            visits_used_before=self.used_before.value(),
        )

    def job(self) -> Job:
        commitment = self.commitment()
        return lambda s: billing.add_payment_commitment(s, commitment)
