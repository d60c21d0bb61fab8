"""Lock when the desktop's screen locks, where the desktop reports it (D-Bus screensavers).

Windows and macOS report screen locks through native events that this does not listen
to yet; there the idle lock still applies.
"""

from __future__ import annotations

from PySide6.QtCore import SLOT, QObject, Signal, Slot

_SCREENSAVERS = (
    ("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver"),
    ("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver"),
)


class ScreenLockWatcher(QObject):
    screen_locked = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.listening = False
        try:
            from PySide6.QtDBus import QDBusConnection
        except ImportError:
            return
        bus = QDBusConnection.sessionBus()
        if not bus.isConnected():
            return
        for _service, path, interface in _SCREENSAVERS:
            slot = SLOT("_active_changed(bool)")
            # Any sender: the screensaver's well-known name may be owned by another process
            # name (e.g. ksmserver), and the path and interface identify the signal.
            if bus.connect("", path, interface, "ActiveChanged", self, slot):  # type: ignore[call-overload]
                self.listening = True

    @Slot(bool)
    def _active_changed(self, active: bool) -> None:
        if active:
            self.screen_locked.emit()
