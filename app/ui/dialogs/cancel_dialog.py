"""Cancel a visit (peru käynti): who cancelled it and why; for a visit of a series, this
visit only or this and the following ones. The visit stays in the client's history."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QLineEdit, QRadioButton, QVBoxLayout, QWidget

from app.domain.appointment_series import MAX_REASON_LENGTH
from app.domain.kinds import CancelledBy
from app.domain.models import Appointment
from app.services import appointments
from app.ui.context import UiContext
from app.ui.dialogs.appointment_dialog import time_text
from app.ui.dialogs.form_helpers import FormDialog, hint_label
from app.ui.texts import _, format_date


class CancelDialog(FormDialog):
    """Cancel one booked visit, or it and the following visits of its series."""

    cancelled = Signal(list)  # the cancelled Appointments

    def __init__(
        self, ctx: UiContext, appointment: Appointment, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, _("Cancel the visit"), parent, save_text=_("Ca&ncel the visit"))
        self.appointment = appointment
        self.setMinimumWidth(440)
        day = appointment.starts_at.date()
        self.body.insertWidget(
            0,
            hint_label(
                _(
                    "The visit on {date} at {time} is kept in the client's history as cancelled; "
                    "its time becomes free."
                ).format(date=format_date(day), time=time_text(appointment.starts_at))
            ),
        )
        self.by_client = QRadioButton(_("The c&lient"))
        self.by_practitioner = QRadioButton(_("The p&ractitioner"))
        self.by_client.setChecked(True)
        by_group = QButtonGroup(self)
        by_group.addButton(self.by_client)
        by_group.addButton(self.by_practitioner)
        who = QWidget()
        who_layout = QVBoxLayout(who)
        who_layout.setContentsMargins(0, 0, 0, 0)
        who_layout.addWidget(self.by_client)
        who_layout.addWidget(self.by_practitioner)
        who.setAccessibleName(_("Cancelled by"))
        self.reason = QLineEdit()
        self.reason.setMaxLength(MAX_REASON_LENGTH)
        self.reason.setPlaceholderText(_("For example: ill, travelling, the practitioner's leave"))
        self.form.add_row(_("Cancelled by:"), who, field="cancelled_by")
        self.form.add_row(_("Rea&son:"), self.reason, field="cancel_reason")

        self.only_this = QRadioButton(_("&Only this visit"))
        self.following = QRadioButton(_("This and the &following visits of the series"))
        self.only_this.setChecked(True)
        scope = QButtonGroup(self)
        scope.addButton(self.only_this)
        scope.addButton(self.following)
        if appointment.series_id:
            self.form.add_wide(self.only_this)
            self.form.add_wide(self.following)
        else:
            self.only_this.hide()
            self.following.hide()
        self.reason.setFocus()

    def cancelled_by(self) -> CancelledBy:
        return CancelledBy.CLIENT if self.by_client.isChecked() else CancelledBy.PRACTITIONER

    def submit(self) -> None:
        reason = self.reason.text().strip()
        if not reason:
            self.show_error(_("Write why the visit is cancelled."), self.reason)
            return
        appointment_id = self.appointment.id or 0
        who = self.cancelled_by()
        if self.appointment.series_id and self.following.isChecked():
            self.run_job(
                lambda s: appointments.cancel_following(s, appointment_id, who, reason),
                self._done,
            )
        else:
            self.run_job(
                lambda s: [appointments.cancel_appointment(s, appointment_id, who, reason)],
                self._done,
            )

    def _done(self, cancelled: list[Appointment]) -> None:
        self.ctx.events.appointments_changed.emit()
        self.ctx.events.client_changed.emit(self.appointment.client_id)
        self.cancelled.emit(cancelled)
        self.accept()
