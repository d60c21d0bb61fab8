"""All database work on one worker thread that owns the register's connection.

The GUI thread submits jobs (plain functions of the open Session); results and
exceptions come back to the GUI thread through a signal, where the job's callbacks
run. Jobs run in the order they were submitted. After a lock, results of jobs
submitted before it are dropped, so nothing personal lands in a cleared view.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QMetaObject, QObject, Qt, QThread, Signal, Slot

from app.domain.errors import VakkaError

if TYPE_CHECKING:  # the database layer is imported on the worker, when first needed
    from app.db.secret import Secret
    from app.services.session import Session

T = TypeVar("T")
Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class _Worker(QObject):
    """Lives on the worker thread; the Session is created and used only there."""

    finished = Signal(int, object, object)  # job id, result, exception

    def __init__(self) -> None:
        super().__init__()
        self.session: Session | None = None

    def require_session(self) -> Session:
        if self.session is None:
            raise VakkaError("ui.register_locked")
        return self.session

    @Slot(int, object)
    def execute(self, job_id: int, fn: Callable[[_Worker], object]) -> None:
        try:
            result, error = fn(self), None
        except BaseException as exc:  # handed to the GUI thread, never lost
            from app.db.errors import as_user_error

            # What the disk or the database refused becomes its clear message, as in the CLI.
            result, error = None, as_user_error(exc) or exc
        self.finished.emit(job_id, result, error)

    @Slot()
    def close_now(self) -> None:
        if self.session is not None:
            session, self.session = self.session, None
            session.close()


class Database(QObject):
    """The GUI thread's handle on the worker."""

    job_finished = Signal()
    _submit = Signal(int, object)

    def __init__(self, default_error: Failed, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._default_error = default_error
        self._thread = QThread()
        self._thread.setObjectName("vakka-db")
        self._worker = _Worker()
        self._worker.moveToThread(self._thread)
        self._submit.connect(self._worker.execute)
        self._worker.finished.connect(self._on_finished)
        self._callbacks: dict[int, tuple[Done | None, Failed | None, int]] = {}
        self._ids = itertools.count(1)
        self._generation = 0
        self._pending = 0
        self._thread.start()

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def run(
        self,
        fn: Callable[[Session], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Failed | None = None,
    ) -> None:
        """Run ``fn(session)`` on the worker; callbacks run on the GUI thread."""
        self._queue(lambda worker: fn(worker.require_session()), on_done, on_error)

    def call(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Failed | None = None,
    ) -> None:
        """Run ``fn()`` on the worker without needing an open register (e.g. the keyring,
        which may wait for the desktop's keychain)."""
        self._queue(lambda _worker: fn(), on_done, on_error)

    def open(
        self,
        folder: Path,
        secret: Secret,
        clinical: bool,
        on_done: Callable[[Session], None] | None = None,
        on_error: Failed | None = None,
    ) -> None:
        def job(worker: _Worker) -> Session:
            from app.services import register as register_service

            worker.close_now()
            worker.session = register_service.unlock(folder, secret, clinical=clinical)
            return worker.session

        self._queue(job, on_done, on_error)

    def adopt(
        self,
        make_session: Callable[[], Session],
        on_done: Done | None = None,
        on_error: Failed | None = None,
    ) -> None:
        """Create a session on the worker (e.g. a new register from the wizard)."""

        def job(worker: _Worker) -> Session:
            worker.close_now()
            worker.session = make_session()
            return worker.session

        self._queue(job, on_done, on_error)

    def lock(self) -> None:
        """Forget queued results and close the register (writes the audit head)."""
        self._generation += 1
        self._queue(lambda worker: worker.close_now(), None, None)

    def shutdown(self) -> None:
        """Close the register and stop the thread; blocks until done."""
        self._generation += 1
        if self._thread.isRunning():
            QMetaObject.invokeMethod(
                self._worker, "close_now", Qt.ConnectionType.BlockingQueuedConnection
            )
            self._thread.quit()
            self._thread.wait()

    def _queue(
        self, fn: Callable[[_Worker], object], on_done: Done | None, on_error: Failed | None
    ) -> None:
        job_id = next(self._ids)
        self._callbacks[job_id] = (on_done, on_error, self._generation)
        self._pending += 1
        self._submit.emit(job_id, fn)

    @Slot(int, object, object)
    def _on_finished(self, job_id: int, result: object, error: object) -> None:
        on_done, on_error, generation = self._callbacks.pop(job_id)
        self._pending -= 1
        try:
            if generation != self._generation:
                return  # submitted before a lock: its data must not be shown
            if isinstance(error, BaseException):
                (on_error or self._default_error)(error)
            elif on_done is not None:
                on_done(result)
        finally:
            self.job_finished.emit()
