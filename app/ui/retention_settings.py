"""The retention tab of the settings (säilytysajat): every category with its period, its
kind and its source; a spin box for the periods the practice chooses.

The service decides (``services.retention.set_periods``): a period below its legal floor
or a change of a statutory one is refused with a translated message, and the dialog then
shows this tab with the field focused. The floor is shown beside the field, and the spin
box lets any whole number be typed so that the refusal comes from the one place that
decides it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import VakkaError
from app.domain.reminders import ReviewSchedule, format_day_months, parse_day_months
from app.domain.retention import RULES, Category, Policy, RuleKind, floor_years
from app.i18n.codes import category_label, category_source
from app.services.reminders.scheduler import Status
from app.ui.dialogs.form_helpers import LabelledForm, hint_label
from app.ui.feedback import error_text
from app.ui.texts import _, ngettext, ui_language

MAX_YEARS = 200
EDITABLE = (RuleKind.POLICY, RuleKind.POLICY_WITH_FLOOR)


def years_text(years: int) -> str:
    return ngettext("{years} year", "{years} years", years).format(years=years)


def kind_text(category: Category, fiscal_year_start_month: int) -> str:
    """Set by law / at least N years / the practice's choice / kept."""
    kind = RULES[category].kind
    if kind is RuleKind.STATUTORY_EXACT:
        return _("Set by law")
    if kind is RuleKind.POLICY_WITH_FLOOR:
        floor = floor_years(category, fiscal_year_start_month) or 0
        return ngettext(
            "The practice's choice, at least {years} year",
            "The practice's choice, at least {years} years",
            floor,
        ).format(years=floor)
    if kind is RuleKind.POLICY:
        return _("The practice's choice")
    return _("Kept")


def fixed_period_text(category: Category) -> str:
    if category is Category.SOCIAL_CARE_RECORDS:
        return _("by service task")
    if RULES[category].kind is RuleKind.KEPT:
        return _("kept")
    return years_text(RULES[category].years)


def _cell(text: str, wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(wrap)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class RetentionTab(QWidget):
    """Category · period · kind · source, one row each."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spins: dict[Category, QSpinBox] = {}
        self.kinds: dict[Category, QLabel] = {}
        self._policy = Policy()
        lang = ui_language()
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        for column, title in enumerate((_("Category"), _("Period"), _("Kind"), _("Source"))):
            heading = QLabel(title)
            heading.setStyleSheet("font-weight: 600;")
            grid.addWidget(heading, 0, column)
        for row, category in enumerate(Category, start=1):
            label = _cell(category_label(category, lang))
            grid.addWidget(label, row, 0)
            if RULES[category].kind in EDITABLE:
                spin = QSpinBox()
                spin.setRange(0, MAX_YEARS)
                spin.setEnabled(False)  # until the policy has been read
                spin.setAccessibleName(
                    _("{category}: retention period in years").format(
                        category=category_label(category, lang)
                    )
                )
                spin.setMaximumWidth(90)
                label.setBuddy(spin)
                self.spins[category] = spin
                grid.addWidget(spin, row, 1)
            else:
                grid.addWidget(_cell(fixed_period_text(category), wrap=False), row, 1)
            kind = _cell(kind_text(category, 1))
            self.kinds[category] = kind
            grid.addWidget(kind, row, 2)
            source = _cell(category_source(category, lang))
            source.setForegroundRole(source.foregroundRole())
            grid.addWidget(source, row, 3)
        grid.setColumnStretch(3, 1)
        grid.setColumnStretch(0, 1)

        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.addLayout(grid)
        inner_layout.addWidget(
            hint_label(
                _(
                    "Periods set by law cannot be changed: the records must be destroyed without "
                    "delay when the period ends. The practice's own periods can be lengthened, "
                    "and shortened down to the legal minimum. Periods are in years; every "
                    "change is logged."
                )
            )
        )
        self.reminders = RemindersGroup()
        inner_layout.addWidget(self.reminders)
        inner_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    def set_policy(self, policy: Policy) -> None:
        self._policy = policy
        for category, spin in self.spins.items():
            spin.setValue(policy.years_for(category))
            spin.setEnabled(True)
        for category, label in self.kinds.items():
            label.setText(kind_text(category, policy.fiscal_year_start_month))

    def changed_periods(self) -> dict[Category, int]:
        """The periods the user changed (only these are sent to the service)."""
        return {
            category: spin.value()
            for category, spin in self.spins.items()
            if spin.isEnabled() and spin.value() != self._policy.years_for(category)
        }

    def focus_category(self, category: Category) -> None:
        spin = self.spins.get(category)
        if spin is not None:
            spin.setFocus()
            spin.selectAll()


def scheduler_status_text(status: Status) -> str:
    """What the scheduler said, in the words of `vakka reminders status`."""
    kinds = {
        "systemd": _("a systemd user timer"),
        "cron": _("a line in the user's crontab"),
        "launchd": _("a launchd agent"),
        "taskscheduler": _("a Task Scheduler task"),
    }
    lines = [_("Scheduler: {kind}").format(kind=kinds.get(status.scheduler, status.scheduler))]
    if status.installed:
        state = _("active") if status.active else _("not active")
        lines.append(
            _("The daily check 'vakka due --notify' is installed ({state}).").format(state=state)
        )
    else:
        lines.append(_("The daily check is not installed."))
    lines += [error_text(VakkaError(code)) for code in status.problems]
    if status.detail:
        lines.append(status.detail)
    return "\n".join(lines)


class RemindersGroup(QGroupBox):
    """The daily check by the OS scheduler (a switch and its status) and the purge-review
    dates. The settings dialog runs the scheduler on the worker and saves the dates with
    the rest; this widget only shows and collects."""

    scheduler_switched = Signal(bool)  # the user turned the daily check on (True) or off

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Reminders"), parent)
        self._loaded: ReviewSchedule | None = None
        self.daily = QCheckBox(_("Daily chec&k by the computer's scheduler"))
        self.daily.setEnabled(False)  # until the scheduler has answered
        self.daily.setToolTip(
            _(
                "Once a day the computer runs 'vakka due --notify': a desktop notification "
                "says when records are due for review, with no names or counts in it."
            )
        )
        self.daily.clicked.connect(self._clicked)
        self.status = QLabel(_("Asking the scheduler…"))
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.monthly = QCheckBox(_("&Monthly purge review (on the first day of every month)"))
        self.monthly.setChecked(True)
        self.monthly.setEnabled(False)  # until the schedule has been read
        self.yearly = QLineEdit()
        self.yearly.setEnabled(False)
        self.yearly.setPlaceholderText(_("for example 1.3., 1.10."))
        self.form = LabelledForm(self)
        self.form.add_wide(self.daily, field="scheduler")
        self.form.add_wide(self.status)
        self.form.add_wide(self.monthly, field="monthly")
        self.form.add_row(
            _("&Yearly review dates:"),
            self.yearly,
            field="reminder_dates",
            accessible_name=_("Yearly purge review dates"),
        )
        self.form.add_wide(
            hint_label(
                _(
                    "Records set by law must be destroyed without delay when their time is up: "
                    "keep the monthly review unless you review on dates of your own."
                )
            )
        )

    # --- the scheduler ------------------------------------------------------------------

    def _clicked(self, on: bool) -> None:
        self.set_busy()
        self.scheduler_switched.emit(on)

    def set_busy(self) -> None:
        self.daily.setEnabled(False)
        self.status.setText(_("Asking the scheduler…"))

    def set_status(self, status: Status) -> None:
        self.daily.setChecked(status.installed)
        self.daily.setEnabled(True)
        self.status.setText(scheduler_status_text(status))

    def set_failed(self, text: str) -> None:
        self.daily.setEnabled(True)
        self.status.setText(text)

    # --- the review dates ---------------------------------------------------------------

    def set_schedule(self, schedule: ReviewSchedule) -> None:
        self._loaded = schedule
        self.monthly.setChecked(schedule.monthly)
        self.yearly.setText(format_day_months(schedule.dates))
        self.monthly.setEnabled(True)
        self.yearly.setEnabled(True)

    def changed_schedule(self) -> ReviewSchedule | None:
        """The schedule the form holds when the user changed it (None when unchanged or not
        read yet); ValidationError when the dates are not dates or none is left."""
        if self._loaded is None:
            return None
        schedule = ReviewSchedule(self.monthly.isChecked(), parse_day_months(self.yearly.text()))
        return None if schedule == self._loaded else schedule
