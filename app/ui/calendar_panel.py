"""The week (or day) calendar beside the agenda list: the period shown, moving between
weeks, and what the grid's clicks, keys and drags do (book, open, move, cancel)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.appointment_rules import ends_at
from app.domain.kinds import AppointmentStatus
from app.domain.models import Appointment
from app.services import appointments
from app.ui.calendar_layout import week_of
from app.ui.calendar_view import CalendarGrid, day_name
from app.ui.client_list import ClientListModel
from app.ui.context import UiContext
from app.ui.dialogs.booking import open_booking
from app.ui.dialogs.cancel_dialog import CancelDialog
from app.ui.dialogs.client_choice_dialog import ClientChoiceDialog
from app.ui.texts import _, format_date, format_time, ngettext

WEEK, DAY = "week", "day"


def confirm_overlap(parent: QWidget, found: list[Appointment]) -> bool:
    """Ask before a visit is moved onto another one (as the booking dialog warns)."""
    times = ", ".join(
        f"{format_date(a.starts_at.date())} {format_time(a.starts_at)}–{format_time(ends_at(a))}"
        for a in found
    )
    text = ngettext(
        "The new time overlaps another appointment ({times}). Move the visit anyway?",
        "The new time overlaps {count} other appointments ({times}). Move the visit anyway?",
        len(found),
    ).format(count=len(found), times=times)
    answer = QMessageBox.question(parent, _("Move the visit"), text)
    return answer == QMessageBox.StandardButton.Yes


def slot_when_text(moment: datetime) -> str:
    """'Monday 30.11.2026 at 9.00'."""
    return _("{weekday} {date} at {time}").format(
        weekday=day_name(moment.date(), long=True),
        date=format_date(moment.date()),
        time=format_time(moment),
    )


class CalendarPanel(QWidget):
    client_activated = Signal(str)  # a held, missed or cancelled visit opens its client

    def __init__(
        self,
        ctx: UiContext,
        clients: ClientListModel,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.clients = clients
        self.today = today
        self.now: Callable[[], datetime] = datetime.now
        self.mode = WEEK
        self.anchor = today()
        self.dialog: QDialog | None = None
        self._loading = 0  # the newest read's number: an older answer is dropped

        self.previous_button = QPushButton(_("Previous"))
        self.today_button = QPushButton(_("Today"))
        self.next_button = QPushButton(_("Next"))
        self.period = QLabel()
        self.period.setStyleSheet("font-size: 13pt; font-weight: 600;")
        self.period.setAccessibleName(_("Period shown"))
        self.weekend = QCheckBox(_("Weekend"))
        self.weekend.setToolTip(_("Show Saturday and Sunday too"))
        self.weekend.toggled.connect(lambda _on: self.show_period())

        self.previous_action = self._shortcut(
            QKeySequence.StandardKey.MoveToPreviousPage, self.previous
        )
        self.next_action = self._shortcut(QKeySequence.StandardKey.MoveToNextPage, self.next)
        self.today_action = self._shortcut("Home", self.go_today)
        self.previous_button.clicked.connect(self.previous)
        self.next_button.clicked.connect(self.next)
        self.today_button.clicked.connect(self.go_today)

        self.grid = CalendarGrid()
        self.grid.slot_activated.connect(self.book_at)
        self.grid.visit_activated.connect(self.open_visit)
        self.grid.move_requested.connect(self.move_visit)
        self.grid.cancel_requested.connect(self.cancel_visit)
        scroll = QScrollArea()
        scroll.setWidget(self.grid)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFocusProxy(self.grid)

        bar = QHBoxLayout()
        for widget in (self.previous_button, self.today_button, self.next_button):
            bar.addWidget(widget)
        bar.addWidget(self.period, 1)
        bar.addWidget(self.weekend)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(scroll, 1)
        self.setFocusProxy(self.grid)
        self.show_period(refresh=False)  # read when first shown (the register may be locked)

    def _shortcut(self, keys: QKeySequence.StandardKey | str, slot: Callable[[], None]) -> QAction:
        action = QAction(self)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    # --- the period ------------------------------------------------------------------------

    def days(self) -> list[date]:
        if self.mode == DAY:
            return [self.anchor]
        monday = week_of(self.anchor)
        return [monday + timedelta(days=n) for n in range(7 if self.weekend.isChecked() else 5)]

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        self.show_period()

    def previous(self) -> None:
        self._step(-1)

    def next(self) -> None:
        self._step(1)

    def _step(self, direction: int) -> None:
        self.anchor += timedelta(days=direction * (1 if self.mode == DAY else 7))
        self.show_period()

    def go_today(self) -> None:
        self.anchor = self.today()
        self.show_period()

    def show_period(self, refresh: bool = True) -> None:
        days = self.days()
        self.weekend.setVisible(self.mode == WEEK)
        unit_back = _("Previous day") if self.mode == DAY else _("Previous week")
        unit_next = _("Next day") if self.mode == DAY else _("Next week")
        self._tip(self.previous_button, unit_back, self.previous_action)
        self._tip(self.next_button, unit_next, self.next_action)
        self._tip(self.today_button, _("Go to today"), self.today_action)
        if self.mode == DAY:
            day = days[0]
            self.period.setText(f"{day_name(day, long=True)} {format_date(day)}")
        else:
            week = days[0].isocalendar().week
            self.period.setText(
                _("Week {number} · {first}–{last}").format(
                    number=week, first=format_date(days[0]), last=format_date(days[-1])
                )
            )
        self.grid.set_days(days, self.today())
        if refresh:
            self.refresh()

    @staticmethod
    def _tip(button: QPushButton, text: str, action: QAction) -> None:
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        button.setToolTip(f"{text} ({keys})")
        button.setAccessibleName(text)

    # --- data ------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the visits of the days shown on the worker (cancelled ones too)."""
        days = self.grid.days
        if not days:
            return
        self._loading += 1
        number = self._loading
        first, count = days[0], len(days)
        self.ctx.db.run(
            lambda s: appointments.agenda_with_names(s, first, count),
            lambda rows: self._arrived(number, rows),
        )

    def _arrived(self, number: int, rows: list[tuple[Appointment, str]]) -> None:
        if number == self._loading:
            self.grid.set_rows(rows)

    def clear(self) -> None:
        """On lock: no names stay on screen, no dialog stays open."""
        self._loading += 1
        self.grid.clear()
        self._close_dialog()

    def _close_dialog(self) -> None:
        if self.dialog is None:
            return
        dialog, self.dialog = self.dialog, None
        close_now = getattr(dialog, "close_now", None)  # a form closes without asking
        if close_now is not None:
            close_now()
        else:
            dialog.reject()
        dialog.deleteLater()

    # --- what the grid asks for ------------------------------------------------------------

    def _open(self, dialog: QDialog) -> None:
        self._close_dialog()
        self.dialog = dialog
        dialog.finished.connect(lambda _result: self._finished(dialog))
        dialog.open()

    def _finished(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def book_at(self, starts_at: datetime) -> None:
        """A free slot: choose the client, then the booking dialog with the time filled in."""
        chooser = ClientChoiceDialog(self.clients, slot_when_text(starts_at), self)
        chooser.accepted.connect(lambda: self._book_for(chooser.chosen, starts_at))
        self._open(chooser)

    def _book_for(self, client_id: str | None, starts_at: datetime) -> None:
        if client_id is None:
            return
        open_booking(
            self.ctx,
            self,
            client_id,
            self.today(),
            self.now(),
            self._open,
            starts_at=starts_at,
        )

    def open_visit(self, appointment: Appointment) -> None:
        """A booked visit opens to be moved or edited; another opens its client."""
        if appointment.status is not AppointmentStatus.BOOKED:
            self.client_activated.emit(appointment.client_id)
            return
        open_booking(
            self.ctx,
            self,
            appointment.client_id,
            self.today(),
            self.now(),
            self._open,
            existing=appointment,
        )

    def move_visit(self, appointment: Appointment, starts_at: datetime) -> None:
        """A dropped visit: the overlap is told first (as in booking), then it moves."""
        own_id = appointment.id
        self.ctx.db.run(
            lambda s: appointments.overlapping(s, starts_at, appointment.duration_min, own_id),
            lambda found: self._move_checked(appointment, starts_at, found),
        )

    def _move_checked(
        self, appointment: Appointment, starts_at: datetime, found: list[Appointment]
    ) -> None:
        if found and not confirm_overlap(self, found):
            self.grid.update()
            return
        appointment_id = appointment.id or 0
        self.ctx.db.run(
            lambda s: appointments.move_appointment(s, appointment_id, starts_at),
            lambda _moved: self._changed(appointment.client_id),
            self._failed,
        )

    def cancel_visit(self, appointment: Appointment) -> None:
        if appointment.status is AppointmentStatus.BOOKED:
            self._open(CancelDialog(self.ctx, appointment, self))

    def _changed(self, client_id: str) -> None:
        self.ctx.events.appointments_changed.emit()
        self.ctx.events.client_changed.emit(client_id)

    def _failed(self, error: BaseException) -> None:
        self.refresh()
        self.ctx.show_error(self, error)
