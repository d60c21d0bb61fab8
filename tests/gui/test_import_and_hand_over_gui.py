"""The import wizard and the hand-over screen (issue 14), driven with qtbot on the real worker."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from app.services import clients
from app.ui import hand_over_dialog, import_dialog
from app.ui.hand_over_dialog import HandOverDialog
from app.ui.import_dialog import ImportDialog
from tests.gui.conftest import wait_db
from tests.gui.drive import run_job as run
from tests.gui.test_requests_tab import click


def test_import_with_a_column_mapped_by_hand(
    qtbot: QtBot, ctx, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    csv = tmp_path / "varaukset.csv"
    csv.write_bytes(
        "Asiakkaan nimi;Puhelin;Sähköposti\n"
        "Tuotu Testihenkilö;040 7000001;tuotu@example.invalid\n"
        "Toinen Tuotu;040 7000002;ei-osoite\n".encode("cp1252")
    )
    before = run(qtbot, ctx, lambda s: len(clients.list_clients(s)))
    monkeypatch.setattr(import_dialog, "ask_csv_path", lambda _p: csv)
    dialog = ImportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    click(qtbot, ctx, dialog.choose_button)
    assert dialog.file is not None and dialog.file.encoding.lower().replace("_", "-") in (
        "cp1252",
        "windows-1252",
    )
    click(qtbot, ctx, dialog.next_button)  # to the mapping
    combo = dialog.columns.cellWidget(0, 2)
    assert isinstance(combo, QComboBox) and combo.currentData() == "skip"  # not a known name
    click(qtbot, ctx, dialog.next_button)  # no name column: refused inline, nothing read in
    assert dialog.error.isVisible() and dialog.pages.currentIndex() == 1
    combo.setCurrentIndex(combo.findData("name"))
    click(qtbot, ctx, dialog.next_button)
    assert dialog.pages.currentIndex() == 2
    assert dialog.plan is not None and len(dialog.plan.checked.importable) == 1
    assert run(qtbot, ctx, lambda s: len(clients.list_clients(s))) == before  # nothing yet
    click(qtbot, ctx, dialog.next_button)
    qtbot.waitUntil(lambda: dialog.added == 1, timeout=20_000)
    names = run(qtbot, ctx, lambda s: {c.name for c in clients.list_clients(s)})
    assert "Tuotu Testihenkilö" in names and "Toinen Tuotu" not in names


def test_hand_over_from_the_screen(
    qtbot: QtBot, ctx, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(hand_over_dialog, "ask_parent_folder", lambda _p: tmp_path)
    dialog = HandOverDialog(ctx, "luovutus")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result_ is not None, timeout=120_000)
    wait_db(qtbot, ctx)
    manifest = json.loads((tmp_path / "luovutus" / "manifest.json").read_text(encoding="utf-8"))
    assert sum(manifest["clients"].values()) > 0
    assert "covering-letter.pdf" in dialog.outcome.text()
