"""Invoices from visits: drafts, editing, sending, credit notes, payment, the unpaid list."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
import sqlcipher3

from app.db import repositories as repo
from app.db.errors import as_user_error
from app.db.keyfile import FAST_INSECURE_KDF
from app.domain.errors import NotFoundError, RuleViolationError, ValidationError
from app.domain.invoicing import is_valid_reference
from app.domain.kinds import AppointmentStatus, PayerKind, RecordsKept, RegisterKind
from app.domain.models import (
    Appointment,
    Client,
    Invoice,
    InvoiceLine,
    Practice,
    Relationship,
    Service,
)
from app.domain.purge import KeptReason
from app.services import appointments, billing, clients, invoicing, purge, relationships
from app.services import register as register_service
from app.services.session import Session
from tests.conftest import PASSPHRASE
from tests.unit.services.invoice_fixtures import setup_visits

TODAY = date(2026, 11, 23)
LATER = datetime(2031, 3, 2, 9, 0).astimezone()


def ids(visits: list) -> list[int]:  # type: ignore[type-arg]
    return [v.id or 0 for v in visits]


def test_draft_from_held_visits(session: Session) -> None:
    v = setup_visits(session)
    cid = v.client.id or ""
    assert ids(invoicing.billable_visits(session, cid)) == ids(v.held)
    draft = invoicing.draft_from_visits(session, cid, ids(v.held))
    assert draft.sent_on is None
    assert draft.number == "2026-0001"
    assert draft.due_on == date(2026, 12, 7)  # the practice's 14 days
    assert draft.payer_kind is PayerKind.CLIENT and draft.payer_name == "Väinö Kokeilu"
    assert "Koekuja 3 B 7" in draft.payer_address
    assert [line.unit_price_cents for line in draft.lines] == [8500, 7000, 8500]
    assert {line.vat_rate_permille for line in draft.lines} == {255}
    assert [line.appointment_id for line in draft.lines] == ids(v.held)
    assert draft.lines[0].description == "Valmennus 2.11.2026"
    assert draft.total_cents == 24000 + 2168 + 1785 + 2168  # VAT rounded per line
    assert invoicing.billable_visits(session, cid) == []
    assert invoicing.invoiced_visits(session, cid) == dict.fromkeys(ids(v.held), "2026-0001")


def test_below_the_vat_threshold_no_vat(session: Session) -> None:
    v = setup_visits(session, vat_registered=False)
    draft = invoicing.draft_from_visits(session, v.client.id or "", ids(v.held))
    assert draft.vat_cents == 0 and {line.vat_rate_permille for line in draft.lines} == {0}


def test_a_visit_is_invoiced_once(session: Session) -> None:
    v = setup_visits(session)
    cid = v.client.id or ""
    invoicing.draft_from_visits(session, cid, ids(v.held[:1]))
    with pytest.raises(RuleViolationError) as info:
        invoicing.draft_from_visits(session, cid, ids(v.held[:2]))
    assert info.value.code == "invoice.visit_already_invoiced"
    with pytest.raises(RuleViolationError) as info:
        invoicing.draft_from_visits(session, cid, [v.booked.id or 0])
    assert info.value.code == "invoice.visit_not_held"
    # Also through the plain add_invoice, whoever calls it.
    line = InvoiceLine("x", 100, appointment_id=v.held[0].id)
    invoice = Invoice("2026-0009", TODAY, TODAY, PayerKind.CLIENT, "x", cid, v.relationship_id,
                      lines=[line])  # fmt: skip
    with pytest.raises(RuleViolationError):
        billing.add_invoice(session, invoice)


def test_edit_and_delete_a_draft_only(session: Session) -> None:
    v = setup_visits(session)
    cid = v.client.id or ""
    draft = invoicing.draft_from_visits(session, cid, ids(v.held))
    draft.lines = draft.lines[:1]
    draft.lines[0].unit_price_cents = 9900
    draft.payer_name = "Maksaja Oy"
    invoicing.update_draft(session, draft)
    stored = billing.invoices_of(session, cid)[0]
    assert [line.unit_price_cents for line in stored.lines] == [9900]
    assert stored.payer_name == "Maksaja Oy"
    # The visits dropped from the draft are free again.
    assert ids(invoicing.billable_visits(session, cid)) == ids(v.held[1:])

    invoicing.send_invoice(session, draft.id or 0)
    stored.lines[0].unit_price_cents = 1
    with pytest.raises(RuleViolationError) as info:
        invoicing.update_draft(session, stored)
    assert info.value.code == "invoice.already_sent"
    with pytest.raises(RuleViolationError):
        invoicing.delete_draft(session, draft.id or 0)
    with pytest.raises(RuleViolationError):
        invoicing.send_invoice(session, draft.id or 0)
    assert billing.invoices_of(session, cid)[0].lines[0].unit_price_cents == 9900

    other = invoicing.draft_from_visits(session, cid, ids(v.held[1:]))
    invoicing.delete_draft(session, other.id or 0)
    assert ids(invoicing.billable_visits(session, cid)) == ids(v.held[1:])
    with pytest.raises(NotFoundError):
        invoicing.delete_draft(session, other.id or 0)


def test_the_store_refuses_changing_a_sent_invoice(session: Session) -> None:
    v = setup_visits(session)
    draft = invoicing.draft_from_visits(session, v.client.id or "", ids(v.held))
    invoicing.send_invoice(session, draft.id or 0)
    for sql in (
        "UPDATE invoice_lines SET unit_price_cents = 1 WHERE invoice_id = ?",
        "UPDATE invoices SET payer_name = 'Muu' WHERE id = ?",
        "INSERT INTO invoice_lines (invoice_id, description, unit_price_cents, quantity, "
        "vat_rate_permille) VALUES (?, 'x', 1, 1, 0)",
    ):
        with pytest.raises(sqlcipher3.IntegrityError) as info, session.transaction() as conn:
            conn.execute(sql, (draft.id,))
        error = as_user_error(info.value)
        assert isinstance(error, RuleViolationError)
        assert error.code == "invoice.already_sent"
    # Recording the payment is still possible.
    paid = billing.mark_paid(session, draft.id or 0, TODAY)
    assert paid.paid_on == TODAY


def test_send_logs_without_personal_data(session: Session) -> None:
    v = setup_visits(session)
    draft = invoicing.draft_from_visits(session, v.client.id or "", ids(v.held))
    sent = invoicing.send_invoice(session, draft.id or 0)
    assert sent.sent_on == TODAY
    rows = session.conn.execute(
        "SELECT action, data_kind, ref FROM audit_log WHERE action = 'invoice.send'"
    ).fetchall()
    assert [tuple(r) for r in rows] == [("invoice.send", "invoice", f"invoice:{draft.id}")]


def test_credit_note_cancels_and_frees_the_visits(session: Session) -> None:
    v = setup_visits(session)
    cid = v.client.id or ""
    draft = invoicing.draft_from_visits(session, cid, ids(v.held))
    with pytest.raises(RuleViolationError):
        invoicing.credit_invoice(session, draft.id or 0)  # a draft is deleted, not credited
    invoicing.send_invoice(session, draft.id or 0)
    assert [u.invoice.id for u in invoicing.unpaid_invoices(session, TODAY)] == [draft.id]

    note = invoicing.credit_invoice(session, draft.id or 0)
    assert note.credit_of == draft.id and note.sent_on == TODAY
    assert note.number == "2026-0002"
    assert note.total_cents == -draft.total_cents
    assert [line.unit_price_cents for line in note.lines] == [-8500, -7000, -8500]
    assert ids(invoicing.billable_visits(session, cid)) == ids(v.held)
    assert invoicing.unpaid_invoices(session, TODAY) == []
    with pytest.raises(RuleViolationError) as info:
        invoicing.credit_invoice(session, draft.id or 0)
    assert info.value.code == "invoice.already_credited"
    with pytest.raises(RuleViolationError):
        invoicing.credit_invoice(session, note.id or 0)
    with pytest.raises(RuleViolationError):
        billing.mark_paid(session, draft.id or 0, TODAY)

    again = invoicing.draft_from_visits(session, cid, ids(v.held))
    assert again.number == "2026-0003"


def test_mark_paid_needs_a_sent_invoice(session: Session) -> None:
    v = setup_visits(session)
    line = InvoiceLine("x", 100)
    paid_draft = Invoice("2026-0099", TODAY, TODAY, PayerKind.CLIENT, "x", v.client.id,
                         v.relationship_id, paid_on=TODAY, lines=[line])  # fmt: skip
    with pytest.raises(RuleViolationError) as info:
        billing.add_invoice(session, paid_draft)
    assert info.value.code == "invoice.not_sent"
    draft = invoicing.draft_from_visits(session, v.client.id or "", ids(v.held))
    with pytest.raises(RuleViolationError) as info:
        billing.mark_paid(session, draft.id or 0, TODAY)
    assert info.value.code == "invoice.not_sent"
    invoicing.send_invoice(session, draft.id or 0)
    billing.mark_paid(session, draft.id or 0, TODAY)
    with pytest.raises(RuleViolationError):
        billing.mark_paid(session, draft.id or 0, TODAY)


def test_unpaid_and_overdue_across_clients(session: Session) -> None:
    v = setup_visits(session)
    cid = v.client.id or ""
    first = invoicing.draft_from_visits(session, cid, ids(v.held[:1]))
    second = invoicing.draft_from_visits(session, cid, ids(v.held[1:2]))
    invoicing.draft_from_visits(session, cid, ids(v.held[2:]))  # a draft is not unpaid
    invoicing.send_invoice(session, first.id or 0)
    invoicing.send_invoice(session, second.id or 0)
    billing.mark_paid(session, second.id or 0, TODAY)
    rows = invoicing.unpaid_invoices(session, date(2026, 12, 10))
    assert [(r.invoice.id, r.overdue_days, r.client_number) for r in rows] == [
        (first.id, 3, v.client.client_number)
    ]
    assert not invoicing.unpaid_invoices(session, TODAY)[0].overdue


def test_secure_address_stays_off_unless_asked(session: Session) -> None:
    v = setup_visits(session, secure_address=True)
    draft = invoicing.draft_from_visits(session, v.client.id or "", ids(v.held[:1]))
    assert draft.payer_address == ""
    asked = invoicing.draft_from_visits(
        session, v.client.id or "", ids(v.held[1:]), include_secure_address=True
    )
    assert "Koekuja" in asked.payer_address


def test_practice_bank_details_are_validated(session: Session) -> None:
    saved = register_service.save_practice(
        session, Practice(iban="fi2112345600000785", bic="ndeafihh", payment_term_days=21)
    )
    assert (saved.iban, saved.bic) == ("FI21 1234 5600 0007 85", "NDEAFIHH")
    assert register_service.practice(session).payment_term_days == 21
    for wrong, code in (
        (Practice(iban="FI2112345600000786"), "iban.invalid"),
        (Practice(bic="NDEA"), "bic.invalid"),
        (Practice(payment_term_days=400), "payment_term.invalid"),
    ):
        with pytest.raises(ValidationError) as info:
            register_service.save_practice(session, wrong)
        assert info.value.code == code
    assert register_service.practice(session).payment_term_days == 21


def test_service_price_and_vat_rate(session: Session) -> None:
    service = register_service.add_service(
        session,
        Service("Työnohjaus", RegisterKind.OTHER, vat_rate_permille=255, price_cents=12000),
    )
    assert register_service.services(session)[0].price_cents == 12000
    service.price_cents = -1
    with pytest.raises(ValidationError):
        register_service.update_service(session, service)
    service.price_cents, service.vat_rate_permille = 100, 1001
    with pytest.raises(ValidationError):
        register_service.update_service(session, service)


def test_reference_of_each_invoice_validates(session: Session) -> None:
    v = setup_visits(session)
    draft = invoicing.draft_from_visits(session, v.client.id or "", ids(v.held))
    document = invoicing.invoice_document(session, draft.id or 0)
    assert is_valid_reference(document.reference)
    assert document.barcode.code[28:48].lstrip("0") == document.reference
    assert document.lang == "fi"


def _old_invoiced_visit(session: Session) -> tuple[int, int]:
    """An `other` relationship ended in 2023 with a held visit on a sent 2023 invoice: the
    visit is due for destruction (2 years), the invoice is not (bookkeeping, 7 years)."""
    client = clients.add_client(session, Client(first_name="Vanha", last_name="Asiakas"))
    rel = relationships.start_relationship(
        session,
        Relationship(client.id or "", RegisterKind.OTHER, RecordsKept.VAKKA, date(2023, 1, 9)),
    )
    visit = appointments.add_appointment(
        session,
        Appointment(client.id or "", rel.id or 0, datetime(2023, 3, 1, 10), 60, fee_cents=8000),
    )
    appointments.set_status(session, visit.id or 0, AppointmentStatus.DONE)
    invoice = billing.add_invoice(
        session,
        Invoice("2023-0001", date(2023, 3, 2), date(2023, 3, 16), PayerKind.CLIENT,
                "Vanha Asiakas", client.id, rel.id,
                lines=[InvoiceLine("Käynti", 8000, appointment_id=visit.id)]),
    )  # fmt: skip
    invoicing.send_invoice(session, invoice.id or 0, date(2023, 3, 2))
    relationships.end_relationship(session, rel.id or 0, date(2023, 6, 30), "päättyi")
    return visit.id or 0, invoice.id or 0


def test_a_purged_visit_leaves_the_kept_invoice_line_without_its_link(session: Session) -> None:
    """The visit's own period (2 years) ends before the invoice's (bookkeeping, 7 years):
    the visit goes, the sent invoice stays whole and its line no longer names the visit."""
    visit_id, invoice_id = _old_invoiced_visit(session)
    before = billing.invoices_of(session, repo.INVOICES.get(session.conn, invoice_id).client_id)
    plan = purge.plan_purge(session)
    assert ("appointments", str(visit_id)) in {(r.table, str(r.id)) for r in plan.records}
    purge.run_purge(session, plan)
    assert repo.APPOINTMENTS.get(session.conn, visit_id) is None
    invoice = repo.INVOICES.get(session.conn, invoice_id)
    assert invoice is not None and invoice.sent_on is not None
    lines = repo.INVOICE_LINES.where(session.conn, invoice_id=invoice_id)
    assert [(line.appointment_id, line.unit_price_cents) for line in lines] == [(None, 8000)]
    assert [i.total_cents for i in before if i.id == invoice_id] == [8000]
    refused = (RuleViolationError, sqlcipher3.IntegrityError)
    with pytest.raises(refused), session.transaction() as conn:  # final otherwise
        conn.execute(
            "UPDATE invoice_lines SET unit_price_cents = 1 WHERE invoice_id = ?", (invoice_id,)
        )


def test_purge_keeps_an_invoice_a_kept_credit_note_cancels(tmp_path: Path) -> None:
    # In 2031 the 2023 invoice's seven years have passed; its 2031 credit note's have not.
    created = register_service.create(
        tmp_path / "later", PASSPHRASE, kdf=FAST_INSECURE_KDF, clock=lambda: LATER
    )
    session = created.session
    try:
        visit_id, invoice_id = _old_invoiced_visit(session)
        note = invoicing.credit_invoice(session, invoice_id)
        plan = purge.plan_purge(session)
        kept = {(k.table, k.id, k.reason) for k in plan.kept}
        assert ("invoices", invoice_id, KeptReason.CREDITED_BY_KEPT_NOTE) in kept
        purge.run_purge(session, plan)
        assert repo.APPOINTMENTS.get(session.conn, visit_id) is None  # due on its own
        assert repo.INVOICES.get(session.conn, invoice_id) is not None
        assert repo.INVOICES.get(session.conn, note.id or 0) is not None
    finally:
        session.close()


def test_printing_and_saving_the_pdf_are_logged_with_ids_only(
    session: Session, tmp_path: Path
) -> None:
    v = setup_visits(session)
    draft = invoicing.draft_from_visits(session, v.client.id or "", ids(v.held))
    invoicing.render_invoice_pdf(session, draft.id or 0)
    invoicing.write_invoice_pdf(session, draft.id or 0, tmp_path / "x.pdf")
    rows = session.conn.execute(
        "SELECT action, data_kind, ref FROM audit_log WHERE data_kind = 'invoice'"
    ).fetchall()
    assert [tuple(r) for r in rows] == [
        ("print", "invoice", f"invoice:{draft.id}"),
        ("export", "invoice", f"invoice:{draft.id}"),
    ]


# --- what a review found: visits, sending, payment, references -------------------------


def test_a_visit_on_an_invoice_stays_held_and_a_cancelled_one_stays_cancelled(
    session: Session,
) -> None:
    v = setup_visits(session)
    charged, free = v.held[0], v.held[1]
    invoicing.draft_from_visits(session, v.client.id or "", [charged.id or 0])
    for status, code in (
        (AppointmentStatus.NO_SHOW, "appointment.invoiced"),
        (AppointmentStatus.BOOKED, "appointment.status_back"),
    ):
        with pytest.raises(ValidationError) as info:
            appointments.set_status(session, charged.id or 0, status)
        assert info.value.code == code
    # A slip on an uninvoiced visit is corrected: held <-> missed.
    assert appointments.set_status(session, free.id or 0, AppointmentStatus.NO_SHOW).status is (
        AppointmentStatus.NO_SHOW
    )
    assert appointments.set_status(session, free.id or 0, AppointmentStatus.DONE).status is (
        AppointmentStatus.DONE
    )
    from app.domain.kinds import CancelledBy

    gone = appointments.add_appointment(
        session,
        Appointment(v.client.id or "", v.relationship_id, datetime(2026, 11, 20, 10), 45),
    )
    appointments.cancel_appointment(session, gone.id or 0, CancelledBy.CLIENT, "flunssa")
    with pytest.raises(ValidationError) as info:
        appointments.set_status(session, gone.id or 0, AppointmentStatus.DONE)
    assert info.value.code == "appointment.already_cancelled"
    assert repo.APPOINTMENTS.get(session.conn, gone.id or 0).status is AppointmentStatus.CANCELLED


def test_sending_after_the_due_date_is_refused(
    session: Session,
) -> None:
    v = setup_visits(session)
    draft = invoicing.draft_from_visits(session, v.client.id or "", ids(v.held))
    with pytest.raises(ValidationError) as info:
        invoicing.check_sendable(session, draft.id or 0, draft.due_on.replace(day=8))
    assert info.value.code in ("invoice.due_passed", "date.in_future")
    session.register.clock = lambda: datetime(2026, 12, 8, 9, 0).astimezone()  # past due
    with pytest.raises(ValidationError) as info:
        invoicing.send_invoice(session, draft.id or 0)
    assert info.value.code == "invoice.due_passed"
    assert repo.INVOICES.get(session.conn, draft.id or 0).sent_on is None
    sent = invoicing.send_invoice(session, draft.id or 0, date(2026, 11, 30))
    assert sent.sent_on == date(2026, 11, 30)


def test_a_draft_stays_with_its_client(session: Session) -> None:
    v = setup_visits(session)
    draft = invoicing.draft_from_visits(session, v.client.id or "", ids(v.held))
    other = clients.add_client(session, Client(first_name="Toinen", last_name="Asiakas"))
    moved = Invoice(**{**draft.__dict__, "client_id": other.id})
    with pytest.raises(RuleViolationError) as info:
        invoicing.update_draft(session, moved)
    assert info.value.code == "invoice.other_client"


def test_two_invoices_cannot_share_a_reference_and_an_old_number_still_prints(
    session: Session,
) -> None:
    v = setup_visits(session)
    cid, rel = v.client.id or "", v.relationship_id

    def invoice(number: str) -> Invoice:
        return Invoice(number, TODAY, TODAY, PayerKind.CLIENT, "Väinö Kokeilu", cid, rel,
                       lines=[InvoiceLine("Käynti", 5000)])  # fmt: skip

    billing.add_invoice(session, invoice("2026-0001"))
    with pytest.raises(ValidationError) as info:
        billing.add_invoice(session, invoice("20260-001"))  # would give 202600017 again
    assert info.value.code == "invoice.number_format"
    with session.transaction() as conn:  # numbered freely before schema 5, and sent
        for number in ("12", "20260002"):
            conn.execute(
                "INSERT INTO invoices (number, client_id, relationship_id, issued_on, due_on, "
                "payer_kind, payer_name, created_at, sent_on) VALUES "
                "(?, ?, ?, '2026-01-02', '2026-01-16', 'client', 'V K', ?, '2026-01-02')",
                (number, cid, rel, "2026-01-02T10:00:00"),
            )
        old_id = int(conn.execute("SELECT id FROM invoices WHERE number = '12'").fetchone()[0])
    with pytest.raises(ValidationError) as info:
        billing.add_invoice(session, invoice("2026-0002"))  # the old 20260002's reference
    assert info.value.code == "invoice.reference_taken"
    document = invoicing.invoice_document(session, old_id)
    assert document.reference == "" and document.barcode.code == ""
    assert invoicing.render_invoice_pdf(session, old_id).startswith(b"%PDF")
