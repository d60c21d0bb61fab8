"""The agenda as a list, a week or a day: three toggles over the list and the calendar."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.agenda import AgendaWidget
from app.ui.calendar_panel import DAY, WEEK, CalendarPanel
from app.ui.texts import _

LIST = "list"


class AgendaPages(QWidget):
    view_changed = Signal(str)

    def __init__(
        self, agenda: AgendaWidget, calendar: CalendarPanel, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.agenda = agenda
        self.calendar = calendar
        self.stack = QStackedWidget()
        self.stack.addWidget(agenda)
        self.stack.addWidget(calendar)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QToolButton] = {}
        self.view_actions: dict[str, QAction] = {}
        row = QHBoxLayout()
        for view, text, keys in (
            (LIST, _("List"), "Ctrl+1"),
            (WEEK, _("Week"), "Ctrl+2"),
            (DAY, _("Day"), "Ctrl+3"),
        ):
            button = QToolButton()
            button.setText(text)
            button.setCheckable(True)
            action = QAction(text, self)  # the main window adds it: a window shortcut
            action.setShortcut(QKeySequence(keys))
            action.triggered.connect(lambda _checked=False, v=view: self.show_view(v))
            self.view_actions[view] = action
            shown = QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)
            button.setToolTip(
                _("Show the agenda as: {view} ({keys})").format(view=text, keys=shown)
            )
            button.setAccessibleName(text)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.clicked.connect(lambda _checked=False, v=view: self.show_view(v))
            self.group.addButton(button)
            self.buttons[view] = button
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.stack, 1)
        self.buttons[LIST].setChecked(True)

    def view(self) -> str:
        return next(v for v, b in self.buttons.items() if b.isChecked())

    def show_view(self, view: str) -> None:
        self.buttons[view].setChecked(True)
        if view == LIST:
            self.stack.setCurrentWidget(self.agenda)
            self.agenda.table.setFocus()
        else:
            self.stack.setCurrentWidget(self.calendar)
            self.calendar.set_mode(view)
            self.calendar.grid.setFocus()
        self.view_changed.emit(view)
