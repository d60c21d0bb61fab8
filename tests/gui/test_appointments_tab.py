"""The appointments tab and the appointment dialog on a real demo register."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.domain.kinds import AppointmentStatus, CancelledBy, IssuerKind
from app.domain.models import Appointment, Client, ClientSummary, PaymentCommitment
from app.services import appointments, billing, clients, relationships
from app.ui.context import UiContext
from app.ui.dialogs.appointment_dialog import AppointmentDialog
from app.ui.dialogs.cancel_dialog import CancelDialog
from app.ui.tabs.appointments_tab import AppointmentsModel, AppointmentsTab
from app.ui.texts import format_money
from tests.gui.conftest import TODAY, wait_db
from tests.gui.drive import run_job as call
from tests.gui.drive import tick, type_text
from tests.gui.test_contact_tab import active_client, model_texts, visible_texts

LEFT = Qt.MouseButton.LeftButton
NOW = datetime.combine(TODAY, time(9, 30))


def open_tab(qtbot: QtBot, ctx: UiContext, client_id: str) -> AppointmentsTab:
    tab = AppointmentsTab(ctx)
    qtbot.addWidget(tab)
    tab.today = lambda: TODAY
    tab.now = lambda: NOW
    tab.resize(1000, 600)
    tab.show()
    tab.show_client(client_id)
    wait_db(qtbot, ctx)
    assert tab.data is not None
    return tab


def the_dialog(tab: AppointmentsTab) -> AppointmentDialog:
    dialog = tab.dialog
    assert isinstance(dialog, AppointmentDialog)
    return dialog


def save_booking(qtbot: QtBot, ctx: UiContext, dialog: AppointmentDialog) -> None:
    """Save; a double booking with the demo's own visits is warned first, then booked."""
    qtbot.mouseClick(dialog.save_button, LEFT)
    wait_db(qtbot, ctx)
    if dialog.isVisible() and "overlaps" in dialog.error.text():
        qtbot.mouseClick(dialog.save_button, LEFT)
        wait_db(qtbot, ctx)


def client_with_appointments(qtbot: QtBot, ctx: UiContext) -> ClientSummary:
    summaries = call(qtbot, ctx, clients.list_clients)
    return next(
        s
        for s in summaries
        if s.active
        and s.register_kinds
        and call(qtbot, ctx, lambda ss, cid=s.id: appointments.appointments_of(ss, cid))
    )


def test_add_an_appointment_for_today_and_mark_it_done(qtbot: QtBot, ctx: UiContext) -> None:
    summary = active_client(qtbot, ctx)
    tab = open_tab(qtbot, ctx, summary.id)
    before = call(qtbot, ctx, lambda s: appointments.appointments_of(s, summary.id))
    assert tab.model.rowCount() == len(before)
    assert tab.new_button.isEnabled()

    qtbot.mouseClick(tab.new_button, LEFT)
    dialog = the_dialog(tab)
    assert dialog.relationship.count() >= 1
    assert dialog.date.value() == TODAY
    assert dialog.time.value() == time(10, 0)  # the next full hour
    dialog.time.set_value(time(9, 0))  # earlier today: it can be marked done below
    service_edit = dialog.service.lineEdit()
    assert service_edit is not None
    service_edit.clear()
    type_text(qtbot, service_edit, "Työnohjaus ääni")
    dialog.duration.selectAll()
    qtbot.keyClicks(dialog.duration, "50")
    tick(qtbot, dialog.remote)
    place_edit = dialog.place.lineEdit()
    assert place_edit is not None
    place_edit.clear()
    qtbot.keyClicks(place_edit, "Video")
    dialog.fee.selectAll()
    qtbot.keyClicks(dialog.fee, "95")
    assert dialog.fee.cents() == 9500

    with (
        qtbot.waitSignal(ctx.events.appointments_changed, timeout=5000),
        qtbot.waitSignal(ctx.events.client_changed, timeout=5000),
    ):
        save_booking(qtbot, ctx, dialog)
    wait_db(qtbot, ctx)
    assert tab.dialog is None

    after = call(qtbot, ctx, lambda s: appointments.appointments_of(s, summary.id))
    assert len(after) == len(before) + 1
    new = next(a for a in after if a.id not in {b.id for b in before})
    assert new.starts_at == datetime.combine(TODAY, time(9, 0))
    assert (new.duration_min, new.service, new.place, new.remote) == (
        50,
        "Työnohjaus ääni",
        "Video",
        True,
    )
    assert new.fee_cents == 9500
    assert new.status is AppointmentStatus.BOOKED

    # The new appointment is chosen in the table; mark it done.
    chosen = tab.selected_appointment()
    assert chosen is not None and chosen.id == new.id
    row = tab.model.row_of(new.id)
    assert row is not None
    status_index = tab.model.index(row, AppointmentsModel.STATUS)
    assert tab.model.data(status_index) == "Booked"
    assert tab.model.data(tab.model.index(row, AppointmentsModel.FEE)) == format_money(9500)
    assert tab.model.data(tab.model.index(row, AppointmentsModel.PLACE)) == "Remote"
    done_button = tab.status_buttons[AppointmentStatus.DONE]
    assert done_button.isEnabled()
    with qtbot.waitSignal(ctx.events.appointments_changed, timeout=5000):
        qtbot.mouseClick(done_button, LEFT)
    wait_db(qtbot, ctx)
    saved = next(
        a
        for a in call(qtbot, ctx, lambda s: appointments.appointments_of(s, summary.id))
        if a.id == new.id
    )
    assert saved.status is AppointmentStatus.DONE
    row = tab.model.row_of(new.id)
    assert row is not None
    assert tab.model.data(tab.model.index(row, AppointmentsModel.STATUS)) == "Done"
    assert not done_button.isEnabled()  # it is done already
    assert ctx.errors == []  # type: ignore[attr-defined]


def test_cancelled_and_no_show(qtbot: QtBot, ctx: UiContext) -> None:
    summary = client_with_appointments(qtbot, ctx)
    rel = next(
        r
        for r in call(qtbot, ctx, lambda s: relationships.relationships_of(s, summary.id))
        if r.active
    )
    yesterday = Appointment(summary.id, rel.id or 0, NOW - timedelta(days=1), 45)
    past = call(qtbot, ctx, lambda s: appointments.add_appointment(s, yesterday))
    tab = open_tab(qtbot, ctx, summary.id)
    assert not tab.status_buttons[AppointmentStatus.CANCELLED].isEnabled()  # nothing chosen
    started = tab.model.row_of(past.id)
    tab.table.selectRow(started)
    chosen = tab.selected_appointment()
    assert chosen is not None
    qtbot.mouseClick(tab.status_buttons[AppointmentStatus.NO_SHOW], LEFT)
    wait_db(qtbot, ctx)
    rows = call(qtbot, ctx, lambda s: appointments.appointments_of(s, summary.id))
    assert next(a for a in rows if a.id == chosen.id).status is AppointmentStatus.NO_SHOW
    current = tab.selected_appointment()
    assert current is not None and current.id == chosen.id
    # A missed visit is history: it cannot be cancelled any more.
    assert not tab.status_buttons[AppointmentStatus.CANCELLED].isEnabled()

    # A booked visit is cancelled with who and why, and stays in the list saying so.
    booked = book_later(qtbot, ctx, summary.id)
    tab.reload()
    wait_db(qtbot, ctx)
    tab.select_appointment(booked.id)
    qtbot.mouseClick(tab.status_buttons[AppointmentStatus.CANCELLED], LEFT)
    dialog = tab.dialog
    assert isinstance(dialog, CancelDialog)
    assert not dialog.following.isVisible()  # not a visit of a series
    dialog.by_practitioner.setChecked(True)
    type_text(qtbot, dialog.reason, "Koulutuspäivä")
    qtbot.mouseClick(dialog.save_button, LEFT)
    wait_db(qtbot, ctx)
    qtbot.waitUntil(lambda: tab.dialog is None)
    rows = call(qtbot, ctx, lambda s: appointments.appointments_of(s, summary.id))
    stored = next(a for a in rows if a.id == booked.id)
    assert stored.status is AppointmentStatus.CANCELLED
    assert stored.cancelled_by is CancelledBy.PRACTITIONER
    row = tab.model.row_of(booked.id)
    assert row is not None
    status = tab.model.data(tab.model.index(row, AppointmentsModel.STATUS))
    assert status == "Cancelled by the practitioner: Koulutuspäivä"
    assert ctx.errors == []  # type: ignore[attr-defined]


def book_later(qtbot: QtBot, ctx: UiContext, client_id: str) -> Appointment:
    rels = call(qtbot, ctx, lambda s: relationships.relationships_of(s, client_id))
    rel = next(r for r in rels if r.ended_on is None)
    when = datetime.combine(TODAY + timedelta(days=40), time(7, 0))
    return call(
        qtbot,
        ctx,
        lambda s: appointments.add_appointment(s, Appointment(client_id, rel.id or 0, when, 45)),
    )


def test_payment_commitment_is_offered_and_shown(qtbot: QtBot, ctx: UiContext) -> None:
    summary = active_client(qtbot, ctx)
    rels = call(qtbot, ctx, lambda s: relationships.relationships_of(s, summary.id))
    rel = next(r for r in rels if r.ended_on is None)
    commitment = PaymentCommitment(
        client_id=summary.id,
        issuer_kind=IssuerKind.KELA,
        valid_from=TODAY - timedelta(days=30),
        valid_until=TODAY + timedelta(days=300),
        decision_number="KU-2026-0042",
        relationship_id=rel.id,
        visits_granted=20,
    )
    call(qtbot, ctx, lambda s: billing.add_payment_commitment(s, commitment))
    tab = open_tab(qtbot, ctx, summary.id)
    qtbot.mouseClick(tab.new_button, LEFT)
    dialog = the_dialog(tab)
    dialog.relationship.setCurrentIndex(dialog.relationship.findData(rel.id))
    assert dialog.commitment.isVisible()
    offered = [dialog.commitment.itemData(i) for i in range(dialog.commitment.count())]
    assert offered == [None, commitment.id]
    assert dialog.commitment.currentIndex() == 1  # the one commitment covering the visit
    assert "20 visits left" in dialog.commitment.currentText()
    commitment_id = commitment.id
    save_booking(qtbot, ctx, dialog)
    rows = call(qtbot, ctx, lambda s: appointments.appointments_of(s, summary.id))
    new = max(rows, key=lambda a: a.id or 0)
    assert new.payment_commitment_id == commitment_id
    row = tab.model.row_of(new.id)
    assert row is not None
    text = tab.model.data(tab.model.index(row, AppointmentsModel.COMMITMENT))
    assert text == "Kela KU-2026-0042"


def test_no_active_relationship_no_booking(qtbot: QtBot, ctx: UiContext) -> None:
    client = call(
        qtbot, ctx, lambda s: clients.add_client(s, Client(first_name="Outi", last_name="Ström"))
    )
    assert client.id is not None
    tab = open_tab(qtbot, ctx, client.id)
    assert tab.model.rowCount() == 0
    assert not tab.new_button.isEnabled()
    assert "relationship" in tab.new_button.toolTip()
    assert tab.summary.text() == "No appointments yet."


def test_model_passes_the_model_tester(qtbot: QtBot, ctx: UiContext, qtmodeltester: Any) -> None:
    summary = client_with_appointments(qtbot, ctx)
    tab = open_tab(qtbot, ctx, summary.id)
    assert tab.model.rowCount() > 0
    qtmodeltester.check(tab.model)
    tab.clear()
    qtmodeltester.check(tab.model)


def test_clear_leaves_nothing_personal(qtbot: QtBot, ctx: UiContext) -> None:
    summary = client_with_appointments(qtbot, ctx)
    tab = open_tab(qtbot, ctx, summary.id)
    rows = call(qtbot, ctx, lambda s: appointments.appointments_of(s, summary.id))
    personal = {a.place for a in rows if a.place} | {a.service for a in rows if a.service}
    assert personal & set(model_texts(tab.model))
    qtbot.mouseClick(tab.new_button, LEFT)
    assert isinstance(tab.dialog, AppointmentDialog)

    tab.clear()
    qtbot.waitUntil(lambda: not tab.findChildren(AppointmentDialog))
    assert tab.dialog is None and tab.client_id is None and tab.data is None
    texts = visible_texts(tab)
    assert [t for t in texts if any(p in t for p in personal)] == []
    assert summary.name not in " ".join(texts)
    assert tab.model.rowCount() == 0
    assert tab.summary.text() == ""
    assert not tab.new_button.isEnabled()
