"""Invoices from visits in the billing tab with the real worker: choose held visits, make the
draft, send it (saved as PDF), credit it; the appointments tab's Invoiced column; the
unpaid invoices window."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.domain.kinds import AppointmentStatus, PayerKind
from app.domain.models import Appointment
from app.services import appointments, invoicing, relationships
from app.services.session import Session
from app.ui.context import UiContext
from app.ui.dialogs.visits_invoice_dialog import VisitsInvoiceDialog
from app.ui.tabs import billing_tab
from app.ui.tabs.appointments_tab import AppointmentsTab
from app.ui.unpaid_invoices import UnpaidInvoicesDialog
from tests.gui.conftest import TODAY, wait_db
from tests.gui.drive import click_row
from tests.gui.drive import run_job as run
from tests.gui.test_billing_tab import active_client, click, open_tab


def held_visits(session: Session, client_id: str, count: int = 2) -> list[int]:
    """Book and hold ``count`` visits of the client's open relationship, last week."""
    rel = next(r for r in relationships.relationships_of(session, client_id) if r.active)
    ids = []
    for day in range(count):
        when = datetime.combine(TODAY - timedelta(days=7 + day), datetime.min.time()).replace(
            hour=7
        )
        visit = appointments.add_appointment(
            session, Appointment(client_id, rel.id or 0, when, 45, service="Testikäynti",
                                 fee_cents=9000),
        )  # fmt: skip
        appointments.set_status(session, visit.id or 0, AppointmentStatus.DONE)
        ids.append(visit.id or 0)
    return ids


def test_invoice_visits_send_and_credit(
    qtbot: QtBot, ctx: UiContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    client_id = run(qtbot, ctx, active_client)
    visit_ids = run(qtbot, ctx, lambda s: held_visits(s, client_id))
    tab = open_tab(qtbot, ctx, client_id)

    # Invoice visits: the held visits are listed and checked; one is left out.
    click(qtbot, tab.visits_button)
    dialog = tab.dialog
    assert isinstance(dialog, VisitsInvoiceDialog)
    listed = [dialog.visits.item(i).data(Qt.ItemDataRole.UserRole + 1)
              for i in range(dialog.visits.count())]  # fmt: skip
    assert set(visit_ids) <= set(listed)
    for i in range(dialog.visits.count()):
        item = dialog.visits.item(i)
        if item.data(Qt.ItemDataRole.UserRole + 1) != visit_ids[0]:
            item.setCheckState(Qt.CheckState.Unchecked)
    assert dialog.chosen_ids() == [visit_ids[0]]
    assert "1 visit" in dialog.preview.text() and "90.00" in dialog.preview.text()
    click(qtbot, dialog.save_button)
    assert tab.dialog is None
    draft = tab.selected_invoice()
    assert draft is not None and draft.sent_on is None
    assert [line.appointment_id for line in draft.lines] == [visit_ids[0]]
    assert draft.payer_kind is PayerKind.CLIENT
    assert tab.send_button.isEnabled() and tab.edit_button.isEnabled()
    assert not tab.credit_button.isEnabled() and not tab.mark_paid_button.isEnabled()

    # Send: saved as PDF, then marked sent.
    out = tmp_path / "invoice.pdf"
    monkeypatch.setattr(billing_tab, "ask_send_how", lambda parent: "save")
    monkeypatch.setattr(billing_tab, "ask_save_path", lambda parent, name: out)
    click(qtbot, tab.send_button)
    wait_db(qtbot, ctx)
    assert out.read_bytes().startswith(b"%PDF")
    sent = tab.selected_invoice()
    assert sent is not None and sent.id == draft.id and sent.sent_on == TODAY
    assert not tab.send_button.isEnabled() and not tab.edit_button.isEnabled()
    assert tab.credit_button.isEnabled() and tab.mark_paid_button.isEnabled()

    # Credit note: confirmed, selected, and the visit is free again.
    monkeypatch.setattr(billing_tab, "confirm", lambda parent, title, text: True)
    click(qtbot, tab.credit_button)
    wait_db(qtbot, ctx)
    note = tab.selected_invoice()
    assert note is not None and note.credit_of == draft.id
    assert note.total_cents == -draft.total_cents
    row = tab.invoice_model.row_of(draft.id)
    assert row is not None
    assert tab.invoice_model.index(row, 5).data() == "credited"
    free = run(qtbot, ctx, lambda s: invoicing.billable_visits(s, client_id))
    assert visit_ids[0] in [v.id for v in free]
    assert ctx.errors == []  # type: ignore[attr-defined]


def test_edit_and_delete_a_draft(
    qtbot: QtBot, ctx: UiContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    client_id = run(qtbot, ctx, active_client)
    visit_ids = run(qtbot, ctx, lambda s: held_visits(s, client_id))
    draft = run(qtbot, ctx, lambda s: invoicing.draft_from_visits(s, client_id, visit_ids))
    tab = open_tab(qtbot, ctx, client_id)
    row = tab.invoice_model.row_of(draft.id)
    assert row is not None
    click_row(qtbot, tab.invoices, row)
    click(qtbot, tab.edit_button)
    dialog = tab.dialog
    assert dialog is not None and len(dialog.lines) == 2  # type: ignore[attr-defined]
    dialog.lines[0].unit_price.selectAll()
    qtbot.keyClicks(dialog.lines[0].unit_price, "95")
    click(qtbot, dialog.save_button)
    assert tab.dialog is None
    stored = tab.selected_invoice()
    assert stored is not None
    assert [x.unit_price_cents for x in stored.lines] == [9500, 9000]
    # The lines still name their visits (the oldest visit first).
    assert [x.appointment_id for x in stored.lines] == visit_ids[::-1]

    monkeypatch.setattr(billing_tab, "confirm", lambda parent, title, text: True)
    click(qtbot, tab.delete_button)
    wait_db(qtbot, ctx)
    assert tab.invoice_model.row_of(draft.id) is None
    free = {v.id for v in run(qtbot, ctx, lambda s: invoicing.billable_visits(s, client_id))}
    assert set(visit_ids) <= free
    assert ctx.errors == []  # type: ignore[attr-defined]


def test_invoiced_column_in_the_appointments_tab(qtbot: QtBot, ctx: UiContext) -> None:
    client_id = run(qtbot, ctx, active_client)
    visit_ids = run(qtbot, ctx, lambda s: held_visits(s, client_id, 1))
    draft = run(qtbot, ctx, lambda s: invoicing.draft_from_visits(s, client_id, visit_ids))
    tab = AppointmentsTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    tab.show_client(client_id)
    wait_db(qtbot, ctx)
    model = tab.model
    rows = [r for r in range(model.rowCount()) if model.appointment(r).id == visit_ids[0]]
    assert rows
    assert model.headerData(model.INVOICED, Qt.Orientation.Horizontal) == "Invoiced"
    assert model.index(rows[0], model.INVOICED).data() == draft.number


def test_unpaid_invoices_window_opens_the_client(
    qtbot: QtBot, ctx: UiContext, qtmodeltester: ModelTester
) -> None:
    opened: list[str] = []
    dialog = UnpaidInvoicesDialog(ctx, None, on_open_client=opened.append)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_db(qtbot, ctx)
    expected = run(qtbot, ctx, lambda s: invoicing.unpaid_invoices(s))
    assert dialog.model.rowCount() == len(expected) > 0
    assert "unpaid invoice" in dialog.summary.text()
    first = dialog.model.record(0).invoice
    # A double-click arrives as press, release and a double-click event.
    center = dialog.table.visualRect(dialog.model.index(0, 0)).center()
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=center)
    qtbot.mouseDClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=center)
    assert opened == [first.client_id]
    assert not dialog.isVisible()
    qtmodeltester.check(dialog.model)


def test_services_dialog_vat_rate_and_price(qtbot: QtBot, ctx: UiContext) -> None:
    from app.services import register
    from app.ui.dialogs.services_dialog import ServicesDialog

    dialog = ServicesDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_db(qtbot, ctx)
    dialog.table.selectRow(0)
    chosen = dialog.selected()
    assert chosen is not None
    dialog.vat.setFocus()
    dialog.vat.lineEdit().selectAll()
    qtbot.keyClicks(dialog.vat, "25.5")
    dialog.price.clear()
    qtbot.keyClicks(dialog.price, "abc")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "price in euros" in dialog.error.text()  # refused before anything is sent
    dialog.price.clear()
    qtbot.keyClicks(dialog.price, "120.50")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_db(qtbot, ctx)
    stored = next(s for s in run(qtbot, ctx, register.services) if s.id == chosen.id)
    assert (stored.vat_rate_permille, stored.price_cents) == (255, 12050)
    row = [s.id for s in dialog.services].index(chosen.id)
    assert dialog.table.item(row, dialog.PRICE).text() == "€120.50"
    assert ctx.errors == []  # type: ignore[attr-defined]


def test_send_by_printing_marks_sent_once_printed(
    qtbot: QtBot, ctx: UiContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pypdf import PdfReader
    from PySide6.QtPrintSupport import QPrinter

    from app.ui import printing

    client_id = run(qtbot, ctx, active_client)
    visit_ids = run(qtbot, ctx, lambda s: held_visits(s, client_id, 1))
    draft = run(qtbot, ctx, lambda s: invoicing.draft_from_visits(s, client_id, visit_ids))
    tab = open_tab(qtbot, ctx, client_id)
    row = tab.invoice_model.row_of(draft.id)
    assert row is not None
    click_row(qtbot, tab.invoices, row)

    paper = tmp_path / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(paper))
    monkeypatch.setattr(printing, "ask_printer", lambda *_a: printer)
    monkeypatch.setattr(billing_tab, "ask_send_how", lambda parent: "print")
    qtbot.mouseClick(tab.send_button, Qt.MouseButton.LeftButton)

    def sent() -> bool:
        wait_db(qtbot, ctx)
        chosen = tab.selected_invoice()
        return chosen is not None and chosen.sent_on is not None

    qtbot.waitUntil(sent, timeout=60_000)
    assert len(PdfReader(str(paper)).pages) >= 1
    assert tab.selected_invoice().id == draft.id  # type: ignore[union-attr]
    assert ctx.errors == []  # type: ignore[attr-defined]
