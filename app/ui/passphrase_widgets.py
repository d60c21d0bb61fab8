"""A new passphrase typed twice, with a strength meter (the one rule of app.domain.passphrase).

The CLI and the GUI judge a passphrase by the same ``passphrase_strength``: at least
12 characters and a zxcvbn score of 3 or more. The meter shows the score; the line
under it says in words what is still missing, so the meter is not the only cue.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import ValidationError
from app.domain.passphrase import MIN_LENGTH, MIN_SCORE, passphrase_strength
from app.i18n import N_
from app.ui.feedback import error_text
from app.ui.texts import _, ngettext

SCORE_NAMES = (
    N_("Very weak"),
    N_("Weak"),
    N_("Fair"),
    N_("Strong"),
    N_("Very strong"),
)
# Colours of the meter's bar: red until acceptable, then green.
_BAR_COLOURS = ("#c0392b", "#c0392b", "#d68910", "#2e8b57", "#2e8b57")


def secret_line_edit(accessible_name: str) -> QLineEdit:
    """A line edit for a passphrase: hidden characters, no undo history, no drag-out."""
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setAccessibleName(accessible_name)
    edit.setDragEnabled(False)
    edit.setMaxLength(1024)
    return edit


class StrengthMeter(QWidget):
    """A bar of the zxcvbn score (0–4) and a line of advice under it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar = QProgressBar()
        self.bar.setRange(0, len(SCORE_NAMES))
        self.bar.setValue(0)
        self.bar.setTextVisible(True)
        self.bar.setFormat("")
        self.bar.setAccessibleName(_("Passphrase strength"))
        self.bar.setMaximumHeight(18)
        self.advice = QLabel()
        self.advice.setWordWrap(True)
        self.advice.setObjectName("passphraseAdvice")
        self.advice.setAccessibleName(_("Passphrase advice"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.bar)
        layout.addWidget(self.advice)

    def show_strength(self, text: str, user_inputs: Iterable[str] = ()) -> bool:
        """Judge ``text`` and show the verdict; True when it is acceptable."""
        if not text:
            self.bar.setValue(0)
            self.bar.setFormat("")
            self.bar.setStyleSheet("")
            self.advice.setText(
                _("At least {min_length} characters. A few unrelated words work well.").format(
                    min_length=MIN_LENGTH
                )
            )
            return False
        strength = passphrase_strength(text, user_inputs)
        # A short passphrase never shows as strong, whatever zxcvbn thinks of it.
        score = strength.score if strength.acceptable else min(strength.score, MIN_SCORE - 1)
        self.bar.setValue(score + 1)  # a sliver even for "very weak"
        self.bar.setFormat(_(SCORE_NAMES[score]))
        colour = _BAR_COLOURS[score]
        self.bar.setStyleSheet(f"QProgressBar::chunk {{ background-color: {colour}; }}")
        self.bar.setAccessibleDescription(_(SCORE_NAMES[score]))
        if strength.problem_code == "passphrase.too_short":
            missing = MIN_LENGTH - len(text)
            self.advice.setText(
                ngettext(
                    "Too short: type {count} more character.",
                    "Too short: type {count} more characters.",
                    missing,
                ).format(count=missing)
            )
        elif strength.problem_code is not None:
            self.advice.setText(error_text(ValidationError(strength.problem_code)))
        else:
            self.advice.setText(_("Strong enough."))
        return strength.acceptable


class PassphrasePair(QWidget):
    """A new passphrase and the same again, with the strength meter and a show toggle.

    ``changed`` is emitted on every edit; ``is_acceptable()`` is True when the first
    passes the strength rule and the second is the same. Given a ``form``, the rows go
    into that form (so their labels line up with the form's others) instead of into
    this widget, which then only owns the logic.
    """

    changed = Signal()

    def __init__(
        self,
        first_label: str | None = None,
        second_label: str | None = None,
        parent: QWidget | None = None,
        form: QFormLayout | None = None,
    ) -> None:
        super().__init__(parent)
        self._user_inputs: tuple[str, ...] = ()
        self._acceptable = False

        self.first = secret_line_edit(_("New passphrase"))
        self.second = secret_line_edit(_("New passphrase again"))
        self.first_label = QLabel(first_label or _("&New passphrase:"))
        self.first_label.setBuddy(self.first)
        self.second_label = QLabel(second_label or _("Type it &again:"))
        self.second_label.setBuddy(self.second)
        self.meter = StrengthMeter()
        self.match = QLabel()
        self.match.setObjectName("passphraseMatch")
        self.match.setAccessibleName(_("Do the passphrases match"))
        self.show_text = QCheckBox(_("S&how the passphrase"))
        self.show_text.setToolTip(_("Check that nobody is looking at the screen."))
        self.show_text.toggled.connect(self._toggle_shown)

        if form is None:
            form = QFormLayout(self)
            form.setContentsMargins(0, 0, 0, 0)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.form = form
        form.addRow(self.first_label, self.first)
        form.addRow("", self.meter)
        form.addRow(self.second_label, self.second)
        form.addRow("", self.match)
        form.addRow("", self.show_text)

        # ``changed`` follows each edit through signal-to-signal connections made after
        # ``_update``'s: Qt calls them in order, and no Python-side emit() runs per keystroke.
        for edit in (self.first, self.second):
            edit.textChanged.connect(self._update)
            edit.textChanged.connect(self.changed)
        self._update()

    def set_user_inputs(self, values: Iterable[str]) -> None:
        """Words that count as easy to guess (the practice's and the practitioner's names)."""
        self._user_inputs = tuple(v for v in values if v)
        self._update()
        self.changed.emit()

    def set_rows_visible(self, visible: bool) -> None:
        for field in (self.first, self.meter, self.second, self.match, self.show_text):
            self.form.setRowVisible(field, visible)

    def passphrase(self) -> str:
        return self.first.text()

    def is_acceptable(self) -> bool:
        return self._acceptable

    def clear(self) -> None:
        self.first.clear()
        self.second.clear()
        self.show_text.setChecked(False)

    def _toggle_shown(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.first.setEchoMode(mode)
        self.second.setEchoMode(mode)

    def _update(self) -> None:
        first, second = self.first.text(), self.second.text()
        strong = self.meter.show_strength(first, self._user_inputs)
        if not second:
            self.match.setText("")
        elif first == second:
            self.match.setText(_("The two are the same."))
        elif first.startswith(second):
            self.match.setText(_("Keep typing the same passphrase again."))
        else:
            self.match.setText(_("The two passphrases are not the same."))
        self._acceptable = strong and first == second
