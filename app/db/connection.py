"""Opening the SQLCipher stores with the pragmas the register relies on.

Never enable SQL tracing on these connections: a trace sees keys and values.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlcipher3

from app.db.errors import as_user_error
from app.db.readonly import store_uri
from app.domain.errors import RegisterDamagedError, VakkaError

Connection = Any  # sqlcipher3.Connection (the module ships no type information)
DatabaseError = sqlcipher3.DatabaseError
CLINICAL = "clinical"
_MAX_PATH = 512  # MAX_PATHNAME in SQLite's os_unix.c


def raw_key(data_key: bytes) -> str:
    """The SQLCipher raw-key literal for a 32-byte key: x'<64 hex>'."""
    if len(data_key) != 32:
        raise ValueError("the data key must be 32 bytes")
    return f"x'{data_key.hex()}'"


def _apply_pragmas(conn: Connection, schema: str) -> None:
    prefix = f"{schema}."
    conn.execute(f"PRAGMA {prefix}journal_mode = DELETE")
    conn.execute(f"PRAGMA {prefix}synchronous = FULL")
    conn.execute(f"PRAGMA {prefix}secure_delete = ON")
    journal = conn.execute(f"PRAGMA {prefix}journal_mode").fetchone()[0]
    secure = conn.execute(f"PRAGMA {prefix}secure_delete").fetchone()[0]
    if journal.lower() != "delete" or secure != 1:
        raise RuntimeError("store pragmas could not be set")


def open_store(path: Path, data_key: bytes, read_only: bool = False) -> Connection:
    """Open ``register.db`` (creating it if absent) keyed with the data key.

    A wrong key and a damaged first page look the same to SQLCipher; the caller
    knows which it is, because the key was verified against the key file first.
    ``read_only`` opens it with ``mode=ro`` and ``query_only``: SQLite writes nothing.
    """
    _require_short_enough(path)
    target = store_uri(path) if read_only else str(path)
    conn = sqlcipher3.connect(target, isolation_level=None, check_same_thread=True, uri=read_only)
    conn.row_factory = sqlcipher3.Row
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        # The key is hex we made ourselves, never user text, so formatting it in is safe.
        conn.execute(f'PRAGMA key = "{raw_key(data_key)}"')
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA foreign_keys = ON")
        _apply_pragmas(conn, "main")
        if conn.execute("PRAGMA temp_store").fetchone()[0] == 1:
            raise RuntimeError("temp_store must not be FILE: it writes plaintext temp files")
        if conn.execute("PRAGMA foreign_keys").fetchone()[0] != 1:
            raise RuntimeError("foreign keys could not be enabled")
        if read_only:
            conn.execute("PRAGMA query_only = ON")
    except DatabaseError as error:
        conn.close()
        raise _opening_error(error, "register.db") from None
    except BaseException:
        conn.close()
        raise
    return conn


def attach_clinical(conn: Connection, path: Path, data_key: bytes, read_only: bool = False) -> None:
    """ATTACH ``clinical.db`` with its key bound as a parameter (raw key).

    ``read_only`` needs a connection opened read-only (URI file names enabled).
    """
    _require_short_enough(path)
    target = store_uri(path) if read_only else str(path)
    try:
        conn.execute(f"ATTACH ? AS {CLINICAL} KEY ?", (target, raw_key(data_key)))
        conn.execute(f"SELECT count(*) FROM {CLINICAL}.sqlite_master").fetchone()
        _apply_pragmas(conn, CLINICAL)
    except DatabaseError as error:
        with contextlib.suppress(DatabaseError):
            conn.execute(f"DETACH {CLINICAL}")
        raise _opening_error(error, "clinical.db") from None


def _require_short_enough(path: Path) -> None:
    """SQLite's Unix VFS opens no file whose full path is _MAX_PATH bytes or longer."""
    if len(os.fsencode(os.path.abspath(path))) >= _MAX_PATH:
        raise VakkaError("io.path_too_long")


def _opening_error(error: Exception, store: str) -> VakkaError:
    """What a failed open means: the disk refused (no permission, I/O) or the store is damaged."""
    if isinstance(error, sqlcipher3.OperationalError):
        refused = as_user_error(error)
        if refused is not None:
            return refused
    return RegisterDamagedError("register.store_damaged", store=store)


def detach_clinical(conn: Connection) -> None:
    conn.execute(f"DETACH {CLINICAL}")


def is_attached(conn: Connection, schema: str = CLINICAL) -> bool:
    return any(row[1] == schema for row in conn.execute("PRAGMA database_list"))


@contextlib.contextmanager
def transaction(conn: Connection) -> Iterator[Connection]:
    """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any exception.

    With journal_mode=DELETE the commit spans register.db and an attached
    clinical.db atomically (SQLite's super-journal).
    """
    if conn.in_transaction:
        yield conn
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException:
        # A full disk or an I/O error may have rolled the transaction back already: a
        # second ROLLBACK would hide the real error behind "no transaction is active".
        # A failed COMMIT leaves it open: rolled back, so nothing later joins it.
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def integrity_problems(conn: Connection, schema: str) -> list[str]:
    """Pages that fail SQLCipher's HMAC check plus SQLite's own integrity check."""
    problems = [str(row[0]) for row in conn.execute(f"PRAGMA {schema}.cipher_integrity_check")]
    rows = [str(row[0]) for row in conn.execute(f"PRAGMA {schema}.integrity_check")]
    if rows != ["ok"]:
        problems.extend(rows)
    return problems
