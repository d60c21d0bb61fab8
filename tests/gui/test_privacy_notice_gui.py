"""The privacy notice from the GUI (issue 14 item 1): saved as PDF and HTML from the menu,
and from a client's relationship, recording the day the client was given it."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from app.domain.kinds import RegisterKind
from app.services import clients, relationships
from app.ui import privacy_notice_dialog
from app.ui.privacy_notice_dialog import PrivacyNoticeDialog
from tests.gui.conftest import TODAY, wait_db
from tests.gui.drive import run_job as run
from tests.gui.drive import type_text
from tests.gui.test_requests_tab import click


def test_own_text_then_pdf_and_html(
    qtbot: QtBot, ctx, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    dialog = PrivacyNoticeDialog(ctx, TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.kind.setCurrentIndex(dialog.kind.findData(RegisterKind.SOCIAL_CARE.value))
    dialog.language.setCurrentIndex(dialog.language.findData("sv"))
    dialog.section.setCurrentIndex(dialog.section.findData("recipients"))
    type_text(qtbot, dialog.own_text, "Bokslutet sköts av Exempel Bokföring Ab.")
    click(qtbot, ctx, dialog.save_text_button)
    targets = {False: tmp_path / "notice.pdf", True: tmp_path / "notice.html"}
    monkeypatch.setattr(
        privacy_notice_dialog, "ask_notice_path", lambda _p, _s, html: targets[html]
    )
    click(qtbot, ctx, dialog.pdf_button)
    click(qtbot, ctx, dialog.html_button)
    text = " ".join(
        " ".join(p.extract_text() or "" for p in PdfReader(str(targets[False])).pages).split()
    )
    assert "Dataskyddsbeskrivning" in text and "Exempel Bokföring Ab." in text
    assert "Exempel Bokföring Ab." in targets[True].read_text(encoding="utf-8")
    assert not dialog.error.isVisible()


def test_giving_the_notice_records_the_day(
    qtbot: QtBot, ctx, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    def active(session):  # type: ignore[no-untyped-def]
        for summary in clients.list_clients(session):
            for rel in relationships.relationships_of(session, summary.id):
                if rel.active:
                    return rel
        raise AssertionError("no active relationship in the demo")

    rel = run(qtbot, ctx, active)
    dialog = PrivacyNoticeDialog(ctx, TODAY, rel)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.kind.isEnabled()
    monkeypatch.setattr(privacy_notice_dialog, "ask_notice_path", lambda *_a: tmp_path / "n.pdf")
    click(qtbot, ctx, dialog.pdf_button)
    wait_db(qtbot, ctx)
    assert dialog.given
    stored = run(
        qtbot,
        ctx,
        lambda s: next(
            r for r in relationships.relationships_of(s, rel.client_id) if r.id == rel.id
        ),
    )
    assert stored.privacy_notice_given_on == TODAY
