"""Managed backups (issue 13 item 1): a backup folder of the practitioner's choice, a
verified backup at every close and daily while the app is open, kept by rotation (the
newest of the last 7 days, 4 weeks and 12 months), listed with date, size and check.

The files are named by the register id and the time, never by anything personal:
``vakka-<register id>-<YYYYMMDDTHHMMSS>.vakka``. A folder inside a cloud-synchronised
folder is allowed but warned about: the encrypted copies then leave the computer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from app.db import repositories as repo
from app.domain.backup_rotation import Made, rotates_out_on, to_keep
from app.domain.errors import ValidationError
from app.domain.reminders import backup_folder_unseen
from app.services import backup
from app.services.session import Session

FOLDER_SETTING = "backups.folder"
AT_CLOSE_SETTING = "backups.at_close"
DAILY_SETTING = "backups.daily"
CHECKED_SETTING = "backups.checked"  # the file names of backups checked after writing
# The last day the chosen folder was reachable (a drive plugged in), ISO date.
SEEN_SETTING = "backups.folder_seen_on"
DAILY_INTERVAL = timedelta(days=1)

# Folder names of the common synchronising services, as they appear in a path.
CLOUD_MARKERS: dict[str, tuple[str, ...]] = {
    "Dropbox": ("dropbox",),
    "OneDrive": ("onedrive",),
    "iCloud Drive": ("icloud drive", "icloud", "mobile documents", "clouddocs"),
    "Google Drive": ("google drive", "googledrive", "my drive"),
    "Nextcloud": ("nextcloud", "owncloud"),
}
_NAME = re.compile(r"^vakka-(?P<id>[0-9a-f]+)-(?P<at>\d{8}T\d{6})\.vakka$")


@dataclass(frozen=True)
class ManagedBackup:
    path: Path
    made_at: datetime
    size: int
    checked: bool = False  # read back and verified right after it was written


@dataclass(frozen=True)
class BackupSettings:
    folder: Path | None
    at_close: bool
    daily: bool


def cloud_service(path: Path) -> str | None:
    """The synchronising service whose folder ``path`` lies in, if any."""
    parts = [p.casefold() for p in Path(path).absolute().parts]
    for service, markers in CLOUD_MARKERS.items():
        if any(marker in part for part in parts for marker in markers):
            return service
    return None


def settings(session: Session) -> BackupSettings:
    folder = repo.get_setting(session.conn, FOLDER_SETTING)
    return BackupSettings(
        Path(folder) if folder else None,
        repo.get_setting(session.conn, AT_CLOSE_SETTING) != "0",
        repo.get_setting(session.conn, DAILY_SETTING) != "0",
    )


def set_settings(
    session: Session, folder: Path | None, at_close: bool, daily: bool
) -> BackupSettings:
    """Choose the folder (it must exist and not be inside the register folder) and when
    backups are made."""
    if folder is not None:
        folder = Path(folder).expanduser().absolute()
        if not folder.is_dir():
            raise ValidationError("backups.no_folder", field="folder")
        register = session.register.paths.folder.resolve()
        if folder.resolve() == register or register in folder.resolve().parents:
            raise ValidationError("backup.inside_register", field="folder")
    with session.transaction() as conn:
        repo.set_setting(conn, FOLDER_SETTING, str(folder) if folder else "")
        if folder is not None:
            repo.set_setting(conn, SEEN_SETTING, session.today().isoformat())
        repo.set_setting(conn, AT_CLOSE_SETTING, "1" if at_close else "0")
        repo.set_setting(conn, DAILY_SETTING, "1" if daily else "0")
    return settings(session)


def _ours(session: Session, folder: Path) -> list[ManagedBackup]:
    register_id = session.register.register_id
    checked = _checked_names(session)
    found = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    for path in entries:
        match = _NAME.match(path.name)
        if match is None or match["id"] != register_id or not path.is_file():
            continue
        made = datetime.strptime(match["at"], "%Y%m%dT%H%M%S")
        found.append(ManagedBackup(path, made, path.stat().st_size, path.name in checked))
    return sorted(found, key=lambda b: b.made_at, reverse=True)


def backups(session: Session) -> list[ManagedBackup]:
    """This register's backups in the chosen folder, newest first (empty when the folder
    is not set or not reachable — a drive not plugged in)."""
    folder = settings(session).folder
    return _ours(session, folder) if folder is not None else []


def folder_reachable(session: Session) -> bool | None:
    """None when no folder is chosen; else whether it can be reached now."""
    folder = settings(session).folder
    return None if folder is None else folder.is_dir()


def folder_seen_on(session: Session) -> date | None:
    """The last day the chosen backup folder was reachable: today when it is (recorded, so
    a drive left unplugged is noticed later); None when no folder is chosen. A folder
    chosen before this was recorded counts as seen on the day of the last backup."""
    folder = settings(session).folder
    if folder is None:
        return None
    today = session.today()
    stored = repo.get_setting(session.conn, SEEN_SETTING)
    if folder.is_dir():
        if stored != today.isoformat() and not session.register.read_only:
            with session.transaction() as conn:
                repo.set_setting(conn, SEEN_SETTING, today.isoformat())
        return today
    if stored:
        return date.fromisoformat(stored)
    last = repo.get_setting(session.conn, backup.LAST_BACKUP_SETTING)
    return datetime.fromisoformat(last).date() if last else None


def folder_unseen_since(session: Session) -> date | None:
    """The day the chosen backup folder was last seen, when it has not been reachable
    for the configured number of days (those of an overdue backup); else None."""
    seen = folder_seen_on(session)
    days = repo.load_practice(session.conn).backup_overdue_days
    return seen if backup_folder_unseen(seen, days, session.today()) else None


def make_backup(session: Session) -> ManagedBackup:
    """A verified backup into the chosen folder, then the rotation: backups that are no
    longer among the kept set are deleted."""
    folder = settings(session).folder
    if folder is None:
        raise ValidationError("backups.no_folder_chosen", field="folder")
    if not folder.is_dir():
        raise ValidationError("backups.folder_unreachable", field="folder")
    when = session.now()
    out = folder / f"vakka-{session.register.register_id}-{when:%Y%m%dT%H%M%S}.vakka"
    while out.exists():  # two backups within a second: the names stay apart and in order
        when += timedelta(seconds=1)
        out = folder / f"vakka-{session.register.register_id}-{when:%Y%m%dT%H%M%S}.vakka"
    info = backup.create_backup(session, out)  # raises unless the copy verifies
    kept = {b.path.name for b in _ours(session, folder)}
    with session.transaction() as conn:
        names = (_checked_names(session) & kept) | {out.name}
        repo.set_setting(conn, CHECKED_SETTING, " ".join(sorted(names)))
    rotate(session)
    return ManagedBackup(info.path, when.replace(tzinfo=None), info.size, checked=True)


def _checked_names(session: Session) -> set[str]:
    return set((repo.get_setting(session.conn, CHECKED_SETTING) or "").split())


def rotate(session: Session) -> list[Path]:
    """Delete this register's backups that the rotation no longer keeps; returns them."""
    folder = settings(session).folder
    if folder is None:
        return []
    ours = _ours(session, folder)
    keep = to_keep(Made(b.path.name, b.made_at) for b in ours)
    removed = []
    for item in ours:
        if item.path.name not in keep:
            item.path.unlink(missing_ok=True)
            removed.append(item.path)
    return removed


def daily_due(session: Session) -> bool:
    """A daily backup is due while the app is open: none made in the last day."""
    chosen = settings(session)
    if chosen.folder is None or not chosen.daily:
        return False
    made = backups(session)
    return not made or session.now().replace(tzinfo=None) - made[0].made_at >= DAILY_INTERVAL


@dataclass(frozen=True)
class HoldingBackup:
    """A managed backup made before a purge: it still holds what the purge destroyed."""

    backup: ManagedBackup
    rotates_out_on: datetime | None


def holding_purged(session: Session, purged_at: datetime) -> list[HoldingBackup]:
    """The managed backups made before ``purged_at``, each with the day the rotation will
    delete it (if one backup a day is made from now on)."""
    listed = backups(session)
    made = [Made(b.path.name, b.made_at) for b in listed]
    before = purged_at.replace(tzinfo=None)
    now = session.now().replace(tzinfo=None)
    return [
        HoldingBackup(b, rotates_out_on(made, b.path.name, now))
        for b in listed
        if b.made_at <= before
    ]


def replace_after_purge(session: Session, purged_at: datetime) -> ManagedBackup:
    """One fresh backup, then the managed backups made before the purge are deleted: the
    purged data is then gone from the backups Vakka manages too."""
    fresh = make_backup(session)
    for holding in holding_purged(session, purged_at):
        if holding.backup.path != fresh.path:
            holding.backup.path.unlink(missing_ok=True)
    return fresh
