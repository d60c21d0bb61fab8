"""Backups: one file with both stores, the key file and the audit head.

The stores are SQLCipher-encrypted and the key file is wrapped with the passphrase,
so the backup holds no plaintext; it opens with the passphrase or recovery code that
was current when it was made. It is written atomically and verified (checksums,
every page, the audit chain) before it is reported done. It replaces an existing
backup file only when asked to, and never a symbolic link, a folder or a device.
Restore never overwrites a register: it unpacks beside the target, verifies, then
renames into place. Every temporary copy sits beside its target under a name of
``app.db.leftovers``, so one left by a kill is swept at the next backup or restore.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import shutil
import stat
import zipfile
import zlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.db import audit, leftovers, seen_heads
from app.db import repositories as repo
from app.db.audit import AuditEvent
from app.db.migrations import SCHEMA_VERSION
from app.db.vault import Secret, open_copy_for_verification, open_register
from app.domain.errors import RegisterDamagedError, VakkaError
from app.files import atomic_writer, fsync_dir, make_folders, remove_made_folders
from app.services.session import Session

FORMAT = "vakka-backup"
VERSION = 1
MANIFEST = "manifest.json"
_MEMBERS = ("register.db", "clinical.db", "vakka.key", "vakka.key.bak", "audit.head")
LAST_BACKUP_SETTING = "last_backup_at"
_DRIVE_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created_at: datetime
    register_id: str
    size: int
    source_problems: tuple[str, ...] = ()  # what `check` found in the register itself


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def create_backup(session: Session, out: Path, overwrite: bool = False) -> BackupInfo:
    """Write and verify a backup of the open register to ``out``.

    An existing regular file at ``out`` is replaced only with ``overwrite``; a symbolic
    link, a folder, a device or a pipe there is always refused, with nothing changed.
    """
    out = Path(out)
    paths = session.register.paths
    if out.absolute().parent.resolve() == paths.folder.resolve():
        raise VakkaError("backup.inside_register")
    _check_target(out, overwrite)
    leftovers.sweep_backup_leftovers(out)
    created = session.now()
    # A register with problems is backed up too (that is when a copy matters most); the
    # copy must show no problem the register itself does not have.
    source_problems = frozenset(session.register.check())
    # A read-only register is copied as it is: its log cannot record the backup.
    read_only = session.register.read_only
    if not read_only:
        with session.transaction():
            session.log(AuditEvent("backup.create", data_kind="register", purpose="backup"))
        session.register.write_audit_head()
    files: dict[str, str] = {}
    manifest: dict[str, object] = {
        "format": FORMAT,
        "version": VERSION,
        "created_at": created.isoformat(timespec="seconds"),
        "register_id": session.register.register_id,
        "schema_version": SCHEMA_VERSION,
        "files": files,
    }
    try:
        with (
            atomic_writer(
                out,
                verify=lambda tmp: _verify_then_recheck(
                    tmp, out, overwrite, session, source_problems
                ),
            ) as handle,
            zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_STORED) as archive,
        ):
            for name in _MEMBERS:
                source = paths.folder / name
                if source.exists():
                    files[name] = _sha256(source)
                    archive.write(source, name)
            archive.writestr(MANIFEST, json.dumps(manifest, indent=2))
    except OSError as error:
        if error.errno in _DRIVE_FULL:
            raise VakkaError("backup.disk_full") from None
        raise VakkaError("backup.write_failed", reason=error.strerror or "") from None
    if not read_only:
        with session.transaction() as conn:
            repo.set_setting(conn, LAST_BACKUP_SETTING, created.isoformat(timespec="seconds"))
    return BackupInfo(
        out,
        created,
        str(manifest["register_id"]),
        out.stat().st_size,
        tuple(sorted(source_problems)),
    )


def _check_target(out: Path, overwrite: bool) -> None:
    """Refuse a link, anything but a regular file, and an existing file unless ``overwrite``."""
    try:
        info = os.lstat(out)
    except FileNotFoundError:
        return
    except OSError as error:
        raise VakkaError("backup.write_failed", reason=error.strerror or "") from None
    if stat.S_ISLNK(info.st_mode):
        raise VakkaError("backup.target_is_link")
    if not stat.S_ISREG(info.st_mode):
        raise VakkaError("backup.target_not_a_file")
    if not overwrite:
        raise VakkaError("backup.target_exists")


def _read_manifest(archive: zipfile.ZipFile) -> dict[str, object]:
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except (KeyError, ValueError):
        raise RegisterDamagedError("backup.damaged") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise RegisterDamagedError("backup.damaged")
    version = manifest.get("version", 0)
    if not isinstance(version, int) or isinstance(version, bool):
        raise RegisterDamagedError("backup.damaged")
    if version > VERSION:
        raise VakkaError("backup.newer_version")
    return manifest


# What zipfile raises on a file that is not a whole archive of ours: a bad directory, a
# member cut short, an unknown or encrypted compression, a broken deflate stream.
_DAMAGED_ARCHIVE = (
    zipfile.BadZipFile,
    KeyError,
    EOFError,
    NotImplementedError,
    RuntimeError,
    zlib.error,
)


def _unpack(backup: Path, target: Path) -> dict[str, object]:
    """Extract the members into ``target`` and check their checksums."""
    try:
        with zipfile.ZipFile(backup) as archive:
            manifest = _read_manifest(archive)
            files = manifest.get("files")
            if not isinstance(files, dict) or "register.db" not in files:
                raise RegisterDamagedError("backup.damaged")
            for name, digest in files.items():
                if name not in _MEMBERS:
                    raise RegisterDamagedError("backup.damaged")
                member_path = target / name
                fd = os.open(member_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "wb") as out, archive.open(name) as source:
                    shutil.copyfileobj(source, out, 1 << 20)
                    out.flush()
                    os.fsync(out.fileno())
                if _sha256(member_path) != digest:
                    raise RegisterDamagedError("backup.damaged")
    except _DAMAGED_ARCHIVE:
        raise RegisterDamagedError("backup.damaged") from None
    except OSError as error:
        # A nonsense offset or a broken compressed stream, not the disk (kept as it is).
        if error.errno not in (None, errno.EINVAL):
            raise
        raise RegisterDamagedError("backup.damaged") from None
    fsync_dir(target)
    return manifest


def _verify_then_recheck(
    backup: Path, out: Path, overwrite: bool, session: Session, source_problems: frozenset[str]
) -> None:
    """Verify the written copy; just before it takes ``out``'s place, look at ``out`` again."""
    _verify_archive(backup, out, session, source_problems)
    _check_target(out, overwrite)


def _verify_archive(
    backup: Path, out: Path, session: Session, source_problems: frozenset[str]
) -> None:
    """Unpack beside ``out`` into a private folder, open with the same key, check everything."""
    folder = leftovers.verify_folder(out)
    folder.mkdir(mode=0o700)
    try:
        _unpack(backup, folder)
        copy = open_copy_for_verification(folder, session.register.data_key_for_keyring())
        try:
            problems = set(copy.check())
        finally:
            copy.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if not problems <= source_problems:
        raise RegisterDamagedError("backup.verify_failed")


def restore_backup(backup: Path, target: Path, secret: Secret) -> list[str]:
    """Restore into a new folder (never over a register); returns check problems (empty = ok)."""
    target = Path(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise VakkaError("restore.target_not_empty")
    if not Path(backup).is_file():
        raise VakkaError("restore.no_backup_file")
    made = make_folders(target.parent)
    leftovers.sweep_unfinished_registers(target)
    staging = leftovers.restore_staging_folder(target)
    try:
        staging.mkdir(mode=0o700)
    except BaseException:
        remove_made_folders(made)
        raise
    try:
        _unpack(Path(backup), staging)
        register = open_register(staging, secret, clinical=True)
        try:
            # Restoring an older backup where the register was is the practitioner's own
            # act: recorded in its log, and the restored state becomes what this computer
            # has seen of that folder (issue 13 item 3).
            earlier = seen_heads.read_seen(register.register_id, target)
            if earlier is not None and audit.verify_head(
                register.conn, register.audit_key, earlier.head
            ):
                register.accept_older_state("restored")
            problems = register.check()
            register_id = register.register_id
            head = audit.current_head(register.conn, register.audit_key)
        finally:
            register.close()
        with contextlib.suppress(FileNotFoundError):
            (staging / "vakka.lock").unlink()
        if target.exists():
            target.rmdir()
        os.replace(staging, target)
        fsync_dir(target.parent)
        with contextlib.suppress(OSError):
            seen_heads.write_seen(register_id, target, head, datetime.now().astimezone())
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        remove_made_folders(made)
        raise
    return problems
