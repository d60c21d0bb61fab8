"""The week calendar beside the agenda list, on a real demo register (issue 11)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from app.domain.kinds import AppointmentStatus
from app.domain.models import Appointment
from app.services import appointments, relationships
from app.ui import calendar_panel
from app.ui.agenda_pages import LIST
from app.ui.calendar_layout import ROWS, Slot, block_at, row_of, slot_start, week_of
from app.ui.calendar_panel import DAY, WEEK
from app.ui.calendar_view import CalendarGrid
from app.ui.context import UiContext
from app.ui.dialogs.appointment_dialog import AppointmentDialog
from app.ui.dialogs.cancel_dialog import CancelDialog
from app.ui.dialogs.client_choice_dialog import ClientChoiceDialog
from app.ui.main_window import MainWindow
from app.ui.tabs.appointments_tab import AppointmentsModel
from app.ui.texts import format_date
from tests.gui.conftest import TODAY, wait_db
from tests.gui.drive import open_main_window, type_text
from tests.gui.drive import run_job as call

LEFT = Qt.MouseButton.LeftButton
NOW = datetime.combine(TODAY, time(9, 30))
MONDAY = week_of(TODAY)


def week_window(qtbot: QtBot, ctx: UiContext, view: str = WEEK) -> MainWindow:
    window = open_main_window(qtbot, ctx)
    window.resize(1280, 860)
    window.calendar.now = lambda: NOW
    qtbot.keyClick(
        window, Qt.Key.Key_2 if view == WEEK else Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier
    )
    wait_db(qtbot, ctx)
    assert window.agenda_pages.view() == view
    assert window.calendar.isVisible()
    return window


def week_rows(qtbot: QtBot, ctx: UiContext, days: int = 5) -> list[Appointment]:
    return call(qtbot, ctx, lambda s: appointments.agenda(s, MONDAY, days))


def center(grid: CalendarGrid, slot: Slot) -> QPoint:
    return grid.slot_rect(slot).center().toPoint()


def free_slot(grid: CalendarGrid, after: datetime, rows: int = 2) -> Slot:
    """A slot with no visit in it nor in the ``rows - 1`` slots after it, after ``after``."""
    for column, day in enumerate(grid.days):
        for row in range(ROWS - rows):
            slot = Slot(column, row)
            if slot_start(day, row) <= after:
                continue
            if not any(block_at(grid.blocks, Slot(column, r)) for r in range(row, row + rows)):
                return slot
    raise AssertionError("no free slot")


def booked_block_after(grid: CalendarGrid, after: datetime):  # type: ignore[no-untyped-def]
    return next(
        b
        for b in sorted(grid.blocks, key=lambda b: b.appointment.starts_at)
        if b.appointment.status is AppointmentStatus.BOOKED
        and b.appointment.starts_at > after
        and not b.conflict
    )


def test_the_week_shows_its_visits_in_their_cells(qtbot: QtBot, ctx: UiContext) -> None:
    window = week_window(qtbot, ctx)
    grid = window.calendar.grid
    assert grid.days == [MONDAY + timedelta(days=n) for n in range(5)]
    rows = [a for a in week_rows(qtbot, ctx) if 7 <= a.starts_at.hour < 21]
    assert rows and len(grid.blocks) == len(rows)
    for appointment in rows:
        block = grid.block_of(appointment.id)
        assert block is not None
        assert block.column == appointment.starts_at.weekday()
        slot = Slot(block.column, row_of(appointment.starts_at))
        assert block.covers(slot)
        assert grid.slot_rect(slot).contains(grid.block_rect(block).topLeft())
        assert block.name  # the client's name, as in the agenda
    # The period and its times are written the Finnish way in English too? No: 9:00 in en.
    assert "Week" in window.calendar.period.text()
    assert str(MONDAY.isocalendar().week) in window.calendar.period.text()

    # Next week, back, and Today, with the keys the tooltips name.
    assert "PgDown" in window.calendar.next_button.toolTip() or "Page" in (
        window.calendar.next_button.toolTip()
    )
    qtbot.keyClick(grid, Qt.Key.Key_PageDown)
    assert grid.days[0] == MONDAY + timedelta(days=7)
    wait_db(qtbot, ctx)
    qtbot.keyClick(grid, Qt.Key.Key_PageUp)
    qtbot.keyClick(grid, Qt.Key.Key_PageUp)
    assert grid.days[0] == MONDAY - timedelta(days=7)
    qtbot.keyClick(grid, Qt.Key.Key_Home)
    assert grid.days[0] == MONDAY
    wait_db(qtbot, ctx)
    assert len(grid.blocks) == len(rows)

    # The weekend and the day view.
    qtbot.mouseClick(window.calendar.weekend, LEFT)
    assert len(grid.days) == 7
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert grid.days == [TODAY]
    wait_db(qtbot, ctx)
    assert {b.appointment.starts_at.date() for b in grid.blocks} <= {TODAY}
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.agenda_pages.view() == LIST and window.agenda.isVisible()
    assert ctx.errors == []  # type: ignore[attr-defined]


def test_a_click_on_a_free_slot_books_for_the_chosen_client_at_that_time(
    qtbot: QtBot, ctx: UiContext
) -> None:
    window = week_window(qtbot, ctx)
    grid = window.calendar.grid
    slot = free_slot(grid, NOW)
    when = slot_start(grid.days[slot.column], slot.row)
    qtbot.mouseClick(grid, LEFT, pos=center(grid, slot))
    chooser = window.calendar.dialog
    assert isinstance(chooser, ClientChoiceDialog)
    summary = next(
        window.model.summary(r)
        for r in range(window.model.rowCount())
        if window.model.summary(r).active and window.model.summary(r).register_kinds
    )
    type_text(qtbot, chooser.search, summary.name)
    assert chooser.current_client() == summary.id
    qtbot.keyClick(chooser.search, Qt.Key.Key_Return)
    wait_db(qtbot, ctx)
    dialog = window.calendar.dialog
    assert isinstance(dialog, AppointmentDialog)
    assert dialog.client_id == summary.id
    assert (dialog.date.value(), dialog.time.value()) == (when.date(), when.time())
    before = len(week_rows(qtbot, ctx))
    qtbot.mouseClick(dialog.save_button, LEFT)
    wait_db(qtbot, ctx)
    qtbot.waitUntil(lambda: window.calendar.dialog is None)
    booked = [a for a in week_rows(qtbot, ctx) if a.starts_at == when]
    assert len(week_rows(qtbot, ctx)) == before + 1 and booked[0].client_id == summary.id
    wait_db(qtbot, ctx)
    assert grid.block_of(booked[0].id) is not None  # drawn after the booking
    assert ctx.errors == []  # type: ignore[attr-defined]


def test_arrow_keys_and_enter_open_the_visit_for_editing(qtbot: QtBot, ctx: UiContext) -> None:
    window = week_window(qtbot, ctx)
    grid = window.calendar.grid
    block = booked_block_after(grid, NOW)
    target = Slot(block.column, row_of(block.appointment.starts_at))
    grid.setFocus()
    grid.select(Slot(0, 0))
    for _ in range(target.column):
        qtbot.keyClick(grid, Qt.Key.Key_Right)
    for _ in range(target.row):
        qtbot.keyClick(grid, Qt.Key.Key_Down)
    qtbot.keyClick(grid, Qt.Key.Key_Up)
    qtbot.keyClick(grid, Qt.Key.Key_Down)
    assert grid.selected == target
    assert block.name in grid.accessibleDescription()
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    wait_db(qtbot, ctx)
    dialog = window.calendar.dialog
    assert isinstance(dialog, AppointmentDialog)
    assert dialog.existing is not None and dialog.existing.id == block.appointment.id
    assert dialog.time.value() == block.appointment.starts_at.time()
    dialog.close_now()
    # Arrows stop at the edges of the grid.
    for _ in range(10):
        qtbot.keyClick(grid, Qt.Key.Key_Left)
    assert grid.selected.column == 0


def test_dragging_a_visit_moves_it_and_an_overlap_is_asked_first(
    qtbot: QtBot, ctx: UiContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[list[Appointment]] = []
    answer = {"yes": False}

    def confirm(_parent: object, found: list[Appointment]) -> bool:
        asked.append(found)
        return answer["yes"]

    monkeypatch.setattr(calendar_panel, "confirm_overlap", confirm)
    window = week_window(qtbot, ctx)
    grid = window.calendar.grid
    block = booked_block_after(grid, NOW)
    appointment = block.appointment
    start_slot = Slot(block.column, row_of(appointment.starts_at))
    target = free_slot(grid, NOW, rows=appointment.duration_min // 30 + 2)

    def drag(to: Slot) -> None:
        qtbot.mousePress(grid, LEFT, pos=center(grid, start_slot))
        qtbot.mouseMove(grid, center(grid, start_slot) + QPoint(0, 12))
        qtbot.mouseMove(grid, center(grid, to))
        qtbot.mouseRelease(grid, LEFT, pos=center(grid, to))
        wait_db(qtbot, ctx)

    drag(target)
    assert asked == []  # a free time: no question
    moved = next(a for a in week_rows(qtbot, ctx, 7) if a.id == appointment.id)
    assert moved.starts_at == grid.drop_start(appointment, target)
    assert moved.client_id == appointment.client_id
    wait_db(qtbot, ctx)
    assert grid.block_of(appointment.id).column == target.column  # type: ignore[union-attr]

    # Onto another visit: the overlap is told; "no" leaves it where it was.
    other = next(
        b
        for b in grid.blocks
        if b.appointment.id != appointment.id and not b.cancelled and b.column != target.column
    )
    start_slot = target
    drag(Slot(other.column, row_of(other.appointment.starts_at)))
    assert len(asked) == 1 and other.appointment.id in [a.id for a in asked[0]]
    again = next(a for a in week_rows(qtbot, ctx, 7) if a.id == appointment.id)
    assert again.starts_at == moved.starts_at
    assert ctx.errors == []  # type: ignore[attr-defined]


def test_overlapping_visits_are_side_by_side_and_marked(qtbot: QtBot, ctx: UiContext) -> None:
    window = week_window(qtbot, ctx)
    grid = window.calendar.grid
    summary = next(
        window.model.summary(r)
        for r in range(window.model.rowCount())
        if window.model.summary(r).active and window.model.summary(r).register_kinds
    )
    rel = next(
        r
        for r in call(qtbot, ctx, lambda s: relationships.relationships_of(s, summary.id))
        if r.ended_on is None
    )
    saturday = MONDAY + timedelta(days=5)
    first, second = (
        call(
            qtbot,
            ctx,
            lambda s, at=at: appointments.add_appointment(
                s, Appointment(summary.id, rel.id or 0, at, 60)
            ),
        )
        for at in (datetime.combine(saturday, time(10)), datetime.combine(saturday, time(10, 30)))
    )
    qtbot.mouseClick(window.calendar.weekend, LEFT)
    wait_db(qtbot, ctx)
    a, b = grid.block_of(first.id), grid.block_of(second.id)
    assert a is not None and b is not None
    assert a.conflict and b.conflict and a.column == b.column == 5
    assert {a.lane, b.lane} == {0, 1} and a.lanes == b.lanes == 2
    assert grid.block_rect(a).right() <= grid.block_rect(b).left() or (
        grid.block_rect(b).right() <= grid.block_rect(a).left()
    )
    grid.select(Slot(5, row_of(second.starts_at)))
    assert "double booking" in grid.accessibleDescription()


def test_delete_cancels_with_a_reason_and_the_visit_stays_in_the_history(
    qtbot: QtBot, ctx: UiContext
) -> None:
    window = week_window(qtbot, ctx)
    grid = window.calendar.grid
    block = booked_block_after(grid, NOW)
    appointment = block.appointment
    slot = Slot(block.column, row_of(appointment.starts_at))
    grid.setFocus()
    grid.select(slot)
    qtbot.keyClick(grid, Qt.Key.Key_Delete)
    dialog = window.calendar.dialog
    assert isinstance(dialog, CancelDialog)
    qtbot.mouseClick(dialog.save_button, LEFT)  # no reason yet
    wait_db(qtbot, ctx)
    assert dialog.isVisible() and dialog.error.text()
    type_text(qtbot, dialog.reason, "Sairastui, soitti aamulla")
    qtbot.mouseClick(dialog.save_button, LEFT)
    wait_db(qtbot, ctx)
    qtbot.waitUntil(lambda: window.calendar.dialog is None)
    history = call(qtbot, ctx, lambda s: appointments.appointments_of(s, appointment.client_id))
    stored = next(a for a in history if a.id == appointment.id)
    assert stored.status is AppointmentStatus.CANCELLED
    assert stored.cancel_reason == "Sairastui, soitti aamulla"
    wait_db(qtbot, ctx)
    drawn = grid.block_of(appointment.id)
    assert drawn is not None and drawn.cancelled  # drawn struck through, its time free
    assert grid.selected_block() is None or grid.selected_block().cancelled  # type: ignore[union-attr]

    # The appointments tab shows who cancelled and why.
    window.select_client(appointment.client_id)
    wait_db(qtbot, ctx)
    from app.ui.tabs.appointments_tab import AppointmentsTab

    tab = window.client_view.tab(AppointmentsTab)
    window.client_view.tabs.setCurrentWidget(tab)
    wait_db(qtbot, ctx)
    row = tab.model.row_of(appointment.id)
    assert row is not None
    status = tab.model.data(tab.model.index(row, AppointmentsModel.STATUS))
    assert status == "Cancelled by the client: Sairastui, soitti aamulla"
    assert ctx.errors == []  # type: ignore[attr-defined]


def test_day_view_and_times_in_finnish(qtbot: QtBot, ctx: UiContext) -> None:
    from app.ui.texts import set_ui_language

    set_ui_language("fi")
    window = week_window(qtbot, ctx, DAY)
    grid = window.calendar.grid
    assert grid.days == [TODAY]
    grid.select(Slot(0, 4))
    assert "9.00" in grid.accessibleDescription()
    assert "maanantai" in grid.accessibleDescription()
    assert "PgDown" in window.calendar.next_button.toolTip() or (
        "Page" in window.calendar.next_button.toolTip()
    )


def test_a_weekly_series_is_booked_from_the_dialog_after_its_clashes_are_told(
    qtbot: QtBot, ctx: UiContext
) -> None:
    window = week_window(qtbot, ctx)
    grid = window.calendar.grid
    taken = booked_block_after(grid, NOW)
    clash_at = taken.appointment.starts_at + timedelta(weeks=-1)  # the series' second visit
    grid.select(Slot(taken.column, row_of(clash_at)))
    # A free slot a week before the booked visit: book from there, weekly, three visits.
    slot = Slot(taken.column, row_of(clash_at))
    qtbot.keyClick(grid, Qt.Key.Key_PageUp)
    wait_db(qtbot, ctx)
    grid.select(slot)
    assert grid.selected_start() == clash_at.replace(minute=clash_at.minute // 30 * 30)
    if grid.selected_block() is not None:
        pytest.skip("the demo has a visit there already")
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    chooser = window.calendar.dialog
    assert isinstance(chooser, ClientChoiceDialog)
    qtbot.keyClick(chooser.search, Qt.Key.Key_Return)  # the first active client
    wait_db(qtbot, ctx)
    dialog = window.calendar.dialog
    assert isinstance(dialog, AppointmentDialog)
    if dialog.relationship.count() == 0:
        pytest.skip("the first client has no active relationship")
    dialog.time.set_value(clash_at.time())
    dialog.duration.setValue(45)
    dialog.repeat.setCurrentIndex(1)  # every week
    assert dialog.count.isVisible()
    dialog.count.setValue(3)
    qtbot.mouseClick(dialog.save_button, LEFT)
    wait_db(qtbot, ctx)
    assert dialog.isVisible()
    assert "of the series" in dialog.error.text()
    assert format_date(taken.appointment.starts_at.date()) in dialog.error.text()
    qtbot.mouseClick(dialog.save_button, LEFT)  # book it anyway
    wait_db(qtbot, ctx)
    qtbot.waitUntil(lambda: window.calendar.dialog is None)
    rows = call(
        qtbot,
        ctx,
        lambda s: appointments.agenda(s, clash_at.date(), 15),
    )
    new_id = next(a.series_id for a in rows if a.starts_at == clash_at and a.series_id)
    series = [a for a in rows if a.series_id == new_id]
    assert [a.starts_at for a in series] == [clash_at + timedelta(weeks=w) for w in range(3)]
    assert len({a.series_id for a in series}) == 1
    assert ctx.errors == []  # type: ignore[attr-defined]


def test_cancel_this_and_the_following_visits_of_a_series(qtbot: QtBot, ctx: UiContext) -> None:
    window = week_window(qtbot, ctx)
    grid = window.calendar.grid
    series = next(
        (
            b
            for b in grid.blocks
            if b.appointment.series_id
            and b.appointment.status is AppointmentStatus.BOOKED
            and b.appointment.starts_at > NOW
        ),
        None,
    )
    if series is None:
        qtbot.keyClick(grid, Qt.Key.Key_PageDown)
        wait_db(qtbot, ctx)
        series = next(
            b
            for b in grid.blocks
            if b.appointment.series_id and b.appointment.status is AppointmentStatus.BOOKED
        )
    appointment = series.appointment
    before = call(qtbot, ctx, lambda s: appointments.appointments_of(s, appointment.client_id))
    was_booked = {
        a.id
        for a in before
        if a.series_id == appointment.series_id
        and a.starts_at >= appointment.starts_at
        and a.status is AppointmentStatus.BOOKED
    }
    assert len(was_booked) >= 2
    grid.select(Slot(series.column, row_of(appointment.starts_at)))
    qtbot.keyClick(grid, Qt.Key.Key_Delete)
    dialog = window.calendar.dialog
    assert isinstance(dialog, CancelDialog)
    assert dialog.following.isVisible() and dialog.only_this.isChecked()
    qtbot.mouseClick(dialog.following, LEFT)
    type_text(qtbot, dialog.reason, "Terapia päättyy")
    qtbot.mouseClick(dialog.save_button, LEFT)
    wait_db(qtbot, ctx)
    qtbot.waitUntil(lambda: window.calendar.dialog is None)
    history = call(qtbot, ctx, lambda s: appointments.appointments_of(s, appointment.client_id))
    same = [a for a in history if a.series_id == appointment.series_id]
    cancelled_now = {a.id for a in same if a.cancel_reason == "Terapia päättyy"}
    assert cancelled_now == was_booked  # this and the following booked ones, no other
    assert all(a.status is AppointmentStatus.CANCELLED for a in same if a.id in cancelled_now)


def test_lock_closes_the_calendars_dialog_and_forgets_its_names(
    qtbot: QtBot, ctx: UiContext
) -> None:
    window = week_window(qtbot, ctx)
    grid = window.calendar.grid
    assert grid.blocks
    qtbot.mouseClick(grid, LEFT, pos=center(grid, free_slot(grid, NOW)))
    assert window.calendar.dialog is not None
    window.lock()
    assert window.calendar.dialog is None
    assert grid.blocks == []


def test_lanes_of_overlapping_visits() -> None:
    from app.ui.calendar_layout import blocks

    def visit(id_: int, hour: int, minute: int, minutes: int, **fields: object) -> Appointment:
        at = datetime.combine(MONDAY, time(hour, minute))
        return Appointment("c", 1, at, minutes, id=id_, **fields)  # type: ignore[arg-type]

    rows = [
        (visit(1, 9, 0, 90), "A"),
        (visit(2, 9, 30, 30), "B"),
        (visit(3, 10, 0, 60), "C"),  # after B, beside A: lane 1 again
        (visit(4, 12, 0, 45), "D"),
        (visit(5, 12, 0, 45, status=AppointmentStatus.CANCELLED), "E"),
        (visit(6, 6, 0, 30), "F"),  # before 7.00: drawn in the first row
    ]
    found = {b.appointment.id: b for b in blocks(rows, [MONDAY, MONDAY + timedelta(days=1)])}
    assert (found[1].lane, found[2].lane, found[3].lane) == (0, 1, 1)
    assert found[1].lanes == found[2].lanes == found[3].lanes == 2
    assert found[1].conflict and found[2].conflict and found[3].conflict
    assert (found[4].lanes, found[4].conflict, found[5].conflict) == (2, False, False)
    assert found[5].cancelled and not found[4].cancelled
    assert found[1].top == 4 and found[1].height == 3  # 9.00–10.30 in half-hour rows
    assert found[6].top == 0 and found[6].height > 0
    assert block_at(list(found.values()), Slot(0, 10)) is found[4]  # kept before cancelled


def test_ctrl_2_from_a_clients_tabs_brings_the_week_back(qtbot: QtBot, ctx: UiContext) -> None:
    window = open_main_window(qtbot, ctx)
    summary = window.model.summary(0)
    window.select_client(summary.id)
    wait_db(qtbot, ctx)
    assert window.stack.currentWidget() is window.client_view
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    wait_db(qtbot, ctx)
    assert window.stack.currentWidget() is window.agenda_pages
    assert window.agenda_pages.view() == WEEK and window.calendar.isVisible()
    assert window.calendar.grid.blocks
    assert "Ctrl+2" in window.agenda_pages.buttons[WEEK].toolTip()
