"""The client list's questions to the patient records (issue 11 item 16): clients found
by a typed hetu or birth date, and birth years to tell namesakes apart. Asked only while
the patient records are open; the service logs each find and each listing."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLineEdit, QTableView

from app.domain.identity_search import looks_like_identity
from app.services import clients
from app.services import register as register_service
from app.services.session import Session
from app.ui.client_list import ClientFilterProxy, ClientListModel
from app.ui.context import UiContext
from app.ui.texts import _


def _years_if_open(session: Session) -> dict[str, int] | None:
    return clients.birth_years(session) if register_service.clinical_open(session) else None


class IdentitySearch(QObject):
    def __init__(
        self,
        ctx: UiContext,
        search: QLineEdit,
        model: ClientListModel,
        proxy: ClientFilterProxy,
        view: QTableView,
        on_result: Callable[[], None],
    ) -> None:
        super().__init__(view)
        self.ctx, self.search, self.model, self.proxy, self.view = ctx, search, model, proxy, view
        self.on_result = on_result
        self.clinical_open = False
        self._searched = ""  # the text whose identity search has answered
        view.setColumnHidden(ClientListModel.BORN, True)
        search.textChanged.connect(self._text_changed)
        ctx.events.clinical_state_changed.connect(self._clinical_changed)

    def start(self) -> None:
        """At unlock: the birth years, if the patient records opened with the register."""
        self.ctx.db.run(_years_if_open, self._years, lambda _e: None)

    def _clinical_changed(self, opened: bool) -> None:
        if opened:
            self.start()
        else:
            self.clear()

    def clear(self) -> None:
        """The records locked, or the whole register: the years and finds go."""
        self._years(None)

    def _years(self, years: dict[str, int] | None) -> None:
        self.clinical_open = years is not None
        self.model.set_birth_years(years or {})
        self.proxy.birth_years_changed()
        self.view.setColumnHidden(ClientListModel.BORN, years is None)
        if years is None:
            self.proxy.set_identity_matches(frozenset())
        else:
            self._text_changed(self.search.text())
        self.on_result()

    def _text_changed(self, text: str) -> None:
        self.proxy.set_identity_matches(frozenset())
        self._searched = ""
        if not self.clinical_open or not looks_like_identity(text):
            return
        self.ctx.db.run(
            lambda s: clients.find_by_identity(s, text),
            lambda found: self._found(text, found),
            lambda _e: None,
        )

    def _found(self, text: str, found: list[str]) -> None:
        if self.search.text() != text:
            return  # typed on meanwhile
        self._searched = text
        self.proxy.set_identity_matches(frozenset(found))
        self.on_result()

    def no_match_text(self, text: str) -> str:
        """Why a search found nothing, and what else the list could search."""
        if looks_like_identity(text):
            if not self.clinical_open:
                return _(
                    "No client matches. Identity codes and birth dates are searched only while "
                    "the patient records are open: open them and search again."
                )
            if self._searched != text:
                return _("Searching the patient records…")
            return _("No client has this identity code or birth date.")
        return _(
            "No client matches the search (in the chosen list). Names, client numbers, "
            "phone numbers and email addresses are searched; identity codes and birth dates "
            "too while the patient records are open."
        )
