"""Running a purge from the review: the passphrase checked, then the purge on the worker
with its progress shown (a dialog that appears only after half a second) and a Cancel
that works until the commit.

``run_purge`` of the services calls ``progress(done, total)`` and ``cancelled()`` on the
worker thread; ``PurgeRunner`` turns the first into a queued signal to the GUI thread and
answers the second from a thread-safe flag that the progress dialog's Cancel sets.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.db.vault import Secret
from app.domain.errors import WrongSecretError
from app.domain.retention import Category
from app.services import purge
from app.services import register as register_service
from app.services.purge import PurgeRecord
from app.services.session import Session
from app.ui.context import UiContext
from app.ui.texts import _

SHOW_AFTER_MS = 500


def purge_job(
    secret: Secret,
    categories: set[Category],
    client_ids: set[str] | None,
    progress: Callable[[int, int], None],
    cancelled: Callable[[], bool],
) -> Callable[[Session], PurgeRecord]:
    """The job for the worker: the passphrase verified by the service, a fresh plan of
    what was chosen, and the purge (which plans again inside its transaction)."""

    def job(session: Session) -> PurgeRecord:
        if not register_service.verify_secret(session, secret):
            raise WrongSecretError("register.wrong_passphrase")
        plan = purge.plan_purge(session, categories=categories, client_ids=client_ids)
        if cancelled():
            raise purge.PurgeCancelled
        return purge.run_purge(session, plan, progress=progress, cancelled=cancelled)

    return job


class PurgeRunner(QObject):
    """One purge run: the progress dialog, the cancel flag and the lock hold."""

    progressed = Signal(int, int)  # emitted on the worker thread, delivered on the GUI's
    finished = Signal(object)  # the PurgeRecord
    failed = Signal(object)  # the exception (PurgeCancelled, WrongSecretError, …)

    def __init__(self, ctx: UiContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._cancel = threading.Event()
        self.dialog = QProgressDialog(parent)
        self.dialog.setWindowTitle(_("Purge — Vakka"))
        self.dialog.setLabelText(_("Destroying the selected records…"))
        self.dialog.setCancelButtonText(_("&Cancel the purge"))
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setMinimumDuration(SHOW_AFTER_MS)
        self.dialog.canceled.connect(self.cancel)
        self.dialog.reset()  # no showing until start()
        self.dialog.hide()
        self.progressed.connect(self._on_progress)
        self.running = False

    def cancel(self) -> None:
        """Ask the purge to stop; it does if its transaction has not been committed."""
        self._cancel.set()
        self.dialog.setLabelText(_("Cancelling…"))

    def start(
        self,
        secret: Secret,
        categories: set[Category],
        client_ids: set[str] | None,
    ) -> None:
        self.running = True
        self._cancel.clear()
        self.dialog.setRange(0, 0)
        self.dialog.setValue(0)  # starts the half-second wait before the dialog shows
        self.ctx.hold_lock()  # a lock waits for the purge to commit or roll back
        job = purge_job(secret, categories, client_ids, self.progressed.emit, self._cancel.is_set)
        self.ctx.db.run(job, self._done, self._failed)

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        if not self.running:
            return
        self.dialog.setRange(0, max(total, 1))
        self.dialog.setValue(min(done, total))
        if total and done >= total:
            # What is left is the commit and the clean-up: no cancelling any more.
            self.dialog.setLabelText(_("Finishing the purge and cleaning the files…"))
            self.dialog.setCancelButton(None)

    def _end(self) -> None:
        self.running = False
        self.dialog.reset()
        self.dialog.hide()
        self.ctx.release_lock()

    def _done(self, record: PurgeRecord) -> None:
        self._end()
        self.finished.emit(record)

    def _failed(self, error: BaseException) -> None:
        self._end()
        self.failed.emit(error)
