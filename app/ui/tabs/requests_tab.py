"""Requests tab (being built)."""

from __future__ import annotations

from app.ui.tabs.base import ClientTab
from app.ui.texts import _


class RequestsTab(ClientTab):
    def title(self) -> str:
        return _("Requests")

    def reload(self) -> None:
        pass
