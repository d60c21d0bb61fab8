"""The consents tab with the real worker: versions, withdrawal, disclosures, legal holds."""

from __future__ import annotations

from typing import Any, TypeVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from app.db.audit import AuditRow
from app.domain.kinds import ConsentKind, HoldGround
from app.domain.models import Consent, Disclosure, LegalHold
from app.services import clients, consents, holds, relationships
from app.services.audit_view import client_log
from app.services.session import Session
from app.ui.context import UiContext
from app.ui.dialogs.consent_dialog import ConsentDialog, HoldDialog, WithdrawDialog
from app.ui.dialogs.disclosure_dialog import DisclosureDialog
from app.ui.tabs import consents_tab
from app.ui.tabs.consents_tab import ConsentsTab
from app.ui.texts import format_date
from tests.gui.conftest import TODAY, wait_db
from tests.gui.drive import click_row
from tests.gui.drive import run_job as run

T = TypeVar("T")
LEFT = Qt.MouseButton.LeftButton


def active_client(session: Session) -> str:
    for summary in clients.list_clients(session):
        rels = relationships.relationships_of(session, summary.id)
        active = summary.active and any(r.ended_on is None for r in rels)
        if active and not holds.holds_of(session, summary.id):
            return summary.id
    raise AssertionError("the demo register has no such client")


def relationship_of(session: Session, client_id: str) -> int | None:
    """The relationship the dialogs choose by default (records name their relationship)."""
    chosen = relationships.default_relationship(relationships.relationships_of(session, client_id))
    return None if chosen is None else chosen.id


def open_tab(qtbot: QtBot, ctx: UiContext, client_id: str) -> ConsentsTab:
    tab = ConsentsTab(ctx)
    qtbot.addWidget(tab)
    tab.resize(1000, 800)
    tab.show()
    tab.show_client(client_id)
    wait_db(qtbot, ctx)
    return tab


def click(qtbot: QtBot, ctx: UiContext, button: QPushButton) -> None:
    assert button.isEnabled()
    qtbot.mouseClick(button, LEFT)
    wait_db(qtbot, ctx)


def actions(qtbot: QtBot, ctx: UiContext, client_id: str) -> list[str]:
    rows: list[AuditRow] = run(qtbot, ctx, lambda s: client_log(s, client_id))
    return [r.action for r in rows]


def test_consent_new_version_and_withdrawal_all_visible(qtbot: QtBot, ctx: UiContext) -> None:
    client_id = run(qtbot, ctx, active_client)
    tab = open_tab(qtbot, ctx, client_id)
    before = tab.consent_model.rowCount()

    click(qtbot, ctx, tab.record_button)
    dialog = tab.dialog
    assert isinstance(dialog, ConsentDialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData(ConsentKind.SHARING_PERMISSION))
    qtbot.keyClicks(dialog.scope, "Statements to the occupational health service")
    qtbot.keyClicks(dialog.recipient, "Occupational health (example)")
    click(qtbot, ctx, dialog.save_button)
    assert tab.dialog is None
    first = dialog.saved
    assert isinstance(first, Consent)
    assert tab.consent_model.rowCount() == before + 1
    row = tab.consent_model.row_of(first.id)
    assert row is not None
    assert tab.consent_model.index(row, 5).data() == "In force"
    assert tab.consent_model.index(row, 4).data() == "1"

    click_row(qtbot, tab.consents, row)
    click(qtbot, ctx, tab.version_button)
    dialog = tab.dialog
    assert isinstance(dialog, ConsentDialog)
    assert dialog.scope.toPlainText() == "Statements to the occupational health service"
    assert not dialog.kind.isEnabled()
    dialog.scope.selectAll()
    qtbot.keyClicks(dialog.scope, "Statements on work ability only")
    click(qtbot, ctx, dialog.save_button)
    second = dialog.saved
    assert isinstance(second, Consent) and second.version == 2

    row = tab.consent_model.row_of(second.id)
    assert row is not None
    click_row(qtbot, tab.consents, row)
    click(qtbot, ctx, tab.withdraw_button)
    dialog = tab.dialog
    assert isinstance(dialog, WithdrawDialog)
    click(qtbot, ctx, dialog.save_button)
    third = dialog.saved
    assert isinstance(third, Consent) and third.withdrawn_on == TODAY

    # All three versions are shown, the current one first, the replaced ones marked.
    model = tab.consent_model
    assert model.rowCount() == before + 3
    top = model.row_of(third.id)
    assert top is not None
    assert [model.consent(top + i).id for i in range(3)] == [third.id, second.id, first.id]
    assert model.index(top, 5).data() == f"Withdrawn on {format_date(TODAY)}"
    assert model.index(top + 1, 5).data() == f"Replaced on {format_date(TODAY)}"
    assert model.index(top + 2, 5).data() == f"Replaced on {format_date(TODAY)}"
    assert model.index(top + 2, 5).data(Qt.ItemDataRole.ToolTipRole) == "Replaced by version 2"
    assert tab.selected_consent() == third  # the version just recorded
    assert model.index(top + 2, 1).data() == "Statements to the occupational health service"
    assert model.index(top + 1, 0).data(Qt.ItemDataRole.FontRole).italic()
    # Neither a withdrawn nor a replaced version can be changed again.
    click_row(qtbot, tab.consents, top)
    assert not tab.version_button.isEnabled() and not tab.withdraw_button.isEnabled()
    click_row(qtbot, tab.consents, top + 1)
    assert not tab.version_button.isEnabled()

    stored = [c for c in run(qtbot, ctx, lambda s: consents.consents_of(s, client_id))]
    chain = {c.id: c for c in stored if c.id in (first.id, second.id, third.id)}
    assert chain[first.id].replaced_at is not None and chain[second.id].replaced_at is not None
    assert chain[third.id].current and chain[third.id].supersedes_id == second.id
    assert ctx.errors == []  # type: ignore[attr-defined]


def test_disclosure_without_basis_refused_with_basis_logged(qtbot: QtBot, ctx: UiContext) -> None:
    client_id = run(qtbot, ctx, active_client)
    tab = open_tab(qtbot, ctx, client_id)
    stored_before = len(run(qtbot, ctx, lambda s: consents.disclosures_of(s, client_id)))
    logged_before = actions(qtbot, ctx, client_id).count("disclosure")

    click(qtbot, ctx, tab.disclose_button)
    dialog = tab.dialog
    assert isinstance(dialog, DisclosureDialog)
    qtbot.keyClicks(dialog.recipient, "Pirkanmaa wellbeing services county, child welfare")
    qtbot.keyClicks(dialog.data_disclosed, "Child welfare notification")
    qtbot.keyClicks(dialog.purpose, "Assessing the need for support")
    dialog.consent.setCurrentIndex(0)  # no consent either
    click(qtbot, ctx, dialog.save_button)
    assert dialog.isVisible()
    assert dialog.error.isVisible()
    assert "legal basis or the consent" in dialog.error.text()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.legal_basis)
    assert len(run(qtbot, ctx, lambda s: consents.disclosures_of(s, client_id))) == stored_before
    assert actions(qtbot, ctx, client_id).count("disclosure") == logged_before

    qtbot.keyClicks(dialog.legal_basis, "Child Welfare Act 417/2007 § 25")
    click(qtbot, ctx, dialog.save_button)
    assert tab.dialog is None
    saved = dialog.saved
    assert isinstance(saved, Disclosure)
    stored = run(qtbot, ctx, lambda s: consents.disclosures_of(s, client_id))
    assert len(stored) == stored_before + 1
    assert any(d.legal_basis == "Child Welfare Act 417/2007 § 25" for d in stored)
    assert actions(qtbot, ctx, client_id).count("disclosure") == logged_before + 1
    assert tab.disclosure_model.rowCount() == stored_before + 1
    assert tab.disclosure_model.index(0, 1).data().startswith("Pirkanmaa")
    assert tab.disclosure_model.index(0, 4).data() == "Child Welfare Act 417/2007 § 25"
    assert ctx.errors == []  # type: ignore[attr-defined]


def test_disclosure_resting_on_a_consent(qtbot: QtBot, ctx: UiContext) -> None:
    client_id = run(qtbot, ctx, active_client)
    rel_id = run(qtbot, ctx, lambda s: relationship_of(s, client_id))
    permission = Consent(
        client_id,
        ConsentKind.SHARING_PERMISSION,
        "Feedback to Kela",
        TODAY,
        recipient="Kela",
        relationship_id=rel_id,
    )
    run(qtbot, ctx, lambda s: consents.record_consent(s, permission))
    tab = open_tab(qtbot, ctx, client_id)
    click(qtbot, ctx, tab.disclose_button)
    dialog = tab.dialog
    assert isinstance(dialog, DisclosureDialog)
    dialog.consent.setCurrentIndex(dialog.consent.findData(permission.id))
    assert dialog.recipient.text() == "Kela"  # filled in from the permission
    qtbot.keyClicks(dialog.data_disclosed, "Treatment feedback")
    qtbot.keyClicks(dialog.purpose, "Continuation application")
    click(qtbot, ctx, dialog.save_button)
    assert tab.dialog is None
    saved = dialog.saved
    assert isinstance(saved, Disclosure) and saved.consent_id == permission.id
    assert tab.disclosure_model.index(0, 4).data() == (
        f"Data-sharing permission of {format_date(TODAY)} (version 1)"
    )


def test_legal_hold_placed_and_released(
    qtbot: QtBot, ctx: UiContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    client_id = run(qtbot, ctx, active_client)
    tab = open_tab(qtbot, ctx, client_id)
    click(qtbot, ctx, tab.hold_button)
    dialog = tab.dialog
    assert isinstance(dialog, HoldDialog)
    click(qtbot, ctx, dialog.save_button)  # no description
    assert dialog.isVisible() and dialog.error.text().startswith("Description:")
    dialog.ground.setCurrentIndex(dialog.ground.findData(HoldGround.DISPUTE))
    qtbot.keyClicks(dialog.description, "Fee dispute, letter of 20.11.2026")
    click(qtbot, ctx, dialog.save_button)
    assert tab.dialog is None
    assert tab.hold_model.rowCount() == 1
    assert tab.hold_model.index(0, 3).data() == "in force"
    assert tab.hold_state.text() != ""

    asked: list[LegalHold] = []
    monkeypatch.setattr(consents_tab, "confirm_release", lambda _p, h: asked.append(h) or True)
    click_row(qtbot, tab.holds, 0)
    click(qtbot, ctx, tab.release_button)
    assert len(asked) == 1
    assert tab.hold_model.index(0, 3).data() == format_date(TODAY)
    assert tab.hold_state.text() == ""
    stored = run(qtbot, ctx, lambda s: holds.holds_of(s, client_id))
    assert stored[0].released_on == TODAY
    logged = actions(qtbot, ctx, client_id)
    assert "hold.place" in logged and "hold.release" in logged
    assert ctx.errors == []  # type: ignore[attr-defined]


def client_with_versions(session: Session) -> str:
    """A demo client with replaced consent versions, given a disclosure if it has none."""
    for summary in clients.list_clients(session):
        rows = consents.consents_of(session, summary.id)
        if any(not c.current for c in rows):
            if not consents.disclosures_of(session, summary.id):
                disclosure = Disclosure(
                    summary.id,
                    TODAY,
                    "Kela",
                    "Statement",
                    "Rehabilitation",
                    "Act 1/2000 § 1",
                    relationship_id=relationship_of(session, summary.id),
                )
                consents.record_disclosure(session, disclosure)
            return summary.id
    raise AssertionError("no client with replaced consents")


def test_models_pass_the_model_tester(qtbot: QtBot, ctx: UiContext, qtmodeltester: Any) -> None:
    client_id = run(qtbot, ctx, client_with_versions)
    run(
        qtbot,
        ctx,
        lambda s: holds.place_hold(s, client_id, HoldGround.LEGAL_CLAIM, TODAY, "Claim"),
    )
    tab = open_tab(qtbot, ctx, client_id)
    assert tab.consent_model.rowCount() > 1
    assert tab.disclosure_model.rowCount() > 0
    assert tab.hold_model.rowCount() == 1
    qtmodeltester.check(tab.consent_model)
    qtmodeltester.check(tab.disclosure_model)
    qtmodeltester.check(tab.hold_model)


def test_clear_empties_every_widget(qtbot: QtBot, ctx: UiContext) -> None:
    client_id = run(qtbot, ctx, client_with_versions)
    run(qtbot, ctx, lambda s: holds.place_hold(s, client_id, HoldGround.DISPUTE, TODAY, "x"))
    tab = open_tab(qtbot, ctx, client_id)
    click_row(qtbot, tab.consents, 0)
    click(qtbot, ctx, tab.disclose_button)
    assert tab.dialog is not None
    tab.clear()
    assert tab.client_id is None
    assert tab.dialog is None
    assert tab.consent_model.rowCount() == 0
    assert tab.disclosure_model.rowCount() == 0
    assert tab.hold_model.rowCount() == 0
    assert tab.hold_state.text() == ""
    for button in (
        tab.record_button,
        tab.version_button,
        tab.withdraw_button,
        tab.disclose_button,
        tab.hold_button,
        tab.release_button,
    ):
        assert not button.isEnabled()
    assert ctx.errors == []  # type: ignore[attr-defined]
