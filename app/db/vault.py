"""The register folder: create, unlock, lock the clinical store, close, check.

A register folder holds ``register.db`` and ``clinical.db`` (SQLCipher 4, both keyed
with the same random 256-bit data key as a raw key), the key file ``vakka.key`` and
its copy ``vakka.key.bak`` (the data key wrapped with the passphrase), the audit
head ``audit.head``, and while open the OS lock ``vakka.lock``.
"""

from __future__ import annotations

import contextlib
import hmac
import os
import secrets
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.db import audit, rekey, seen_heads
from app.db.connection import (
    CLINICAL,
    Connection,
    DatabaseError,
    attach_clinical,
    detach_clinical,
    integrity_problems,
    is_attached,
    open_store,
    transaction,
)
from app.db.keyfile import (
    KdfParams,
    KeyFile,
    KeyFilePair,
    default_kdf,
    key_check_value,
    wrap_data_key,
)
from app.db.leftovers import creating_folder, sweep_register_leftovers
from app.db.lockfile import RegisterLock
from app.db.migrations import migrate, store_version
from app.db.readonly import NoLock, refuse_pending_rekey, require_writable
from app.db.secret import Secret as Secret
from app.domain.errors import (
    NotFoundError,
    RegisterDamagedError,
    VakkaError,
    WrongSecretError,
)
from app.domain.recovery_code import decode_recovery_code, encode_recovery_code
from app.files import atomic_write_bytes, fsync_dir, make_folders, remove_made_folders

Clock = Callable[[], datetime]
# The meta row naming the key of a recovery code not yet confirmed as kept.
UNCONFIRMED_CODE = "recovery_code_unconfirmed"
# The smallest store SQLCipher writes: one page. Anything shorter is damage, never a
# new register to migrate (SQLCipher "opens" an empty file with any key).
MIN_STORE_SIZE = 4096


def local_now() -> datetime:
    return datetime.now().astimezone()


@dataclass(frozen=True)
class RegisterPaths:
    folder: Path
    read_only: bool = False  # opened where nothing may be written (app.db.readonly)

    @property
    def register_db(self) -> Path:
        return self.folder / "register.db"

    @property
    def clinical_db(self) -> Path:
        return self.folder / "clinical.db"

    @property
    def key_files(self) -> KeyFilePair:
        return KeyFilePair(self.folder / "vakka.key", read_only=self.read_only)

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
        # What this computer last saw of the chain: an older copy put back no longer
        # reaches it. Kept (not overwritten) until the practitioner accepts the older state.
        self.seen = seen_heads.read_seen(self.register_id, paths.folder)
        self.rolled_back = self.seen is not None and bool(
            audit.verify_head(conn, self.audit_key, self.seen.head)
        )
        self.key_copy_repaired = False
        self.read_only = paths.read_only  # then nothing is written, not even the audit head
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
            attach_clinical(self.conn, self.paths.clinical_db, self._data_key, self.read_only)

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

        See app.db.rekey for the steps and what a crash at each leaves. Until the
        practitioner confirms the new code was kept (``confirm_recovery_code``), the
        register carries a note of it, so a code lost to a crash is shown again.
        Old backups still open with the old recovery code.
        """
        if derive_data_key(self.paths, Secret(passphrase=passphrase)) != self._data_key:
            raise WrongSecretError("register.wrong_passphrase")
        new_key = secrets.token_bytes(32)
        register_id = self.register_id
        key_file = wrap_data_key(new_key, passphrase, register_id, kdf or default_kdf())
        clinical_was_open = self.clinical_open
        if not clinical_was_open:
            attach_clinical(self.conn, self.paths.clinical_db, self._data_key)
        version = self.conn.execute("PRAGMA main.user_version").fetchone()[0]
        # Written before the export, so the new stores carry it from their first moment.
        self._set_unconfirmed_code(key_check_value(new_key).hex())
        try:
            rekey.prepare(self.conn, self.paths, new_key, version, register_id)
        except BaseException:
            self._set_unconfirmed_code(None)
            if not clinical_was_open:
                detach_clinical(self.conn)
            raise
        self.conn.close()
        try:
            self.paths.key_files.write(key_file)  # the commit point
        finally:
            # Whatever the primary key file now holds decides which stores are kept.
            rekey.finish_interrupted(self.paths)
            self._data_key = derive_data_key(self.paths, Secret(passphrase=passphrase))
            self.conn = open_store(self.paths.register_db, self._data_key)
            if clinical_was_open:
                attach_clinical(self.conn, self.paths.clinical_db, self._data_key)
        self.write_audit_head()
        return encode_recovery_code(new_key)

    def _set_unconfirmed_code(self, key_check: str | None) -> None:
        with transaction(self.conn):
            self.conn.execute("DELETE FROM meta WHERE key = ?", (UNCONFIRMED_CODE,))
            if key_check is not None:
                self.conn.execute(
                    "INSERT INTO meta (key, value) VALUES (?, ?)", (UNCONFIRMED_CODE, key_check)
                )

    def recovery_code_unconfirmed(self) -> bool:
        """Whether the code now in force was made but never confirmed as kept.

        A note left by a rekey that did not reach its commit point names another key:
        the old code is still in force (and was handed over before), so it goes.
        """
        row = self.conn.execute(
            "SELECT value FROM meta WHERE key = ?", (UNCONFIRMED_CODE,)
        ).fetchone()
        if row is None:
            return False
        if hmac.compare_digest(str(row[0]), key_check_value(self._data_key).hex()):
            return True
        self._set_unconfirmed_code(None)
        return False

    def confirm_recovery_code(self) -> None:
        self._set_unconfirmed_code(None)

    def current_recovery_code(self, passphrase: str) -> str:
        """The recovery code in force, for the passphrase holder (it is the data key)."""
        if derive_data_key(self.paths, Secret(passphrase=passphrase)) != self._data_key:
            raise WrongSecretError("register.wrong_passphrase")
        return encode_recovery_code(self._data_key)

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
        if self.rolled_back:
            problems.append("check.rolled_back")
        return problems

    def notices(self) -> list[str]:
        """What this unlock repaired by itself: reported, but not a problem."""
        return ["check.key_file_repaired"] if self.key_copy_repaired else []

    # --- closing -------------------------------------------------------------------

    def write_audit_head(self) -> None:
        if self.audit_head_problems or self.read_only:
            return
        audit.write_head(self.paths.audit_head, self.conn, self.audit_key)
        if not self.rolled_back:
            with contextlib.suppress(OSError):  # the register's own head is the record
                self.remember_head()

    def remember_head(self) -> None:
        """This computer's record of the chain's position (outside the register folder)."""
        seen_heads.write_seen(
            self.register_id,
            self.paths.folder,
            audit.current_head(self.conn, self.audit_key),
            self.clock(),
        )

    def accept_older_state(self, why: str, user_name: str = "", user_id: str = "") -> None:
        """The practitioner accepts the register as it is (an older copy put back on
        purpose, or a restored backup): logged, and from now on this state is what this
        computer has seen. ``why`` is a code (``accepted``, ``restored``)."""
        event = audit.AuditEvent(
            "rollback.accept", data_kind="register", purpose="security", ref=why
        )
        with transaction(self.conn):
            audit.append(self.conn, self.audit_key, event, user_name, user_id, self.clock())
        self.rolled_back = False
        self.write_audit_head()

    def close(self) -> None:
        """Write the audit head, close the stores and release the lock."""
        if self.closed:
            return
        try:
            # The head stays as it was (still valid) when it cannot be written: closing
            # never fails for it, also on a full disk (OSError).
            with contextlib.suppress(DatabaseError, OSError):
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
    if rekey.marker_path(paths).exists() or any(
        rekey.pending_path(store).exists() for store in paths.store_files()
    ):
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


def _sync_key_copies(pair: KeyFilePair, good: KeyFile) -> bool:
    """After a crash mid-write, make both copies the one that just opened; True if one changed.

    A read-only register is left as it is (both copies open; the next writable unlock repairs).
    """
    if pair.read_only:
        return False
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
    made = make_folders(target.parent)
    building = creating_folder(target)
    data_key = secrets.token_bytes(32)
    try:
        building.mkdir(mode=0o700)
        _build_register(RegisterPaths(building), data_key, passphrase, kdf, clock)
        if target.exists():
            target.rmdir()
        os.replace(building, target)
        fsync_dir(target.parent)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        remove_made_folders(made)
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
    read_only: bool = False,
) -> Register:
    """Unlock a register folder.

    A key from the OS keyring opens the register store only, never the clinical store.
    ``read_only`` opens a register that cannot be written without writing anything
    (app.db.readonly); without it such a register is refused ("register.read_only").
    Errors: NotFoundError (no register there), RegisterInUseError (another process),
    WrongSecretError (wrong passphrase or recovery code), RegisterDamagedError (key
    file or a store's header missing or damaged), VakkaError (newer version).
    """
    paths = RegisterPaths(Path(folder), read_only=read_only)
    if not paths.looks_like_register():
        raise NotFoundError("register.not_found")
    if not read_only:
        require_writable(paths.folder, paths.store_files())
    if secret.data_key is not None:
        clinical = False
    key_files_lost = not paths.key_files.exists()
    lock = NoLock(paths.folder) if read_only else RegisterLock(paths.folder)
    lock.acquire()
    try:
        if not read_only:
            sweep_register_leftovers(paths.folder)
        data_key, repaired = _derive(paths, secret)
        if read_only:
            refuse_pending_rekey([rekey.marker_path(paths)])
        else:
            rekey.finish_interrupted(paths)
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
            if path.stat().st_size < MIN_STORE_SIZE:
                raise RegisterDamagedError("register.store_damaged", store=path.name)
        conn = open_store(paths.register_db, data_key, paths.read_only)
        try:
            attach_clinical(conn, paths.clinical_db, data_key, paths.read_only)
            for schema, path in (("main", paths.register_db), (CLINICAL, paths.clinical_db)):
                if store_version(conn, schema) == 0:
                    # A made register is never at version 0: this one lost its schema.
                    raise RegisterDamagedError("register.store_damaged", store=path.name)
            migrate(conn, paths.read_only)
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
