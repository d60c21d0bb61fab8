"""Appointments tab (being built)."""

from __future__ import annotations

from app.ui.tabs.base import ClientTab
from app.ui.texts import _


class AppointmentsTab(ClientTab):
    def title(self) -> str:
        return _("Appointments")

    def reload(self) -> None:
        pass
