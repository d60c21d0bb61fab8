"""Forms kept as drafts come back after an unlock (issue 11): a note being written (once
the patient records are open), or else a request or a new invoice being filled in, each
on its client's tab."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication

from app.domain.note_draft import NoteDraft
from app.services import clinical, form_drafts
from app.services.form_drafts import INVOICE_DRAFT, REQUEST_DRAFT

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow


class DraftReopener(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        window.ctx.events.clinical_state_changed.connect(self._clinical_changed)

    def after_unlock(self) -> None:
        db = self.window.ctx.db
        # A note is read only while the patient records are open; else it waits for them.
        db.run(clinical.pending_note_drafts, self._reopen_note, lambda _e: None)
        db.run(form_drafts.kept_form_drafts, self._reopen_form, lambda _e: None)

    def _clinical_changed(self, opened: bool) -> None:
        if opened and self.window.unlocked:
            self.window.ctx.db.run(clinical.pending_note_drafts, self._reopen_note, lambda _e: None)

    def _showing(self, client_id: str) -> bool:
        return self.window.unlocked and self.window.client_view.client_id == client_id

    def _select_then(self, client_id: str, then: Callable[[object], None]) -> None:
        """Show the client (if still listed); ``then`` runs once its tabs know the client."""
        window = self.window
        if window.unlocked and window.model.row_of(client_id) is not None:
            window.select_client(client_id)
            window.ctx.db.run(lambda _s: None, then)

    def _reopen_note(self, drafts: list[NoteDraft]) -> None:
        if not drafts:
            return
        draft = drafts[0]

        def open_note(_result: object) -> None:
            if self._showing(draft.client_id):
                self.window.new_note(draft.relationship_id)

        self._select_then(draft.client_id, open_note)

    def _reopen_form(self, kept: list[tuple[str, str]]) -> None:
        from app.ui.tabs.billing_tab import BillingTab
        from app.ui.tabs.requests_tab import RequestsTab

        openers = {
            REQUEST_DRAFT: (RequestsTab, "record_request"),
            INVOICE_DRAFT: (BillingTab, "new_invoice"),
        }
        found = next(((k, c) for k, c in kept if k in openers), None)
        if found is None:
            return
        kind, client_id = found

        def open_form(_result: object) -> None:
            if not self._showing(client_id) or QApplication.activeModalWidget() is not None:
                return  # a note came back first: the form waits to be opened again
            tab_class, action = openers[kind]
            tab = self.window.client_view.tab(tab_class)
            self.window.client_view.tabs.setCurrentWidget(tab)
            getattr(tab, action)()

        self._select_then(client_id, open_form)
