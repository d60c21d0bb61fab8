"""A writer for the kill test (test_kill_writer.py): realistic changes in a loop through
the services, one JSON acknowledgement line on stdout after each committed change.

    python -m tests.e2e.kill_writer REGISTER_FOLDER SEED

Adds clients (with an `other` relationship), notes, invoices; every few rounds an
import of a small CSV and a purge of a client made due by moving the injected clock
three years on. Only invented names. Runs until killed.
"""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from pathlib import Path

from app.db.vault import Secret
from app.domain.kinds import NoteKind, PayerKind, RecordsKept, RegisterKind
from app.domain.models import Client, Invoice, InvoiceLine, Note, Relationship
from app.services import billing, clients, clinical, purge, relationships
from app.services import client_import as import_service
from app.services import register as register_service
from app.services.session import Session
from tests.conftest import FIXED_NOW, PASSPHRASE
from tests.purge_register import MovableClock


def ack(op: str, **what: object) -> None:
    print(json.dumps({"op": op, **what}), flush=True)


def _client(session: Session, tag: str, started: date) -> tuple[str, int]:
    client = clients.add_client(session, Client(first_name=f"Kaija{tag}", last_name="Kestävä"))
    rel = relationships.start_relationship(
        session,
        Relationship(
            client_id=client.id or "",
            register_kind=RegisterKind.OTHER,
            records_kept=RecordsKept.VAKKA,
            started_on=started,
        ),
    )
    return client.id or "", rel.id or 0


def _note(session: Session, client_id: str, rel_id: int, text: str) -> int:
    note = clinical.add_note(
        session,
        Note(
            client_id=client_id,
            relationship_id=rel_id,
            register_kind=RegisterKind.OTHER,
            kind=NoteKind.SESSION_NOTE,
            body=text,
            written_at=session.now().replace(tzinfo=None),
            author_name="Terttu Testiterapeutti",
        ),
    )
    return note.id or 0


def _invoice(session: Session, client_id: str, rel_id: int, number: str, day: date) -> int:
    invoice = billing.add_invoice(
        session,
        Invoice(
            number=number,
            issued_on=day,
            due_on=day,
            payer_kind=PayerKind.CLIENT,
            payer_name="Kaija Kestävä",
            payer_address="Laskutie 5",
            client_id=client_id,
            relationship_id=rel_id,
            lines=[InvoiceLine("Valmennus", 9000)],
        ),
    )
    return invoice.id or 0


def _due_client_purged(session: Session, clock: MovableClock, tag: str) -> None:
    """A coaching client whose relationship ends today; a purge three years on (the clock
    moved forward, then back) destroys what is due by then, that client among it.

    The clock is never set back to before the register's log: a purge prunes the log up to
    the newest entry older than 12 years, so entries logged on a clock set back would take
    younger ones with them (reported; see the test's docstring)."""
    today = FIXED_NOW.date()
    client_id, rel_id = _client(session, f"Vanha{tag}", today)
    _note(session, client_id, rel_id, f"Vanha kirjaus {tag}")
    relationships.end_relationship(session, rel_id, today, "Valmennus päättyi")
    clock.now = FIXED_NOW.replace(year=FIXED_NOW.year + 3)
    try:
        plan = purge.plan_purge(session)
        gone = sorted(plan.clients_removed())
        purge.run_purge(session, plan)
    finally:
        clock.now = FIXED_NOW
    ack("purge", gone=gone)


def _import(session: Session, tag: str, folder: Path) -> None:
    names = [f"Tuonti{tag}x{n}" for n in range(3)]
    csv = folder / f"import-{tag}.csv"
    csv.write_text(
        "Etunimi;Sukunimi\n" + "".join(f"{name};Tuotu\n" for name in names), encoding="utf-8"
    )
    plan = import_service.preview(session, csv)
    import_service.run_import(session, plan)
    ack("import", names=names)


def main(folder: Path, seed: int) -> None:
    clock = MovableClock(FIXED_NOW)
    session = register_service.unlock(folder, Secret(passphrase=PASSPHRASE), clock=clock)
    scratch = folder.parent / f"csv-{seed}"  # the test's temporary folder, not /tmp
    scratch.mkdir(exist_ok=True)
    ack("ready")
    round_ = 0
    while True:
        round_ += 1
        tag = f"{seed}r{round_}"
        client_id, rel_id = _client(session, tag, FIXED_NOW.date())
        ack("client", id=client_id)
        ack("note", id=_note(session, client_id, rel_id, f"Kirjaus {tag}"), client=client_id)
        number = f"{FIXED_NOW.year}-{seed:04d}{round_:05d}"  # each its own reference
        invoice_id = _invoice(session, client_id, rel_id, number, FIXED_NOW.date())
        ack("invoice", id=invoice_id, client=client_id)
        if round_ % 3 == 0:
            _import(session, tag, scratch)
        if round_ % 4 == 2:
            _due_client_purged(session, clock, tag)


if __name__ == "__main__":
    assert datetime.now().year >= 2026
    main(Path(sys.argv[1]), int(sys.argv[2]))
