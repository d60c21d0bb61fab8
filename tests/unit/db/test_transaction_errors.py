"""A transaction that SQLite ended by itself (a full disk) or whose COMMIT failed leaves
the connection out of any transaction, and the caller sees the real error (issue 13)."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlcipher3 as sqlite3  # unkeyed: plain SQLite, the stores' engine and errors

from app.db.connection import transaction
from app.db.errors import as_user_error


def _full(tmp_path: Path) -> sqlite3.Connection:
    """An unkeyed file that cannot grow (the same engine and errors as the stores)."""
    conn = sqlite3.connect(tmp_path / "small.db", isolation_level=None)
    conn.execute("CREATE TABLE t (v TEXT)")
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages + 1}")
    return conn


def test_a_full_disk_is_the_error_the_caller_sees(tmp_path: Path) -> None:
    conn = _full(tmp_path)
    with pytest.raises(sqlite3.OperationalError) as raised, transaction(conn):  # type: ignore[arg-type]
        for _ in range(1000):
            conn.execute("INSERT INTO t VALUES (?)", ("x" * 2000,))
    error = as_user_error(raised.value)
    assert error is not None and error.code == "io.disk_full", raised.value
    assert not conn.in_transaction
    assert conn.execute("SELECT count(*) FROM t").fetchone()[0] == 0


class _CommitFails:
    """A connection whose COMMIT fails (as on a disk that fills while the journal is
    written); everything else goes to a real connection."""

    def __init__(self, real: sqlite3.Connection) -> None:
        self.real = real

    @property
    def in_transaction(self) -> bool:
        return self.real.in_transaction

    def execute(self, sql: str, *args: object) -> sqlite3.Cursor:
        if sql == "COMMIT":
            raise sqlite3.OperationalError("database or disk is full")
        return self.real.execute(sql, *args)


def test_a_failed_commit_is_rolled_back_not_left_open(tmp_path: Path) -> None:
    real = sqlite3.connect(tmp_path / "c.db", isolation_level=None)
    real.execute("CREATE TABLE t (v TEXT)")
    conn = _CommitFails(real)
    with pytest.raises(sqlite3.OperationalError, match="full"), transaction(conn):  # type: ignore[arg-type]
        conn.execute("INSERT INTO t VALUES ('kept out')")
    assert not real.in_transaction  # the next transaction does not join this one
    assert real.execute("SELECT count(*) FROM t").fetchone()[0] == 0
