"""Invoicing rules (no Qt, no SQL): the Finnish reference number, the bank barcode, VAT,
lines from held visits, credit notes and what may change once an invoice is sent.

Sources:
- Reference number (viitenumero) and the bank barcode (virtuaaliviivakoodi, version 4):
  Finance Finland (Finanssiala), "Pankkiviivakoodi-opas" and "Kotimaisen viitteen
  rakenneohje": a base of 3–19 digits and a check digit from the weights 7, 3, 1 taken
  from the right.
- VAT: Arvonlisäverolaki 1501/1993 (AVL) § 34 exempts health care by a registered
  professional; the general rate is 25.5 % since 1.9.2024 (AVL § 84 as amended); a
  business below the VAT threshold (AVL § 3) charges no VAT.
- Bookkeeping (Kirjanpitolaki 1336/1997): an invoice once sent is not changed; a credit
  note cancels it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from app.domain.errors import RuleViolationError, ValidationError
from app.domain.kinds import AppointmentStatus
from app.domain.models import Appointment, Client, Invoice, InvoiceLine, Practice, Service

_WEIGHTS = (7, 3, 1)
REFERENCE_BASE_MIN = 3
REFERENCE_BASE_MAX = 19
BARCODE_VERSION = "4"
BARCODE_LENGTH = 54
BARCODE_MAX_CENTS = 99_999_999  # 999 999,99 €: six digits of euros
GENERAL_VAT_PERMILLE = 255  # 25.5 % since 1.9.2024
EXEMPT_VAT_PERMILLE = 0  # AVL § 34: health care by a registered professional


# --- reference number ------------------------------------------------------------------


def reference_check_digit(base: str) -> int:
    """The 7-3-1 check digit of a reference number's base (digits only)."""
    if not base.isdigit() or not REFERENCE_BASE_MIN <= len(base) <= REFERENCE_BASE_MAX:
        raise ValidationError("reference.invalid", field="reference")
    total = sum(int(digit) * _WEIGHTS[i % 3] for i, digit in enumerate(reversed(base)))
    return (10 - total % 10) % 10


# A new invoice's number: the year, a dash, the running number ("2026-0042"). Two such
# numbers differ exactly when their reference numbers do (the year has four digits).
INVOICE_NUMBER = re.compile(r"[12][0-9]{3}-[0-9]{1,15}")


def check_invoice_number(text: str) -> str:
    """A new or edited invoice's number, or ``invoice.number_format``."""
    number = text.strip()
    if not INVOICE_NUMBER.fullmatch(number):
        raise ValidationError("invoice.number_format", field="number")
    return number


def reference_number(text: str) -> str:
    """The reference number of an invoice number such as "2026-0042": its digits (leading
    zeros dropped) as the base, the check digit after them. An invoice number with fewer
    than 3 or more than 19 such digits has none (``reference.invoice_number``)."""
    base = "".join(ch for ch in text if ch.isdigit()).lstrip("0")
    if not REFERENCE_BASE_MIN <= len(base) <= REFERENCE_BASE_MAX:
        raise ValidationError("reference.invoice_number", field="number")
    return base + str(reference_check_digit(base))


def is_valid_reference(text: str) -> bool:
    """True for a reference number (4–20 digits, spaces allowed) whose check digit is right."""
    digits = "".join(text.split())
    if not digits.isdigit() or not 4 <= len(digits) <= 20 or digits.startswith("0"):
        return False
    return reference_check_digit(digits[:-1]) == int(digits[-1])


def grouped_reference(reference: str) -> str:
    """The reference in groups of five from the right, as banks print it: "2026 00427"."""
    digits = "".join(reference.split())
    groups: list[str] = []
    while digits:
        groups.insert(0, digits[-5:])
        digits = digits[:-5]
    return " ".join(groups)


# --- bank barcode ------------------------------------------------------------------------


@dataclass(frozen=True)
class Barcode:
    """A version 4 virtual barcode, or the reason (an error code) there is none."""

    code: str = ""
    missing_reason: str = ""


@dataclass(frozen=True)
class BarcodeFields:
    iban_digits: str
    euros: int
    cents: int
    reference: str
    due_on: date | None


def virtual_barcode(iban: str, total_cents: int, reference: str, due_on: date | None) -> Barcode:
    """The 54-digit "virtuaaliviivakoodi" version 4: "4", the IBAN's 16 digits, euros (6),
    cents (2), "000", the reference (20, zero-padded), the due date YYMMDD (000000: none).

    No code for a non-Finnish IBAN, an amount over 999 999,99 € or below zero (a credit
    note), or a reference that does not validate; ``missing_reason`` says which."""
    compact = "".join(iban.split()).upper()
    if not compact:
        return Barcode(missing_reason="barcode.no_iban")
    if not compact.startswith("FI") or len(compact) != 18 or not compact[2:].isdigit():
        return Barcode(missing_reason="barcode.not_finnish_iban")
    if total_cents < 0:
        return Barcode(missing_reason="barcode.negative_amount")
    if total_cents > BARCODE_MAX_CENTS:
        return Barcode(missing_reason="barcode.amount_too_large")
    if not is_valid_reference(reference):
        return Barcode(missing_reason="reference.invalid")
    euros, cents = divmod(total_cents, 100)
    due = due_on.strftime("%y%m%d") if due_on is not None else "000000"
    ref = "".join(reference.split()).rjust(20, "0")
    code = f"{BARCODE_VERSION}{compact[2:]}{euros:06d}{cents:02d}000{ref}{due}"
    assert len(code) == BARCODE_LENGTH
    return Barcode(code=code)


def parse_barcode(code: str) -> BarcodeFields:
    """The fields of a version 4 barcode (the reverse of ``virtual_barcode``)."""
    if len(code) != BARCODE_LENGTH or not code.isdigit() or code[0] != BARCODE_VERSION:
        raise ValidationError("barcode.invalid", field="barcode")
    due = code[48:54]
    due_on = None
    if due != "000000":
        due_on = date(2000 + int(due[0:2]), int(due[2:4]), int(due[4:6]))
    return BarcodeFields(
        iban_digits=code[1:17],
        euros=int(code[17:23]),
        cents=int(code[23:25]),
        reference=code[28:48].lstrip("0"),
        due_on=due_on,
    )


# --- VAT ---------------------------------------------------------------------------------


def line_vat_rate(practice: Practice, service: Service | None) -> int:
    """The VAT rate of a line: none below the VAT threshold, else the service's rate."""
    if not practice.vat_registered or service is None:
        return EXEMPT_VAT_PERMILLE
    return service.vat_rate_permille


@dataclass(frozen=True)
class VatRow:
    rate_permille: int
    net_cents: int
    vat_cents: int

    @property
    def gross_cents(self) -> int:
        return self.net_cents + self.vat_cents


def vat_summary(lines: Iterable[InvoiceLine]) -> list[VatRow]:
    """The net, VAT and gross totals per rate, highest rate first."""
    totals: dict[int, tuple[int, int]] = {}
    for line in lines:
        net, vat = totals.get(line.vat_rate_permille, (0, 0))
        totals[line.vat_rate_permille] = (net + line.net_cents, vat + line.vat_cents)
    return [VatRow(rate, *totals[rate]) for rate in sorted(totals, reverse=True)]


# --- lines from visits -----------------------------------------------------------------


def uninvoiced_visits(
    appointments: Iterable[Appointment], invoiced: Mapping[int, str]
) -> list[Appointment]:
    """The held visits (status done) that no line of a standing invoice names, oldest first.

    ``invoiced`` maps the ids of visits on a draft or sent invoice that no credit note
    cancels to that invoice's number."""
    return sorted(
        (
            a
            for a in appointments
            if a.status is AppointmentStatus.DONE and a.id is not None and a.id not in invoiced
        ),
        key=lambda a: a.starts_at,
    )


def service_of(appointment: Appointment, services: Sequence[Service]) -> Service | None:
    """The service a visit was booked for, by its name (the visit keeps the name)."""
    wanted = appointment.service.strip().casefold()
    for service in services:
        if service.name.strip().casefold() == wanted:
            return service
    return None


def visit_price(appointment: Appointment, service: Service | None) -> int | None:
    """The visit's own fee, else the service's price; None when neither is known."""
    if appointment.fee_cents is not None:
        return appointment.fee_cents
    return service.price_cents if service is not None else None


def line_from_visit(
    appointment: Appointment, practice: Practice, services: Sequence[Service], day_text: str
) -> InvoiceLine:
    """One invoice line charging one held visit: "<service> <date>", its price and VAT."""
    if appointment.status is not AppointmentStatus.DONE:
        raise RuleViolationError("invoice.visit_not_held")
    service = service_of(appointment, services)
    price = visit_price(appointment, service)
    if price is None:
        raise ValidationError("invoice.visit_no_price", field="lines")
    description = " ".join(x for x in (appointment.service.strip(), day_text) if x)
    return InvoiceLine(
        description=description,
        unit_price_cents=price,
        quantity=1,
        vat_rate_permille=line_vat_rate(practice, service),
        appointment_id=appointment.id,
    )


def postal_address(client: Client) -> str:
    """The client's address as the payer snapshot holds it: street, then postal code and
    town, on lines of their own."""
    town = f"{client.postal_code} {client.city}".strip()
    return "\n".join(part for part in (client.street_address.strip(), town) if part)


# --- what may change -------------------------------------------------------------------


def is_draft(invoice: Invoice) -> bool:
    return invoice.sent_on is None


def require_draft(invoice: Invoice) -> None:
    """An invoice is edited or deleted only while it is a draft."""
    if not is_draft(invoice):
        raise RuleViolationError("invoice.already_sent")


def require_sent(invoice: Invoice) -> None:
    if is_draft(invoice):
        raise RuleViolationError("invoice.not_sent")


def credit_lines(invoice: Invoice) -> list[InvoiceLine]:
    """The lines of the credit note cancelling ``invoice``: the same lines, prices negated."""
    return [
        InvoiceLine(
            description=line.description,
            unit_price_cents=-line.unit_price_cents,
            quantity=line.quantity,
            vat_rate_permille=line.vat_rate_permille,
            appointment_id=line.appointment_id,
        )
        for line in invoice.lines
    ]


def check_creditable(invoice: Invoice, credited: bool) -> None:
    """Only a sent invoice that is not a credit note and not yet credited is credited."""
    require_sent(invoice)
    if invoice.credit_of is not None:
        raise RuleViolationError("invoice.credit_of_credit")
    if credited:
        raise RuleViolationError("invoice.already_credited")


def is_overdue(invoice: Invoice, today: date) -> bool:
    return invoice.sent_on is not None and invoice.paid_on is None and invoice.due_on < today
