"""The register folder: create, unlock, lock the clinical store, close, check.

A register folder holds ``register.db`` and ``clinical.db`` (SQLCipher 4, both keyed
with the same random 256-bit data key as a raw key), the key file ``vakka.key`` and
its copy ``vakka.key.bak`` (the data key wrapped with the passphrase), the audit
head ``audit.head``, and while open the OS lock ``vakka.lock``.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.db import audit
from app.db.connection import (
    CLINICAL,
    Connection,
    DatabaseError,
    attach_clinical,
    detach_clinical,
    integrity_problems,
    is_attached,
    open_store,
    raw_key,
    transaction,
)
from app.db.keyfile import KdfParams, KeyFile, KeyFilePair, default_kdf, wrap_data_key
from app.db.lockfile import RegisterLock
from app.db.migrations import migrate
from app.domain.errors import (
    NotFoundError,
    RegisterDamagedError,
    VakkaError,
    WrongSecretError,
)
from app.domain.recovery_code import decode_recovery_code, encode_recovery_code
from app.files import atomic_write_bytes, fsync_dir

Clock = Callable[[], datetime]


def local_now() -> datetime:
    return datetime.now().astimezone()


@dataclass(frozen=True)
class RegisterPaths:
    folder: Path

    @property
    def register_db(self) -> Path:
        return self.folder / "register.db"

    @property
    def clinical_db(self) -> Path:
        return self.folder / "clinical.db"

    @property
    def key_files(self) -> KeyFilePair:
        return KeyFilePair(self.folder / "vakka.key")

    @property
    def audit_head(self) -> Path:
        return self.folder / "audit.head"

    @property
    def summary(self) -> Path:
        return self.folder / "summary.json"

    def store_files(self) -> list[Path]:
        return [self.register_db, self.clinical_db]

    def looks_like_register(self) -> bool:
        return self.register_db.exists() or self.key_files.exists()


@dataclass(frozen=True)
class Secret:
    """How the user proves they may open the register: exactly one of these."""

    passphrase: str | None = None
    recovery_code: str | None = None
    data_key: bytes | None = None  # from the OS keyring


class Register:
    """An unlocked register: the OS lock is held and register.db is open.

    The connection belongs to the thread that opened the register.
    """

    def __init__(
        self,
        paths: RegisterPaths,
        conn: Connection,
        data_key: bytes,
        lock: RegisterLock,
        clock: Clock,
    ) -> None:
        self.paths = paths
        self.conn = conn
        self._data_key = data_key
        self._lock = lock
        self.clock = clock
        # The audit key lives inside the encrypted store, so a new recovery code (a
        # rekey) leaves the audit chain verifiable.
        self.audit_key = bytes.fromhex(_meta(conn, "audit_key"))
        # A head that no longer matches the chain is evidence: it is kept (not
        # overwritten at lock or close) until the problem has been dealt with.
        self.audit_head_problems = audit.verify_head(
            conn, self.audit_key, audit.read_head(paths.audit_head)
        )
        self.key_copy_repaired = False
        self.closed = False

    # --- clinical store -------------------------------------------------------

    @property
    def clinical_open(self) -> bool:
        return is_attached(self.conn, CLINICAL)

    def unlock_clinical(self, secret: Secret) -> None:
        """The clinical store needs the passphrase or the recovery code, not the keyring."""
        if secret.data_key is not None:
            raise WrongSecretError("register.clinical_needs_passphrase")
        if derive_data_key(self.paths, secret) != self._data_key:
            raise WrongSecretError(
                "register.wrong_passphrase" if secret.passphrase else "register.wrong_recovery_code"
            )
        if not self.clinical_open:
            attach_clinical(self.conn, self.paths.clinical_db, self._data_key)

    def lock_clinical(self) -> None:
        if self.clinical_open:
            detach_clinical(self.conn)

    # --- keys -----------------------------------------------------------------

    def verify_secret(self, secret: Secret) -> bool:
        try:
            return derive_data_key(self.paths, secret) == self._data_key
        except (WrongSecretError, RegisterDamagedError):
            return False

    def change_passphrase(self, new_passphrase: str, kdf: KdfParams | None = None) -> None:
        """Rewrite only the key file; the stores and the recovery code stay as they are."""
        register_id = self.register_id
        key_file = wrap_data_key(self._data_key, new_passphrase, register_id, kdf or default_kdf())
        self.paths.key_files.write(key_file)

    def new_recovery_code(self, passphrase: str, kdf: KdfParams | None = None) -> str:
        """Rekey both stores with a new data key; returns the new recovery code.

        The new stores are written beside the old ones first; the key file is the
        commit point; an interrupted rekey is finished or undone at the next unlock.
        Old backups still open with the old recovery code.
        """
        if derive_data_key(self.paths, Secret(passphrase=passphrase)) != self._data_key:
            raise WrongSecretError("register.wrong_passphrase")
        new_key = secrets.token_bytes(32)
        clinical_was_open = self.clinical_open
        if not clinical_was_open:
            attach_clinical(self.conn, self.paths.clinical_db, self._data_key)
        version = self.conn.execute("PRAGMA main.user_version").fetchone()[0]
        for store, schema in ((self.paths.register_db, "main"), (self.paths.clinical_db, CLINICAL)):
            target = _rekey_path(store)
            with contextlib.suppress(FileNotFoundError):
                target.unlink()
            os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            self.conn.execute("ATTACH ? AS rekey_target KEY ?", (str(target), raw_key(new_key)))
            try:
                self.conn.execute(f"SELECT sqlcipher_export('rekey_target', '{schema}')")
                self.conn.execute(f"PRAGMA rekey_target.user_version = {int(version):d}")
            finally:
                self.conn.execute("DETACH rekey_target")
            _fsync_file(target)
        register_id = self.register_id
        self.conn.close()
        key_file = wrap_data_key(new_key, passphrase, register_id, kdf or default_kdf())
        try:
            self.paths.key_files.write(key_file)  # the commit point
        finally:
            # Whatever the key file now holds decides which stores are kept.
            self._data_key = derive_data_key(self.paths, Secret(passphrase=passphrase))
            _finish_interrupted_rekey(self.paths, self._data_key)
            self.conn = open_store(self.paths.register_db, self._data_key)
            if clinical_was_open:
                attach_clinical(self.conn, self.paths.clinical_db, self._data_key)
        self.write_audit_head()
        return encode_recovery_code(new_key)

    def data_key_for_keyring(self) -> bytes:
        return self._data_key

    @property
    def register_id(self) -> str:
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'register_id'").fetchone()
        return str(row[0])

    # --- integrity --------------------------------------------------------------

    def check(self) -> list[str]:
        """Problem codes for every page of both stores, the key file and the audit chain."""
        problems: list[str] = []
        primary_ok, copy_ok = self.paths.key_files.is_intact()
        if not primary_ok:
            problems.append("check.key_file_damaged")
        if not copy_ok:
            problems.append("check.key_file_copy_damaged")
        if self.key_copy_repaired:
            problems.append("check.key_file_repaired")
        schemas = ["main"] + ([CLINICAL] if self.clinical_open else [])
        for schema in schemas:
            try:
                if integrity_problems(self.conn, schema):
                    problems.append(f"check.{'register' if schema == 'main' else 'clinical'}_pages")
            except DatabaseError:
                problems.append(f"check.{'register' if schema == 'main' else 'clinical'}_pages")
        try:
            head = audit.read_head(self.paths.audit_head)
            problems.extend(audit.verify(self.conn, self.audit_key, head))
        except DatabaseError:
            problems.append("audit.unreadable")
        return problems

    # --- closing -------------------------------------------------------------------

    def write_audit_head(self) -> None:
        if self.audit_head_problems:
            return
        audit.write_head(self.paths.audit_head, self.conn, self.audit_key)

    def close(self) -> None:
        """Write the audit head, close the stores and release the lock."""
        if self.closed:
            return
        try:
            with contextlib.suppress(DatabaseError):
                self.write_audit_head()
            self.conn.close()
        finally:
            self._lock.release()
            self.closed = True
            self._data_key = b""

    def __enter__(self) -> Register:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def derive_data_key(paths: RegisterPaths, secret: Secret) -> bytes:
    """The data key the secret stands for, checked against the key file where it can be."""
    return _derive(paths, secret)[0]


def _derive(paths: RegisterPaths, secret: Secret) -> tuple[bytes, bool]:
    """(data key, whether a key-file copy had to be repaired to match the other)."""
    pair = paths.key_files
    if secret.passphrase is not None:
        key_file, data_key = pair.unwrap(secret.passphrase)
        return data_key, _sync_key_copies(pair, key_file)
    if secret.recovery_code is not None:
        data_key = decode_recovery_code(secret.recovery_code)
        wrong = "register.wrong_recovery_code"
    elif secret.data_key is not None:
        data_key = secret.data_key
        wrong = "register.keyring_key_stale"
    else:
        raise WrongSecretError("register.no_secret")
    try:
        candidates = pair.candidates()
    except RegisterDamagedError:
        return data_key, False  # key file lost: the stores themselves will tell
    # The primary copy is the truth (it is the commit point of a new recovery code);
    # the second copy counts only when the primary is damaged.
    if not candidates[0].matches(data_key):
        if secret.recovery_code is not None and _stores_open_with(paths, data_key):
            # The code is right and the key file is not: it belongs to another register.
            raise RegisterDamagedError("register.key_file_mismatch")
        raise WrongSecretError(wrong)
    return data_key, False


def _stores_open_with(paths: RegisterPaths, data_key: bytes) -> bool:
    """Whether register.db opens with the key and holds a register (its meta table).

    Asked only when the key file refuses the key, to tell a key file that does not belong
    to these stores from a wrong code. Never while a rekey is pending (an old code still
    opens the old stores then, and is rightly refused), never creates a file, and an empty
    store (which "opens" with any key) does not count.
    """
    if any(_rekey_path(store).exists() for store in paths.store_files()):
        return False
    try:
        if paths.register_db.stat().st_size == 0 or not paths.register_db.is_file():
            return False
    except OSError:
        return False
    try:
        conn = open_store(paths.register_db, data_key)
    except (RegisterDamagedError, DatabaseError):
        return False
    try:
        return bool(_meta(conn, "register_id"))
    except (DatabaseError, TypeError):
        return False
    finally:
        conn.close()


def _meta(conn: Connection, key: str) -> str:
    return str(conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()[0])


def _remove_stale_temp_files(folder: Path) -> None:
    """Temporary files of writes cut short by a crash (app.files.atomic_writer's names)."""
    for path in folder.glob(".*.tmp"):
        parts = path.name.split(".")
        if len(parts) >= 4 and len(parts[-2]) == 8 and path.is_file():
            with contextlib.suppress(OSError):
                path.unlink()


def _rekey_path(store: Path) -> Path:
    return store.with_name(store.name + ".rekey")


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _opens_with(path: Path, data_key: bytes) -> bool:
    try:
        conn = open_store(path, data_key)
    except RegisterDamagedError:
        return False
    conn.close()
    return True


def _finish_interrupted_rekey(paths: RegisterPaths, data_key: bytes) -> None:
    """Roll a rekey forward if the primary key file holds the new key, else drop its copies.

    Only a key that matches the primary key file may decide: an old recovery code
    (still matching nothing but a stale copy) must not throw the new stores away.
    """
    pending = [_rekey_path(store) for store in paths.store_files()]
    if not any(p.exists() for p in pending):
        return
    try:
        primary = KeyFile.from_bytes(paths.key_files.primary.read_bytes())
    except (OSError, RegisterDamagedError):
        raise RegisterDamagedError("register.key_file_damaged") from None
    if not primary.matches(data_key):
        raise WrongSecretError("register.wrong_recovery_code")
    for store, pending_store in zip(paths.store_files(), pending, strict=True):
        if not pending_store.exists():
            continue
        if _opens_with(pending_store, data_key):
            os.replace(pending_store, store)
        else:
            pending_store.unlink()
    fsync_dir(paths.folder)


def _sync_key_copies(pair: KeyFilePair, good: KeyFile) -> bool:
    """After a crash mid-write, make both copies the one that just opened; True if one changed."""
    data = good.to_bytes()
    changed = False
    for path in (pair.primary, pair.backup):
        try:
            current = path.read_bytes()
        except FileNotFoundError:
            current = b""
        if current != data:
            atomic_write_bytes(path, data)
            changed = True
    return changed


def create_register(
    folder: Path,
    passphrase: str,
    kdf: KdfParams | None = None,
    clock: Clock = local_now,
) -> tuple[Register, str]:
    """Make a new register folder; returns the open register and the recovery code.

    The register is built in a hidden folder beside the target and renamed into place
    only when complete, so an interruption leaves nothing half-made behind.
    """
    target = Path(folder)
    if target.exists() and not target.is_dir():
        raise VakkaError("register.folder_is_file")
    if RegisterPaths(target).looks_like_register():
        raise VakkaError("register.already_exists")
    if target.is_dir() and any(target.iterdir()):
        raise VakkaError("register.folder_not_empty")
    target.parent.mkdir(parents=True, exist_ok=True)
    building = target.parent / f".{target.name}.creating-{secrets.token_hex(4)}"
    building.mkdir(mode=0o700)
    data_key = secrets.token_bytes(32)
    try:
        _build_register(RegisterPaths(building), data_key, passphrase, kdf, clock)
        if target.exists():
            target.rmdir()
        os.replace(building, target)
        fsync_dir(target.parent)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return _open_with_key(RegisterPaths(target), data_key, True, clock), encode_recovery_code(
        data_key
    )


def _build_register(
    paths: RegisterPaths, data_key: bytes, passphrase: str, kdf: KdfParams | None, clock: Clock
) -> None:
    register_id = secrets.token_hex(8)
    for path in paths.store_files():
        # Create each file with owner-only permissions before any data goes in.
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    conn = open_store(paths.register_db, data_key)
    try:
        attach_clinical(conn, paths.clinical_db, data_key)
        migrate(conn)
        audit_key = secrets.token_hex(32)
        with transaction(conn):
            for key, value in (
                ("register_id", register_id),
                ("audit_key", audit_key),
                ("created_at", clock().isoformat(timespec="seconds")),
            ):
                conn.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (key, value))
            conn.execute("INSERT INTO practice (id) VALUES (1)")
        paths.key_files.write(
            wrap_data_key(data_key, passphrase, register_id, kdf or default_kdf())
        )
        audit.write_head(paths.audit_head, conn, bytes.fromhex(audit_key))
    finally:
        conn.close()


def open_register(
    folder: Path,
    secret: Secret,
    clinical: bool = True,
    clock: Clock = local_now,
) -> Register:
    """Unlock a register folder.

    A key from the OS keyring opens the register store only, never the clinical store.
    Errors: NotFoundError (no register there), RegisterInUseError (another process),
    WrongSecretError (wrong passphrase or recovery code), RegisterDamagedError (key
    file or a store's header missing or damaged), VakkaError (newer version).
    """
    paths = RegisterPaths(Path(folder))
    if not paths.looks_like_register():
        raise NotFoundError("register.not_found")
    if secret.data_key is not None:
        clinical = False
    key_files_lost = not paths.key_files.exists()
    lock = RegisterLock(paths.folder)
    lock.acquire()
    try:
        _remove_stale_temp_files(paths.folder)
        data_key, repaired = _derive(paths, secret)
        _finish_interrupted_rekey(paths, data_key)
    except BaseException:
        lock.release()
        raise
    try:
        register = _open_with_key(paths, data_key, clinical, clock, lock)
    except RegisterDamagedError as error:
        if key_files_lost and secret.recovery_code is not None:
            # Without a key file nothing tells a wrong code from a damaged store.
            raise WrongSecretError("register.code_or_store") from error
        raise
    register.key_copy_repaired = repaired
    return register


def _open_with_key(
    paths: RegisterPaths,
    data_key: bytes,
    clinical: bool,
    clock: Clock,
    lock: RegisterLock | None = None,
) -> Register:
    """Open the stores with a data key already verified (or taken from a new register)."""
    if lock is None:
        lock = RegisterLock(paths.folder)
        lock.acquire()
    try:
        for path in paths.store_files():
            if not path.exists():
                raise RegisterDamagedError("register.store_missing", store=path.name)
        conn = open_store(paths.register_db, data_key)
        try:
            attach_clinical(conn, paths.clinical_db, data_key)
            migrate(conn)
            if not clinical:
                detach_clinical(conn)
            try:
                # Reads the meta table: a damaged page there is damage, not a bug.
                register = Register(paths, conn, data_key, lock, clock)
            except DatabaseError:
                raise RegisterDamagedError("register.store_damaged", store="register.db") from None
        except BaseException:
            conn.close()
            raise
    except BaseException:
        lock.release()
        raise
    return register


def open_copy_for_verification(folder: Path, data_key: bytes) -> Register:
    """Open an unpacked backup with the key of the register it was made from."""
    return _open_with_key(RegisterPaths(Path(folder)), data_key, True, local_now)
