"""The audit log: written by the services, chained, headed, pruned, and tamper-evident."""

from __future__ import annotations

import dataclasses
import itertools
import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import sqlcipher3

from app.db import audit
from app.db.connection import raw_key, transaction
from app.db.keyfile import FAST_INSECURE_KDF
from app.db.vault import Register, Secret, open_register
from app.domain.kinds import HoldGround, RecordsKept, RegisterKind
from app.domain.models import Client, Disclosure, Practice, Relationship
from app.domain.recovery_code import decode_recovery_code
from app.services import clients, clinical, consents, holds, relationships
from app.services import register as register_service
from tests.conftest import FIXED_NOW, PASSPHRASE
from tests.helpers import start_paper_patient_relationship, temporary_hetu

OLD = FIXED_NOW - timedelta(days=365 * 13 + 30)  # more than 12 years before "now"
PRUNE_CUTOFF = (FIXED_NOW.date().replace(year=FIXED_NOW.year - 12)).isoformat()
PRACTITIONER = "Terttu Testiterapeutti"
INVENTED_CLIENTS = [
    ("Aino", "Äijälä"),
    ("Ольга", "Тестова"),
    ("Väinö", "Kokeilu"),
    ("Saga", "Provsson"),
    ("Eero", "Esimerkki"),
]


HETUS = [temporary_hetu("150785", "-", 947), temporary_hetu("010203", "A", 912)]


class SettableClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclasses.dataclass
class Logged:
    folder: Path
    recovery_code: str
    clients: list[Client]


@pytest.fixture
def logged(tmp_path: Path) -> Logged:
    """A closed register with 20 audit rows: 10 from 13 years ago, 10 from today."""
    clock = SettableClock(OLD)
    folder = tmp_path / "register"
    created = register_service.create(
        folder,
        PASSPHRASE,
        practice=Practice(practitioner_name=PRACTITIONER, practitioner_title="psykoterapeutti"),
        kdf=FAST_INSECURE_KDF,
        clock=clock,
    )
    session = created.session
    people = [
        clients.add_client(session, Client(first_name=f, last_name=last))
        for f, last in INVENTED_CLIENTS
    ]
    for person in people:
        clients.open_client(session, person.id or "")
    session.lock()  # the next openings are logged again
    for person in people:
        clients.open_client(session, person.id or "")

    clock.now = FIXED_NOW
    first, second = people[0].id or "", people[1].id or ""
    for person_id, hetu in zip((first, second), HETUS, strict=True):
        start_paper_patient_relationship(session, person_id)
        clinical.set_identity(session, person_id, "Testi Henkilö", hetu=hetu)
        assert clinical.reveal_hetu(session, person_id) == hetu
    clinical.notes_of(session, first)
    clinical.notes_of(session, second)
    hold = holds.place_hold(session, first, HoldGround.DISPUTE, date(2026, 11, 2), "Riita")
    holds.release_hold(session, hold.id or 0, date(2026, 11, 20))
    for person_id in (first, second):
        rel = relationships.start_relationship(
            session,
            Relationship(
                client_id=person_id,
                register_kind=RegisterKind.OTHER,
                records_kept=RecordsKept.VAKKA,
                started_on=date(2026, 11, 2),
            ),
        )
        consents.record_disclosure(
            session,
            Disclosure(
                client_id=person_id,
                relationship_id=rel.id,
                disclosed_on=date(2026, 11, 20),
                recipient="Kela",
                data_disclosed="statement",
                purpose="benefit decision",
                legal_basis="703/2023 § 49",
            ),
        )
    with session.transaction():
        session.log(audit.AuditEvent("print", client_id=first, data_kind="invoice"))
        session.log(audit.AuditEvent("export", data_kind="register", purpose="backup"))
    assert session.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == 20
    session.close()
    return Logged(folder, created.recovery_code, people)


def _open(logged: Logged) -> Register:
    return open_register(logged.folder, Secret(passphrase=PASSPHRASE), clock=lambda: FIXED_NOW)


def _head(folder: Path) -> dict[str, object]:
    body: dict[str, object] = json.loads((folder / "audit.head").read_text(encoding="ascii"))
    return body


def test_services_write_a_clean_chain(logged: Logged) -> None:
    assert _head(logged.folder)["seq"] == 20
    with _open(logged) as register:
        assert register.check() == []
        rows = audit.rows(register.conn)
    assert [row.seq for row in rows] == list(range(1, 21))
    assert rows[0].prev_hash == audit.GENESIS
    assert all(later.prev_hash == earlier.hash for earlier, later in itertools.pairwise(rows))
    actions = [row.action for row in rows]
    assert actions.count("client.open") == 10
    assert actions.count("hetu.reveal") == 2
    assert actions.count("notes.view") == 2
    assert {"hold.place", "hold.release", "disclosure", "print", "export"} <= set(actions)
    assert {row.kind for row in rows if row.action == "disclosure"} == {"disclosure"}
    assert {row.user_name for row in rows} == {PRACTITIONER}
    assert sum(1 for row in rows if row.at.startswith(OLD.date().isoformat())) == 10


def test_audit_rows_hold_ids_not_names(logged: Logged) -> None:
    with _open(logged) as register:
        rows = audit.rows(register.conn)
    ids = {person.id for person in logged.clients}
    words = [w.casefold() for first, last in INVENTED_CLIENTS for w in (first, last)]
    words += ["testi henkilö", *(h.casefold() for h in HETUS)]
    for row in rows:
        assert row.client_id is None or row.client_id in ids
        text = json.dumps(dataclasses.astuple(row), ensure_ascii=False).casefold()
        for word in words:
            assert word not in text, f"row {row.seq} ({row.action}) names a client"


def test_lock_writes_the_head(logged: Logged) -> None:
    session = register_service.unlock(
        logged.folder, Secret(passphrase=PASSPHRASE), clock=lambda: FIXED_NOW
    )
    try:
        clients.open_client(session, logged.clients[2].id or "")
        assert _head(logged.folder)["seq"] == 20
        session.lock()
        assert _head(logged.folder)["seq"] == 21
        assert session.register.check() == []
    finally:
        session.close()


def test_altered_row_is_detected(logged: Logged) -> None:
    with _open(logged) as register:
        register.conn.execute("UPDATE audit_log SET purpose = 'curiosity' WHERE seq = 7")
        assert register.check() == ["audit.row_altered"]


def test_altered_client_of_a_row_is_detected(logged: Logged) -> None:
    with _open(logged) as register:
        other = logged.clients[4].id
        register.conn.execute("UPDATE audit_log SET client_id = ? WHERE seq = 12", (other,))
        assert register.check() == ["audit.row_altered"]


def test_deleted_middle_row_is_detected(logged: Logged) -> None:
    with _open(logged) as register:
        register.conn.execute("DELETE FROM audit_log WHERE seq = 10")
        problems = register.check()
    assert problems
    assert set(problems) <= {"audit.row_missing", "audit.chain_broken"}
    assert "audit.row_missing" in problems


def test_deleted_newest_rows_are_detected_by_the_head(logged: Logged) -> None:
    """Someone with the key edits the closed store but cannot rewrite audit.head's MAC."""
    key = decode_recovery_code(logged.recovery_code)
    raw = sqlcipher3.connect(str(logged.folder / "register.db"))
    try:
        raw.execute(f'PRAGMA key = "{raw_key(key)}"')
        raw.execute("DELETE FROM audit_log WHERE seq > 18")
        raw.commit()
        assert raw.execute("SELECT max(seq) FROM audit_log").fetchone()[0] == 18
    finally:
        raw.close()
    with _open(logged) as register:
        # The chain that is left is intact; only the head tells.
        assert audit.verify(register.conn, register.audit_key, None) == ["audit.head_missing"]
        # The chain no longer reaches the head beside it, nor what this computer last saw.
        assert register.check() == ["audit.newest_rows_missing", "check.rolled_back"]


def test_deleted_newest_rows_stay_detected_after_an_open_and_close(logged: Logged) -> None:
    """Opening and closing without running check must not paper over the evidence."""
    key = decode_recovery_code(logged.recovery_code)
    raw = sqlcipher3.connect(str(logged.folder / "register.db"))
    try:
        raw.execute(f'PRAGMA key = "{raw_key(key)}"')
        raw.execute("DELETE FROM audit_log WHERE seq > 18")
        raw.commit()
    finally:
        raw.close()
    head_before = (logged.folder / "audit.head").read_bytes()
    with _open(logged) as register:
        assert register.audit_head_problems == ["audit.newest_rows_missing"]
    assert (logged.folder / "audit.head").read_bytes() == head_before
    with _open(logged) as register:
        # The chain no longer reaches the head beside it, nor what this computer last saw.
        assert register.check() == ["audit.newest_rows_missing", "check.rolled_back"]


def test_missing_head_is_detected(logged: Logged) -> None:
    (logged.folder / "audit.head").unlink()
    with _open(logged) as register:
        assert register.check() == ["audit.head_missing"]


def test_edited_head_is_detected(logged: Logged) -> None:
    head = _head(logged.folder)
    head["seq"] = 25
    (logged.folder / "audit.head").write_text(json.dumps(head), encoding="ascii")
    with _open(logged) as register:
        assert register.check() == ["audit.head_forged"]


def test_prune_leaves_a_checkpoint_and_the_rest_verifies(logged: Logged) -> None:
    with _open(logged) as register:
        conn = register.conn
        with transaction(conn):
            pruned = audit.prune_before(conn, register.audit_key, PRUNE_CUTOFF)
        assert pruned == 10
        assert [row.seq for row in audit.rows(conn)] == list(range(11, 21))
        checkpoints = conn.execute("SELECT seq FROM audit_checkpoints").fetchall()
        assert [row[0] for row in checkpoints] == [10]
        assert register.check() == []
        # Nothing more is old enough: a second prune changes nothing.
        with transaction(conn):
            assert audit.prune_before(conn, register.audit_key, PRUNE_CUTOFF) == 0
    with _open(logged) as register:
        assert register.check() == []
        # New rows chain on after the pruned ones.
        with transaction(register.conn):
            audit.append(
                register.conn,
                register.audit_key,
                audit.AuditEvent("export", data_kind="register"),
                PRACTITIONER,
                "tester",
                FIXED_NOW,
            )
        assert register.check() == []


def test_a_row_stamped_old_after_younger_ones_does_not_take_them_along(logged: Logged) -> None:
    """A clock set back wrote a row stamped 13 years ago after today's rows: the prune
    (and the due count that promises it) stops at the first younger row; nothing written
    within the 12 years goes."""
    from app.db import purge_store
    from app.db.retention_queries import log_events_before

    with _open(logged) as register:
        conn = register.conn
        with transaction(conn):
            audit.append(
                conn, register.audit_key, audit.AuditEvent("export"), PRACTITIONER, "t", OLD
            )
        cutoff = datetime.fromisoformat(PRUNE_CUTOFF).astimezone()
        assert log_events_before(conn, cutoff) == 10
        assert purge_store.log_seqs_before(conn, PRUNE_CUTOFF) == list(range(1, 11))
        with transaction(conn):
            assert audit.prune_before(conn, register.audit_key, PRUNE_CUTOFF) == 10
        assert [row.seq for row in audit.rows(conn)] == list(range(11, 22))
        assert register.check() == []


def test_a_disclosure_whose_log_row_stays_is_not_planned_to_go(logged: Logged) -> None:
    """A disclosure logged with a clock set back (its row stamped 13 years ago, after
    today's rows) stays as long as its log row does: the purge plan leaves it out instead
    of counting it as destroyed while the delete skips it."""
    from app.db import purge_store

    with _open(logged) as register:
        conn = register.conn
        with transaction(conn):
            conn.execute(
                "INSERT INTO disclosures (client_id, relationship_id, disclosed_on, recipient, "
                "data_disclosed, purpose, legal_basis, consent_id, recorded_at) "
                "SELECT client_id, relationship_id, disclosed_on, recipient, data_disclosed, "
                "purpose, legal_basis, consent_id, ? FROM disclosures ORDER BY id LIMIT 1",
                (OLD.isoformat(timespec="seconds"),),
            )
            late = int(conn.execute("SELECT max(id) FROM disclosures").fetchone()[0])
            audit.append(
                conn,
                register.audit_key,
                audit.AuditEvent("disclosure", kind="disclosure", ref=f"disclosure:{late}"),
                PRACTITIONER,
                "t",
                OLD,
            )
        assert late not in purge_store.disclosures_logged_before(conn, PRUNE_CUTOFF)
        with transaction(conn):
            audit.prune_before(conn, register.audit_key, "9999")  # every row may go now
        assert late in purge_store.disclosures_logged_before(conn, "9999")


def test_prune_of_every_row_still_verifies(logged: Logged) -> None:
    with _open(logged) as register:
        with transaction(register.conn):
            assert audit.prune_before(register.conn, register.audit_key, "9999") == 20
        assert audit.rows(register.conn) == []
        assert register.check() == []
    with _open(logged) as register:
        assert register.check() == []


def test_forged_checkpoint_is_detected(logged: Logged) -> None:
    with _open(logged) as register:
        conn = register.conn
        with transaction(conn):
            audit.prune_before(conn, register.audit_key, PRUNE_CUTOFF)
        conn.execute("UPDATE audit_checkpoints SET mac = ?", ("0" * 64,))
        assert register.check() == ["audit.checkpoint_forged"]


def test_checkpoint_moved_over_deleted_rows_is_detected(logged: Logged) -> None:
    """Deleting more rows and re-labelling the checkpoint needs the key for its MAC."""
    with _open(logged) as register:
        conn = register.conn
        with transaction(conn):
            audit.prune_before(conn, register.audit_key, PRUNE_CUTOFF)
        row = conn.execute("SELECT hash FROM audit_log WHERE seq = 13").fetchone()
        conn.execute("DELETE FROM audit_log WHERE seq <= 13")
        conn.execute("UPDATE audit_checkpoints SET seq = 13, hash = ?", (row[0],))
        assert register.check() == ["audit.checkpoint_forged"]


def test_deleted_oldest_rows_without_checkpoint_are_detected(logged: Logged) -> None:
    with _open(logged) as register:
        register.conn.execute("DELETE FROM audit_log WHERE seq <= 3")
        assert register.check() == ["audit.start_missing"]
