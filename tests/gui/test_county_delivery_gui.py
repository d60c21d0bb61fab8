"""The county delivery on the relationships table (issue 9 item 4), driven with qtbot."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.domain.kinds import Controller, RecordsKept, RegisterKind
from app.domain.models import Relationship
from app.services import relationships
from app.ui.context import UiContext
from app.ui.dialogs.county_delivery_dialogs import ConfirmDeliveryDialog, CountyPacketDialog
from tests.gui.conftest import TODAY, wait_db
from tests.gui.drive import run_job as call
from tests.gui.drive import type_text
from tests.gui.test_contact_tab import LEFT, active_client, open_tab, the_dialog

COUNTY = "Testin hyvinvointialue"


def test_packet_then_confirm_from_the_relationships_table(
    qtbot: QtBot, ctx: UiContext, tmp_path: Path
) -> None:
    summary = active_client(qtbot, ctx)
    out = tmp_path / "packet"
    out.mkdir()

    def ended_county_relationship(s: object) -> int:
        rel = relationships.start_relationship(
            s,  # type: ignore[arg-type]
            Relationship(summary.id, RegisterKind.OTHER, RecordsKept.VAKKA,
                         TODAY - timedelta(days=100), controller=Controller.COUNTY,
                         county_name=COUNTY),
        )  # fmt: skip
        assert rel.id is not None
        relationships.end_relationship(s, rel.id, TODAY - timedelta(days=10), "Päättyi")  # type: ignore[arg-type]
        return rel.id

    rel_id = call(qtbot, ctx, ended_county_relationship)
    tab = open_tab(qtbot, ctx, summary.id)
    first = tab.selected_relationship()
    if first is not None and first.controller is Controller.PRACTICE:
        assert tab.packet_button.isHidden()
    tab.select_relationship(rel_id)
    assert tab.packet_button.isEnabled() and tab.confirm_delivery_button.isEnabled()

    qtbot.mouseClick(tab.packet_button, LEFT)
    packet_dialog = the_dialog(tab, CountyPacketDialog)
    assert packet_dialog.include_address.isHidden()
    type_text(qtbot, packet_dialog.folder, str(out / "missing"))
    qtbot.mouseClick(packet_dialog.save_button, LEFT)
    wait_db(qtbot, ctx)
    assert packet_dialog.isVisible() and packet_dialog.error.text()
    packet_dialog.folder.clear()
    type_text(qtbot, packet_dialog.folder, str(out))
    with qtbot.waitSignal(packet_dialog.written, timeout=10000):
        qtbot.mouseClick(packet_dialog.save_button, LEFT)
    wait_db(qtbot, ctx)
    assert sorted(p.suffix for p in out.iterdir()) == [".json", ".pdf"]

    tab.select_relationship(rel_id)
    qtbot.mouseClick(tab.confirm_delivery_button, LEFT)
    confirm = the_dialog(tab, ConfirmDeliveryDialog)
    assert confirm.to_whom.text() == COUNTY
    qtbot.mouseClick(confirm.save_button, LEFT)  # how is missing
    wait_db(qtbot, ctx)
    assert confirm.isVisible() and confirm.error.text()
    type_text(qtbot, confirm.how, "Suojattu sähköposti")
    with qtbot.waitSignal(confirm.saved, timeout=10000):
        qtbot.mouseClick(confirm.save_button, LEFT)
    wait_db(qtbot, ctx)
    rels = call(qtbot, ctx, lambda s: relationships.relationships_of(s, summary.id))
    delivered = next(r for r in rels if r.id == rel_id)
    assert (delivered.delivered_on, delivered.delivered_how, delivered.delivered_to) == (
        TODAY, "Suojattu sähköposti", COUNTY,
    )  # fmt: skip
    tab.select_relationship(rel_id)
    assert tab.packet_button.isEnabled() and not tab.confirm_delivery_button.isEnabled()
