"""Patient records tab (being built)."""

from __future__ import annotations

from app.ui.tabs.base import ClientTab
from app.ui.texts import _


class ClinicalTab(ClientTab):
    def title(self) -> str:
        return _("Patient records")

    def reload(self) -> None:
        pass
