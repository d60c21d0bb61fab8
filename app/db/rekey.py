"""A new data key for both stores (a new recovery code), safe against a crash at any point.

Each step is durable before the next begins:
1. the stores are exported with the new key beside the old ones
   (``register.db.rekey``, ``clinical.db.rekey``) and fsynced;
2. the new stores are opened with the new key and checked: schema version, the
   register's id, every page (``cipher_integrity_check``);
3. the marker ``rekey.ready`` records the new key's check value and each new store's
   size and SHA-256;
4. the primary key file is written with the new key: the commit point;
5. the new stores take the old ones' place, then the marker goes.

An interrupted rekey is finished at the next unlock only when the marker vouches for
every new store and the primary key file holds the marker's key; otherwise it is undone
and the old stores stay. A store is never replaced by a file the marker does not vouch
for (an empty file "opens" with any key: that is not proof of anything).
"""

from __future__ import annotations

import base64
import contextlib
import errno
import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.db.connection import (
    CLINICAL,
    Connection,
    DatabaseError,
    attach_clinical,
    integrity_problems,
    open_store,
    raw_key,
)
from app.db.keyfile import KeyFile, key_check_value
from app.domain.errors import RegisterDamagedError, VakkaError
from app.files import atomic_write_bytes, fsync_dir

if TYPE_CHECKING:
    from app.db.vault import RegisterPaths

MARKER_NAME = "rekey.ready"
FORMAT = "vakka-rekey"
TARGET_SCHEMA = "rekey_target"


def pending_path(store: Path) -> Path:
    return store.with_name(store.name + ".rekey")


def marker_path(paths: RegisterPaths) -> Path:
    return paths.folder / MARKER_NAME


@dataclass(frozen=True)
class StoreDigest:
    size: int
    sha256: str


@dataclass(frozen=True)
class Marker:
    key_check: bytes
    stores: dict[str, StoreDigest]

    def to_bytes(self) -> bytes:
        body: dict[str, Any] = {
            "format": FORMAT,
            "key_check": base64.b64encode(self.key_check).decode("ascii"),
            "stores": {
                name: {"size": d.size, "sha256": d.sha256} for name, d in self.stores.items()
            },
        }
        body["checksum"] = _checksum(body)
        return json.dumps(body, indent=2, sort_keys=True).encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes) -> Marker:
        try:
            body = json.loads(data.decode("utf-8"))
            checksum = body.pop("checksum")
            if body["format"] != FORMAT or checksum != _checksum(body):
                raise ValueError("marker")
            stores = {
                str(name): StoreDigest(int(d["size"]), str(d["sha256"]))
                for name, d in body["stores"].items()
            }
            return cls(base64.b64decode(body["key_check"], validate=True), stores)
        except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
            raise RegisterDamagedError("register.rekey_unfinished") from None


def _checksum(body: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode("utf-8")).hexdigest()


def digest_of(path: Path) -> StoreDigest:
    sha = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
            size += len(block)
    return StoreDigest(size, sha.hexdigest())


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_pending(paths: RegisterPaths) -> None:
    """Drop the new stores and the marker of a rekey that did not reach its commit point."""
    for store in paths.store_files():
        with contextlib.suppress(FileNotFoundError):
            pending_path(store).unlink()
    with contextlib.suppress(FileNotFoundError):
        marker_path(paths).unlink()
    fsync_dir(paths.folder)


def prepare(
    conn: Connection, paths: RegisterPaths, new_key: bytes, version: int, register_id: str
) -> None:
    """Steps 1–3: the new stores written, checked and vouched for by the marker.

    ``conn`` has both stores open with the current key. On any failure nothing of the
    new stores is left behind and the register is as it was (VakkaError says why).
    """
    remove_pending(paths)
    try:
        for store, schema in ((paths.register_db, "main"), (paths.clinical_db, CLINICAL)):
            _export(conn, schema, pending_path(store), new_key, version)
        _verify_pending(paths, new_key, version, register_id)
        stores = {s.name: digest_of(pending_path(s)) for s in paths.store_files()}
        atomic_write_bytes(marker_path(paths), Marker(key_check_value(new_key), stores).to_bytes())
    except BaseException as error:
        remove_pending(paths)
        if isinstance(error, VakkaError | KeyboardInterrupt):
            raise
        if isinstance(error, OSError | DatabaseError):
            raise _failure(error) from None
        raise


def _export(conn: Connection, schema: str, target: Path, new_key: bytes, version: int) -> None:
    # Owner-only permissions before any data goes in.
    os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    conn.execute(f"ATTACH ? AS {TARGET_SCHEMA} KEY ?", (str(target), raw_key(new_key)))
    try:
        conn.execute(f"SELECT sqlcipher_export('{TARGET_SCHEMA}', '{schema}')")
        conn.execute(f"PRAGMA {TARGET_SCHEMA}.user_version = {int(version):d}")
    finally:
        conn.execute(f"DETACH {TARGET_SCHEMA}")
    _fsync_file(target)


def _verify_pending(paths: RegisterPaths, new_key: bytes, version: int, register_id: str) -> None:
    """The new stores open with the new key, hold this register at this version, every page."""
    check = open_store(pending_path(paths.register_db), new_key)
    try:
        attach_clinical(check, pending_path(paths.clinical_db), new_key)
        for schema in ("main", CLINICAL):
            found = check.execute(f"PRAGMA {schema}.user_version").fetchone()[0]
            if found != version or integrity_problems(check, schema):
                raise VakkaError("register.rekey_failed", reason="verification")
        row = check.execute("SELECT value FROM meta WHERE key = 'register_id'").fetchone()
        if row is None or row[0] != register_id:
            raise VakkaError("register.rekey_failed", reason="verification")
    finally:
        check.close()


def _failure(error: BaseException) -> VakkaError:
    full = isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT)
    if isinstance(error, DatabaseError) and "full" in str(error).lower():
        full = True
    if full:
        return VakkaError("register.rekey_disk_full")
    reason = error.strerror if isinstance(error, OSError) and error.strerror else "database"
    return VakkaError("register.rekey_failed", reason=reason)


def finish_interrupted(paths: RegisterPaths) -> None:
    """At unlock (the lock held): finish a rekey past its commit point, or undo it."""
    marker_file = marker_path(paths)
    pending = [pending_path(store) for store in paths.store_files()]
    if not marker_file.exists():
        if any(p.exists() for p in pending):
            remove_pending(paths)  # cut short before step 3: never vouched for
        return
    marker = Marker.from_bytes(marker_file.read_bytes())
    try:
        primary = KeyFile.from_bytes(paths.key_files.primary.read_bytes())
    except (OSError, RegisterDamagedError):
        raise RegisterDamagedError("register.key_file_damaged") from None
    if not hmac.compare_digest(primary.key_check, marker.key_check):
        remove_pending(paths)  # the commit point was not reached: the old stores stay
        return
    for store, new in zip(paths.store_files(), pending, strict=True):
        wanted = marker.stores.get(store.name)
        if wanted is None:
            raise RegisterDamagedError("register.rekey_unfinished")
        if new.exists():
            if digest_of(new) != wanted:
                raise RegisterDamagedError("register.rekey_unfinished")
            os.replace(new, store)
        elif digest_of(store) != wanted:
            raise RegisterDamagedError("register.rekey_unfinished")
    fsync_dir(paths.folder)
    marker_file.unlink()
    fsync_dir(paths.folder)
