"""Starting the desktop app: language, first-run wizard or unlock window, main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from app.db.vault import Secret
from app.domain.errors import VakkaError
from app.i18n import system_language
from app.paths import default_register_folder
from app.services import register as register_service
from app.services import remembered_key
from app.services.preferences import Preferences, load_preferences, save_preferences
from app.ui.clipboard import SecureClipboard
from app.ui.context import UiContext, UiEvents
from app.ui.feedback import install_excepthook, show_error
from app.ui.main_window import MainWindow
from app.ui.qt_start import platform_start_guard
from app.ui.texts import set_ui_language
from app.ui.unlock_dialog import UnlockDialog
from app.ui.worker import Database


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
        self.window = MainWindow(self.ctx)
        self.window.lock_requested.connect(self.ask_unlock)
        self.unlock_dialog: UnlockDialog | None = None
        self.keyring_available = False
        self.window.closed.connect(app.quit)
        app.aboutToQuit.connect(self.shutdown)

    def begin(self) -> None:
        folder = self.ctx.register_folder
        try:
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
        register_id = register_service.register_id_of(folder)

        def ask_keyring() -> tuple[bool, bytes | None]:
            # On the worker: a desktop keychain may take its time (or ask the user).
            available = remembered_key.available()
            key = remembered_key.recall(register_id) if available and register_id else None
            return available, key

        self.db.call(ask_keyring, lambda result: self._keyring_answered(folder, *result))

    def _keyring_answered(self, folder: Path, available: bool, key: bytes | None) -> None:
        self.keyring_available = available
        if key is None:
            self.ask_unlock(allow_keyring=True)
            return
        self.db.open(
            folder,
            Secret(data_key=key),
            clinical=False,
            on_done=lambda _s: self.unlocked(folder),
            on_error=lambda error: self.ask_unlock(allow_keyring=True, error=error),
        )

    def ask_unlock(self, allow_keyring: bool = False, error: BaseException | None = None) -> None:
        """After an idle lock the passphrase is needed even if the keyring remembers the key."""
        self.window.hide()
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

    def _unlock_cancelled(self) -> None:
        self.app.quit()

    def unlocked(self, folder: Path) -> None:
        self.ctx.register_folder = Path(folder)
        self.prefs.remember_register(Path(folder))
        save_preferences(self.prefs)
        self.window.show()
        self.window.start()

    def shutdown(self) -> None:
        self.window.idle.stop()
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
    vakka.window.quit_action.triggered.connect(app.quit)
    vakka.begin()
    return int(app.exec())
