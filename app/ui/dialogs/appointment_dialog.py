"""A new appointment (käynti): relationship, date and time, duration, service, place or
remote, fee and an optional payment commitment (maksusitoumus)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QTime, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QSpinBox, QWidget

from app.domain.appointment_rules import ends_at
from app.domain.appointment_series import MAX_SERIES_COUNT
from app.domain.kinds import AppointmentStatus, IssuerKind
from app.domain.models import Appointment, PaymentCommitment, Relationship, Service
from app.i18n import N_
from app.services import appointments
from app.ui.context import UiContext
from app.ui.dialogs.form_helpers import DateEdit, FormDialog, MoneyEdit, TimeEdit, hint_label
from app.ui.dialogs.relationship_dialog import register_kind_label, service_task_label
from app.ui.texts import _, format_date, ngettext, ui_locale

# The same words as the billing tab's (one msgid, one translation).
ISSUER_LABELS = {
    IssuerKind.COUNTY: N_("Wellbeing services county"),
    IssuerKind.KELA: N_("Kela"),
    IssuerKind.INSURER: N_("Insurance company"),
    IssuerKind.OTHER: N_("Other issuer"),
}
DEFAULT_DURATION_MIN = 60
DEFAULT_SERIES_COUNT = 10


def commitment_text(commitment: PaymentCommitment, with_remaining: bool = False) -> str:
    """'Kela 2026/123' (the issuer's name where recorded), optionally with visits left."""
    issuer = commitment.issuer_name or _(ISSUER_LABELS[commitment.issuer_kind])
    text = f"{issuer} {commitment.decision_number}".strip()
    remaining = commitment.visits_remaining
    if with_remaining and remaining is not None:
        left = ngettext("{count} visit left", "{count} visits left", remaining)
        text += " · " + left.format(count=remaining)
    return text


def relationship_choice_text(rel: Relationship, services: Sequence[Service]) -> str:
    parts = [register_kind_label(rel.register_kind, short=True)]
    service = next((s for s in services if s.id is not None and s.id == rel.service_id), None)
    if service is not None:
        parts.append(service.name)
    elif rel.service_task is not None:
        parts.append(service_task_label(rel.service_task))
    if rel.county_name:
        parts.append(rel.county_name)
    parts.append(_("since {date}").format(date=format_date(rel.started_on)))
    return " · ".join(parts)


def default_start_time(now: datetime) -> time:
    """The next full hour during the working day, else 9.00."""
    following = (now + timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
    if following.date() == now.date() and 8 <= following.hour <= 18:
        return following.time()
    return time(9, 0)


def time_text(moment: datetime) -> str:
    """9.00 in Finnish, 09:00 in English (the locale's short time)."""
    return ui_locale().toString(
        QTime(moment.hour, moment.minute), ui_locale().FormatType.ShortFormat
    )


class AppointmentDialog(FormDialog):
    """Book an appointment for one of the client's active relationships."""

    saved = Signal(object)  # the saved Appointment

    def __init__(
        self,
        ctx: UiContext,
        client_id: str,
        today: date,
        relationships: Sequence[Relationship],
        services: Sequence[Service] = (),
        commitments: Sequence[PaymentCommitment] = (),
        previous: Sequence[Appointment] = (),
        places: Sequence[str] = (),
        now: datetime | None = None,
        parent: QWidget | None = None,
        existing: Appointment | None = None,
        starts_at: datetime | None = None,
    ) -> None:
        title = _("New appointment") if existing is None else _("Move or edit appointment")
        super().__init__(ctx, title, parent)
        self.existing = existing
        self.client_id = client_id
        self.services = list(services)
        self.commitments = list(commitments)
        self.previous = sorted(previous, key=lambda a: a.starts_at)
        self.setMinimumWidth(500)

        self.relationship = QComboBox()
        self._relationships = {
            rel.id: rel
            for rel in relationships
            if rel.id is not None
            and (rel.ended_on is None or (existing and rel.id == existing.relationship_id))
        }
        for rel_id, rel in self._relationships.items():
            self.relationship.addItem(relationship_choice_text(rel, self.services), rel_id)
        self.service = QComboBox()
        self.service.setEditable(True)
        self.service.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for service in self.services:
            if service.active:
                self.service.addItem(service.name)
        self.date = DateEdit(today)
        self.time = TimeEdit(default_start_time(now or datetime.now()))
        self.duration = QSpinBox()
        self.duration.setRange(5, 24 * 60)
        self.duration.setSingleStep(5)
        self.duration.setSuffix(" " + _("min"))
        self.duration.setValue(DEFAULT_DURATION_MIN)
        self.place = QComboBox()
        self.place.setEditable(True)
        self.place.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        suggestions: list[str] = []
        for place in [*(a.place for a in reversed(self.previous) if not a.remote), *places]:
            if place and place not in suggestions:
                suggestions.append(place)
        self.place.addItems(suggestions)
        self.remote = QCheckBox(_("Re&mote (video or phone)"))
        self.fee = MoneyEdit(None, optional=True)
        self.commitment = QComboBox()
        self.repeat = QComboBox()
        self.repeat.addItem(_("Does not repeat"), 0)
        self.repeat.addItem(_("Every week"), 1)
        self.repeat.addItem(_("Every other week"), 2)
        self.count = QSpinBox()
        self.count.setRange(2, MAX_SERIES_COUNT)
        self.count.setValue(DEFAULT_SERIES_COUNT)

        form = self.form
        form.add_row(_("Client &relationship:"), self.relationship, field="relationship_id")
        form.add_row(_("Ser&vice:"), self.service, field="service")
        form.add_row(_("&Date:"), self.date, field="starts_at")
        form.add_row(_("&Time:"), self.time, field="starts_at_time")
        form.add_row(_("D&uration:"), self.duration, field="duration_min")
        if existing is None:
            form.add_row(
                _("R&epeat:"),
                self.repeat,
                field="every_weeks",
                tooltip=_("Book a series of visits at the same time, for example for therapy."),
            )
            form.add_row(_("Num&ber of visits:"), self.count, field="count")
            form.set_row_visible(self.count, False)
            self.repeat.currentIndexChanged.connect(
                lambda _i: self.form.set_row_visible(self.count, bool(self.repeat.currentData()))
            )
        form.add_row(_("&Place:"), self.place, field="place")
        form.add_wide(self.remote, field="remote")
        form.add_row(_("&Fee:"), self.fee, field="fee_cents")
        form.add_row(
            _("Payment &commitment:"),
            self.commitment,
            field="payment_commitment_id",
            tooltip=_("A payment commitment or Kela decision this visit is charged to."),
        )
        self.no_relationship = hint_label(
            _(
                "This client has no active client relationship. Start one on the Contact "
                "details tab first."
            )
        )
        self.body.addWidget(self.no_relationship)
        self.no_relationship.setVisible(self.relationship.count() == 0)
        self.save_button.setEnabled(self.relationship.count() > 0)

        self.relationship.currentIndexChanged.connect(self._relationship_changed)
        self.service.currentTextChanged.connect(self._service_changed)
        self.date.dateChanged.connect(lambda _d: self._fill_commitments())
        self.remote.toggled.connect(self._remote_toggled)
        self._overlap_accepted: tuple[datetime, int] | None = None
        self._series_accepted: tuple[datetime, int, int, int] | None = None
        self._relationship_changed()
        if existing is not None:
            self._fill(existing)
        elif starts_at is not None:
            self.date.set_value(starts_at.date())
            self.time.set_value(starts_at.time())
            self._fill_commitments()
        self.date.setFocus()

    def _fill(self, existing: Appointment) -> None:
        """The visit as booked, to be moved or edited."""
        self.relationship.setCurrentIndex(
            max(self.relationship.findData(existing.relationship_id), 0)
        )
        self.service.setCurrentText(existing.service)
        self.date.set_value(existing.starts_at.date())
        self.time.set_value(existing.starts_at.time())
        self.duration.setValue(existing.duration_min)
        self.place.setCurrentText(existing.place)
        self.remote.setChecked(existing.remote)
        self.fee.set_cents(existing.fee_cents)
        self._fill_commitments()
        index = self.commitment.findData(existing.payment_commitment_id)
        self.commitment.setCurrentIndex(max(index, 0))

    # --- defaults ------------------------------------------------------------------------

    def current_relationship(self) -> Relationship | None:
        return self._relationships.get(self.relationship.currentData())

    def _relationship_changed(self, _index: int = 0) -> None:
        rel = self.current_relationship()
        if rel is None:
            self._fill_commitments()
            return
        name = next((s.name for s in self.services if s.id == rel.service_id), "")
        if not name:
            earlier = [a for a in self.previous if a.relationship_id == rel.id and a.service]
            name = earlier[-1].service if earlier else ""
        if name:
            self.service.setCurrentText(name)
        self._service_changed(self.service.currentText())
        self._fill_commitments()

    def _service_changed(self, name: str) -> None:
        """Duration and fee as in this client's latest appointment of the same service."""
        earlier = [a for a in self.previous if a.service == name]
        if earlier:
            last = earlier[-1]
            self.duration.setValue(last.duration_min)
            self.fee.set_cents(last.fee_cents)

    def _remote_toggled(self, remote: bool) -> None:
        line_edit = self.place.lineEdit()
        if line_edit is not None:
            line_edit.setPlaceholderText(_("For example the video service") if remote else "")

    def _fill_commitments(self) -> None:
        """Commitments of this relationship (or of none) valid on the chosen date."""
        chosen = self.commitment.currentData()
        self.commitment.clear()
        self.commitment.addItem(_("None"), None)
        rel = self.current_relationship()
        day = self.date.value()
        for commitment in self.commitments:
            if commitment.relationship_id not in (None, rel.id if rel else None):
                continue
            if not commitment.valid_from <= day <= commitment.valid_until:
                continue
            self.commitment.addItem(commitment_text(commitment, with_remaining=True), commitment.id)
        index = self.commitment.findData(chosen) if chosen is not None else -1
        if index < 0 and self.commitment.count() == 2:
            index = 1  # the one commitment that covers this visit
        self.commitment.setCurrentIndex(max(index, 0))
        self.form.set_row_visible(self.commitment, self.commitment.count() > 1)

    # --- saving --------------------------------------------------------------------------

    def appointment_from_form(self) -> Appointment | None:
        rel = self.current_relationship()
        if rel is None or rel.id is None:
            return None
        commitment = self.commitment.currentData()
        return Appointment(
            id=self.existing.id if self.existing is not None else None,
            client_id=self.client_id,
            relationship_id=rel.id,
            starts_at=datetime.combine(self.date.value(), self.time.value()),
            duration_min=self.duration.value(),
            service=self.service.currentText().strip(),
            place=self.place.currentText().strip(),
            remote=self.remote.isChecked(),
            status=AppointmentStatus.BOOKED,
            fee_cents=self.fee.cents(),
            payment_commitment_id=int(commitment) if commitment is not None else None,
        )

    def submit(self) -> None:
        appointment = self.appointment_from_form()
        if appointment is None:
            self.show_error(
                _("Choose the client relationship this appointment belongs to."),
                self.relationship,
            )
            return
        every_weeks = int(self.repeat.currentData() or 0) if self.existing is None else 0
        if every_weeks:
            self._submit_series(appointment, every_weeks, self.count.value())
            return
        when = (appointment.starts_at, appointment.duration_min)
        if self._overlap_accepted == when:
            save = (
                appointments.add_appointment
                if self.existing is None
                else (appointments.update_appointment)
            )
            self.run_job(lambda s: save(s, appointment), self._saved)
            return
        starts_at, minutes = when
        own_id = appointment.id
        self.run_job(
            lambda s: appointments.overlapping(s, starts_at, minutes, own_id),
            lambda found: self._checked_overlap(appointment, found),
        )

    def _checked_overlap(self, appointment: Appointment, found: list[Appointment]) -> None:
        """A double booking is told first; Save again books it anyway."""
        if not found:
            self._overlap_accepted = (appointment.starts_at, appointment.duration_min)
            self.submit()
            return
        self._overlap_accepted = (appointment.starts_at, appointment.duration_min)
        times = ", ".join(
            f"{format_date(other.starts_at.date())} "
            f"{time_text(other.starts_at)}–{time_text(ends_at(other))}"
            for other in found
        )
        self.show_error(
            ngettext(
                "This time overlaps another appointment ({times}). "
                "Change the time, or press Save again to book it anyway.",
                "This time overlaps {count} other appointments ({times}). "
                "Change the time, or press Save again to book it anyway.",
                len(found),
            ).format(count=len(found), times=times),
            self.time,
        )

    def _submit_series(self, first: Appointment, every_weeks: int, count: int) -> None:
        """The clashes of a series are told first; Save again books it anyway."""
        key = (first.starts_at, first.duration_min, every_weeks, count)
        if self._series_accepted == key:
            self.run_job(
                lambda s: appointments.book_series(s, first, every_weeks, count, True),
                lambda booked: self._saved(booked[0]),
            )
            return
        self.run_job(
            lambda s: appointments.series_conflicts(s, first, every_weeks, count),
            lambda clashes: self._checked_series(first, key, clashes),
        )

    def _checked_series(
        self, first: Appointment, key: tuple[datetime, int, int, int], clashes: list[datetime]
    ) -> None:
        self._series_accepted = key
        if not clashes:
            self.submit()
            return
        dates = ", ".join(f"{format_date(when.date())} {time_text(when)}" for when in clashes)
        self.show_error(
            ngettext(
                "{count} visit of the series overlaps another appointment ({dates}). "
                "Change the time, or press Save again to book the series anyway.",
                "{count} visits of the series overlap other appointments ({dates}). "
                "Change the time, or press Save again to book the series anyway.",
                len(clashes),
            ).format(count=len(clashes), dates=dates),
            self.repeat,
        )

    def _saved(self, appointment: Appointment) -> None:
        self.ctx.events.appointments_changed.emit()
        self.ctx.events.client_changed.emit(self.client_id)
        self.saved.emit(appointment)
        self.accept()
