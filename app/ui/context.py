"""What every window and tab of an unlocked register needs, passed explicitly."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from app.services.preferences import Preferences
from app.ui.clipboard import SecureClipboard
from app.ui.feedback import show_error
from app.ui.worker import Database

if TYPE_CHECKING:
    from app.services.reminders.scheduler import Host


class UiEvents(QObject):
    """Announcements between views (Anki-style: say what changed, views refresh)."""

    clients_changed = Signal()  # the client list or a client's summary changed
    client_changed = Signal(str)  # something of this client changed
    appointments_changed = Signal()
    clinical_state_changed = Signal(bool)  # the clinical store unlocked (True) or locked
    lock_hold_released = Signal()  # the last operation that must not be cut by a lock ended
    backup_settings_changed = Signal(object)  # managed_backups.BackupSettings


@dataclass
class UiContext:
    db: Database
    prefs: Preferences
    events: UiEvents
    clipboard: SecureClipboard
    register_folder: Path
    lock_holds: int = 0
    # The OS scheduler of the daily check (None: this computer's own); tests inject a
    # Host whose runner runs nothing.
    scheduler_host: Host | None = None

    def hold_lock(self) -> None:
        """An operation that a lock must not cut short (a rekey, a recovery code not yet
        handed over) has started: locks wait until it ends."""
        self.lock_holds += 1

    def release_lock(self) -> None:
        self.lock_holds = max(self.lock_holds - 1, 0)
        if self.lock_holds == 0:
            self.events.lock_hold_released.emit()

    def show_error(self, parent: QWidget | None, error: BaseException) -> None:
        show_error(parent, error)
