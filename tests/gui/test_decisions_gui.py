"""Decisions and the consents printout from the GUI (issue 10 item 6), on the real worker."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.domain.kinds import IdentityMethod, RequestDecision, RequestKind
from app.services import clients, consents, requests
from app.ui.dialogs import decision_dialog
from app.ui.dialogs.decision_dialog import REFUSE, DecisionDialog
from app.ui.tabs import consents_tab
from app.ui.tabs.consents_tab import ConsentsTab
from tests.gui.conftest import TODAY, wait_db
from tests.gui.drive import run_job as run
from tests.gui.test_requests_tab import click, open_tab


def _text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text() or "" for p in PdfReader(str(path)).pages).split())


def test_a_rectification_refused_with_its_written_decision(
    qtbot: QtBot,
    ctx,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    client_id = run(qtbot, ctx, lambda s: clients.list_clients(s)[0].id)

    def record(session):  # type: ignore[no-untyped-def]
        request = requests.record_request(session, client_id, RequestKind.RECTIFICATION, TODAY)
        requests.record_identity_check(
            session, request.id or 0, IdentityMethod.STRONG_ELECTRONIC, "Eeva", TODAY
        )
        return request.id

    request_id = run(qtbot, ctx, record)
    tab = open_tab(qtbot, ctx, client_id)
    tab.select_request(request_id)
    target = tmp_path / "decision.pdf"
    monkeypatch.setattr(decision_dialog, "ask_decision_path", lambda *_a: target)
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda *a, **_k: asked.append(a[2]) or QMessageBox.StandardButton.No,
    )
    click(qtbot, ctx, tab.decision_button)
    dialog = tab.dialog
    assert isinstance(dialog, DecisionDialog)
    dialog.choice.setCurrentIndex(dialog.choice.findData(REFUSE))
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    click(qtbot, ctx, dialog.save_button)  # no reasons: refused, nothing written
    assert not target.exists() and dialog.isVisible()
    assert dialog.error.text()
    qtbot.keyClicks(dialog.text, "The entry says what was agreed.")
    click(qtbot, ctx, dialog.save_button)
    wait_db(qtbot, ctx)
    assert target.exists()
    text = _text(target)
    assert "Your request for rectification is refused" in text
    assert "The entry says what was agreed." in text
    assert asked and "decision.pdf" in asked[0]
    stored = run(
        qtbot,
        ctx,
        lambda s: next(r for r in requests.requests_of(s, client_id) if r.id == request_id),
    )
    assert stored.decision is RequestDecision.REFUSED


def test_consents_printout_from_the_consents_tab(
    qtbot: QtBot,
    ctx,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    def with_consents(session):  # type: ignore[no-untyped-def]
        for summary in clients.list_clients(session):
            if consents.consents_of(session, summary.id):
                return summary.id
        raise AssertionError("no client with consents in the demo")

    client_id = run(qtbot, ctx, with_consents)
    scopes = run(qtbot, ctx, lambda s: [c.scope for c in consents.consents_of(s, client_id)])
    tab = ConsentsTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    tab.show_client(client_id)
    wait_db(qtbot, ctx)
    target = tmp_path / "consents.pdf"
    monkeypatch.setattr(consents_tab, "ask_printout_path", lambda *_a: target)
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.No)
    click(qtbot, ctx, tab.printout_button)
    assert target.exists()
    text = _text(target)
    for scope in scopes:
        assert " ".join(scope.split()) in text
