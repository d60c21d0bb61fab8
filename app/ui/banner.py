"""The banner over the main window: shown only when something calls for action, each part
opening its screen. No names: counts only (PRODUCT.md sketch:
"14 asiakkaan tietoja on hävitettävissä · 1 pyyntö erääntyy 5 pv:ssä")."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from app.services.retention import DueSummary
from app.ui.icons import icon
from app.ui.texts import _, format_date, ngettext

_STYLE = (
    "QFrame#banner { background: #fff4ce; border: 1px solid #e0c36a; }"
    " QFrame#banner QPushButton { text-align: left; padding: 4px; color: #3b2f00;"
    " background: transparent; border: none; text-decoration: underline; }"
    " QFrame#banner QLabel { color: #3b2f00; }"
)


def due_text(due: DueSummary) -> str:
    if due.clients:
        return ngettext(
            "Records of {count} client can be destroyed",
            "Records of {count} clients can be destroyed",
            due.clients,
        ).format(count=due.clients)
    return ngettext(
        "{count} record can be destroyed", "{count} records can be destroyed", due.records
    ).format(count=due.records)


def requests_text(count: int) -> str:
    return ngettext(
        "{count} request is due within 7 days",
        "{count} requests are due within 7 days",
        count,
    ).format(count=count)


def backup_folder_text(seen_on: date) -> str:
    return _("The backup drive has not been reachable since {date}").format(
        date=format_date(seen_on)
    )


class Banner(QFrame):
    """Records due for destruction (opens the purge review) · requests near their deadline
    (opens the open requests) · a backup drive not seen for days (opens the backups)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setStyleSheet(_STYLE)
        self.icon_label = QLabel()
        self.icon_label.setPixmap(icon("warning").pixmap(16, 16))
        self.purge_button = QPushButton()
        self.purge_button.setObjectName("purgeBanner")
        self.purge_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.separator = QLabel("·")
        self.requests_button = QPushButton()
        self.requests_button.setObjectName("requestsBanner")
        self.requests_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.separator2 = QLabel("·")
        self.backup_button = QPushButton()
        self.backup_button.setObjectName("backupBanner")
        self.backup_button.setCursor(Qt.CursorShape.PointingHandCursor)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.addWidget(self.icon_label)
        layout.addWidget(self.purge_button)
        layout.addWidget(self.separator)
        layout.addWidget(self.requests_button)
        layout.addWidget(self.separator2)
        layout.addWidget(self.backup_button)
        layout.addStretch(1)
        self.due = DueSummary(0, 0)
        self.requests = 0
        self.backup_folder_unseen_since: date | None = None
        self._update()

    def set_due(self, due: DueSummary) -> None:
        self.due = due
        self._update()

    def set_requests(self, count: int) -> None:
        self.requests = count
        self._update()

    def set_backup_folder_unseen(self, since: date | None) -> None:
        self.backup_folder_unseen_since = since
        self._update()

    def clear(self) -> None:
        self.due = DueSummary(0, 0)
        self.requests = 0
        self.backup_folder_unseen_since = None
        self._update()

    def text(self) -> str:
        """What the banner says, as one line (for the screen reader and the tests)."""
        buttons = (self.purge_button, self.requests_button, self.backup_button)
        parts = [b.text() for b in buttons if not b.isHidden()]
        return " · ".join(parts)

    def _update(self) -> None:
        due = self.due.records > 0
        self.purge_button.setText(due_text(self.due) if due else "")
        self.purge_button.setHidden(not due)
        self.requests_button.setText(requests_text(self.requests) if self.requests else "")
        self.requests_button.setHidden(not self.requests)
        self.separator.setHidden(not (due and self.requests))
        unseen = self.backup_folder_unseen_since
        self.backup_button.setText(backup_folder_text(unseen) if unseen else "")
        self.backup_button.setHidden(unseen is None)
        self.separator2.setHidden(not (unseen and (due or self.requests)))
        self.setHidden(not (due or self.requests or unseen))
        self.setAccessibleName(self.text())
