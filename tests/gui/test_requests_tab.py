"""The requests tab and the overview of open requests, with the real worker."""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDateEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from app.domain.errors import VakkaError
from app.domain.kinds import FeeRule, RequestKind, RequestStatus
from app.domain.models import DataRequest
from app.domain.request_rules import extended_deadline
from app.i18n import message_for
from app.i18n.messages import field_label
from app.services import clients, requests
from app.services.session import Session
from app.ui.context import UiContext
from app.ui.dialogs.request_dialogs import (
    CloseRequestDialog,
    ExtendDialog,
    FeeDialog,
    IdentityDialog,
    RecordRequestDialog,
)
from app.ui.requests_overview import RequestsOverviewDialog
from app.ui.tabs.requests_tab import RequestsTab
from app.ui.texts import format_date
from tests.gui.conftest import TODAY, wait_db
from tests.gui.drive import run_job as run

T = TypeVar("T")
LEFT = Qt.MouseButton.LeftButton


def client_without_requests(session: Session) -> str:
    for summary in clients.list_clients(session):
        if summary.active and not requests.requests_of(session, summary.id):
            return summary.id
    raise AssertionError("no client without requests in the demo register")


def open_tab(qtbot: QtBot, ctx: UiContext, client_id: str) -> RequestsTab:
    tab = RequestsTab(ctx)
    qtbot.addWidget(tab)
    tab.resize(1100, 600)
    tab.show()
    tab.show_client(client_id)
    wait_db(qtbot, ctx)
    return tab


def click(qtbot: QtBot, ctx: UiContext, button: QPushButton) -> None:
    assert button.isEnabled()
    qtbot.mouseClick(button, LEFT)
    wait_db(qtbot, ctx)


def type_date(qtbot: QtBot, edit: QDateEdit, text: str) -> None:
    """Type a date d.M.yyyy into a date input from its first section (Finnish format)."""
    edit.setFocus()
    edit.setSelectedSection(QDateEdit.Section.DaySection)
    qtbot.keyClicks(edit, text)


def record(qtbot: QtBot, ctx: UiContext, tab: RequestsTab, kind: RequestKind) -> DataRequest:
    click(qtbot, ctx, tab.record_button)
    dialog = tab.dialog
    assert isinstance(dialog, RecordRequestDialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
    qtbot.keyClicks(dialog.details, "A letter from the client.")
    click(qtbot, ctx, dialog.save_button)
    assert tab.dialog is None
    assert isinstance(dialog.saved, DataRequest)
    return dialog.saved


@pytest.mark.parametrize("ui_language", ["fi"])
def test_access_request_deadline_moves_off_independence_day(qtbot: QtBot, ctx: UiContext) -> None:
    client_id = run(qtbot, ctx, client_without_requests)
    tab = open_tab(qtbot, ctx, client_id)
    assert tab.model.rowCount() == 0
    click(qtbot, ctx, tab.record_button)
    dialog = tab.dialog
    assert isinstance(dialog, RecordRequestDialog)
    assert dialog.kind.currentData() == RequestKind.ACCESS
    type_date(qtbot, dialog.received_on, "6.11.2026")
    assert dialog.received_on.value() == date(2026, 11, 6)
    # 6.12.2026 is Independence Day and a Sunday: the deadline is Monday 7.12.2026.
    assert dialog.deadline.text().startswith("7.12.2026")
    qtbot.keyClicks(dialog.details, "Asiakas pyytaa kopion tiedoistaan.")
    click(qtbot, ctx, dialog.save_button)
    assert tab.dialog is None

    assert tab.model.rowCount() == 1
    assert tab.model.index(0, 1).data() == "6.11.2026"
    assert tab.model.index(0, 2).data() == "7.12.2026"
    assert "14" in tab.model.index(0, tab.model.DAYS_LEFT).data()  # from 23.11.2026
    stored = run(qtbot, ctx, lambda s: requests.requests_of(s, client_id))
    assert stored[0].due_on == date(2026, 12, 7)
    assert stored[0].kind is RequestKind.ACCESS
    assert ctx.errors == []  # type: ignore[attr-defined]


def test_closing_needs_an_identity_check_first(qtbot: QtBot, ctx: UiContext) -> None:
    client_id = run(qtbot, ctx, client_without_requests)
    tab = open_tab(qtbot, ctx, client_id)
    saved = record(qtbot, ctx, tab, RequestKind.RECTIFICATION)
    assert tab.selected_request() is not None
    assert tab.model.index(0, 4).data() == "not checked"

    click(qtbot, ctx, tab.close_button)
    dialog = tab.dialog
    assert isinstance(dialog, CloseRequestDialog)
    qtbot.keyClicks(dialog.outcome, "Address corrected")
    click(qtbot, ctx, dialog.save_button)
    assert dialog.isVisible()
    # The field is not on this form: the service's field is named by its label (issue 8, item 11).
    message = message_for(VakkaError("request.identity_not_checked"), "en")
    assert dialog.error.text() == f"{field_label('identity_method', 'en')}: {message}"
    stored = run(qtbot, ctx, lambda s: requests.requests_of(s, client_id))
    assert stored[0].status is RequestStatus.OPEN
    dialog.reject()
    assert tab.dialog is None

    click(qtbot, ctx, tab.identity_button)
    identity = tab.dialog
    assert isinstance(identity, IdentityDialog)
    assert identity.checked_by.text() != ""  # the practitioner's name
    assert identity.checked_on.value() == TODAY
    click(qtbot, ctx, identity.save_button)
    assert tab.dialog is None
    assert "In person, with an ID document" in tab.model.index(0, 4).data()

    click(qtbot, ctx, tab.close_button)
    dialog = tab.dialog
    assert isinstance(dialog, CloseRequestDialog)
    qtbot.keyClicks(dialog.outcome, "Address corrected")
    click(qtbot, ctx, dialog.save_button)
    assert tab.dialog is None
    assert tab.model.index(0, 6).data() == f"Closed {format_date(TODAY)}"
    assert "Address corrected" in tab.details.text()
    assert not tab.close_button.isEnabled()
    stored = run(qtbot, ctx, lambda s: requests.requests_of(s, client_id))
    assert stored[0].id == saved.id
    assert stored[0].status is RequestStatus.CLOSED
    assert stored[0].outcome == "Address corrected"
    assert stored[0].closed_on == TODAY
    assert ctx.errors == []  # type: ignore[attr-defined]


def test_extension_and_fee_need_reasons(qtbot: QtBot, ctx: UiContext) -> None:
    client_id = run(qtbot, ctx, client_without_requests)
    tab = open_tab(qtbot, ctx, client_id)
    saved = record(qtbot, ctx, tab, RequestKind.ACCESS)

    click(qtbot, ctx, tab.extend_button)
    dialog = tab.dialog
    assert isinstance(dialog, ExtendDialog)
    click(qtbot, ctx, dialog.save_button)
    assert dialog.isVisible() and dialog.error.text().startswith("Reasons:")
    qtbot.keyClicks(dialog.reason, "Many relationships and years of records.")
    click(qtbot, ctx, dialog.save_button)
    assert tab.dialog is None
    extended = extended_deadline(TODAY)
    assert tab.model.index(0, 2).data() == f"{format_date(extended)} (extended)"
    assert not tab.extend_button.isEnabled()

    click(qtbot, ctx, tab.fee_button)
    fee = tab.dialog
    assert isinstance(fee, FeeDialog)
    fee.rule.setCurrentIndex(fee.rule.findData(FeeRule.FURTHER_COPY_FEE))
    click(qtbot, ctx, fee.save_button)
    assert fee.isVisible() and fee.error.text().startswith("Reasons:")
    qtbot.keyClicks(fee.reason, "A second copy of the same records.")
    click(qtbot, ctx, fee.save_button)  # the first copy is always free: refused
    assert fee.isVisible() and "first copy" in fee.error.text()
    fee.rule.setCurrentIndex(fee.rule.findData(FeeRule.MANIFESTLY_UNFOUNDED))
    click(qtbot, ctx, fee.save_button)
    assert tab.dialog is None
    assert tab.model.index(0, 5).data() == "Manifestly unfounded or excessive"

    stored = run(qtbot, ctx, lambda s: requests.requests_of(s, client_id))[0]
    assert stored.id == saved.id
    assert stored.extended_to == extended
    assert stored.fee_rule is FeeRule.MANIFESTLY_UNFOUNDED
    assert ctx.errors == []  # type: ignore[attr-defined]


def test_overview_lists_open_requests_by_deadline(
    qtbot: QtBot, ctx: UiContext, qtmodeltester: Any
) -> None:
    client_id = run(qtbot, ctx, client_without_requests)
    name = run(qtbot, ctx, lambda s: clients.open_client(s, client_id)).display_name
    run(
        qtbot,
        ctx,
        lambda s: requests.record_request(s, client_id, RequestKind.ERASURE, date(2026, 10, 26)),
    )
    expected = run(qtbot, ctx, requests.open_requests)
    opened: list[str] = []
    dialog = RequestsOverviewDialog(ctx, None, on_open_client=opened.append)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_db(qtbot, ctx)
    model = dialog.model
    assert model.rowCount() == len(expected) >= 2
    deadlines = [model.request(r).deadline for r in range(model.rowCount())]
    assert deadlines == sorted(deadlines)
    # Received 26.10.2026: due 26.11.2026, the nearest; three days left on 23.11.2026.
    assert model.index(0, 0).data() == name
    assert model.index(0, 1).data() == "Erasure"
    assert model.index(0, 3).data() == format_date(date(2026, 11, 26))
    assert model.index(0, 4).data() == "3 days"
    assert model.index(0, 4).data(Qt.ItemDataRole.DecorationRole) is not None
    assert "open requests" in dialog.summary.text()
    qtmodeltester.check(model)

    # A double-click arrives as press, release and a double-click event.
    center = dialog.table.visualRect(model.index(0, 0)).center()
    qtbot.mouseClick(dialog.table.viewport(), LEFT, pos=center)
    qtbot.mouseDClick(dialog.table.viewport(), LEFT, pos=center)
    assert opened == [client_id]
    assert not dialog.isVisible()
    dialog.clear()
    assert model.rowCount() == 0 and dialog.summary.text() == ""
    assert ctx.errors == []  # type: ignore[attr-defined]


def client_with_requests(session: Session) -> str:
    best = max(
        clients.list_clients(session), key=lambda c: len(requests.requests_of(session, c.id))
    )
    return best.id


def test_model_passes_the_model_tester(qtbot: QtBot, ctx: UiContext, qtmodeltester: Any) -> None:
    client_id = run(qtbot, ctx, client_with_requests)
    run(
        qtbot,
        ctx,
        lambda s: requests.record_request(s, client_id, RequestKind.LOG_INFORMATION, TODAY),
    )
    tab = open_tab(qtbot, ctx, client_id)
    assert tab.model.rowCount() >= 2
    qtmodeltester.check(tab.model)


def test_clear_empties_every_widget(qtbot: QtBot, ctx: UiContext) -> None:
    client_id = run(qtbot, ctx, client_without_requests)
    tab = open_tab(qtbot, ctx, client_id)
    record(qtbot, ctx, tab, RequestKind.ACCESS)
    assert tab.details.text() != ""
    click(qtbot, ctx, tab.identity_button)
    assert tab.dialog is not None
    tab.clear()
    assert tab.client_id is None
    assert tab.dialog is None
    assert tab.model.rowCount() == 0
    assert tab.details.text() == ""
    for button in (
        tab.record_button,
        tab.identity_button,
        tab.extend_button,
        tab.fee_button,
        tab.close_button,
    ):
        assert not button.isEnabled()
    assert ctx.errors == []  # type: ignore[attr-defined]


def test_overview_closes_when_the_window_hides(qtbot: QtBot, ctx: UiContext) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    dialog = RequestsOverviewDialog(ctx, window, on_open_client=lambda _id: None)
    dialog.show()
    wait_db(qtbot, ctx)
    assert dialog.model.rowCount() > 0
    window.hide()  # the app locks
    assert not dialog.isVisible()
    assert dialog.model.rowCount() == 0
    assert dialog.summary.text() == ""
