"""Invoices (with the payer's snapshot) and payment commitments."""

from __future__ import annotations

from datetime import date

from app.db import billing_records
from app.db import repositories as repo
from app.db.connection import Connection
from app.domain.errors import NotFoundError, RuleViolationError, ValidationError
from app.domain.invoicing import check_invoice_number, require_sent
from app.domain.kinds import AppointmentStatus, PayerKind
from app.domain.models import Invoice, PaymentCommitment
from app.domain.validation import validate_business_id, validate_name, validate_period
from app.services import secure_address
from app.services.session import Session


def add_invoice(
    session: Session, invoice: Invoice, include_secure_address: bool = False
) -> Invoice:
    """Save an invoice and its lines in one transaction, as a draft; the payer is a snapshot.

    A secure-address client's address goes on the invoice only when the caller asked
    first and says so with ``include_secure_address`` (RULES.md, secure address).
    """
    check_invoice(session, invoice, include_secure_address)
    invoice.sent_on = None
    invoice.credit_of = None
    invoice.created_at = session.now()
    with session.transaction() as conn:
        check_stored_parts(session, invoice)
        repo.INVOICES.insert(conn, invoice)
        insert_lines(conn, invoice)
    return invoice


def insert_lines(conn: Connection, invoice: Invoice) -> None:
    """Store the invoice's lines as new rows of it (caller's transaction)."""
    for line in invoice.lines:
        line.id, line.invoice_id = None, invoice.id
        repo.INVOICE_LINES.insert(conn, line)


def check_invoice(session: Session, invoice: Invoice, include_secure_address: bool) -> None:
    """The checks of a new invoice or an edited draft that need nothing stored but the
    relationship and the client's address protection."""
    if not invoice.number.strip():
        raise ValidationError("field.required", field="number")
    invoice.number = check_invoice_number(invoice.number)  # it gives a reference number
    invoice.payer_name = validate_name(invoice.payer_name, "payer_name")
    if invoice.payer_business_id.strip():
        invoice.payer_business_id = validate_business_id(
            invoice.payer_business_id, "payer_business_id"
        )
    if not invoice.lines:
        raise ValidationError("invoice.no_lines", field="lines")
    for line in invoice.lines:
        if not line.description.strip():
            raise ValidationError("field.required", field="description")
        if line.unit_price_cents < 0:
            raise ValidationError("money.negative", field="unit_price_cents")
        if line.quantity <= 0:
            raise ValidationError("invoice.quantity", field="quantity")
        if not 0 <= line.vat_rate_permille <= 1000:
            raise ValidationError("invoice.vat_rate", field="vat_rate_permille")
    if invoice.due_on < invoice.issued_on:
        raise ValidationError("date.end_before_start", field="due_on")
    if invoice.issued_on > session.today():
        raise ValidationError("date.in_future", field="issued_on")
    if invoice.paid_on is not None:  # a new invoice or a draft is not yet billed
        raise RuleViolationError("invoice.not_sent")
    if invoice.relationship_id is None:
        raise ValidationError("relationship.required", field="relationship_id")
    rel = repo.RELATIONSHIPS.get(session.conn, invoice.relationship_id)
    if rel is None or invoice.client_id not in (None, rel.client_id):
        raise NotFoundError("relationship.not_found")
    invoice.client_id = rel.client_id  # whose address the check below protects
    secure_address.check_output(
        session,
        invoice.client_id,
        invoice.payer_address,
        include_secure_address,
        is_the_clients_address=invoice.payer_kind is PayerKind.CLIENT,
        field="payer_address",
    )


def check_stored_parts(session: Session, invoice: Invoice) -> None:
    """Inside the saving transaction: the relationship, a free number, and the visits the
    lines charge: the client's own, held, and on no other standing invoice."""
    conn = session.conn
    rel = repo.RELATIONSHIPS.get(conn, invoice.relationship_id)
    if rel is None or invoice.client_id not in (None, rel.client_id):
        raise NotFoundError("relationship.not_found")
    invoice.client_id = rel.client_id
    if billing_records.invoice_number_taken(conn, invoice.number, invoice.id):
        raise ValidationError("invoice.number_taken", field="number")
    if billing_records.same_digits_taken(conn, invoice.number, invoice.id):
        # An older invoice numbered without the dash ("20260042") would share the
        # reference, and payments are matched by it.
        raise ValidationError("invoice.reference_taken", field="number")
    seen: set[int] = set()
    for line in invoice.lines:
        if line.appointment_id is None:
            continue
        visit = repo.APPOINTMENTS.get(conn, line.appointment_id)
        if visit is None or visit.client_id != invoice.client_id:
            raise NotFoundError("appointment.not_found")
        if visit.status is not AppointmentStatus.DONE:
            raise RuleViolationError("invoice.visit_not_held")
        if line.appointment_id in seen or billing_records.visit_invoiced_elsewhere(
            conn, line.appointment_id, invoice.id
        ):
            raise RuleViolationError("invoice.visit_already_invoiced")
        seen.add(line.appointment_id)


def _check_paid_on(session: Session, invoice: Invoice, paid_on: date) -> None:
    if paid_on < invoice.issued_on:
        raise ValidationError("invoice.paid_before_issued", field="paid_on")
    if paid_on > session.today():
        raise ValidationError("date.in_future", field="paid_on")


def next_invoice_number(session: Session, year: int) -> str:
    """The next number of the year (YYYY-NNNN) after the highest one in use."""
    prefix = f"{year}-"
    highest = 0
    for number in billing_records.invoice_numbers_starting(session.conn, prefix):
        suffix = number[len(prefix) :]
        if suffix.isdigit():
            highest = max(highest, int(suffix))
    return f"{prefix}{highest + 1:04d}"


def with_lines(session: Session, invoice: Invoice) -> Invoice:
    invoice.lines = repo.INVOICE_LINES.where(session.conn, order=("id",), invoice_id=invoice.id)
    return invoice


def invoices_of(session: Session, client_id: str) -> list[Invoice]:
    """The client's invoices with their lines; not shown unless the view is logged."""
    session.log_view(client_id)
    invoices = repo.INVOICES.where(session.conn, order=("issued_on", "id"), client_id=client_id)
    return [with_lines(session, inv) for inv in invoices]


def mark_paid(session: Session, invoice_id: int, paid_on: date) -> Invoice:
    """Record the payment of a sent invoice (a draft is not yet billed; a credit note and a
    credited invoice are settled by the credit)."""
    with session.transaction() as conn:
        invoice = repo.INVOICES.get(conn, invoice_id)
        if invoice is None:
            raise NotFoundError("invoice.not_found")
        require_sent(invoice)
        if invoice.credit_of is not None or billing_records.credit_note_of(conn, invoice_id):
            raise RuleViolationError("invoice.credited_not_payable")
        if invoice.paid_on is not None:
            raise RuleViolationError("invoice.already_paid")
        _check_paid_on(session, invoice, paid_on)
        invoice.paid_on = paid_on
        repo.INVOICES.update(conn, invoice)
    return with_lines(session, invoice)


def add_payment_commitment(session: Session, commitment: PaymentCommitment) -> PaymentCommitment:
    validate_period(commitment.valid_from, commitment.valid_until, field="valid_until")
    if commitment.visits_granted is None and commitment.amount_granted_cents is None:
        raise ValidationError("commitment.nothing_granted", field="visits_granted")
    if (commitment.visits_granted or 0) < 0 or commitment.visits_used_before < 0:
        raise ValidationError("commitment.negative_visits", field="visits_granted")
    if commitment.relationship_id is None:
        raise ValidationError("relationship.required", field="relationship_id")
    with session.transaction() as conn:
        if repo.CLIENTS.get(conn, commitment.client_id) is None:
            raise NotFoundError("client.not_found")
        if not repo.relationship_belongs_to(conn, commitment.relationship_id, commitment.client_id):
            raise NotFoundError("relationship.not_found")
        repo.PAYMENT_COMMITMENTS.insert(conn, commitment)
    commitment.visits_used = commitment.visits_used_before
    return commitment


def payment_commitments_of(session: Session, client_id: str) -> list[PaymentCommitment]:
    """The client's payment commitments; not shown unless the view is logged."""
    session.log_view(client_id)
    result = repo.PAYMENT_COMMITMENTS.where(
        session.conn, order=("valid_from", "id"), client_id=client_id
    )
    for commitment in result:
        commitment.visits_used = repo.visits_used(session.conn, commitment)
    return result
