"""Today's and this week's appointments."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTime, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.domain.appointment_rules import double_booked
from app.domain.kinds import AppointmentStatus
from app.domain.models import Appointment
from app.i18n import N_
from app.i18n.kind_labels import appointment_status_label
from app.ui.table_model import RecordTableModel, record_table
from app.ui.texts import _, format_date, ngettext, ui_language, ui_locale

AGENDA_DAYS = 7
STATUS_LABELS = {
    AppointmentStatus.BOOKED: N_("Booked"),
    AppointmentStatus.DONE: N_("Done"),
    AppointmentStatus.CANCELLED: N_("Cancelled"),
    AppointmentStatus.NO_SHOW: N_("No-show"),
}
WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))


def short_time(moment: datetime) -> str:
    """The locale's short time: 9.00 in Finnish and Swedish (Finland), 9:00 AM in English."""
    locale = ui_locale()
    return locale.toString(QTime(moment.hour, moment.minute), locale.FormatType.ShortFormat)


def status_label(status: AppointmentStatus) -> str:
    return _(STATUS_LABELS[status])


def cancelled_text(appointment: Appointment) -> str:
    """'Cancelled by the client: flu' (who cancelled and why); empty unless cancelled."""
    if appointment.status is not AppointmentStatus.CANCELLED:
        return ""
    return appointment_status_label(appointment, ui_language())


class AgendaModel(RecordTableModel[tuple[Appointment, str]]):
    """An appointment and its client's name a row."""

    HEADERS = (N_("Day"), N_("Time"), N_("Client"), N_("Service"), N_("Status"))
    CLIENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self) -> None:
        super().__init__()
        self._today = date.today()
        self.double_booked: set[int] = set()

    def set_rows(self, rows: Iterable[tuple[Appointment, str]], today: date | None = None) -> None:
        self._today = today or date.today()
        rows = list(rows)
        self.double_booked = double_booked(a for a, _name in rows)
        super().set_rows(rows)

    def clear(self) -> None:
        self.double_booked = set()
        super().clear()

    def record_id(self, record: tuple[Appointment, str]) -> object:
        return record[0].id

    def count_on(self, day: date) -> int:
        return sum(
            1
            for a, _name in self._rows
            if a.starts_at.date() == day and a.status is not AppointmentStatus.CANCELLED
        )

    def cell(self, record: tuple[Appointment, str], column: int, role: int) -> Any:
        appointment, name = record
        if role == self.CLIENT_ID_ROLE:
            return appointment.client_id
        overlaps = appointment.id in self.double_booked
        if overlaps and column == 1 and role == Qt.ItemDataRole.DecorationRole:
            from app.ui.icons import icon

            return icon("warning")
        if overlaps and role == Qt.ItemDataRole.ToolTipRole:
            return _("Overlaps another appointment (double booking)")
        if role == Qt.ItemDataRole.FontRole and appointment.starts_at.date() == self._today:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        day = appointment.starts_at.date()
        if column == 0:
            if day == self._today:
                return _("Today")
            return f"{_(WEEKDAYS[day.weekday()])} {format_date(day)}"
        if column == 1:
            return short_time(appointment.starts_at)  # 9.00 in fi and sv, as in the tabs
        if column == 2:
            return name
        if column == 3:
            remote = _("remote") if appointment.remote else appointment.place
            return f"{appointment.service} ({remote})" if remote else appointment.service
        if overlaps:
            return _("{status} · overlaps").format(status=status_label(appointment.status))
        return status_label(appointment.status)


class AgendaWidget(QWidget):
    client_activated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = AgendaModel()
        self.title = QLabel(_("Appointments this week (the next 7 days)"))
        self.title.setStyleSheet("font-size: 14pt; font-weight: 600;")
        self.table = record_table(
            self.model,
            _("Appointments this week (the next 7 days)"),
            single_selection=False,
            alternating_rows=False,
            stretch_columns=(3,),  # the service takes what is left; the status stays visible
        )
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
