"""One client: a header line and the tabs."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from app.domain.kinds import RegisterKind
from app.domain.models import Client, Relationship
from app.services import clients, relationships
from app.services.session import Session
from app.ui.context import UiContext
from app.ui.tabs.appointments_tab import AppointmentsTab
from app.ui.tabs.base import ClientTab
from app.ui.tabs.billing_tab import BillingTab
from app.ui.tabs.clinical_tab import ClinicalTab
from app.ui.tabs.consents_tab import ConsentsTab
from app.ui.tabs.contact_tab import ContactTab
from app.ui.tabs.log_tab import LogTab
from app.ui.tabs.requests_tab import RequestsTab
from app.ui.texts import _


@dataclass(frozen=True)
class ClientHeader:
    client: Client
    relationships: list[Relationship]


def load_header(session: Session, client_id: str) -> ClientHeader:
    """Opening a client is logged once per unlocked session (services.clients.open_client)."""
    return ClientHeader(
        clients.open_client(session, client_id), relationships.relationships_of(session, client_id)
    )


class ClientView(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.client_id: str | None = None
        self.header = QLabel()
        self.header.setObjectName("clientHeader")
        self.header.setStyleSheet("font-size: 14pt; font-weight: 600;")
        self.header.setAccessibleName(_("Client"))
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("Client's data"))
        self.client_tabs: list[ClientTab] = [
            ContactTab(ctx),
            AppointmentsTab(ctx),
            BillingTab(ctx),
            ConsentsTab(ctx),
            ClinicalTab(ctx),
            LogTab(ctx),
            RequestsTab(ctx),
        ]
        for tab in self.client_tabs:
            self.tabs.addTab(tab, tab.title())
        self.tabs.currentChanged.connect(self._tab_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs)
        ctx.events.client_changed.connect(self._client_changed)

    def tab(self, kind: type[ClientTab]) -> ClientTab:
        return next(t for t in self.client_tabs if isinstance(t, kind))

    def show_client(self, client_id: str) -> None:
        self.clear()
        # Another client opens on the first tab (contact details), never on the patient
        # records left open for the previous one: checking a time must not show, and log,
        # identity and notes. "New note" moves to the records itself.
        self.tabs.setCurrentIndex(0)
        self.client_id = client_id
        self.ctx.db.run(lambda s: load_header(s, client_id), self._show_header)

    def _show_header(self, header: ClientHeader) -> None:
        if header.client.id != self.client_id:
            return
        self.header.setText(header_text(header))
        # "Patient records" only for a client with a health care relationship; a coaching
        # or social care client's records are client records.
        clinical = self.tabs.indexOf(self.tab(ClinicalTab))
        kinds = {r.register_kind for r in header.relationships}
        self.tabs.setTabText(
            clinical,
            _("Patient records")
            if RegisterKind.PATIENT in kinds or not kinds
            else _("Client records"),
        )
        # Tabs load once the opening is logged: if the log cannot be written, nothing shows.
        for tab in self.client_tabs:
            tab.client_id = header.client.id
        self._reload_current()

    def _tab_changed(self, _index: int) -> None:
        self._reload_current()

    def _reload_current(self) -> None:
        current = self.tabs.currentWidget()
        if isinstance(current, ClientTab) and current.client_id is not None:
            current.reload()

    def _client_changed(self, client_id: str) -> None:
        if client_id == self.client_id:
            self.ctx.db.run(lambda s: load_header(s, client_id), self._show_header)

    def clear(self) -> None:
        self.client_id = None
        self.header.clear()
        for tab in self.client_tabs:
            tab.clear()


def header_text(header: ClientHeader) -> str:
    client = header.client
    active = any(r.ended_on is None for r in header.relationships)
    if not header.relationships:
        state = _("no client relationship yet")
    elif active:
        state = _("client relationship continues")
    else:
        state = _("client relationship ended")
    number = _("client no. {number}").format(number=client.client_number)
    return f"{client.display_name} · {number} · {state}"
