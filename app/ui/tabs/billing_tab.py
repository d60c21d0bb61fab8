"""Billing tab (being built)."""

from __future__ import annotations

from app.ui.tabs.base import ClientTab
from app.ui.texts import _


class BillingTab(ClientTab):
    def title(self) -> str:
        return _("Billing")

    def reload(self) -> None:
        pass
