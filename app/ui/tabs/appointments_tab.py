"""Appointments tab: the client's appointments, a new appointment, and their status."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.appointment_rules import can_be_marked_held, status_change_refusal
from app.domain.appointment_series import can_be_cancelled
from app.domain.kinds import AppointmentStatus
from app.domain.models import Appointment, PaymentCommitment, Relationship, Service
from app.i18n import N_
from app.services import appointments, billing, invoicing, register, relationships
from app.services.session import Session
from app.ui.agenda import WEEKDAYS, cancelled_text, status_label
from app.ui.context import UiContext
from app.ui.dialogs.appointment_dialog import commitment_text, time_text
from app.ui.dialogs.booking import appointment_dialog
from app.ui.dialogs.cancel_dialog import CancelDialog
from app.ui.dialogs.form_helpers import FormDialog
from app.ui.icons import icon
from app.ui.table_model import RecordTableModel, record_table
from app.ui.tabs.base import ClientTab, button_row
from app.ui.texts import _, format_date, format_money, ngettext


@dataclass(frozen=True)
class AppointmentsData:
    client_id: str
    appointments: list[Appointment]
    relationships: list[Relationship]
    services: list[Service] = field(default_factory=list)
    commitments: list[PaymentCommitment] = field(default_factory=list)
    practice_place: str = ""
    invoiced: dict[int, str] = field(default_factory=dict)  # visit id -> invoice number


def load_appointments_data(session: Session, client_id: str) -> AppointmentsData:
    practice = register.practice(session)
    place = ", ".join(p for p in (practice.street_address, practice.city) if p)
    return AppointmentsData(
        client_id=client_id,
        appointments=appointments.appointments_of(session, client_id),
        relationships=relationships.relationships_of(session, client_id),
        services=register.services(session),
        commitments=billing.payment_commitments_of(session, client_id),
        practice_place=place,
        invoiced=invoicing.invoiced_visits(session, client_id),
    )


class AppointmentsModel(RecordTableModel[Appointment]):
    """Newest appointment first."""

    HEADERS = (
        N_("Date"),
        N_("Time"),
        N_("Duration"),
        N_("Service"),
        N_("Place"),
        N_("Status"),
        N_("Fee"),
        N_("Payment commitment"),
        N_("Invoiced"),
    )
    DATE, TIME, DURATION, SERVICE, PLACE, STATUS, FEE, COMMITMENT, INVOICED = range(9)

    def __init__(self) -> None:
        super().__init__()
        self._commitments: dict[int, PaymentCommitment] = {}
        self._invoiced: dict[int, str] = {}
        self._today = date.today()

    def set_rows(
        self,
        rows: Iterable[Appointment],
        commitments: list[PaymentCommitment] | None = None,
        today: date | None = None,
        invoiced: dict[int, str] | None = None,
    ) -> None:
        self._commitments = {c.id: c for c in commitments or [] if c.id is not None}
        self._invoiced = dict(invoiced or {})
        self._today = today or date.today()
        super().set_rows(rows)

    def ordered(self, rows: list[Appointment]) -> list[Appointment]:
        return sorted(rows, key=lambda a: a.starts_at, reverse=True)

    def appointment(self, row: int) -> Appointment:
        return self.record(row)

    def cell(self, appointment: Appointment, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column in (self.DURATION, self.FEE):
                return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            return None
        if role == Qt.ItemDataRole.FontRole and appointment.starts_at.date() == self._today:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and appointment.status in (
            AppointmentStatus.CANCELLED,
            AppointmentStatus.NO_SHOW,
        ):
            return QPalette().color(QPalette.ColorRole.PlaceholderText)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.PLACE:
            return appointment.place or None
        if role == Qt.ItemDataRole.ToolTipRole and column == self.STATUS:
            return cancelled_text(appointment) or None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        day = appointment.starts_at.date()
        if column == self.DATE:
            return f"{_(WEEKDAYS[day.weekday()])} {format_date(day)}"
        if column == self.TIME:
            return time_text(appointment.starts_at)
        if column == self.DURATION:
            return _("{minutes} min").format(minutes=appointment.duration_min)
        if column == self.SERVICE:
            return appointment.service
        if column == self.PLACE:
            return _("Remote") if appointment.remote else appointment.place
        if column == self.STATUS:
            return cancelled_text(appointment) or status_label(appointment.status)
        if column == self.FEE:
            return format_money(appointment.fee_cents)
        if column == self.INVOICED:
            return self._invoiced.get(appointment.id or -1, "")
        commitment = self._commitments.get(appointment.payment_commitment_id or -1)
        return commitment_text(commitment) if commitment else ""


STATUS_BUTTONS = (
    (AppointmentStatus.DONE, N_("Mark &done")),
    (AppointmentStatus.CANCELLED, N_("Cance&l the visit…")),
    (AppointmentStatus.NO_SHOW, N_("N&o-show")),
)
HELD_OR_MISSED = (AppointmentStatus.DONE, AppointmentStatus.NO_SHOW)
STATUS_TIPS = {
    AppointmentStatus.DONE: N_("Mark the chosen appointment as done"),
    AppointmentStatus.CANCELLED: N_("Cancel the chosen booked visit, saying who cancelled and why"),
    AppointmentStatus.NO_SHOW: N_("Mark that the client did not come to the appointment"),
}


class AppointmentsTab(ClientTab):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.today: Callable[[], date] = date.today
        self.now: Callable[[], datetime] = datetime.now
        self.data: AppointmentsData | None = None
        self.dialog: FormDialog | None = None
        self._select_after_reload: int | None = None

        self.summary = QLabel()
        self.summary.setAccessibleName(_("Appointments summary"))
        self.model = AppointmentsModel()
        self.table = record_table(
            self.model,
            _("The client's appointments"),
            word_wrap=False,
            stretch_columns=(AppointmentsModel.PLACE,),
        )
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.new_button = QPushButton(icon("add"), _("&New appointment…"))
        self.new_button.clicked.connect(self.new_appointment)
        self.edit_button = QPushButton(icon("edit"), _("Mo&ve or edit…"))
        self.edit_button.setToolTip(_("Move the chosen booked visit or change its details"))
        self.edit_button.clicked.connect(self.edit_appointment)
        self.status_buttons: dict[AppointmentStatus, QPushButton] = {}
        buttons = button_row(self.new_button, self.edit_button)
        for status, text in STATUS_BUTTONS:
            button = QPushButton(_(text))
            button.setToolTip(_(STATUS_TIPS[status]))
            button.clicked.connect(lambda _checked=False, s=status: self.set_status(s))
            self.status_buttons[status] = button
            buttons.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._update_buttons()

    def title(self) -> str:
        return _("Appointments")

    # --- loading -------------------------------------------------------------------------

    def reload(self) -> None:
        self.load(load_appointments_data, self._show)

    def _show(self, data: AppointmentsData) -> None:
        selected = self.selected_appointment()
        select_id = self._select_after_reload or (selected.id if selected else None)
        self._select_after_reload = None
        self.data = data
        today = self.today()
        self.model.set_rows(data.appointments, data.commitments, today, data.invoiced)
        self.summary.setText(summary_text(data.appointments, self.now()))
        if select_id is not None:
            row = self.model.row_of(select_id)
            if row is not None:
                self.table.selectRow(row)
        self._update_buttons()

    def clear(self) -> None:
        super().clear()
        self.close_dialog()
        self.data = None
        self._select_after_reload = None
        self.summary.clear()
        self.model.clear()
        self._update_buttons()

    # --- selection and status ------------------------------------------------------------

    def selected_appointment(self) -> Appointment | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.appointment(rows[0].row()) if rows else None

    def select_appointment(self, appointment_id: int | None) -> None:
        row = self.model.row_of(appointment_id)
        if row is not None:
            self.table.selectRow(row)

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._update_buttons()

    def _active_relationships(self) -> list[Relationship]:
        if self.data is None:
            return []
        return [r for r in self.data.relationships if r.ended_on is None]

    def _update_buttons(self) -> None:
        can_book = bool(self._active_relationships())
        self.new_button.setEnabled(can_book)
        self.new_button.setToolTip(
            ""
            if can_book or self.data is None
            else _("Start a client relationship first (Contact details tab).")
        )
        appointment = self.selected_appointment() if self.data is not None else None
        self.edit_button.setEnabled(
            appointment is not None and appointment.status is AppointmentStatus.BOOKED
        )
        started = appointment is not None and can_be_marked_held(appointment, self.now())
        charged = self.data.invoiced if self.data is not None else {}
        invoiced = appointment is not None and (appointment.id or -1) in charged
        for status, button in self.status_buttons.items():
            if status is AppointmentStatus.CANCELLED:
                enabled = appointment is not None and can_be_cancelled(appointment)
            else:  # the service's own rule (held and missed swapped only while uninvoiced)
                enabled = appointment is not None and appointment.status is not status and (
                    status_change_refusal(appointment, status, self.now(), invoiced) is None
                )
            if status in HELD_OR_MISSED and not started:
                button.setToolTip(_("Only a visit that has started can be marked so."))
            else:
                button.setToolTip(_(STATUS_TIPS[status]))
            button.setEnabled(enabled)

    def set_status(self, status: AppointmentStatus) -> None:
        appointment = self.selected_appointment()
        client_id = self.client_id
        if appointment is None or appointment.id is None or client_id is None:
            return
        if status is AppointmentStatus.CANCELLED:
            dialog = CancelDialog(self.ctx, appointment, self)
            dialog.cancelled.connect(lambda done: self._changed_after_dialog(client_id, done[0]))
            self.open_dialog(dialog)
            return
        appointment_id = appointment.id
        for button in self.status_buttons.values():
            button.setEnabled(False)
        self.ctx.db.run(
            lambda s: appointments.set_status(s, appointment_id, status),
            lambda saved: self._changed(client_id, saved.id),
            self._failed,
        )

    def _changed(self, client_id: str, appointment_id: int | None) -> None:
        self._select_after_reload = appointment_id
        if client_id == self.client_id:
            self.reload()
        self.ctx.events.appointments_changed.emit()
        self.ctx.events.client_changed.emit(client_id)

    def _failed(self, error: BaseException) -> None:
        self._update_buttons()
        self.ctx.show_error(self, error)

    # --- new appointment -----------------------------------------------------------------

    def new_appointment(self) -> None:
        data = self.data
        client_id = self.client_id
        if data is None or client_id is None:
            return
        dialog = appointment_dialog(self.ctx, data, self.today(), self.now(), self)
        dialog.saved.connect(lambda saved: self._changed_after_dialog(client_id, saved))
        self.open_dialog(dialog)

    def edit_appointment(self) -> None:
        """Move or edit the chosen booked visit (the service refuses any other)."""
        data = self.data
        client_id = self.client_id
        appointment = self.selected_appointment()
        if data is None or client_id is None or appointment is None:
            return
        dialog = appointment_dialog(
            self.ctx, data, self.today(), self.now(), self, existing=appointment
        )
        dialog.saved.connect(lambda saved: self._changed_after_dialog(client_id, saved))
        self.open_dialog(dialog)

    def _changed_after_dialog(self, client_id: str, appointment: Appointment) -> None:
        # The dialog already announced the change; only this tab's view is refreshed.
        self._select_after_reload = appointment.id
        if client_id == self.client_id:
            self.reload()

    def close_dialog(self) -> None:
        """Dialogs hold personal data: they go when the tab is cleared (on lock)."""
        if self.dialog is not None:
            dialog, self.dialog = self.dialog, None
            dialog.close_now()
            dialog.deleteLater()


def summary_text(rows: list[Appointment], now: datetime) -> str:
    """'12 appointments · next Mon 30.11.2026 at 10.00' (no personal data)."""
    count = len(rows)
    if count == 0:
        return _("No appointments yet.")
    text = ngettext("{count} appointment", "{count} appointments", count).format(count=count)
    upcoming = [
        a
        for a in rows
        if a.starts_at >= now.replace(tzinfo=None) and a.status is AppointmentStatus.BOOKED
    ]
    if upcoming:
        first = min(upcoming, key=lambda a: a.starts_at)
        day = first.starts_at.date()
        when = _("next {weekday} {date} at {time}").format(
            weekday=_(WEEKDAYS[day.weekday()]),
            date=format_date(day),
            time=time_text(first.starts_at),
        )
        text += " · " + when
    return text
