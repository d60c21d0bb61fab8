"""Invoices from visits (issue 11): drafts from held visits, editing and deleting a draft,
sending, credit notes, the unpaid list and the invoice PDF.

Every rule is the service's (app.domain.invoicing): a draft changes, a sent invoice does
not (the schema's triggers refuse it too); a credit note cancels a sent invoice and frees
its visits for a new invoice. The log records sending, crediting and every PDF made,
with ids only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from app.db import billing_records
from app.db import repositories as repo
from app.db.audit import AuditEvent
from app.db.errors import refused_by_triggers
from app.domain import invoicing as rules
from app.domain.access_answer import answer_language
from app.domain.errors import NotFoundError, RuleViolationError, ValidationError
from app.domain.kinds import PayerKind
from app.domain.models import Appointment, Client, Invoice
from app.export.invoice import InvoiceDocument, render_invoice
from app.files import write_files_atomically
from app.services import billing
from app.services.outputs import require_folder_of
from app.services.session import Session

DATA_KIND = "invoice"


def _ref(invoice_id: int | None) -> str:
    return f"invoice:{invoice_id or 0}"


def _invoice(session: Session, invoice_id: int) -> Invoice:
    invoice = repo.INVOICES.get(session.conn, invoice_id)
    if invoice is None:
        raise NotFoundError("invoice.not_found")
    return billing.with_lines(session, invoice)


def _client(session: Session, client_id: str) -> Client:
    client = repo.CLIENTS.get(session.conn, client_id)
    if client is None:
        raise NotFoundError("client.not_found")
    return client


def day_text(day: date) -> str:
    """d.M.yyyy: the same in Finnish and Swedish (GLOSSARY.md)."""
    return f"{day.day}.{day.month}.{day.year}"


# --- visits ----------------------------------------------------------------------------


def invoiced_visits(session: Session, client_id: str) -> dict[int, str]:
    """The client's visits on a standing invoice: visit id -> invoice number."""
    session.log_view(client_id)
    return billing_records.invoiced_visits(session.conn, client_id)


def billable_visits(session: Session, client_id: str) -> list[Appointment]:
    """The client's held visits that no standing invoice charges yet, oldest first."""
    session.log_view(client_id)
    visits = repo.APPOINTMENTS.where(session.conn, order=("starts_at",), client_id=client_id)
    invoiced = billing_records.invoiced_visits(session.conn, client_id)
    return rules.uninvoiced_visits(visits, invoiced)


@dataclass(frozen=True)
class Payer:
    kind: PayerKind
    name: str
    address: str = ""
    business_id: str = ""


def client_payer(client: Client, include_secure_address: bool = False) -> Payer:
    """The client as payer: name and, unless the address is secure and not asked for,
    the address (a snapshot)."""
    shown = not client.secure_address or include_secure_address
    address = rules.postal_address(client) if shown else ""
    return Payer(PayerKind.CLIENT, client.display_name, address)


def draft_from_visits(
    session: Session,
    client_id: str,
    appointment_ids: Sequence[int],
    payer: Payer | None = None,
    include_secure_address: bool = False,
) -> Invoice:
    """A draft invoice charging the chosen held visits, one line each, priced from the
    visit's fee or its service's price, VAT from the service (none below the threshold).
    The visits must share one client relationship: an invoice belongs to one register."""
    if not appointment_ids:
        raise ValidationError("invoice.no_visits", field="lines")
    client = _client(session, client_id)
    practice = repo.load_practice(session.conn)
    services = repo.SERVICES.where(session.conn)
    visits = []
    for appointment_id in dict.fromkeys(appointment_ids):
        visit = repo.APPOINTMENTS.get(session.conn, appointment_id)
        if visit is None or visit.client_id != client_id:
            raise NotFoundError("appointment.not_found")
        visits.append(visit)
    visits.sort(key=lambda v: v.starts_at)
    if len({v.relationship_id for v in visits}) != 1:
        raise ValidationError("invoice.visits_of_several_relationships", field="lines")
    lines = [
        rules.line_from_visit(v, practice, services, day_text(v.starts_at.date())) for v in visits
    ]
    today = session.today()
    payer = payer or client_payer(client, include_secure_address)
    invoice = Invoice(
        number=billing.next_invoice_number(session, today.year),
        issued_on=today,
        due_on=today + timedelta(days=practice.payment_term_days),
        payer_kind=payer.kind,
        payer_name=payer.name,
        client_id=client_id,
        relationship_id=visits[0].relationship_id,
        payer_address=payer.address,
        payer_business_id=payer.business_id,
        lines=lines,
    )
    return billing.add_invoice(session, invoice, include_secure_address=include_secure_address)


# --- drafts ------------------------------------------------------------------------------


def update_draft(
    session: Session, invoice: Invoice, include_secure_address: bool = False
) -> Invoice:
    """Save the edited header and lines of a draft (a sent invoice is not changed)."""
    if invoice.id is None:
        raise NotFoundError("invoice.not_found")
    stored = _invoice(session, invoice.id)
    rules.require_draft(stored)
    if invoice.client_id != stored.client_id:
        raise RuleViolationError("invoice.other_client")  # a draft stays with its client
    billing.check_invoice(session, invoice, include_secure_address)
    invoice.sent_on, invoice.credit_of = None, stored.credit_of
    invoice.created_at, invoice.paid_on = stored.created_at, None
    with session.transaction() as conn, refused_by_triggers():
        current = repo.INVOICES.get(conn, invoice.id)
        if current is None:
            raise NotFoundError("invoice.not_found")
        rules.require_draft(current)
        billing.check_stored_parts(session, invoice)
        repo.INVOICES.update(conn, invoice)
        billing_records.delete_lines(conn, invoice.id)
        billing.insert_lines(conn, invoice)
    return invoice


def delete_draft(session: Session, invoice_id: int) -> None:
    """Delete a draft; its visits are free for another invoice. A sent invoice stays."""
    with session.transaction() as conn:
        invoice = repo.INVOICES.get(conn, invoice_id)
        if invoice is None:
            raise NotFoundError("invoice.not_found")
        rules.require_draft(invoice)
        billing_records.delete_invoice(conn, invoice_id)


# --- sending, crediting ------------------------------------------------------------------


def check_sendable(session: Session, invoice_id: int, sent_on: date | None = None) -> Invoice:
    """What sending checks, before anything is printed: a draft, dated no later than the
    sending and not yet due, whose visits are still held and on no other invoice."""
    sent_on = sent_on or session.today()
    invoice = _invoice(session, invoice_id)
    rules.require_draft(invoice)
    if sent_on < invoice.issued_on:
        raise ValidationError("invoice.sent_before_issued", field="sent_on")
    if sent_on > session.today():
        raise ValidationError("date.in_future", field="sent_on")
    if sent_on > invoice.due_on:
        raise ValidationError("invoice.due_passed", field="due_on")
    billing.check_stored_parts(session, invoice)
    return invoice


def send_invoice(session: Session, invoice_id: int, sent_on: date | None = None) -> Invoice:
    """Mark a draft sent (``check_sendable``): from now on only its payment is recorded."""
    sent_on = sent_on or session.today()
    with session.transaction() as conn, refused_by_triggers():
        invoice = check_sendable(session, invoice_id, sent_on)
        invoice.lines = []  # the stored lines stay as they are
        invoice.sent_on = sent_on
        repo.INVOICES.update(conn, invoice)
        _log(session, "invoice.send", invoice)
    return billing.with_lines(session, invoice)


def credit_invoice(session: Session, invoice_id: int) -> Invoice:
    """A credit note cancelling a sent invoice: the same lines with negated prices, its
    own number, sent at once. The cancelled invoice's visits may be invoiced again."""
    original = _invoice(session, invoice_id)
    today = session.today()
    with session.transaction() as conn, refused_by_triggers():
        credited = billing_records.credit_note_of(conn, invoice_id) is not None
        rules.check_creditable(original, credited)
        note = Invoice(
            number=billing.next_invoice_number(session, today.year),
            issued_on=today,
            due_on=today,
            payer_kind=original.payer_kind,
            payer_name=original.payer_name,
            client_id=original.client_id,
            relationship_id=original.relationship_id,
            payer_address=original.payer_address,
            payer_business_id=original.payer_business_id,
            lines=rules.credit_lines(original),
            created_at=session.now(),
            credit_of=original.id,
        )
        repo.INVOICES.insert(conn, note)
        billing.insert_lines(conn, note)
        note.sent_on = today
        repo.INVOICES.update(conn, note)
        _log(session, "invoice.credit", note)
    return note


# --- the unpaid list -------------------------------------------------------------------


@dataclass(frozen=True)
class UnpaidInvoice:
    invoice: Invoice
    client_number: int | None
    overdue_days: int  # 0 when not yet due

    @property
    def overdue(self) -> bool:
        return self.overdue_days > 0


def unpaid_invoices(session: Session, today: date | None = None) -> list[UnpaidInvoice]:
    """Sent invoices of every client not yet paid nor credited, the oldest due date first;
    the payer's name is the invoice's own snapshot."""
    today = today or session.today()
    result = []
    for invoice_id in billing_records.unpaid_invoice_ids(session.conn):
        invoice = _invoice(session, invoice_id)
        client = repo.CLIENTS.get(session.conn, invoice.client_id or "")
        result.append(
            UnpaidInvoice(
                invoice,
                client.client_number if client is not None else None,
                max((today - invoice.due_on).days, 0),
            )
        )
    return result


# --- the PDF -------------------------------------------------------------------------------


def invoice_document(session: Session, invoice_id: int, lang: str | None = None) -> InvoiceDocument:
    """What the invoice PDF shows, in the client's contact language unless ``lang``."""
    invoice = _invoice(session, invoice_id)
    client = repo.CLIENTS.get(session.conn, invoice.client_id or "")
    language = answer_language(client, lang) if client is not None else (lang or "fi")
    credited_number = ""
    if invoice.credit_of is not None:
        original = repo.INVOICES.get(session.conn, invoice.credit_of)
        credited_number = original.number if original is not None else ""
    practice = repo.load_practice(session.conn)
    try:
        reference = rules.reference_number(invoice.number)
    except ValidationError:  # numbered before schema 5 ("12"): printed without a reference
        reference = ""
    return InvoiceDocument(
        invoice=invoice,
        practice=practice,
        lang=language,
        reference=reference,
        barcode=rules.virtual_barcode(
            practice.iban, invoice.total_cents, reference, invoice.due_on
        ),
        credited_number=credited_number,
    )


def render_invoice_pdf(session: Session, invoice_id: int, lang: str | None = None) -> bytes:
    """The invoice as PDF bytes to print; the printing is logged."""
    document = invoice_document(session, invoice_id, lang)
    pdf = render_invoice(document)
    with session.transaction():
        _log_output(session, document.invoice, "print")
    return pdf


def write_invoice_pdf(
    session: Session, invoice_id: int, path: Path, lang: str | None = None
) -> Path:
    """The invoice PDF written atomically to ``path``; nothing is logged if it fails."""
    require_folder_of(path)
    document = invoice_document(session, invoice_id, lang)
    pdf = render_invoice(document)
    with session.transaction():
        _log_output(session, document.invoice, "export")
        write_files_atomically([(Path(path), pdf)])
    return Path(path)


def _log_output(session: Session, invoice: Invoice, action: str) -> None:
    _log(session, action, invoice, purpose="export")


def _log(session: Session, action: str, invoice: Invoice, purpose: str = "") -> None:
    """An invoice event in the log: its client and id, never a name or an amount."""
    session.log(
        AuditEvent(
            action,
            client_id=invoice.client_id,
            data_kind=DATA_KIND,
            purpose=purpose,
            ref=_ref(invoice.id),
        )
    )


def invoice_by_number(session: Session, number: str) -> Invoice:
    found = repo.INVOICES.where(session.conn, number=number.strip())
    if not found:
        raise NotFoundError("invoice.not_found")
    return billing.with_lines(session, found[0])
