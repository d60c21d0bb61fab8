"""The reads behind the retention engine: plain facts, no names or note text.

Everything the due computation needs is read in a handful of queries (one per table),
so the review of a large register stays fast; the domain (app.domain.retention) then
decides per record.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from functools import lru_cache

from app.db import audit
from app.db.connection import CLINICAL, Connection, is_attached
from app.domain.kinds import Controller, RegisterKind, ServiceTask
from app.domain.retention import ClientFacts, ClockWindow, RecordFacts, RelationshipFacts

# Requests that hold their client until closed (RULES.md).
HOLDING_REQUEST_KINDS = ("access", "rectification", "erasure")


def _day(text: str | None) -> date | None:
    return _parse_day(text[:10]) if text else None


@lru_cache(maxsize=1 << 16)
def _parse_day(text: str) -> date:
    """Cached: 100,000 records of twenty years share about 7,000 days."""
    return date.fromisoformat(text)


# The stored codes as the domain's enums: a dictionary look-up per row, not an Enum call.
_KINDS = {kind.value: kind for kind in RegisterKind}
_TASKS = {task.value: task for task in ServiceTask}
_CONTROLLERS = {controller.value: controller for controller in Controller}


def _of(client_id: str | None, column: str = "client_id") -> tuple[str, tuple[str, ...]]:
    """A WHERE clause for one client's rows, or for all of them."""
    return (f"{column} = ?", (client_id,)) if client_id is not None else ("1", ())


def clients(conn: Connection, client_id: str | None = None) -> dict[str, ClientFacts]:
    """Every client (or one) with their relationships, hold, open requests and identity
    dates."""
    rels: dict[str, list[RelationshipFacts]] = defaultdict(list)
    where, params = _of(client_id)
    for row in conn.execute(
        "SELECT id, client_id, register_kind, started_on, ended_on, service_task, controller, "
        "disability_need_ended_on, family_law_child_born_on, other_notes_kept_by_agreement, "
        f"delivered_on FROM relationships WHERE {where} ORDER BY id",
        params,
    ):
        rels[row[1]].append(
            RelationshipFacts(
                id=int(row[0]),
                register_kind=_KINDS[row[2]],
                started_on=_parse_day(row[3][:10]),
                ended_on=_day(row[4]),
                service_task=_TASKS[row[5]] if row[5] else None,
                controller=_CONTROLLERS[row[6]],
                disability_need_ended_on=_day(row[7]),
                family_law_child_born_on=_day(row[8]),
                other_notes_kept_by_agreement=bool(row[9]),
                delivered_on=_day(row[10]),
            )
        )
    held = {
        r[0] for r in conn.execute("SELECT client_id FROM legal_holds WHERE released_on IS NULL")
    }
    marks = ", ".join("?" for _ in HOLDING_REQUEST_KINDS)
    requested = {
        r[0]
        for r in conn.execute(
            f"SELECT client_id FROM requests WHERE status = 'open' AND kind IN ({marks})",
            HOLDING_REQUEST_KINDS,
        )
    }
    dates: dict[str, tuple[date | None, date | None]] = {}
    if is_attached(conn, CLINICAL):
        sql = f"SELECT client_id, birth_date, death_date FROM {CLINICAL}.identities"
        for row in conn.execute(sql):
            dates[row[0]] = (_day(row[1]), _day(row[2]))
    result: dict[str, ClientFacts] = {}
    for row in conn.execute(
        "SELECT id, first_name || last_name || nickname || street_address || postal_code "
        "|| city || phone || email <> '' "
        "OR EXISTS (SELECT 1 FROM contact_persons p WHERE p.client_id = clients.id) "
        f"FROM clients WHERE {_of(client_id, 'id')[0]}",
        _of(client_id, "id")[1],
    ):
        client_id = str(row[0])
        birth, death = dates.get(client_id, (None, None))
        result[client_id] = ClientFacts(
            client_id=client_id,
            relationships=tuple(rels.get(client_id, ())),
            birth_date=birth,
            death_date=death,
            legal_hold=client_id in held,
            open_request=client_id in requested,
            contact_details_present=bool(row[1]),
        )
    return result


def appointments(conn: Connection, client_id: str | None = None) -> list[RecordFacts]:
    return [
        RecordFacts("appointments", int(r[0]), r[1], relationship_id=r[2], created_on=_day(r[3]))
        for r in conn.execute(
            "SELECT id, client_id, relationship_id, created_at FROM appointments WHERE "
            + _of(client_id)[0],
            _of(client_id)[1],
        )
    ]


def invoices(conn: Connection, client_id: str | None = None) -> list[RecordFacts]:
    return [
        RecordFacts("invoices", int(r[0]), r[1], relationship_id=r[2], issued_on=_day(r[3]))
        for r in conn.execute(
            "SELECT id, client_id, relationship_id, issued_on FROM invoices WHERE "
            + _of(client_id)[0],
            _of(client_id)[1],
        )
    ]


def payment_commitments(conn: Connection, client_id: str | None = None) -> list[RecordFacts]:
    return [
        RecordFacts(
            "payment_commitments", int(r[0]), r[1], relationship_id=r[2], valid_until=_day(r[3])
        )
        for r in conn.execute(
            "SELECT id, client_id, relationship_id, valid_until FROM payment_commitments WHERE "
            + _of(client_id)[0],
            _of(client_id)[1],
        )
    ]


def superseded_consents(conn: Connection, client_id: str | None = None) -> list[RecordFacts]:
    return [
        RecordFacts("consents", int(r[0]), r[1], relationship_id=r[2], replaced_on=_day(r[3]))
        for r in conn.execute(
            "SELECT id, client_id, relationship_id, replaced_at FROM consents "
            "WHERE replaced_at IS NOT NULL AND " + _of(client_id)[0],
            _of(client_id)[1],
        )
    ]


def closed_requests(conn: Connection, client_id: str | None = None) -> list[RecordFacts]:
    return [
        RecordFacts("requests", int(r[0]), r[1], closed_on=_day(r[2]))
        for r in conn.execute(
            "SELECT id, client_id, closed_on FROM requests WHERE " + _of(client_id)[0],
            _of(client_id)[1],
        )
    ]


def notes(conn: Connection, client_id: str | None = None) -> list[RecordFacts]:
    """The clinical store's notes (empty while it is locked)."""
    if not is_attached(conn, CLINICAL):
        return []
    return [
        RecordFacts(
            "notes",
            int(r[0]),
            r[1],
            relationship_id=r[2],
            created_on=_day(r[3]),
            statement_copy=bool(r[4]),
        )
        for r in conn.execute(
            f"SELECT id, client_id, relationship_id, written_at, statement_copy "
            f"FROM {CLINICAL}.notes WHERE " + _of(client_id)[0],
            _of(client_id)[1],
        )
    ]


def identities(conn: Connection, client_id: str | None = None) -> list[RecordFacts]:
    """The identities kept with the records (empty while the clinical store is locked)."""
    if not is_attached(conn, CLINICAL):
        return []
    return [
        RecordFacts("identities", str(r[0]), str(r[0]))
        for r in conn.execute(
            f"SELECT client_id FROM {CLINICAL}.identities WHERE " + _of(client_id)[0],
            _of(client_id)[1],
        )
    ]


def log_events_before(conn: Connection, cutoff: datetime) -> int:
    """How many log rows the purge would put behind a checkpoint for ``cutoff`` (the oldest
    run of rows written before it: ``audit.prunable_through``)."""
    last = audit.prunable_through(conn, cutoff.isoformat(timespec="seconds"))
    if last is None:
        return 0
    row = conn.execute("SELECT count(*) FROM audit_log WHERE seq <= ?", (last,)).fetchone()
    return int(row[0])


# --- the due computation: records counted in groups ---------------------------------------
#
# Counting what is due (the banner at unlock, the summary at every lock and close) needs
# no verdict per record: records of one client and relationship whose clocks start on the
# same day, or on days on the same side of the category's window (ClockWindow), share
# their verdict. SQL groups them; the domain judges one stand-in per group. "+client_id":
# walking the client index and fetching each row from its page is several times slower
# than one pass over the table and a sort in memory; a covering index of the grouped
# columns (none yet: see the README's speed notes) would still be used.

RecordGroup = tuple[RecordFacts, int]


def _clamped(column: str) -> str:
    """The start day of ``column``, or the window's stand-in day outside the window
    (the parameters :due_before, :due_day and :later_from)."""
    return (
        f"CASE WHEN {column} IS NULL THEN NULL WHEN {column} < :due_before THEN :due_day "
        f"WHEN {column} >= :later_from THEN :later_from ELSE substr({column}, 1, 10) END"
    )


def _window(window: ClockWindow) -> dict[str, str]:
    due = window.due_through
    return {
        # No start is due: no text sorts before "", so nothing takes the stand-in.
        "due_before": (due + timedelta(days=1)).isoformat() if due is not None else "",
        "due_day": due.isoformat() if due is not None else "",
        "later_from": window.later_from.isoformat(),
    }


def appointment_groups(conn: Connection, window: ClockWindow) -> list[RecordGroup]:
    """Appointments by client, relationship and start day (``window`` of the patient ones)."""
    sql = (
        f"SELECT client_id, relationship_id, {_clamped('created_at')} AS day, count(*) "
        "FROM appointments GROUP BY +client_id, relationship_id, day"
    )
    return [
        (RecordFacts("appointments", "", r[0], relationship_id=r[1], created_on=_day(r[2])), r[3])
        for r in conn.execute(sql, _window(window))
    ]


def invoice_groups(conn: Connection, window: ClockWindow) -> list[RecordGroup]:
    sql = (
        f"SELECT client_id, relationship_id, {_clamped('issued_on')} AS day, count(*) "
        "FROM invoices GROUP BY +client_id, relationship_id, day"
    )
    return [
        (RecordFacts("invoices", "", r[0], relationship_id=r[1], issued_on=_day(r[2])), r[3])
        for r in conn.execute(sql, _window(window))
    ]


def payment_commitment_groups(conn: Connection, window: ClockWindow) -> list[RecordGroup]:
    sql = (
        f"SELECT client_id, relationship_id, {_clamped('valid_until')} AS day, count(*) "
        "FROM payment_commitments GROUP BY +client_id, relationship_id, day"
    )
    return [
        (
            RecordFacts(
                "payment_commitments", "", r[0], relationship_id=r[1], valid_until=_day(r[2])
            ),
            r[3],
        )
        for r in conn.execute(sql, _window(window))
    ]


def superseded_consent_groups(conn: Connection, window: ClockWindow) -> list[RecordGroup]:
    sql = (
        f"SELECT client_id, relationship_id, {_clamped('replaced_at')} AS day, count(*) "
        "FROM consents WHERE replaced_at IS NOT NULL "
        "GROUP BY +client_id, relationship_id, day"
    )
    return [
        (RecordFacts("consents", "", r[0], relationship_id=r[1], replaced_on=_day(r[2])), r[3])
        for r in conn.execute(sql, _window(window))
    ]


def request_groups(conn: Connection, window: ClockWindow) -> list[RecordGroup]:
    sql = (
        f"SELECT client_id, {_clamped('closed_on')} AS day, count(*) "
        "FROM requests GROUP BY +client_id, day"
    )
    return [
        (RecordFacts("requests", "", r[0], closed_on=_day(r[1])), r[2])
        for r in conn.execute(sql, _window(window))
    ]


def note_groups(conn: Connection, window: ClockWindow) -> list[RecordGroup]:
    """The clinical store's notes (none while it is locked); only statement copies run a
    clock of their own (``window`` is theirs)."""
    if not is_attached(conn, CLINICAL):
        return []
    sql = (
        f"SELECT client_id, relationship_id, statement_copy, "
        f"CASE WHEN statement_copy THEN {_clamped('written_at')} END AS day, count(*) "
        f"FROM {CLINICAL}.notes "
        "GROUP BY +client_id, relationship_id, statement_copy, day"
    )
    return [
        (
            RecordFacts(
                "notes", "", r[0], relationship_id=r[1], created_on=_day(r[3]),
                statement_copy=bool(r[2]),
            ),
            r[4],
        )
        for r in conn.execute(sql, _window(window))
    ]  # fmt: skip
