"""The week calendar's grid: a painted widget of half-hour slots, one column a day, the
visits as blocks. Keyboard: arrows move the chosen slot, Enter opens, Delete cancels.
Mouse: a click on a free slot books, a double-click opens a visit, dragging moves it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFont,
    QHelpEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QApplication, QMenu, QToolTip, QWidget

from app.domain.appointment_rules import ends_at
from app.domain.kinds import AppointmentStatus
from app.domain.models import Appointment
from app.ui.agenda import cancelled_text, status_label
from app.ui.calendar_layout import (
    ROWS,
    SLOT_MINUTES,
    Block,
    Slot,
    block_at,
    blocks,
    row_of,
    slot_start,
)
from app.ui.texts import _, format_date, format_time, ui_locale


def day_name(day: date, long: bool = False) -> str:
    """The weekday in the UI language (QLocale: "ma", "må", "Mon")."""
    kind = ui_locale().FormatType.LongFormat if long else ui_locale().FormatType.ShortFormat
    return ui_locale().dayName(day.isoweekday(), kind)


def visit_time_text(appointment: Appointment) -> str:
    """'9.00–9.45'."""
    return f"{format_time(appointment.starts_at)}–{format_time(ends_at(appointment))}"


def block_text(block: Block) -> str:
    """What a visit says to a screen reader and in its tooltip."""
    appointment = block.appointment
    parts = [visit_time_text(appointment), block.name, appointment.service]
    status = cancelled_text(appointment) or status_label(appointment.status)
    parts.append(status)
    if block.conflict:
        parts.append(_("Overlaps another appointment (double booking)"))
    return " · ".join(p for p in parts if p)


@dataclass
class _Drag:
    block: Block
    pressed_at: QPoint
    row_offset: int
    moving: bool = False
    target: Slot | None = None


class CalendarGrid(QWidget):
    """Days as columns, 7.00–21.00 in half-hour rows."""

    slot_activated = Signal(object)  # datetime: book a visit at this time
    visit_activated = Signal(object)  # Appointment: open it
    move_requested = Signal(object, object)  # Appointment, new start (datetime)
    cancel_requested = Signal(object)  # Appointment
    selection_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.days: list[date] = []
        self.blocks: list[Block] = []
        self.today = date.today()
        self.selected = Slot(0, 4)  # 9.00
        self._drag: _Drag | None = None
        self._pressed_free: Slot | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)  # a drag follows the mouse without relying on buttons()
        self.setAccessibleName(_("Calendar"))
        self.setMinimumSize(420, self._header_height() + ROWS * self._min_row_height())

    # --- data ------------------------------------------------------------------------------

    def set_days(self, days: Sequence[date], today: date) -> None:
        self.days = list(days)
        self.today = today
        column = self.days.index(today) if today in self.days else 0
        self.selected = Slot(min(self.selected.column, len(self.days) - 1), self.selected.row)
        if today in self.days:
            self.selected = Slot(column, self.selected.row)
        self.blocks = []
        self._selection_moved()

    def set_rows(self, rows: Sequence[tuple[Appointment, str]]) -> None:
        self.blocks = blocks(rows, self.days)
        self._selection_moved()

    def clear(self) -> None:
        self.blocks = []
        self._drag = None
        self.update()

    def block_of(self, appointment_id: int | None) -> Block | None:
        return next((b for b in self.blocks if b.appointment.id == appointment_id), None)

    def selected_start(self) -> datetime:
        return slot_start(self.days[self.selected.column], self.selected.row)

    def selected_block(self) -> Block | None:
        return block_at(self.blocks, self.selected)

    def select(self, slot: Slot) -> None:
        self.selected = slot.moved(0, 0, max(len(self.days), 1))
        self._selection_moved()

    def slot_text(self, slot: Slot) -> str:
        """'Monday 30.11.2026 9.00' and the visit there, for screen readers."""
        day = self.days[slot.column]
        when = format_time(slot_start(day, slot.row))
        text = f"{day_name(day, long=True)} {format_date(day)} {when}"
        block = block_at(self.blocks, slot)
        what = block_text(block) if block else _("free")
        return f"{text}: {what}"

    def _selection_moved(self) -> None:
        if self.days:
            self.setAccessibleDescription(self.slot_text(self.selected))
        self.update()
        self.selection_changed.emit()

    # --- geometry --------------------------------------------------------------------------

    def _min_row_height(self) -> int:
        return self.fontMetrics().height() + 2

    def _header_height(self) -> int:
        return self.fontMetrics().height() * 2 + 8

    def _time_width(self) -> int:
        return self.fontMetrics().horizontalAdvance("20.00") + 14

    def _row_height(self) -> float:
        return max(float(self._min_row_height()), (self.height() - self._header_height()) / ROWS)

    def _column_width(self) -> float:
        return (self.width() - self._time_width()) / max(len(self.days), 1)

    def slot_rect(self, slot: Slot) -> QRectF:
        return QRectF(
            self._time_width() + slot.column * self._column_width(),
            self._header_height() + slot.row * self._row_height(),
            self._column_width(),
            self._row_height(),
        )

    def block_rect(self, block: Block) -> QRectF:
        width = self._column_width() / max(block.lanes, 1)
        return QRectF(
            self._time_width() + block.column * self._column_width() + block.lane * width + 2,
            self._header_height() + block.top * self._row_height() + 1,
            width - 4,
            block.height * self._row_height() - 2,
        )

    def slot_at(self, point: QPoint | QPointF) -> Slot | None:
        x = point.x() - self._time_width()
        y = point.y() - self._header_height()
        if x < 0 or y < 0 or not self.days:
            return None
        column = int(x // self._column_width())
        row = int(y // self._row_height())
        if column >= len(self.days) or row >= ROWS:
            return None
        return Slot(column, row)

    def block_at_point(self, point: QPoint | QPointF) -> Block | None:
        """The visit under the mouse (a kept one before a cancelled one)."""
        hits = [b for b in self.blocks if self.block_rect(b).contains(QPointF(point))]
        hits.sort(key=lambda b: b.cancelled)
        return hits[0] if hits else None

    # --- painting --------------------------------------------------------------------------

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        self._paint_grid(painter, palette)
        for block in self.blocks:
            self._paint_block(painter, palette, block)
        self._paint_drag(painter, palette)
        self._paint_selection(painter, palette)
        painter.end()

    def _paint_grid(self, painter: QPainter, palette: QPalette) -> None:
        text = palette.color(QPalette.ColorRole.Text)
        line = palette.color(QPalette.ColorRole.Mid)
        light = QColor(line)
        light.setAlpha(90)
        header = self._header_height()
        bold = QFont(self.font())
        bold.setBold(True)
        for column, day in enumerate(self.days):
            x = self._time_width() + column * self._column_width()
            if day == self.today:
                tint = QColor(palette.color(QPalette.ColorRole.Highlight))
                tint.setAlpha(28)
                painter.fillRect(QRectF(x, 0, self._column_width(), self.height()), tint)
            painter.setPen(text)
            painter.setFont(bold if day == self.today else self.font())
            painter.drawText(
                QRectF(x, 2, self._column_width(), header - 4),
                Qt.AlignmentFlag.AlignCenter,
                f"{day_name(day)}\n{format_date(day)}",
            )
            painter.setPen(line)
            painter.drawLine(QPointF(x, 0), QPointF(x, self.height()))
        painter.setFont(self.font())
        for row in range(ROWS):
            y = header + row * self._row_height()
            full_hour = row % (60 // SLOT_MINUTES) == 0
            painter.setPen(line if full_hour else light)
            painter.drawLine(
                QPointF(self._time_width() if not full_hour else 0, y), QPointF(self.width(), y)
            )
            if full_hour:
                painter.setPen(text)
                moment = slot_start(self.days[0] if self.days else self.today, row)
                painter.drawText(
                    QRectF(0, y + 1, self._time_width() - 6, self._row_height()),
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                    format_time(moment),
                )

    def _block_colors(self, palette: QPalette, block: Block) -> tuple[QColor, QColor]:
        status = block.appointment.status
        if block.cancelled:
            return QColor("#f1f1f1"), QColor("#6d6d6d")
        if status is AppointmentStatus.DONE:
            return QColor("#dcefdc"), QColor("#1d3b1d")
        if status is AppointmentStatus.NO_SHOW:
            return QColor("#ececec"), QColor("#404040")
        return QColor("#d6e6fa"), QColor("#0d2a4d")

    def _paint_block(self, painter: QPainter, palette: QPalette, block: Block) -> None:
        rect = self.block_rect(block)
        fill, ink = self._block_colors(palette, block)
        painter.setBrush(fill)
        border = QColor("#c0392b") if block.conflict else ink.lighter(160)
        painter.setPen(QPen(border, 2.5 if block.conflict else 1.0))
        painter.drawRoundedRect(rect, 3, 3)
        font = QFont(self.font())
        font.setStrikeOut(block.cancelled)
        painter.setFont(font)
        painter.setPen(ink)
        inner = rect.adjusted(4, 1, -3, -1)
        line_height = self.fontMetrics().height()
        prefix = "⚠ " if block.conflict else ""
        first = prefix + format_time(block.appointment.starts_at)
        metrics = painter.fontMetrics()
        if inner.height() >= 2 * line_height:
            lines = [first, block.name]
            if inner.height() >= 3 * line_height:
                lines.append(block.appointment.service)
        else:
            lines = [f"{first} {block.name}"]
        y = inner.top()
        for text in lines:
            if y + line_height > inner.bottom() + 2:
                break
            elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(inner.width()))
            painter.drawText(QRectF(inner.left(), y, inner.width(), line_height), elided)
            y += line_height

    def _paint_drag(self, painter: QPainter, palette: QPalette) -> None:
        drag = self._drag
        if drag is None or not drag.moving or drag.target is None:
            return
        rows = drag.block.height
        rect = self.slot_rect(drag.target)
        rect.setHeight(rows * self._row_height())
        pen = QPen(palette.color(QPalette.ColorRole.Highlight), 2, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect.adjusted(2, 1, -2, -1))

    def _paint_selection(self, painter: QPainter, palette: QPalette) -> None:
        """The chosen slot; when a visit is there, the visit's outline instead (its text
        stays readable)."""
        if not self.days:
            return
        color = palette.color(QPalette.ColorRole.Highlight)
        painter.setPen(QPen(color, 3 if self.hasFocus() else 1.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        block = self.selected_block()
        if block is not None:
            painter.drawRoundedRect(self.block_rect(block).adjusted(-1, -1, 1, 1), 3, 3)
        else:
            painter.drawRect(self.slot_rect(self.selected).adjusted(1, 1, -1, -1))

    # --- keyboard --------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        moves = {
            Qt.Key.Key_Left: (-1, 0),
            Qt.Key.Key_Right: (1, 0),
            Qt.Key.Key_Up: (0, -1),
            Qt.Key.Key_Down: (0, 1),
        }
        if (
            key in moves
            and self.days
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            columns, rows = moves[Qt.Key(key)]
            self.select(self.selected.moved(columns, rows, len(self.days)))
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.days:
            self.activate(self.selected)
            return
        if key == Qt.Key.Key_Delete and self.days:
            block = self.selected_block()
            if block is not None and block.appointment.status is AppointmentStatus.BOOKED:
                self.cancel_requested.emit(block.appointment)
            return
        super().keyPressEvent(event)

    def activate(self, slot: Slot) -> None:
        """Enter: the visit in the slot opens; a free slot (or one whose visits were all
        cancelled) is booked."""
        block = block_at(self.blocks, slot)
        if block is not None and not block.cancelled:
            self.visit_activated.emit(block.appointment)
        else:
            self.slot_activated.emit(slot_start(self.days[slot.column], slot.row))

    # --- mouse -----------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        slot = self.slot_at(event.position())
        if event.button() != Qt.MouseButton.LeftButton or slot is None:
            super().mousePressEvent(event)
            return
        self.select(slot)
        block = self.block_at_point(event.position())
        self._pressed_free = None
        self._drag = None
        if block is None or block.cancelled:
            self._pressed_free = slot
        elif block.appointment.status is AppointmentStatus.BOOKED:
            offset = slot.row - row_of(block.appointment.starts_at)
            self._drag = _Drag(block, event.position().toPoint(), offset)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        drag = self._drag
        if drag is None:
            return
        distance = (event.position().toPoint() - drag.pressed_at).manhattanLength()
        if not drag.moving and distance < QApplication.startDragDistance():
            return
        drag.moving = True
        slot = self.slot_at(event.position())
        if slot is not None:
            drag.target = slot.moved(0, -drag.row_offset, len(self.days))
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        drag, self._drag = self._drag, None
        free, self._pressed_free = self._pressed_free, None
        if event.button() != Qt.MouseButton.LeftButton:
            return
        if drag is not None and drag.moving and drag.target is not None:
            self.update()
            start = self.drop_start(drag.block.appointment, drag.target)
            self.select(drag.target)
            if start != drag.block.appointment.starts_at:
                self.move_requested.emit(drag.block.appointment, start)
            return
        if free is not None and self.slot_at(event.position()) == free:
            self.slot_activated.emit(slot_start(self.days[free.column], free.row))

    def drop_start(self, appointment: Appointment, slot: Slot) -> datetime:
        """Where a visit dropped on ``slot`` starts: the slot's start plus the minutes the
        visit started into its own slot (a 9.15 visit dropped on 10.00 starts at 10.15)."""
        within = timedelta(minutes=appointment.starts_at.minute % SLOT_MINUTES)
        return slot_start(self.days[slot.column], slot.row) + within

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        block = self.block_at_point(event.position())
        self._pressed_free = None
        if block is not None and not block.cancelled:
            self._drag = None
            self.visit_activated.emit(block.appointment)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        position = QPointF(event.pos())
        slot = self.slot_at(position)
        if slot is not None:
            self.select(slot)
        block = self.block_at_point(position) if event.reason() == event.Reason.Mouse else None
        block = block or self.selected_block()
        menu = QMenu(self)
        if block is None or block.cancelled:
            book = menu.addAction(_("New appointment…"))
            book.triggered.connect(lambda: self.activate(self.selected))
        else:
            appointment = block.appointment
            opened = menu.addAction(_("Open…"))
            opened.triggered.connect(lambda: self.visit_activated.emit(appointment))
            cancel = menu.addAction(_("Cancel the visit…"))
            cancel.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
            cancel.setEnabled(appointment.status is AppointmentStatus.BOOKED)
            cancel.triggered.connect(lambda: self.cancel_requested.emit(appointment))
        menu.exec(event.globalPos())

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            block = self.block_at_point(event.pos())
            if block is not None:
                QToolTip.showText(event.globalPos(), block_text(block), self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)
