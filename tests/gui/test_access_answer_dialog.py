"""The answer wizard (issue 10 item 7), driven with qtbot on the real worker: withhold an
entry, preview the PDF, save it with its JSON, print it off the GUI thread, mark delivered;
and a client with a thousand entries whose answer renders while the window keeps working."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from app.db import audit
from app.domain.kinds import (
    DeliveryMethod,
    IdentityMethod,
    NoteKind,
    RegisterKind,
    RequestKind,
    RequestStatus,
)
from app.domain.models import Note
from app.services import clients, clinical, relationships, requests
from app.services.session import Session
from app.ui import access_answer_dialog, printing
from app.ui.access_answer_dialog import AccessAnswerDialog
from app.ui.dialogs.withhold_dialog import WithholdDialog
from app.ui.tabs.requests_tab import RequestsTab
from tests.gui.conftest import TODAY, wait_db
from tests.gui.drive import run_job as run
from tests.gui.test_requests_tab import click, open_tab


def patient_with_notes(session: Session) -> tuple[str, int]:
    """A demo client with a patient relationship kept in Vakka and entries in it."""
    for summary in clients.list_clients(session):
        for rel in relationships.relationships_of(session, summary.id):
            if rel.register_kind is RegisterKind.PATIENT and rel.active and rel.id is not None:
                notes = clinical.notes_of(session, summary.id)
                if any(n.kind is not NoteKind.THIRD_PARTY_DOCUMENT and n.body for n in notes):
                    return summary.id, rel.id
    raise AssertionError("no patient with entries in the demo register")


def access_request(session: Session, client_id: str) -> int:
    request = requests.record_request(session, client_id, RequestKind.ACCESS, TODAY)
    requests.record_identity_check(
        session, request.id or 0, IdentityMethod.IN_PERSON_ID_DOCUMENT, "Eeva", TODAY
    )
    return request.id or 0


def open_answer(qtbot: QtBot, ctx, client_id: str, request_id: int) -> AccessAnswerDialog:  # type: ignore[no-untyped-def]
    tab: RequestsTab = open_tab(qtbot, ctx, client_id)
    tab.select_request(request_id)
    click(qtbot, ctx, tab.answer_button)
    dialog = tab.dialog
    assert isinstance(dialog, AccessAnswerDialog)
    wait_db(qtbot, ctx)
    return dialog


def rendered(qtbot: QtBot, dialog: AccessAnswerDialog) -> None:
    qtbot.waitUntil(lambda: dialog.print_button.isEnabled(), timeout=60_000)


def test_withhold_preview_save_and_deliver(
    qtbot: QtBot, ctx, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    client_id, _rel = run(qtbot, ctx, patient_with_notes)
    request_id = run(qtbot, ctx, lambda s: access_request(s, client_id))
    dialog = open_answer(qtbot, ctx, client_id, request_id)
    assert dialog.entries.count() > 0
    assert dialog.language.currentData() in ("fi", "sv", "en")

    # Withhold the first entry the practitioner may choose.
    choices = dialog.choices
    assert choices is not None
    row = next(i for i, e in enumerate(choices.entries) if e.automatic is None and e.preview)
    withheld_text = choices.entries[row].preview.rstrip("…")[:40]
    dialog.entries.setCurrentRow(row)
    qtbot.mouseClick(dialog.withhold_button, printing.Qt.MouseButton.LeftButton)
    withhold = dialog.findChild(WithholdDialog)
    assert isinstance(withhold, WithholdDialog)
    qtbot.keyClicks(withhold.explanation, "Reading it now could harm the care.")
    click(qtbot, ctx, withhold.save_button)
    wait_db(qtbot, ctx)
    assert "Withheld:" in dialog.entries.item(row).text()

    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    click(qtbot, ctx, dialog.next_button)
    rendered(qtbot, dialog)
    assert dialog.document.pageCount() > 3
    assert not dialog.next_button.isEnabled()  # nothing given yet: no delivery to record

    target = tmp_path / "out" / "answer.pdf"
    target.parent.mkdir()
    monkeypatch.setattr(access_answer_dialog, "ask_answer_path", lambda *_a: target)
    click(qtbot, ctx, dialog.save_button)
    assert target.exists() and target.with_suffix(".json").exists()
    text = " ".join(" ".join(p.extract_text() or "" for p in PdfReader(str(target)).pages).split())
    assert "Reading it now could harm the care." in text
    assert withheld_text not in text

    assert dialog.next_button.isEnabled()
    click(qtbot, ctx, dialog.next_button)
    assert dialog.pages.currentIndex() == 2
    dialog.how.setCurrentIndex(dialog.how.findData(DeliveryMethod.POST.value))
    click(qtbot, ctx, dialog.next_button)
    done = run(
        qtbot,
        ctx,
        lambda s: next(r for r in requests.requests_of(s, client_id) if r.id == request_id),
    )
    assert done.status is RequestStatus.CLOSED
    assert done.delivered_how is DeliveryMethod.POST and done.packet_id
    assert ctx.errors == []


def test_printing_runs_off_the_gui_thread_and_is_logged(
    qtbot: QtBot,
    ctx,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    client_id, _rel = run(qtbot, ctx, patient_with_notes)
    request_id = run(qtbot, ctx, lambda s: access_request(s, client_id))
    dialog = open_answer(qtbot, ctx, client_id, request_id)
    click(qtbot, ctx, dialog.next_button)
    rendered(qtbot, dialog)

    paper = tmp_path / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(paper))
    monkeypatch.setattr(printing, "ask_printer", lambda *_a: printer)
    threads: list[str] = []
    real_draw = printing._draw_page

    def draw(*args):  # type: ignore[no-untyped-def]
        import threading

        threads.append(threading.current_thread().name)
        real_draw(*args)

    monkeypatch.setattr(printing, "_draw_page", draw)
    qtbot.mouseClick(dialog.print_button, printing.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.given, timeout=60_000)
    wait_db(qtbot, ctx)
    assert set(threads) == {"vakka-print"}
    assert len(threads) == dialog.document.pageCount()
    assert len(PdfReader(str(paper)).pages) == dialog.document.pageCount()
    actions = run(qtbot, ctx, lambda s: [r.action for r in audit.rows(s.conn, client_id)])
    assert "print" in actions


def test_a_thousand_entries_render_while_the_window_keeps_working(qtbot: QtBot, ctx) -> None:  # type: ignore[no-untyped-def]
    client_id, rel_id = run(qtbot, ctx, patient_with_notes)

    def many(session: Session) -> None:
        with session.transaction():  # one commit, not a thousand
            for number in range(1000):
                note = Note(
                    client_id=client_id,
                    relationship_id=rel_id,
                    register_kind=RegisterKind.PATIENT,
                    kind=NoteKind.SESSION_NOTE,
                    body=f"Kirjaus {number}: jaksaminen ja uni.",
                    written_at=datetime.now(),
                    author_name="Eeva Esimerkki",
                    session_date=date(2026, 11, 2),
                )
                clinical.add_note(session, note)

    ctx.db.run(many)
    wait_db(qtbot, ctx, timeout=180_000)
    request_id = run(qtbot, ctx, lambda s: access_request(s, client_id))
    dialog = open_answer(qtbot, ctx, client_id, request_id)
    seen: list[int] = []
    dialog.progress.valueChanged.connect(seen.append)
    click(qtbot, ctx, dialog.next_button)
    rendered(qtbot, dialog)
    # The GUI thread handled many progress updates while the PDF was being laid out.
    assert len(set(seen)) > 20
    assert dialog.document.pageCount() > 100
