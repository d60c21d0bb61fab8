"""The scripted session of the canary test (test_canary.py), run by it in a subprocess
with pytest, so that HOME, the XDG folders and TMPDIR point under its temporary folder
before anything is imported. Not collected by the suite on its own (no ``test_`` prefix).

The canary name, hetu and note text come from the environment (VAKKA_CANARY_*); the
answer's files go to VAKKA_CANARY_EXPORTS, the backups to VAKKA_CANARY_BACKUPS.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.db.keyfile import FAST_INSECURE_KDF
from app.domain.kinds import NoteKind, RecordsKept, RegisterKind
from app.domain.models import Client, Note, Practice, Relationship
from app.services import access_answer, backup, clients, clinical, managed_backups, relationships
from app.services import register as register_service
from app.ui.context import UiContext
from tests.conftest import PASSPHRASE, fixed_clock
from tests.e2e.test_no_plaintext import _encodings
from tests.gui.conftest import ctx, ui_language, wait_db
from tests.gui.drive import run_job
from tests.gui.test_clinical_tab import click, open_clinical, open_window

__all__ = ["ctx", "ui_language"]  # the GUI fixtures, used here by name

FIRST, LAST = os.environ.get("VAKKA_CANARY_NAME", "Canary Bird").split(" ", 1)
HETU = os.environ.get("VAKKA_CANARY_HETU", "")
NOTE = os.environ.get("VAKKA_CANARY_NOTE", "")
EXPORTS = Path(os.environ.get("VAKKA_CANARY_EXPORTS", "."))
BACKUPS = Path(os.environ.get("VAKKA_CANARY_BACKUPS", "."))


@pytest.fixture
def demo_folder(tmp_path: Path) -> Iterator[Path]:
    """The register of the session (the GUI fixtures open it as ``demo_folder``)."""
    folder = tmp_path / "register"
    practice = Practice(practitioner_name="Terttu Testiterapeutti", practitioner_title="psykologi")
    created = register_service.create(
        folder, PASSPHRASE, practice=practice, kdf=FAST_INSECURE_KDF, clock=fixed_clock
    )
    session = created.session
    try:
        relationships.confirm_legal_note(session, RegisterKind.PATIENT)
        client = clients.add_client(session, Client(first_name=FIRST, last_name=LAST))
        rel = relationships.start_relationship(
            session,
            Relationship(
                client_id=client.id or "",
                register_kind=RegisterKind.PATIENT,
                records_kept=RecordsKept.VAKKA,
                started_on=date(2026, 9, 1),
            ),
        )
        clinical.set_identity(session, client.id or "", f"{FIRST} {LAST}", hetu=HETU)
        clinical.add_note(
            session,
            Note(
                client_id=client.id or "",
                relationship_id=rel.id or 0,
                register_kind=RegisterKind.PATIENT,
                kind=NoteKind.SESSION_NOTE,
                body=NOTE,
                written_at=fixed_clock().replace(tzinfo=None),
                author_name="Terttu Testiterapeutti",
            ),
        )
    finally:
        session.close()
    yield folder


def open_files_holding_canaries() -> tuple[int, dict[str, list[str]]]:
    """Every regular file this process has open, read through /proc/self/fd and searched."""
    needles = [f"{FIRST} {LAST}", FIRST, LAST, HETU, NOTE]
    scanned, found = 0, {}
    for fd in os.listdir("/proc/self/fd"):
        link = f"/proc/self/fd/{fd}"
        try:
            target = os.readlink(link)
            if not stat.S_ISREG(os.stat(link).st_mode):
                continue  # a pipe or a socket: reading it could wait forever
            with open(link, "rb") as handle:
                data = handle.read()
        except OSError:
            continue  # an fd closed meanwhile
        scanned += 1
        hits = [n for n in needles for enc in _encodings(n) if enc in data]
        if hits:
            found[target] = sorted(set(hits))
    return scanned, found


def test_session(qtbot: QtBot, ctx: UiContext, demo_folder: Path) -> None:
    client_id = run_job(qtbot, ctx, lambda s: clients.list_clients(s)[0].id)
    window = open_window(qtbot, ctx)
    tab = open_clinical(qtbot, ctx, window, client_id)
    click(qtbot, tab.show_hetu_button)
    wait_db(qtbot, ctx)
    assert tab.hetu_value.text() == HETU  # revealed on screen

    scanned, found = open_files_holding_canaries()
    assert scanned >= 2 and found == {}  # at least the two stores are open

    control = EXPORTS / "control.txt"  # positive control: an open file holding a canary
    control.write_bytes(NOTE.encode("utf-16-be"))
    with control.open("rb"):
        assert open_files_holding_canaries()[1] == {str(control): [NOTE]}
    control.unlink()

    written = run_job(
        qtbot,
        ctx,
        lambda s: access_answer.access_packet(
            s, client_id, EXPORTS / "answer.pdf", EXPORTS / "answer.json", "fi"
        ),
    )
    assert written.pdf.exists()
    run_job(qtbot, ctx, lambda s: backup.create_backup(s, BACKUPS / "by-hand.vakka"))
    managed = BACKUPS / "managed"
    managed.mkdir()
    run_job(qtbot, ctx, lambda s: managed_backups.set_settings(s, managed, True, True))
    run_job(qtbot, ctx, managed_backups.make_backup)
    assert len(list(managed.iterdir())) == 1

    _scanned, found = open_files_holding_canaries()
    assert set(found) <= {str(EXPORTS / "answer.pdf"), str(EXPORTS / "answer.json")}, found

    click(qtbot, tab.show_hetu_button)  # hidden again
    window.close()
    ctx.db.lock()
    wait_db(qtbot, ctx)
