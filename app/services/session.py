"""An unlocked register as the use cases see it: stores, clock, audit log, clinical gate."""

from __future__ import annotations

import contextlib
import getpass
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from app.db import audit, repositories
from app.db.audit import AuditEvent
from app.db.connection import Connection, transaction
from app.db.vault import Register
from app.domain.errors import VakkaError
from app.domain.kinds import LogPurpose

_PURPOSES = frozenset(p.value for p in LogPurpose)


@dataclass(frozen=True)
class FailedUnlocksNotice:
    """Failed attempts to open the register since it was last opened (no secret in it)."""

    count: int = 0
    last_at: datetime | None = None


class Session:
    """Wraps an open Register for the services; lives on the thread that opened it."""

    def __init__(self, register: Register) -> None:
        self.register = register
        self._opened_clients: set[str] = set()
        # Failed unlock attempts before this session (set by services.register.unlock).
        self.failed_unlocks: FailedUnlocksNotice = FailedUnlocksNotice()
        # Rows the audit log gained through this session (not a change of the records).
        self._log_changes = 0
        # data_changes() when the summary beside the stores was last known to be current
        # (app.services.reminders.summary); None while that is not known.
        self.summary_current_at: int | None = None
        # The due computation's records part with what it was counted for
        # (app.services.retention.due_overview, reuse=True).
        self.due_records_cache: tuple[tuple[object, ...], object] | None = None
        try:
            self._user_id = getpass.getuser()
        except (KeyError, OSError):
            self._user_id = "unknown"

    @property
    def conn(self) -> Connection:
        return self.register.conn

    def now(self) -> datetime:
        return self.register.clock()

    def today(self) -> date:
        return self.now().date()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Connection]:
        self.require_writable()
        with transaction(self.conn) as conn:
            yield conn

    def require_writable(self) -> None:
        """A register opened read-only changes nothing and, its log unwritable, shows nothing."""
        if self.register.read_only:
            raise VakkaError("register.read_only")

    def log(self, event: AuditEvent) -> None:
        """Append to the audit log. Call inside the transaction that shows or changes data,
        so that if the log cannot be written, nothing is shown or changed.

        The purpose is a code (LogPurpose), translated where the log is shown."""
        if event.purpose and event.purpose not in _PURPOSES:
            raise ValueError("the log's purpose must be a LogPurpose code")
        self.require_writable()
        practitioner = repositories.load_practice(self.conn).practitioner_name
        before = self.conn.total_changes
        audit.append(
            self.conn, self.register.audit_key, event, practitioner, self._user_id, self.now()
        )
        self._log_changes += self.conn.total_changes - before

    def data_changes(self) -> int:
        """Rows inserted, changed or deleted through this session's connection, the audit
        log's own appends left out (a rolled-back change still counts: it only costs a
        recount). The due summary is recounted at close only when this moved."""
        return int(self.conn.total_changes) - self._log_changes

    def log_client_opened(self, client_id: str, purpose: str = "care") -> None:
        """Once per client per unlocked session (not per keystroke)."""
        if client_id in self._opened_clients:
            return
        with self.transaction():
            self.log(
                AuditEvent("client.open", client_id=client_id, data_kind="client", purpose=purpose)
            )
        self._opened_clients.add(client_id)

    def log_view(self, client_id: str) -> None:
        """Before a client's data is returned for display: "not shown unless logged".

        Showing any of a client's data is opening the client (RULES.md, the audit log), so
        it is logged once per client per unlocked session; if the log cannot be written,
        this raises and the caller returns nothing.
        """
        self.log_client_opened(client_id)

    def require_clinical(self) -> None:
        if not self.register.clinical_open:
            raise VakkaError("clinical.locked")

    def lock(self) -> None:
        """Forget which clients were opened: the next unlock logs openings again."""
        self._opened_clients.clear()
        self._write_due_summary()
        self.register.write_audit_head()

    def close(self) -> None:
        """Write the due summary (never failing the close), then close the register."""
        self._opened_clients.clear()
        self._write_due_summary()
        self.register.close()

    def _write_due_summary(self) -> None:
        """The summary `vakka due` reads while the register is locked or closed: written
        here, so the app and the CLI both leave it behind (app.services.reminders)."""
        from app.services.reminders.summary import write_summary_at_close

        write_summary_at_close(self)
