"""A clipboard for secrets (the hetu): marked concealed, cleared after 30 seconds."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QObject, QTimer
from PySide6.QtGui import QGuiApplication

CLEAR_AFTER_MS = 30_000


class SecureClipboard(QObject):
    def __init__(self, parent: QObject | None = None, clear_after_ms: int = CLEAR_AFTER_MS) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(clear_after_ms)
        self._timer.timeout.connect(self.clear)
        self._copied: str | None = None

    def copy_secret(self, text: str) -> None:
        mime = QMimeData()
        mime.setText(text)
        # KDE Klipper and others keep concealed items out of their history.
        mime.setData("x-kde-passwordManagerHint", b"secret")
        # Windows clipboard history and cloud clipboard.
        mime.setData("ExcludeClipboardContentFromMonitorProcessing", b"1")
        QGuiApplication.clipboard().setMimeData(mime)
        self._copied = text
        self._timer.start()

    def clear(self) -> None:
        """Clear only if the clipboard still holds what we put there."""
        if self._copied is not None and QGuiApplication.clipboard().text() == self._copied:
            QGuiApplication.clipboard().clear()
        self._copied = None
        self._timer.stop()
