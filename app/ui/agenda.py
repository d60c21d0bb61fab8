"""Today's and this week's appointments."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from app.domain.kinds import AppointmentStatus
from app.domain.models import Appointment
from app.i18n import N_
from app.ui.texts import _, format_date, ngettext

Index = QModelIndex | QPersistentModelIndex
AGENDA_DAYS = 7
STATUS_LABELS = {
    AppointmentStatus.BOOKED: N_("Booked"),
    AppointmentStatus.DONE: N_("Done"),
    AppointmentStatus.CANCELLED: N_("Cancelled"),
    AppointmentStatus.NO_SHOW: N_("No-show"),
}
WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))


def status_label(status: AppointmentStatus) -> str:
    return _(STATUS_LABELS[status])


class AgendaModel(QAbstractTableModel):
    HEADERS = (N_("Day"), N_("Time"), N_("Client"), N_("Service"), N_("Status"))
    CLIENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[tuple[Appointment, str]] = []
        self._today = date.today()

    def set_rows(self, rows: list[tuple[Appointment, str]], today: date) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._today = today
        self.endResetModel()

    def count_on(self, day: date) -> int:
        return sum(
            1
            for a, _name in self._rows
            if a.starts_at.date() == day and a.status is not AppointmentStatus.CANCELLED
        )

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        appointment, name = self._rows[index.row()]
        if role == self.CLIENT_ID_ROLE:
            return appointment.client_id
        if role == Qt.ItemDataRole.FontRole and appointment.starts_at.date() == self._today:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = index.column()
        day = appointment.starts_at.date()
        if column == 0:
            if day == self._today:
                return _("Today")
            return f"{_(WEEKDAYS[day.weekday()])} {format_date(day)}"
        if column == 1:
            return appointment.starts_at.strftime("%H:%M")
        if column == 2:
            return name
        if column == 3:
            remote = _("remote") if appointment.remote else appointment.place
            return f"{appointment.service} ({remote})" if remote else appointment.service
        return status_label(appointment.status)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.HEADERS[section])
        return None


class AgendaWidget(QWidget):
    client_activated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = AgendaModel()
        self.title = QLabel(_("Appointments this week"))
        self.title.setStyleSheet("font-size: 14pt; font-weight: 600;")
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Appointments this week"))
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.activated.connect(self._activated)
        self.empty = QLabel(_("No appointments in the next seven days."))
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.table)
        layout.addWidget(self.empty)
        self.empty.hide()

    def set_rows(self, rows: list[tuple[Appointment, str]], today: date) -> None:
        self.model.set_rows(rows, today)
        self.empty.setVisible(not rows)

    def clear(self) -> None:
        self.model.set_rows([], date.today())

    def today_text(self, today: date) -> str:
        count = self.model.count_on(today)
        return ngettext("Today: {count} appointment", "Today: {count} appointments", count).format(
            count=count
        )

    def _activated(self, index: QModelIndex) -> None:
        client_id = self.model.data(index, AgendaModel.CLIENT_ID_ROLE)
        if client_id:
            self.client_activated.emit(str(client_id))
