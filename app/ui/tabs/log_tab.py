"""The client's use and disclosure log, read-only."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from app.db.audit import AuditRow
from app.i18n import N_
from app.i18n.codes import log_action_label, log_purpose_label
from app.services.audit_view import client_log
from app.ui.context import UiContext
from app.ui.table_model import RecordTableModel
from app.ui.tabs.base import ClientTab
from app.ui.texts import _, format_date, ui_language


class AuditModel(RecordTableModel[AuditRow]):
    """Newest entry first."""

    HEADERS = (N_("When"), N_("What"), N_("Who"), N_("Purpose"))

    def ordered(self, rows: list[AuditRow]) -> list[AuditRow]:
        return list(reversed(rows))

    def cell(self, row: AuditRow, column: int, role: int) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            when = datetime.fromisoformat(row.at)
            return f"{format_date(when.date())} {when:%H:%M}"
        if column == 1:
            return log_action_label(row.action, ui_language())
        if column == 2:
            return row.user_name or row.user_id
        return log_purpose_label(row.purpose, ui_language())


class LogTab(ClientTab):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.model = AuditModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Log of who has viewed this client's data"))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        layout = QVBoxLayout(self)
        intro = QLabel(_("Every opening of this client's data is logged (Act 703/2023 § 10)."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self.table)

    def title(self) -> str:
        return _("Log")

    def reload(self) -> None:
        self.load(client_log, self.model.set_rows)

    def clear(self) -> None:
        super().clear()
        self.model.clear()
