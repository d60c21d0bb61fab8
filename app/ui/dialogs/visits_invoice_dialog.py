"""Invoice visits: choose among the client's held visits not yet invoiced, see the totals,
and save a draft invoice with one line per visit (priced from the visit's fee or its
service's price, VAT from the service)."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QListWidget, QListWidgetItem, QWidget

from app.domain import invoicing as rules
from app.domain.errors import VakkaError
from app.domain.models import Appointment, Client, InvoiceLine, Practice, Service
from app.services import clients, invoicing, register
from app.services.session import Session
from app.ui.context import UiContext
from app.ui.dialogs.appointment_dialog import time_text
from app.ui.dialogs.invoice_dialog import FormError, Job, RecordDialog
from app.ui.texts import _, format_date, format_money, ngettext

VISIT_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass
class VisitChoice:
    client: Client
    visits: list[Appointment]
    practice: Practice
    services: list[Service] = field(default_factory=list)


def load_visit_choice(session: Session, client_id: str) -> VisitChoice:
    return VisitChoice(
        clients.open_client(session, client_id),
        invoicing.billable_visits(session, client_id),
        register.practice(session),
        register.services(session),
    )


class VisitsInvoiceDialog(RecordDialog):
    def __init__(self, ctx: UiContext, choice: VisitChoice, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Invoice visits"), parent)
        self.setMinimumWidth(560)
        self.choice = choice
        self.set_intro(
            _(
                "The held visits not yet on an invoice. The chosen ones go on a draft "
                "invoice, one line each; check it and send it from the Billing tab."
            )
        )
        self.visits = QListWidget()
        self.visits.setAccessibleName(_("Held visits not yet invoiced"))
        for visit in choice.visits:
            item = QListWidgetItem(self._visit_text(visit))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            item.setData(VISIT_ROLE, visit.id)
            self.visits.addItem(item)
        self.add_field(_("&Visits:"), self.visits, "lines")
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.preview.setAccessibleName(_("Invoice total"))
        self.extra.addWidget(self.preview)
        self.secure_address = QCheckBox(_("Put the client's secure &address on the invoice"))
        self.secure_address.setToolTip(
            _("This client has a secure address (turvakielto); it goes on the invoice only if "
              "you ask for it.")
        )  # fmt: skip
        self.secure_address.setVisible(choice.client.secure_address)
        self.extra.addWidget(self.secure_address)
        self.visits.itemChanged.connect(lambda _item: self._update_preview())
        self.save_button.setText(_("Make the &draft"))
        self._update_preview()
        self.visits.setFocus()

    def _visit_text(self, visit: Appointment) -> str:
        service = rules.service_of(visit, self.choice.services)
        price = rules.visit_price(visit, service)
        money = format_money(price) if price is not None else _("no price")
        day = format_date(visit.starts_at.date())
        return f"{day} {time_text(visit.starts_at)} · {visit.service or '–'} · {money}"

    def chosen_ids(self) -> list[int]:
        return [
            int(self.visits.item(i).data(VISIT_ROLE))
            for i in range(self.visits.count())
            if self.visits.item(i).checkState() == Qt.CheckState.Checked
        ]

    def preview_lines(self) -> list[InvoiceLine]:
        chosen = set(self.chosen_ids())
        return [
            rules.line_from_visit(v, self.choice.practice, self.choice.services, "")
            for v in self.choice.visits
            if v.id in chosen
        ]

    def _update_preview(self) -> None:
        if not self.choice.visits:
            self.preview.setText(_("There are no held visits to invoice."))
            self.save_button.setEnabled(False)
            return
        try:
            lines = self.preview_lines()
        except VakkaError as error:
            self.preview.setText(self.message(error))
            return
        vat = sum(line.vat_cents for line in lines)
        total = sum(line.net_cents for line in lines) + vat
        self.preview.setText(
            ngettext(
                "{count} visit: VAT {vat}, total with VAT {total}.",
                "{count} visits: VAT {vat}, total with VAT {total}.",
                len(lines),
            ).format(count=len(lines), vat=format_money(vat), total=format_money(total))
        )

    def job(self) -> Job:
        ids = self.chosen_ids()
        if not ids:
            raise FormError(self.message(VakkaError("invoice.no_visits")), self.visits)
        client_id = self.choice.client.id or ""
        confirmed = self.secure_address.isChecked()
        return lambda s: invoicing.draft_from_visits(
            s, client_id, ids, include_secure_address=confirmed
        )
