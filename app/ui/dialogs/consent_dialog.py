"""Consents, data-sharing permissions and prohibitions: record, new version, withdraw;
and legal holds."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from app.domain.kinds import ConsentKind, HoldGround
from app.domain.models import Consent, Relationship
from app.i18n import N_
from app.services import consents, holds
from app.ui.context import UiContext
from app.ui.dialogs.invoice_dialog import (
    Job,
    RecordDialog,
    combo_relationship_id,
    relationship_combo,
)
from app.ui.texts import _, format_date

CONSENT_KIND_LABELS = {
    ConsentKind.CONSENT: N_("Consent"),
    ConsentKind.SHARING_PERMISSION: N_("Data-sharing permission"),
    ConsentKind.PROHIBITION: N_("Prohibition"),
}

HOLD_GROUND_LABELS = {
    HoldGround.AUTHORITY_ORDER: N_("An authority's order"),
    HoldGround.DISPUTE: N_("A dispute"),
    HoldGround.LEGAL_CLAIM: N_("A legal claim (GDPR art. 17(3)(e))"),
}


def consent_kind_label(kind: ConsentKind) -> str:
    return _(CONSENT_KIND_LABELS[kind])


def hold_ground_label(ground: HoldGround) -> str:
    return _(HOLD_GROUND_LABELS[ground])


class ConsentDialog(RecordDialog):
    """A new consent, permission or prohibition, or a new version of one (``previous``)."""

    def __init__(
        self,
        ctx: UiContext,
        client_id: str,
        relationships: list[Relationship],
        today: date,
        previous: Consent | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = _("New version") if previous else _("Record a consent, permission or prohibition")
        super().__init__(ctx, title, parent)
        self.setMinimumWidth(560)
        self.client_id = client_id
        self.previous = previous
        if previous is not None:
            self.set_intro(
                _(
                    "Version {new} replaces version {old} given on {given}. "
                    "The earlier version stays readable."
                ).format(
                    new=previous.version + 1,
                    old=previous.version,
                    given=format_date(previous.given_on),
                )
            )
        else:
            self.set_intro(
                _(
                    "Consents, data-sharing permissions and prohibitions are kept in versions: "
                    "a change or a withdrawal makes a new version, and the earlier ones stay "
                    "readable."
                )
            )
        self.kind = QComboBox()
        for kind in ConsentKind:
            self.kind.addItem(consent_kind_label(kind), kind)
        self.add_field(_("&Kind:"), self.kind, "kind")
        self.scope = self.text_field(previous.scope if previous else "", lines=3)
        self.add_field(_("&What it covers:"), self.scope, "scope")
        self.recipient = QLineEdit(previous.recipient if previous else "")
        self.recipient.setPlaceholderText(_("for example Kela, or the client's spouse"))
        self.add_field(_("&Recipient or person:"), self.recipient, "recipient")
        self.given_on = self.date_field(today)
        self.add_field(_("&Given on:"), self.given_on, "given_on")
        self.relationship = relationship_combo(relationships)
        self.add_field(_("Client r&elationship:"), self.relationship, "relationship_id")
        if previous is not None:
            self.kind.setCurrentIndex(self.kind.findData(previous.kind))
            self.kind.setEnabled(False)
            index = self.relationship.findData(previous.relationship_id)
            if index >= 0:
                self.relationship.setCurrentIndex(index)
            self.scope.setFocus()
        else:
            self.kind.setFocus()

    def consent(self) -> Consent:
        return Consent(
            client_id=self.client_id,
            kind=ConsentKind(self.kind.currentData()),
            scope=self.scope.toPlainText().strip(),
            given_on=self.given_on.value(),
            recipient=self.recipient.text().strip(),
            relationship_id=combo_relationship_id(self.relationship),
            supersedes_id=self.previous.id if self.previous else None,
        )

    def job(self) -> Job:
        consent = self.consent()
        return lambda s: consents.record_consent(s, consent)


class WithdrawDialog(RecordDialog):
    """Withdrawal is recorded as a new version; the withdrawn one stays readable."""

    def __init__(
        self, ctx: UiContext, consent: Consent, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, _("Withdraw"), parent)
        self.consent = consent
        self.set_intro(
            _("{kind} given on {given}: {scope}").format(
                kind=consent_kind_label(consent.kind),
                given=format_date(consent.given_on),
                scope=consent.scope,
            )
            + "\n\n"
            + _("The withdrawal is recorded as a new version; the earlier versions stay readable.")
        )
        self.withdrawn_on = self.date_field(today)
        self.add_field(_("&Withdrawn on:"), self.withdrawn_on, "withdrawn_on")
        self.save_button.setText(_("&Withdraw"))
        self.withdrawn_on.setFocus()

    def job(self) -> Job:
        consent_id = self.consent.id
        assert consent_id is not None
        withdrawn_on = self.withdrawn_on.value()
        return lambda s: consents.withdraw_consent(s, consent_id, withdrawn_on)


class HoldDialog(RecordDialog):
    """A legal hold: the client's records are not purged while it is in force."""

    def __init__(
        self, ctx: UiContext, client_id: str, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, _("Place a legal hold"), parent)
        self.setMinimumWidth(520)
        self.client_id = client_id
        self.today = today
        self.set_intro(
            _(
                "While a legal hold is in force, nothing of this client is purged, even when "
                "its retention period has passed. Placing and releasing it are logged."
            )
        )
        self.ground = QComboBox()
        for ground in HoldGround:
            self.ground.addItem(hold_ground_label(ground), ground)
        self.add_field(_("&Ground:"), self.ground, "ground")
        self.description = self.text_field(lines=3)
        self.add_field(_("&Description:"), self.description, "description")
        self.placed_on = self.date_field(today)
        self.add_field(_("&Placed on:"), self.placed_on, "placed_on")
        self.ground.setFocus()

    def job(self) -> Job:
        client_id = self.client_id
        ground = HoldGround(self.ground.currentData())
        description = self.description.toPlainText()
        placed_on = self.placed_on.value()
        if placed_on > self.today:
            raise self.field_error(_("&Placed on:"), "date.in_future", self.placed_on)
        return lambda s: holds.place_hold(s, client_id, ground, placed_on, description)
