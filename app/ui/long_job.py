"""A long service job on the worker with its progress shown and a Cancel (an import, the
hand-over export). The service calls ``progress(done, total)`` and ``cancelled()`` on the
worker thread; the first becomes a queued signal, the second reads a thread-safe flag.
A lock waits until the job has ended (it holds one transaction)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.services.session import Session
from app.ui.context import UiContext
from app.ui.texts import _

SHOW_AFTER_MS = 400
JobFactory = Callable[[Callable[[int, int], None], Callable[[], bool]], Callable[[Session], Any]]


class LongJob(QObject):
    progressed = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, ctx: UiContext, parent: QWidget, title: str, label: str) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._cancel = threading.Event()
        self.dialog = QProgressDialog(parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setLabelText(label)
        self.dialog.setCancelButtonText(_("Cancel"))
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setMinimumDuration(SHOW_AFTER_MS)
        self.dialog.canceled.connect(self._cancel.set)
        self.dialog.reset()
        self.dialog.hide()
        self.progressed.connect(self._on_progress)
        self.running = False

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def start(self, factory: JobFactory) -> None:
        self.running = True
        self._cancel.clear()
        self.dialog.setRange(0, 0)
        self.dialog.setValue(0)
        self.ctx.hold_lock()
        self.ctx.db.run(
            factory(self.progressed.emit, self._cancel.is_set), self._done, self._failed
        )

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        if self.running:
            self.dialog.setRange(0, max(total, 1))
            self.dialog.setValue(min(done, total))

    def _end(self) -> None:
        self.running = False
        self.dialog.reset()
        self.dialog.hide()
        self.ctx.release_lock()

    def _done(self, result: object) -> None:
        self._end()
        self.finished.emit(result)

    def _failed(self, error: BaseException) -> None:
        self._end()
        self.failed.emit(error)
