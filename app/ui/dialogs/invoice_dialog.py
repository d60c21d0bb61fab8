"""New invoice (payer snapshot, lines with VAT) and marking an invoice paid.

The module also holds what the billing, consent and request dialogs share: a
form_helpers.FormDialog that saves one record through the worker, and the parsing of
euros and VAT rates as people type them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import VakkaError, ValidationError
from app.domain.invoicing import postal_address
from app.domain.kinds import Controller, PayerKind
from app.domain.models import Client, Invoice, InvoiceLine, Relationship
from app.domain.validation import validate_business_id
from app.i18n import N_, message_for
from app.i18n.messages import FIELD_LABELS
from app.services import billing, invoicing
from app.services.form_drafts import INVOICE_DRAFT
from app.services.relationships import default_relationship
from app.services.session import Session
from app.ui.context import UiContext
from app.ui.dialogs.form_helpers import DateEdit, FormDialog, plain_text, run_dialog_job
from app.ui.dialogs.relationship_dialog import register_kind_label, service_task_label
from app.ui.icons import icon
from app.ui.texts import _, format_date, format_money, ui_language, ui_locale

Job = Callable[[Session], object]

# --- form plumbing shared by the dialogs of the billing, consents and requests tabs ---------


class FormError(Exception):
    """Input the dialog could not read itself (a price, a rate); nothing is saved."""

    def __init__(self, message: str, widget: QWidget) -> None:
        super().__init__(message)
        self.message = message
        self.widget = widget


class RecordDialog(FormDialog):
    """A form that saves one record through the worker (form_helpers.FormDialog).

    Subclasses add rows with ``add_field`` and implement ``job``: read the fields
    (raise FormError for unreadable input) and return the service call to run. A
    service's error is shown inline, the field it names gets the focus, and the dialog
    stays open with nothing saved; on success the dialog is accepted and ``saved``
    holds what the service returned.
    """

    def __init__(self, ctx: UiContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, title, parent)
        self.saved: Any = None
        self.setMinimumWidth(460)
        self.save_button.setIcon(icon("save"))
        self._names: dict[str, str] = {}
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.hide()
        self.body.insertWidget(0, self.intro)
        self.extra = QVBoxLayout()
        self.body.addLayout(self.extra)

    # --- building ---------------------------------------------------------------

    def set_intro(self, text: str) -> None:
        self.intro.setText(text)
        self.intro.setVisible(bool(text))

    def add_field(self, label_text: str, widget: QWidget, *fields: str) -> QLabel:
        """A labelled row; ``fields`` are the service's field names that point to it."""
        label = self.form.add_row(label_text, widget)
        for field_name in fields:
            self.point(field_name, label_text, widget)
        return label

    def point(self, field_name: str, label_text: str, widget: QWidget) -> None:
        """Make a service field's errors point at ``widget`` (for rows built by hand)."""
        self.form.fields[field_name] = widget
        self._names[field_name] = plain_text(label_text)

    def date_field(self, value: date) -> DateEdit:
        edit = DateEdit(value)
        edit.setMaximumWidth(180)
        return edit

    def text_field(self, value: str = "", lines: int = 3) -> QPlainTextEdit:
        edit = QPlainTextEdit(value)
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 14)
        return edit

    @staticmethod
    def message(error: VakkaError) -> str:
        return message_for(error, ui_language())

    def field_error(self, label_text: str, code: str, widget: QWidget) -> FormError:
        """A check made in the dialog, worded like the service's errors."""
        message = self.message(ValidationError(code))
        return FormError(f"{plain_text(label_text)}: {message}", widget)

    # --- saving -------------------------------------------------------------------

    def job(self) -> Job:
        raise NotImplementedError

    def submit(self) -> None:
        if self._busy:
            return
        self.error.clear_error()
        try:
            job = self.job()
        except FormError as problem:
            self.show_error(problem.message, problem.widget)
            return
        self._busy = True
        run_dialog_job(
            self.ctx,
            job,
            self._saved,
            error_label=self.error,
            focus_field=self.focus_field,
            busy=[self.buttons],
            on_failed=self._failed,
        )

    def _saved(self, result: object) -> None:
        self._busy = False
        self.saved = result
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        if isinstance(error, ValidationError) and error.field in self._names:
            # The label as the dialog shows it, not the service's field name.
            self.error.set_error(f"{self._names[error.field]}: {self.message(error)}")
        elif isinstance(error, ValidationError) and error.field not in FIELD_LABELS:
            self.error.set_error(self.message(error))
        self.fit_to_contents()


# --- relationships, money and VAT -------------------------------------------------------


def relationship_text(rel: Relationship) -> str:
    parts = [register_kind_label(rel.register_kind, short=True)]
    if rel.service_task is not None:
        parts.append(service_task_label(rel.service_task))
    if rel.controller is Controller.COUNTY and rel.county_name:
        parts.append(rel.county_name)
    if rel.ended_on is None:
        parts.append(_("since {date}").format(date=format_date(rel.started_on)))
    else:
        parts.append(
            _("{start} – {end}, ended").format(
                start=format_date(rel.started_on), end=format_date(rel.ended_on)
            )
        )
    return " · ".join(parts)


def relationship_combo(relationships: list[Relationship]) -> QComboBox:
    """The client's relationships, the most recent open one chosen (else the most recent).

    Every consent, disclosure, invoice and payment commitment belongs to one relationship's
    register, so there is no "none"; with no relationship the service says to start one.
    """
    combo = QComboBox()
    shrink_combo(combo)
    for rel in relationships:
        combo.addItem(relationship_text(rel), rel.id)
    chosen = default_relationship(relationships)
    if chosen is not None:
        combo.setCurrentIndex(relationships.index(chosen))
    return combo


def shrink_combo(combo: QComboBox, characters: int = 28) -> None:
    """Let a combo with long items be narrower than its longest item."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(characters)


def combo_relationship_id(combo: QComboBox) -> int | None:
    value = combo.currentData()
    return int(value) if value is not None else None


_SPACES = re.compile(r"[\s\u00a0\u202f]")


def _decimal(text: str) -> Decimal | None:
    """'1 234,50', '1234.5', '85', '85,50 €' -> Decimal; None when unreadable."""
    value = _SPACES.sub("", text).replace("€", "").replace("%", "")
    if not value:
        return None
    if "," in value and "." in value:
        decimal_sep = "," if value.rfind(",") > value.rfind(".") else "."
        value = value.replace("." if decimal_sep == "," else ",", "").replace(decimal_sep, ".")
    else:
        value = value.replace(",", ".")
    if value.count(".") > 1 or not re.fullmatch(r"-?\d*\.?\d*", value) or value in (".", "-"):
        return None
    try:
        return Decimal(value)
    except InvalidOperation:
        return None


def parse_euros(text: str) -> int | None:
    """Euros as typed ("85,50", "85.50", "1 234,50 €") in cents; None when unreadable,
    negative or with more than two decimals."""
    amount = _decimal(text)
    if amount is None or amount < 0:
        return None
    cents = amount * 100
    if cents != cents.to_integral_value():
        return None
    return int(cents)


def parse_vat(text: str) -> int | None:
    """A VAT rate as typed ("25,5 %", "25.5", "0") in per mille; None when unreadable."""
    rate = _decimal(text)
    if rate is None or not 0 <= rate <= 100:
        return None
    permille = rate * 10
    if permille != permille.to_integral_value():
        return None
    return int(permille)


def vat_text(permille: int) -> str:
    """255 -> "25,5 %" in fi/sv, "25.5 %" in English."""
    whole, tenth = divmod(permille, 10)
    number = str(whole) if tenth == 0 else f"{whole}{ui_locale().decimalPoint()}{tenth}"
    return f"{number}\u00a0%"


def euros_text(cents: int) -> str:
    """Cents as the user would type them back: 8550 -> "85,50" (fi/sv) or "85.50"."""
    return f"{cents // 100}{ui_locale().decimalPoint()}{cents % 100:02d}"


# Exempt health and social care (AVL 34–37 §), the general rate since 1.9.2024 and the
# reduced rates; the field takes any other rate typed in.
VAT_CHOICES = (0, 255, 135, 100)

PAYER_LABELS = {
    PayerKind.CLIENT: N_("Client"),
    PayerKind.KELA: N_("Kela"),
    PayerKind.COUNTY: N_("Wellbeing services county"),
    PayerKind.INSURER: N_("Insurance company"),
    PayerKind.OTHER: N_("Other payer"),
}


def payer_label(kind: PayerKind) -> str:
    return _(PAYER_LABELS[kind])


def kind_and_name(kind_label: str, name: str) -> str:
    """ "Kela" rather than "Kela: Kela"; "Client: Aino Virtanen"."""
    if not name or name.casefold() == kind_label.casefold():
        return kind_label
    return f"{kind_label}: {name}"


@dataclass
class LineRow:
    """The input widgets of one invoice line."""

    description: QLineEdit
    quantity: QSpinBox
    unit_price: QLineEdit
    vat: QComboBox
    total: QLabel
    remove: QToolButton
    appointment_id: int | None = None  # the visit the line charges, kept when editing

    def widgets(self) -> tuple[QWidget, ...]:
        return (self.description, self.quantity, self.unit_price, self.vat, self.total, self.remove)


class InvoiceDialog(RecordDialog):
    """A new invoice, or a draft edited; the payer's billing name and address are a
    snapshot. It is saved as a draft: sending it makes it final."""

    def __init__(
        self,
        ctx: UiContext,
        client: Client,
        relationships: list[Relationship],
        number: str,
        today: date,
        parent: QWidget | None = None,
        draft: Invoice | None = None,
        payment_term_days: int = 14,
    ) -> None:
        title = _("Edit the draft invoice") if draft is not None else _("New invoice")
        super().__init__(ctx, title, parent)
        self.draft = draft
        self.setMinimumWidth(720)
        self.client = client
        self.relationships = relationships
        self._prefilled = ("", "")
        self._secure_address_confirmed = False

        self.payer_kind = QComboBox()
        for kind in PayerKind:
            self.payer_kind.addItem(payer_label(kind), kind)
        self.add_field(_("&Payer:"), self.payer_kind, "payer_kind")
        self.payer_name = QLineEdit()
        self.add_field(_("Billing &name:"), self.payer_name, "payer_name")
        self.payer_address = self.text_field(lines=3)
        self.add_field(_("Billing a&ddress:"), self.payer_address, "payer_address")
        self.show_address = QPushButton(icon("reveal"), _("Use the client's &address"))
        self.show_address.setToolTip(
            _("This client has a secure address (turvakielto); it is filled in only on request.")
        )
        self.show_address.clicked.connect(self._fill_secure_address)
        self.show_address.hide()
        self.form.addRow("", self.show_address)
        self.business_id = QLineEdit()
        self.business_id.setMaximumWidth(160)
        self.add_field(_("B&usiness ID (organisations):"), self.business_id, "payer_business_id")
        self.relationship = relationship_combo(relationships)
        self.add_field(_("Client r&elationship:"), self.relationship, "relationship_id")

        self.number = QLineEdit(number)
        self.number.setMaximumWidth(160)
        self.add_field(_("Invoice nu&mber:"), self.number, "number")
        self.issued_on = self.date_field(today)
        self.add_field(_("&Invoice date:"), self.issued_on, "issued_on")
        self.due_on = self.date_field(today + timedelta(days=payment_term_days))
        self.add_field(_("Due da&te:"), self.due_on, "due_on")

        self.lines: list[LineRow] = []
        self.grid = QGridLayout()
        self.grid.setColumnStretch(0, 1)
        headers = (
            _("Description"),
            _("Quantity"),
            _("Unit price, €"),
            _("VAT"),
            _("Total with VAT"),
        )
        for column, text in enumerate(headers):
            header = QLabel(text)
            header.setStyleSheet("font-weight: 600;")
            self.grid.addWidget(header, 0, column)
        self.add_line_button = QPushButton(icon("add"), _("Add &line"))
        self.add_line_button.clicked.connect(lambda: self.add_line(focus=True))
        self.total = QLabel()
        self.total.setAccessibleName(_("Invoice total"))
        self.total.setStyleSheet("font-weight: 600;")
        lines_title = QLabel(_("Lines"))
        lines_title.setStyleSheet("font-weight: 600; font-size: 11pt;")
        self.extra.addWidget(lines_title)
        self.extra.addLayout(self.grid)
        bottom = QHBoxLayout()
        bottom.addWidget(self.add_line_button)
        bottom.addStretch(1)
        bottom.addWidget(self.total)
        self.extra.addLayout(bottom)
        self.point("lines", _("Lines"), self.add_line_button)
        if draft is None:
            self.add_line()

        self.payer_kind.currentIndexChanged.connect(lambda _i: self._payer_changed())
        self._payer_changed()
        if draft is not None:
            self._fill_from(draft)
        else:  # a lock or a close keeps what was typed until it is saved
            self.keep_drafts(INVOICE_DRAFT, client.id or "")
        self.payer_kind.setFocus()

    # --- the form kept as a draft (FormDialog.keep_drafts) -----------------------------

    def draft_values(self) -> dict[str, str]:
        values = super().draft_values()
        values.pop("number", None)  # the next free number is given again when reopened
        values["lines"] = json.dumps(
            [
                [r.description.text(), r.quantity.value(), r.unit_price.text(), r.vat.currentText()]
                for r in self.lines
            ],
            ensure_ascii=False,
        )
        return values

    def restore_draft_values(self, values: dict[str, str]) -> None:
        super().restore_draft_values({k: v for k, v in values.items() if k != "lines"})
        try:
            rows = json.loads(values.get("lines", "[]"))
        except ValueError:
            rows = []
        for index, kept in enumerate(rows if isinstance(rows, list) else []):
            if not isinstance(kept, list) or len(kept) != 4:
                continue
            row = self.lines[index] if index < len(self.lines) else self.add_line()
            description, quantity, price, vat = kept
            row.description.setText(str(description))
            row.quantity.setValue(int(quantity) if str(quantity).isdigit() else 1)
            row.unit_price.setText(str(price))
            row.vat.setEditText(str(vat))
        self._update_total()

    def _fill_from(self, draft: Invoice) -> None:
        """The draft's header and lines in the fields (its visits stay tied to the lines)."""
        self.payer_kind.setCurrentIndex(self.payer_kind.findData(draft.payer_kind))
        self.payer_name.setText(draft.payer_name)
        self.payer_address.setPlainText(draft.payer_address)
        self._prefilled = (draft.payer_name, draft.payer_address)
        # A secure address on a draft was asked for when the draft was made.
        self._secure_address_confirmed = bool(draft.payer_address)
        self.business_id.setText(draft.payer_business_id)
        index = self.relationship.findData(draft.relationship_id)
        if index >= 0:
            self.relationship.setCurrentIndex(index)
        self.number.setText(draft.number)
        self.issued_on.set_value(draft.issued_on)
        self.due_on.set_value(draft.due_on)
        for line in draft.lines:
            row = self.add_line()
            row.description.setText(line.description)
            row.quantity.setValue(line.quantity)
            row.unit_price.setText(euros_text(line.unit_price_cents))
            row.vat.setEditText(vat_text(line.vat_rate_permille))
            row.appointment_id = line.appointment_id
        self._update_total()

    # --- payer snapshot ----------------------------------------------------------

    def _payer_changed(self) -> None:
        kind = PayerKind(self.payer_kind.currentData())
        name, address = "", ""
        if kind is PayerKind.CLIENT:
            name = self.client.display_name
            address = "" if self.client.secure_address else postal_address(self.client)
        elif kind is PayerKind.KELA:
            name = "Kela"
        elif kind is PayerKind.COUNTY:
            counties = [r.county_name for r in self.relationships if r.county_name]
            name = counties[-1] if counties else ""
        untouched = (self.payer_name.text(), self.payer_address.toPlainText()) == self._prefilled
        if untouched or not self.payer_name.text().strip():
            self.payer_name.setText(name)
            self.payer_address.setPlainText(address)
            self._prefilled = (name, address)
        self.show_address.setVisible(kind is PayerKind.CLIENT and self.client.secure_address)

    def _fill_secure_address(self) -> None:
        # Pressing the button is the asking that RULES.md requires before the address is
        # put on a document; the service is told so when the invoice is saved.
        self._secure_address_confirmed = True
        address = postal_address(self.client)
        self.payer_address.setPlainText(address)
        self._prefilled = (self.payer_name.text(), address)  # still the client's snapshot
        self.payer_address.setFocus()

    # --- lines ----------------------------------------------------------------------------

    def add_line(self, focus: bool = False) -> LineRow:
        number = len(self.lines) + 1
        description = QLineEdit()
        description.setAccessibleName(_("Description, line {number}").format(number=number))
        quantity = QSpinBox()
        quantity.setRange(1, 9999)
        quantity.setAccessibleName(_("Quantity, line {number}").format(number=number))
        unit_price = QLineEdit()
        unit_price.setPlaceholderText(euros_text(8550))
        unit_price.setMaximumWidth(110)
        unit_price.setAlignment(Qt.AlignmentFlag.AlignRight)
        unit_price.setAccessibleName(_("Unit price in euros, line {number}").format(number=number))
        vat = QComboBox()
        vat.setEditable(True)
        for permille in VAT_CHOICES:
            vat.addItem(vat_text(permille), permille)
        vat.setAccessibleName(_("VAT rate, line {number}").format(number=number))
        vat.setMaximumWidth(110)
        total = QLabel()
        total.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        total.setMinimumWidth(90)
        remove = QToolButton()
        remove.setIcon(icon("remove"))
        remove.setToolTip(_("Remove the line"))
        remove.setAccessibleName(_("Remove line {number}").format(number=number))
        row = LineRow(description, quantity, unit_price, vat, total, remove)
        remove.clicked.connect(lambda: self.remove_line(row))
        grid_row = self.grid.rowCount()
        for column, widget in enumerate(row.widgets()):
            self.grid.addWidget(widget, grid_row, column)
        unit_price.textChanged.connect(lambda _t: self._update_total())
        quantity.valueChanged.connect(lambda _v: self._update_total())
        vat.currentTextChanged.connect(lambda _t: self._update_total())
        self.lines.append(row)
        if len(self.lines) == 1:
            self.point("description", _("Description"), description)
            self.point("unit_price_cents", _("Unit price, €"), unit_price)
            self.point("quantity", _("Quantity"), quantity)
        self._update_remove_buttons()
        self._update_total()
        if focus:
            description.setFocus()
        return row

    def remove_line(self, row: LineRow) -> None:
        if len(self.lines) <= 1 or row not in self.lines:
            return
        self.lines.remove(row)
        for widget in row.widgets():
            self.grid.removeWidget(widget)
            widget.deleteLater()
        self._update_remove_buttons()
        self._update_total()
        self.lines[-1].description.setFocus()

    def _update_remove_buttons(self) -> None:
        for row in self.lines:
            row.remove.setEnabled(len(self.lines) > 1)

    def _update_total(self) -> None:
        total = 0
        complete = True
        for row in self.lines:
            price = parse_euros(row.unit_price.text())
            rate = parse_vat(row.vat.currentText())
            if price is None or rate is None:
                row.total.setText("–")
                complete = complete and not row.unit_price.text().strip()
                continue
            line = InvoiceLine("", price, row.quantity.value(), rate)
            row.total.setText(format_money(line.net_cents + line.vat_cents))
            total += line.net_cents + line.vat_cents
        text = _("Total with VAT: {total}").format(total=format_money(total))
        self.total.setText(text if complete else _("Total with VAT: –"))

    def read_lines(self) -> list[InvoiceLine]:
        lines = []
        for number, row in enumerate(self.lines, start=1):
            description = row.description.text().strip()
            price_text = row.unit_price.text()
            if not description and not price_text.strip() and len(self.lines) > 1:
                continue  # an empty extra line is skipped
            if not description:
                raise FormError(
                    _("Line {number}: write what the line is for.").format(number=number),
                    row.description,
                )
            price = parse_euros(price_text)
            if price is None:
                raise FormError(
                    _(
                        "Line {number}: enter the unit price in euros, for example {example}."
                    ).format(number=number, example=euros_text(8550)),
                    row.unit_price,
                )
            rate = parse_vat(row.vat.currentText())
            if rate is None:
                raise FormError(
                    _(
                        "Line {number}: enter the VAT rate as a percentage between 0 and 100, "
                        "for example {example}."
                    ).format(number=number, example=vat_text(255)),
                    row.vat,
                )
            lines.append(
                InvoiceLine(
                    description,
                    price,
                    row.quantity.value(),
                    rate,
                    appointment_id=row.appointment_id,
                )
            )
        return lines

    # --- saving ---------------------------------------------------------------------

    def invoice(self) -> Invoice:
        business_id = self.business_id.text().strip()
        if business_id:
            try:
                business_id = validate_business_id(business_id)
            except ValidationError as error:
                label = _("B&usiness ID (organisations):")
                raise self.field_error(label, error.code, self.business_id) from None
        return Invoice(
            number=self.number.text().strip(),
            issued_on=self.issued_on.value(),
            due_on=self.due_on.value(),
            payer_kind=PayerKind(self.payer_kind.currentData()),
            payer_name=self.payer_name.text(),
            client_id=self.client.id,
            relationship_id=combo_relationship_id(self.relationship),
            payer_address=self.payer_address.toPlainText().strip(),
            payer_business_id=business_id,
            lines=self.read_lines(),
        )

    def job(self) -> Job:
        invoice = self.invoice()
        confirmed = self._secure_address_confirmed
        if self.draft is not None:
            invoice.id = self.draft.id
            return lambda s: invoicing.update_draft(s, invoice, include_secure_address=confirmed)
        return lambda s: billing.add_invoice(s, invoice, include_secure_address=confirmed)


class MarkPaidDialog(RecordDialog):
    def __init__(
        self, ctx: UiContext, invoice: Invoice, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, _("Mark the invoice paid"), parent)
        self.invoice = invoice
        self.set_intro(
            _("Invoice {number}, {total}, payer {payer}.").format(
                number=invoice.number,
                total=format_money(invoice.total_cents),
                payer=invoice.payer_name,
            )
        )
        self.paid_on = self.date_field(today)
        self.add_field(_("&Paid on:"), self.paid_on, "paid_on")
        self.paid_on.setFocus()

    def job(self) -> Job:
        invoice_id = self.invoice.id
        assert invoice_id is not None
        paid_on = self.paid_on.value()
        return lambda s: billing.mark_paid(s, invoice_id, paid_on)
