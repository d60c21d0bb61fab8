"""Contact details tab (being built)."""

from __future__ import annotations

from app.ui.tabs.base import ClientTab
from app.ui.texts import _


class ContactTab(ClientTab):
    def title(self) -> str:
        return _("Contact details")

    def reload(self) -> None:
        pass
