"""The billing tab with the real worker: invoices typed into the dialog, paid, commitments."""

from __future__ import annotations

from typing import Any, TypeVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from app.domain.kinds import IssuerKind, PayerKind
from app.domain.models import Invoice, PaymentCommitment
from app.services import billing, clients, invoicing, relationships
from app.services.session import Session
from app.ui.context import UiContext
from app.ui.dialogs.commitment_dialog import CommitmentDialog
from app.ui.dialogs.invoice_dialog import InvoiceDialog, MarkPaidDialog, parse_euros, parse_vat
from app.ui.tabs.billing_tab import BillingTab
from app.ui.texts import format_date, format_money
from tests.gui.conftest import TODAY, wait_db
from tests.gui.drive import click_row
from tests.gui.drive import run_job as run

T = TypeVar("T")
LEFT = Qt.MouseButton.LeftButton


def active_client(session: Session, secure_address: bool = False) -> str:
    for summary in clients.list_clients(session):
        if summary.active and summary.secure_address == secure_address:
            rels = relationships.relationships_of(session, summary.id)
            if any(r.ended_on is None for r in rels):
                return summary.id
    raise AssertionError("the demo register has no such client")


def client_with_used_commitment(session: Session) -> str:
    for summary in clients.list_clients(session):
        for commitment in billing.payment_commitments_of(session, summary.id):
            if commitment.visits_granted and commitment.visits_used > commitment.visits_used_before:
                return summary.id
    raise AssertionError("no commitment with visits used in the demo register")


def open_tab(qtbot: QtBot, ctx: UiContext, client_id: str) -> BillingTab:
    tab = BillingTab(ctx)
    qtbot.addWidget(tab)
    tab.resize(1000, 700)
    tab.show()
    tab.show_client(client_id)
    wait_db(qtbot, ctx)
    return tab


def click(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, LEFT)
    wait_db(qtbot, ctx_of(widget))


def ctx_of(widget: QWidget) -> UiContext:
    parent: Any = widget
    while parent is not None and not hasattr(parent, "ctx"):
        parent = parent.parentWidget()
    assert parent is not None
    return parent.ctx  # type: ignore[no-any-return]


def replace_text(qtbot: QtBot, widget: Any, text: str) -> None:
    """Select what is there and type over it, as a person would."""
    line = widget.lineEdit() if hasattr(widget, "lineEdit") and widget.lineEdit() else widget
    line.selectAll()
    qtbot.keyClicks(widget, text)


def test_money_and_vat_as_typed() -> None:
    assert parse_euros("85,50") == 8550
    assert parse_euros("85.50") == 8550
    assert parse_euros("1 234,5 €") == 123450
    assert parse_euros("1.234,50") == 123450
    assert parse_euros("85") == 8500
    assert parse_euros("85,505") is None
    assert parse_euros("-5") is None
    assert parse_euros("abc") is None
    assert parse_vat("25,5 %") == 255
    assert parse_vat("25.5") == 255
    assert parse_vat("0 %") == 0
    assert parse_vat("101") is None


def test_invoice_with_two_lines_total_shown_and_stored(qtbot: QtBot, ctx: UiContext) -> None:
    client_id = run(qtbot, ctx, active_client)
    client = run(qtbot, ctx, lambda s: clients.open_client(s, client_id))
    tab = open_tab(qtbot, ctx, client_id)
    before = tab.invoice_model.rowCount()

    click(qtbot, tab.new_invoice_button)
    dialog = tab.dialog
    assert isinstance(dialog, InvoiceDialog)
    assert dialog.number.text().startswith(f"{TODAY.year}-")
    assert dialog.payer_kind.currentData() == PayerKind.CLIENT
    assert dialog.payer_name.text() == client.display_name  # the snapshot
    assert client.street_address in dialog.payer_address.toPlainText()
    number = dialog.number.text()

    first = dialog.lines[0]
    qtbot.keyClicks(first.description, "Psychotherapy session")
    qtbot.keyClicks(first.unit_price, "85,50")
    qtbot.mouseClick(dialog.add_line_button, LEFT)
    assert len(dialog.lines) == 2
    second = dialog.lines[1]
    qtbot.keyClicks(second.description, "Work supervision")
    replace_text(qtbot, second.quantity, "2")
    qtbot.keyClicks(second.unit_price, "60.00")
    replace_text(qtbot, second.vat, "25.5")
    # 85.50 + 2 × 60.00 + 25.5 % of 120.00 (30.60) = 236.10
    assert format_money(23610) in dialog.total.text()
    assert second.total.text() == format_money(15060)

    click(qtbot, dialog.save_button)
    assert tab.dialog is None
    assert tab.invoice_model.rowCount() == before + 1
    row = tab.invoice_model.row_of(dialog.saved.id)
    assert row is not None
    model = tab.invoice_model
    assert model.index(row, 0).data() == number
    assert model.index(row, model.TOTAL).data() == format_money(23610)
    assert model.index(row, 5).data() == "draft"  # saved as a draft, sent later

    stored = next(
        i
        for i in run(qtbot, ctx, lambda s: billing.invoices_of(s, client_id))
        if i.number == number
    )
    assert stored.total_cents == 23610
    assert stored.vat_cents == 3060
    assert [(x.quantity, x.unit_price_cents, x.vat_rate_permille) for x in stored.lines] == [
        (1, 8550, 0),
        (2, 6000, 255),
    ]
    assert stored.payer_name == client.display_name
    assert stored.issued_on == TODAY
    # The new invoice is selected and its lines are shown below.
    assert tab.selected_invoice() is not None
    assert tab.selected_invoice().number == number  # type: ignore[union-attr]
    assert tab.line_model.rowCount() == 2
    assert ctx.errors == []  # type: ignore[attr-defined]


def test_mark_paid(qtbot: QtBot, ctx: UiContext) -> None:
    client_id = run(qtbot, ctx, active_client)
    invoice = Invoice(
        number="2026-9001",
        issued_on=TODAY,
        due_on=TODAY,
        payer_kind=PayerKind.KELA,
        payer_name="Kela",
        client_id=client_id,
        relationship_id=run(
            qtbot,
            ctx,
            lambda s: relationships.relationships_of(s, client_id)[-1].id,
        ),
    )
    from app.domain.models import InvoiceLine

    invoice.lines = [InvoiceLine("Statement", 12000)]
    run(qtbot, ctx, lambda s: billing.add_invoice(s, invoice))
    tab = open_tab(qtbot, ctx, client_id)
    row = tab.invoice_model.row_of(invoice.id)
    assert row is not None
    click_row(qtbot, tab.invoices, row)
    assert not tab.mark_paid_button.isEnabled()  # a draft is not yet billed
    run(qtbot, ctx, lambda s: invoicing.send_invoice(s, invoice.id or 0))
    tab.reload()
    wait_db(qtbot, ctx)
    row = tab.invoice_model.row_of(invoice.id)
    assert row is not None
    click_row(qtbot, tab.invoices, row)
    assert tab.mark_paid_button.isEnabled()
    click(qtbot, tab.mark_paid_button)
    dialog = tab.dialog
    assert isinstance(dialog, MarkPaidDialog)
    assert dialog.paid_on.value() == TODAY
    click(qtbot, dialog.save_button)
    assert tab.dialog is None
    row = tab.invoice_model.row_of(invoice.id)
    assert row is not None
    assert tab.invoice_model.index(row, 5).data() == format_date(TODAY)
    assert not tab.mark_paid_button.isEnabled()  # already paid
    stored = next(
        i
        for i in run(qtbot, ctx, lambda s: billing.invoices_of(s, client_id))
        if i.id == invoice.id
    )
    assert stored.paid_on == TODAY
    assert ctx.errors == []  # type: ignore[attr-defined]


def test_unreadable_price_refused_inline_nothing_saved(qtbot: QtBot, ctx: UiContext) -> None:
    client_id = run(qtbot, ctx, active_client)
    tab = open_tab(qtbot, ctx, client_id)
    count = len(run(qtbot, ctx, lambda s: billing.invoices_of(s, client_id)))
    click(qtbot, tab.new_invoice_button)
    dialog = tab.dialog
    assert isinstance(dialog, InvoiceDialog)
    qtbot.keyClicks(dialog.lines[0].description, "Session")
    qtbot.keyClicks(dialog.lines[0].unit_price, "85,5x")
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()
    assert dialog.error.isVisible()
    assert "unit price" in dialog.error.text()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.lines[0].unit_price)
    # A service refusal (an empty billing name) is shown inline too, with the dialog's label.
    replace_text(qtbot, dialog.lines[0].unit_price, "85,50")
    dialog.payer_name.clear()
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()
    assert dialog.error.text().startswith("Billing name:")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.payer_name)
    assert len(run(qtbot, ctx, lambda s: billing.invoices_of(s, client_id))) == count
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    qtbot.mouseClick(cancel, LEFT)
    assert tab.dialog is None
    assert ctx.errors == []  # type: ignore[attr-defined]


def test_secure_address_is_not_prefilled(qtbot: QtBot, ctx: UiContext) -> None:
    client_id = run(qtbot, ctx, lambda s: active_client(s, secure_address=True))
    client = run(qtbot, ctx, lambda s: clients.open_client(s, client_id))
    tab = open_tab(qtbot, ctx, client_id)
    click(qtbot, tab.new_invoice_button)
    dialog = tab.dialog
    assert isinstance(dialog, InvoiceDialog)
    assert dialog.payer_name.text() == client.display_name
    assert dialog.payer_address.toPlainText() == ""
    assert dialog.show_address.isVisible()
    qtbot.mouseClick(dialog.show_address, LEFT)
    assert client.street_address in dialog.payer_address.toPlainText()
    tab.clear()
    assert tab.dialog is None


def test_payment_commitment_remaining_visits(qtbot: QtBot, ctx: UiContext) -> None:
    client_id = run(qtbot, ctx, client_with_used_commitment)
    tab = open_tab(qtbot, ctx, client_id)
    stored = run(qtbot, ctx, lambda s: billing.payment_commitments_of(s, client_id))
    model = tab.commitment_model
    assert model.rowCount() == len(stored)
    for row in range(model.rowCount()):
        commitment = model.commitment(row)
        expected = next(c for c in stored if c.id == commitment.id)
        assert model.index(row, model.REMAINING).data() == str(expected.visits_remaining)
        assert model.index(row, 4).data() == str(expected.visits_used)

    click(qtbot, tab.new_commitment_button)
    dialog = tab.dialog
    assert isinstance(dialog, CommitmentDialog)
    dialog.issuer_kind.setCurrentIndex(dialog.issuer_kind.findData(IssuerKind.KELA))
    assert dialog.issuer_name.text() == "Kela"
    qtbot.keyClicks(dialog.decision_number, "K2026-123456")
    qtbot.keyClicks(dialog.visits_granted, "15")
    replace_text(qtbot, dialog.used_before, "3")
    click(qtbot, dialog.save_button)
    assert tab.dialog is None
    saved = dialog.saved
    assert isinstance(saved, PaymentCommitment)
    row = next(r for r in range(model.rowCount()) if model.commitment(r).id == saved.id)
    assert model.index(row, 0).data() == "Kela"
    assert model.index(row, 1).data() == "K2026-123456"
    assert model.index(row, 3).data() == "15"
    assert model.index(row, model.REMAINING).data() == "12"
    assert ctx.errors == []  # type: ignore[attr-defined]


def test_commitment_needs_visits_or_amount(qtbot: QtBot, ctx: UiContext) -> None:
    client_id = run(qtbot, ctx, active_client)
    tab = open_tab(qtbot, ctx, client_id)
    before = tab.commitment_model.rowCount()
    click(qtbot, tab.new_commitment_button)
    dialog = tab.dialog
    assert isinstance(dialog, CommitmentDialog)
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()
    assert dialog.error.text().startswith("Visits granted:")
    assert tab.commitment_model.rowCount() == before
    assert len(run(qtbot, ctx, lambda s: billing.payment_commitments_of(s, client_id))) == before


def test_models_pass_the_model_tester(qtbot: QtBot, ctx: UiContext, qtmodeltester: Any) -> None:
    client_id = run(qtbot, ctx, client_with_used_commitment)
    tab = open_tab(qtbot, ctx, client_id)
    assert tab.invoice_model.rowCount() > 0
    assert tab.commitment_model.rowCount() > 0
    qtmodeltester.check(tab.invoice_model)
    qtmodeltester.check(tab.line_model)
    qtmodeltester.check(tab.commitment_model)


@pytest.mark.parametrize("ui_language", ["fi"])
def test_finnish_formats(qtbot: QtBot, ctx: UiContext) -> None:
    client_id = run(qtbot, ctx, client_with_used_commitment)
    tab = open_tab(qtbot, ctx, client_id)
    text = str(tab.invoice_model.index(0, tab.invoice_model.TOTAL).data())
    assert text.endswith("€") and "," in text
    assert "." in str(tab.invoice_model.index(0, 1).data())


def test_clear_empties_every_widget(qtbot: QtBot, ctx: UiContext) -> None:
    client_id = run(qtbot, ctx, client_with_used_commitment)
    tab = open_tab(qtbot, ctx, client_id)
    click_row(qtbot, tab.invoices, 0)
    assert tab.line_model.rowCount() > 0
    click(qtbot, tab.new_commitment_button)
    assert tab.dialog is not None
    tab.clear()
    assert tab.client_id is None
    assert tab.dialog is None
    assert tab.invoice_model.rowCount() == 0
    assert tab.line_model.rowCount() == 0
    assert tab.commitment_model.rowCount() == 0
    assert tab.lines_label.text() == ""
    assert tab.summary.text() == ""
    for button in (tab.new_invoice_button, tab.mark_paid_button, tab.new_commitment_button):
        assert not button.isEnabled()
    assert ctx.errors == []  # type: ignore[attr-defined]
