"""The app says when the register is older than this computer last saw it, with the dates,
and the practitioner can accept it (recorded in the log) — issue 13 item 3."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.db import audit
from app.db.audit import AuditHead
from app.db.seen_heads import SeenHead
from tests.gui.conftest import wait_db
from tests.gui.drive import open_main_window
from tests.gui.drive import run_job as run


def test_the_older_state_is_told_and_can_be_accepted(qtbot: QtBot, ctx) -> None:  # type: ignore[no-untyped-def]
    def pretend_rolled_back(session):  # type: ignore[no-untyped-def]
        register = session.register
        now = audit.current_head(session.conn, register.audit_key)
        register.seen = SeenHead(AuditHead(now.seq + 5, "0" * 64, ""), datetime(2026, 11, 20, 9, 0))
        register.rolled_back = True

    run(qtbot, ctx, pretend_rolled_back)
    window = open_main_window(qtbot, ctx)
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "olderStateNotice") is not None)
    box = window.findChild(QMessageBox, "olderStateNotice")
    assert "20.11.2026" in box.text() or "20 November 2026" in box.text()
    accept = next(b for b in box.buttons() if "Accept" in b.text())
    accept.click()
    wait_db(qtbot, ctx)
    refs = run(
        qtbot, ctx, lambda s: [r.ref for r in audit.rows(s.conn) if r.action == "rollback.accept"]
    )
    assert refs == ["accepted"]
    assert run(qtbot, ctx, lambda s: s.register.rolled_back) is False
