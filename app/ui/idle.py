"""Idle detection through an application-wide event filter (as KeePassXC does it).

Two timers: the whole app locks after ``lock_minutes`` without input, the clinical
store after the shorter ``clinical_minutes``.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

_INPUT_EVENTS = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
    QEvent.Type.TabletPress,
}


class IdleWatcher(QObject):
    idle_lock = Signal()
    clinical_idle_lock = Signal()

    def __init__(self, lock_ms: int, clinical_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lock_timer = QTimer(self)
        self.lock_timer.setSingleShot(True)
        self.lock_timer.timeout.connect(self.idle_lock)
        self.clinical_timer = QTimer(self)
        self.clinical_timer.setSingleShot(True)
        self.clinical_timer.timeout.connect(self.clinical_idle_lock)
        self.set_intervals(lock_ms, clinical_ms)
        self._active = False  # the event filter is installed
        self._started = False  # watching (the filter may still be on its way)

    def set_intervals(self, lock_ms: int, clinical_ms: int) -> None:
        self.lock_timer.setInterval(lock_ms)
        self.clinical_timer.setInterval(min(clinical_ms, lock_ms))

    def start(self, filter_after_ms: int = 0) -> None:
        """Start both timers now; watch input from ``filter_after_ms`` on. A Python filter
        of every event of the app slows the window's first paint while the worker holds
        the interpreter (issue 12); input before it is installed does not push the locks
        back, so they can only come that much sooner, never later."""
        self._started = True
        self.poke()
        if filter_after_ms > 0:
            QTimer.singleShot(filter_after_ms, self, self._install)
        else:
            self._install()

    def _install(self) -> None:
        app = QApplication.instance()
        if app is not None and self._started and not self._active:
            app.installEventFilter(self)
            self._active = True

    def stop(self) -> None:
        self._started = False
        app = QApplication.instance()
        if app is not None and self._active:
            app.removeEventFilter(self)
            self._active = False
        self.lock_timer.stop()
        self.clinical_timer.stop()

    def poke(self) -> None:
        self.lock_timer.start()
        self.clinical_timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS:
            self.poke()
        return False
