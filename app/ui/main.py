"""Starting the desktop app: language, first-run wizard or unlock window, main window.

Start-up imports only what the unlock window needs. The main window (and with it every
tab, dialog and service behind them), the keyring and the first-run wizard are imported
where they are first used; while the unlock window waits for the passphrase, a background
thread imports the main window's modules so that the window opens quickly after unlock.
"""

from __future__ import annotations

import importlib
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.domain.errors import VakkaError
from app.i18n import system_language
from app.paths import default_register_folder
from app.services.preferences import Preferences, load_preferences, save_preferences
from app.services.register_folder import looks_like_register
from app.ui.clipboard import SecureClipboard
from app.ui.context import UiContext, UiEvents
from app.ui.feedback import install_excepthook, show_error
from app.ui.qt_start import platform_start_guard
from app.ui.texts import _, set_ui_language
from app.ui.unlock_dialog import UnlockDialog
from app.ui.worker import Database

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

# What the main window needs after unlock, imported ahead while the unlock window waits.
PRELOAD_MODULES = ("app.ui.main_window",)


def preload_main_window() -> threading.Thread:
    """Import the main window's modules on a background thread (imports only: no widgets
    are made there). The import lock makes a later import on the GUI thread wait for it."""

    def run() -> None:
        for name in PRELOAD_MODULES:
            try:
                importlib.import_module(name)
            except Exception:  # the GUI thread's own import reports it
                return

    thread = threading.Thread(target=run, name="vakka-preload", daemon=True)
    thread.start()
    return thread


class VakkaApp:
    """Owns the worker, the preferences and the windows of one running app."""

    def __init__(self, app: QApplication, folder: Path, prefs: Preferences) -> None:
        self.app = app
        self.prefs = prefs
        self.db = Database(lambda error: show_error(None, error))
        self.ctx = UiContext(
            db=self.db,
            prefs=prefs,
            events=UiEvents(),
            clipboard=SecureClipboard(),
            register_folder=folder,
        )
        self._window: MainWindow | None = None
        self.unlock_dialog: UnlockDialog | None = None
        self.keyring_available = False
        self.preloading: threading.Thread | None = None
        app.aboutToQuit.connect(self.shutdown)

    @property
    def window(self) -> MainWindow:
        """The main window, made the first time it is needed (after the first unlock)."""
        if self._window is None:
            from app.ui.main_window import MainWindow

            window = MainWindow(self.ctx)
            window.lock_requested.connect(self.ask_unlock)
            window.restore_requested.connect(self.restore_backup)
            window.closed.connect(self.app.quit)
            window.quit_action.triggered.connect(self.app.quit)
            self._window = window
        return self._window

    def begin(self) -> None:
        folder = self.ctx.register_folder
        try:
            try:
                # The light check (no database layer imported before the window shows) …
                is_register = looks_like_register(folder)
            except (OSError, ValueError):
                # … and the service's, which says in words what the file system refused.
                from app.services import register as register_service

                is_register = register_service.is_register(folder)
        except VakkaError as error:  # e.g. a path too long for the file system
            self.ask_unlock(error=error)
            return
        if not is_register:
            from app.ui.wizard import FirstRunWizard

            wizard = FirstRunWizard(self.ctx, folder)
            wizard.created.connect(self.unlocked)
            wizard.rejected.connect(self.app.quit)
            wizard.show()
            self.first_run = wizard
            return

        def ask_keyring() -> tuple[bool, bytes | None]:
            # On the worker: a desktop keychain may take its time (or ask the user), and
            # importing keyring loads every backend module: the unlock window does not wait.
            # The key file is read here too (its module imports the database layer).
            from app.services import register as register_service
            from app.services import remembered_key

            register_id = register_service.register_id_of(folder)
            available = remembered_key.available()
            key = remembered_key.recall(register_id) if available and register_id else None
            return available, key

        self.ask_unlock()
        self.db.call(ask_keyring, lambda result: self._keyring_answered(folder, *result))

    def _keyring_answered(self, folder: Path, available: bool, key: bytes | None) -> None:
        """The keyring's answer reaches the unlock window shown meanwhile: it offers
        "remember", or opens the register with the remembered key unless the user is
        already opening it (or has opened it)."""
        self.keyring_available = available
        dialog = self.unlock_dialog
        if dialog is None or not dialog.isVisible():
            return
        dialog.set_keyring_available(available)
        if key is not None:
            dialog.open_with_remembered_key(folder, key)

    def ask_unlock(self, allow_keyring: bool = False, error: BaseException | None = None) -> None:
        """After an idle lock the passphrase is needed even if the keyring remembers the key."""
        if self._window is not None:
            self._window.hide()
        folders = [self.ctx.register_folder] + [
            Path(p) for p in self.prefs.recent_registers if Path(p) != self.ctx.register_folder
        ]
        dialog = UnlockDialog(
            self.db, folders, allow_keyring=allow_keyring and self.keyring_available
        )
        dialog.unlocked.connect(self.unlocked)
        dialog.rejected.connect(self._unlock_cancelled)
        self.unlock_dialog = dialog
        dialog.show()
        if error is not None:
            dialog.show_error(error)
        if self._window is None and self.preloading is None:
            # After the window is on screen: the import runs while the user types.
            QTimer.singleShot(0, self._preload)

    def _preload(self) -> None:
        if self.preloading is None:
            self.preloading = preload_main_window()

    def _unlock_cancelled(self) -> None:
        self.app.quit()

    def unlocked(self, folder: Path) -> None:
        self.ctx.register_folder = Path(folder)
        self.prefs.remember_register(Path(folder))
        save_preferences(self.prefs)
        self.window.show()
        self.window.start()
        dialog = self.unlock_dialog
        if dialog is not None and dialog.opened_with_recovery_code:
            dialog.opened_with_recovery_code = False
            QTimer.singleShot(0, self.window, self.window.choose_new_passphrase)
        if dialog is not None and dialog.opened_restored:
            dialog.opened_restored = False
            self.window.offer_purge_after_restore()

    def restore_backup(self, backup: Path) -> None:
        """A backup chosen in the Backups window: the register locks (the window asked
        first) and the unlock window restores it into a new folder and opens it."""
        if self.ctx.lock_holds:  # a new passphrase or recovery code is being made
            QMessageBox.information(
                self.window,
                _("Restore a backup"),
                _("Finish the change on screen first, then choose Restore… again."),
            )
            return
        self.window.lock()
        dialog = self.unlock_dialog
        if dialog is not None and dialog.isVisible():
            dialog.restore_from(backup)

    def shutdown(self) -> None:
        if self._window is not None:
            self._window.idle.stop()
        self.ctx.clipboard.clear()
        self.db.shutdown()


def _application(prefs: Preferences) -> QApplication:
    app = QApplication.instance()
    if app is None:
        lang = system_language() if prefs.language == "system" else prefs.language
        with platform_start_guard(lang):
            app = QApplication(sys.argv)
    assert isinstance(app, QApplication)
    return app


def show_startup_error(text: str) -> None:
    """Why the app cannot start with what it was given (e.g. an unusable --register path)."""
    prefs = load_preferences()
    app = _application(prefs)
    set_ui_language(prefs.language, app)
    QMessageBox.warning(None, "Vakka", text)


def run_app(folder: Path | None = None) -> int:
    prefs = load_preferences()
    app = _application(prefs)
    app.setApplicationName("Vakka")
    app.setOrganizationName("Vakka")
    app.setQuitOnLastWindowClosed(False)
    set_ui_language(prefs.language, app)
    install_excepthook()
    vakka = VakkaApp(app, folder or default_register_folder(), prefs)
    vakka.begin()
    return int(app.exec())
