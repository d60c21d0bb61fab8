"""Small building blocks for the app's dialogs.

- ``LabelledForm``: a form layout whose rows get a label with a mnemonic, ``setBuddy``
  and an accessible name, and that remembers which widget edits which service field
  (``ValidationError.field``), so an error can move the focus there.
- ``DateEdit`` / ``OptionalDateEdit`` / ``TimeEdit`` / ``MoneyEdit``: inputs in the user's
  formats (d.M.yyyy in Finnish and Swedish, 1 234,50 € in fi/sv).
- ``ErrorLabel``: an inline message under a form; hidden while empty.
- ``run_dialog_job``: runs a service job on the worker and keeps the dialog open on a
  ``VakkaError``, showing ``error_text`` inline and focusing the field concerned.
- ``FormDialog``: a dialog made of the above, with Save and Cancel; it closes itself
  when its window is hidden (the app locks), so no personal data stays on screen.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date, time
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QDate, QDateTime, QEvent, Qt, QTime
from PySide6.QtGui import QFocusEvent, QKeyEvent, QPalette, QShowEvent, QValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.domain.errors import VakkaError, ValidationError
from app.domain.kinds import ContactLanguage
from app.i18n import LANGUAGES
from app.i18n.kind_labels import kind_label
from app.services.session import Session
from app.ui.context import UiContext
from app.ui.feedback import error_text, report_bug
from app.ui.texts import _, ui_language, ui_locale
from app.ui.window_watch import WindowHidden

if TYPE_CHECKING:
    from app.ui.dialogs.form_drafts import DraftKeeper

T = TypeVar("T")

EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)


def language_combo(selected: str | None = None) -> QComboBox:
    """The languages a document can be written in (fi, sv, en), by their names; the item
    data is the code. ``selected`` chooses one when it is among them."""
    combo = QComboBox()
    for code in LANGUAGES:
        combo.addItem(kind_label(ContactLanguage(code), ui_language()), code)
    if selected in LANGUAGES:
        combo.setCurrentIndex(combo.findData(selected))
    return combo


def plain_text(label: str) -> str:
    """A label without its mnemonic ampersand and trailing colon: 'First &name:' -> 'First name'."""
    return re.sub(r"&(.)", r"\1", label).strip().rstrip(":").strip()


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def date_display_format(lang: str | None = None) -> str:
    """d.M.yyyy in Finnish and Swedish (GLOSSARY.md); '23 Nov 2026' in English."""
    return "d.M.yyyy" if (lang or ui_language()) in ("fi", "sv") else "d MMM yyyy"


class LabelledForm(QFormLayout):
    """A QFormLayout whose rows are labelled accessibly and mapped to service fields."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fields: dict[str, QWidget] = {}
        self.labels: dict[QWidget, QLabel] = {}
        self.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

    def add_row(
        self,
        text: str,
        widget: QWidget,
        *,
        field: str = "",
        accessible_name: str = "",
        tooltip: str = "",
    ) -> QLabel:
        """A row '&Label:' [widget]; ``field`` is the ValidationError.field it edits."""
        label = QLabel(text)
        label.setBuddy(widget)
        widget.setAccessibleName(accessible_name or plain_text(text))
        if tooltip:
            widget.setToolTip(tooltip)
            label.setToolTip(tooltip)
        self.addRow(label, widget)
        self.labels[widget] = label
        if field:
            self.fields[field] = widget
        return label

    def add_wide(self, widget: QWidget, *, field: str = "") -> None:
        """A widget spanning both columns (a check box, a note)."""
        self.addRow(widget)
        if field:
            self.fields[field] = widget

    def set_row_visible(self, widget: QWidget, visible: bool) -> None:
        self.setRowVisible(widget, visible)


def hint_label(text: str) -> QLabel:
    """A short explanation under or beside an input, wrapped, in a quieter colour."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


_DATE_TYPED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_DATE_TYPING = re.compile(r"\d{0,2}(\.(\d{0,2}(\.\d{0,4})?)?)?")
_TIME_TYPED = re.compile(r"(\d{1,2})(?:[.:](\d{2}))?")
_TIME_TYPING = re.compile(r"\d{0,2}([.:]\d{0,2})?")


def parse_typed_date(text: str) -> date | None:
    """'9.12.2026' (d.M.yyyy, as typed in every language) -> date; None if not a date."""
    match = _DATE_TYPED.fullmatch(text.strip())
    if match is None:
        return None
    try:
        return date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        return None


def parse_typed_time(text: str) -> time | None:
    """'11' -> 11.00, '9.30' or '9:30' -> 9.30; None if not a time of day."""
    match = _TIME_TYPED.fullmatch(text.strip())
    if match is None:
        return None
    hour, minute = int(match[1]), int(match[2] or 0)
    return time(hour, minute) if hour < 24 and minute < 60 else None


class _TypedDateTime:
    """Typing a whole value replaces it: with the text selected (as after Tab) or the
    cursor at its start, the first digit starts the value afresh instead of editing one
    section ('11' before '9.00' gave '19.00'; '9.12.2026' over a selected date did nothing).
    Mixed into QDateEdit / QTimeEdit; ``_typed`` parses, ``_typing`` matches a value
    being typed."""

    _fresh = False
    _buffer: str | None = None

    def _typed_key(self, event: QKeyEvent) -> bool:
        """Handle a typed digit or separator; True when it was handled here."""
        edit = self.lineEdit()  # type: ignore[attr-defined]
        text = event.text()
        typing = bool(text) and text in "0123456789.:"
        if not typing or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self._end_fresh()
            return False
        if not self._fresh and text.isdigit() and edit.text():
            whole = edit.hasSelectedText() and edit.selectedText() == edit.text()
            at_start = edit.cursorPosition() == 0 and not edit.hasSelectedText()
            if whole or at_start:
                edit.setText("")
                self._fresh = True
        if not self._fresh:
            return False
        self._buffer = edit.text() + text
        edit.insert(text)  # through validate(): the value as typed, not section by section
        event.accept()
        return True

    # The mixin comes first in the edits' bases: these run before QDateEdit's / QTimeEdit's.

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._typed_key(event):
            super().keyPressEvent(event)  # type: ignore[misc]

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._end_fresh()
        super().focusOutEvent(event)  # type: ignore[misc]

    def event(self, event: QEvent) -> bool:
        # Tab and Backtab move the focus before keyPressEvent: the typing ends there too.
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
        ):
            self._end_fresh()
        return bool(super().event(event))  # type: ignore[misc]

    def textFromDateTime(self, value: QDateTime) -> str:
        if self._fresh and self._buffer is not None:
            return self._buffer  # the value as it is being typed
        return str(super().textFromDateTime(value))  # type: ignore[misc]

    def _end_fresh(self) -> None:
        """The typing ended (Enter, Tab, another key): show the value in its format."""
        if self._fresh:
            self._fresh = False
            self._buffer = None
            edit = self.lineEdit()  # type: ignore[attr-defined]
            self.interpretText()  # type: ignore[attr-defined]
            edit.setText(self.textFromDateTime(self.dateTime()))  # type: ignore[attr-defined]


class DateEdit(_TypedDateTime, QDateEdit):
    """A date input in the user's format with a calendar pop-up; d.M.yyyy can be typed
    in every language."""

    def __init__(self, value: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setLocale(ui_locale())
        self.setDisplayFormat(date_display_format())
        self.setCalendarPopup(True)
        self.setDateRange(to_qdate(EARLIEST_DATE), to_qdate(LATEST_DATE))
        self.set_value(value or date.today())

    def value(self) -> date:
        return from_qdate(self.date())

    def set_value(self, value: date) -> None:
        self.setDate(to_qdate(value))

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        typed = parse_typed_date(text)
        if typed is not None and EARLIEST_DATE <= typed <= LATEST_DATE:
            return (QValidator.State.Acceptable, text, pos)
        if _DATE_TYPING.fullmatch(text.strip()):
            return (QValidator.State.Intermediate, text, pos)
        return super().validate(text, pos)

    def dateTimeFromText(self, text: str) -> QDateTime:
        typed = parse_typed_date(text)
        if typed is not None:
            return QDateTime(to_qdate(typed), QTime(0, 0))
        return super().dateTimeFromText(text)


class OptionalDateEdit(QWidget):
    """A date that may be missing: a check box ('Given') and a date input beside it."""

    def __init__(
        self,
        check_text: str,
        value: date | None = None,
        default: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.check = QCheckBox(check_text)
        self.edit = DateEdit(value or default)
        self.check.toggled.connect(self.edit.setEnabled)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.edit, 1)
        self.setFocusProxy(self.check)
        # A label's Alt-key moves the focus only to a widget that takes focus: then to the
        # check box (the proxy). ClickFocus keeps the container itself out of the Tab chain.
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.set_value(value)

    def setAccessibleName(self, name: str) -> None:
        super().setAccessibleName(name)
        self.check.setAccessibleName(name)
        self.edit.setAccessibleName(name)

    def value(self) -> date | None:
        return self.edit.value() if self.check.isChecked() else None

    def set_value(self, value: date | None) -> None:
        self.check.setChecked(value is not None)
        self.edit.setEnabled(value is not None)
        if value is not None:
            self.edit.set_value(value)


class TimeEdit(_TypedDateTime, QTimeEdit):
    """A time of day in the locale's short format (9.00 in Finnish); '11' or '9.30' can
    be typed over it."""

    def __init__(self, value: time | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        locale = ui_locale()
        self.setLocale(locale)
        self.setDisplayFormat(locale.timeFormat(locale.FormatType.ShortFormat))
        self.set_value(value or time(9, 0))

    def value(self) -> time:
        current = self.time()
        return time(current.hour(), current.minute())

    def set_value(self, value: time) -> None:
        self.setTime(QTime(value.hour, value.minute))

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        if parse_typed_time(text) is not None:
            return (QValidator.State.Acceptable, text, pos)
        if _TIME_TYPING.fullmatch(text.strip()):
            return (QValidator.State.Intermediate, text, pos)
        return super().validate(text, pos)

    def dateTimeFromText(self, text: str) -> QDateTime:
        typed = parse_typed_time(text)
        if typed is not None:
            return QDateTime(self.date(), QTime(typed.hour, typed.minute))
        return super().dateTimeFromText(text)

    def fixup(self, text: str) -> str:
        typed = parse_typed_time(text)
        if typed is not None:
            return self.textFromDateTime(QDateTime(self.date(), QTime(typed.hour, typed.minute)))
        return super().fixup(text)


class MoneyEdit(QDoubleSpinBox):
    """Euros with cents in the user's format; optional amounts show 'none' at zero."""

    def __init__(
        self, cents: int | None = None, optional: bool = True, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.optional = optional
        self.setLocale(ui_locale())
        self.setDecimals(2)
        self.setRange(0, 999_999.99)
        self.setSingleStep(5)
        self.setGroupSeparatorShown(True)
        self.setSuffix(" €")
        if optional:
            self.setSpecialValueText(_("none"))
        self.set_cents(cents)

    def cents(self) -> int | None:
        value = round(self.value() * 100)
        return None if self.optional and value == 0 else value

    def set_cents(self, cents: int | None) -> None:
        self.setValue((cents or 0) / 100)


class ErrorLabel(QLabel):
    """An inline error under a form (plain text, wrapped); hidden while there is none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inlineError")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setAccessibleName(_("Error"))
        self.setStyleSheet(
            "QLabel#inlineError { color: #7a1010; background: #fdecea;"
            " border: 1px solid #e2a3a3; border-radius: 3px; padding: 6px; }"
        )
        self.hide()

    def set_error(self, text: str) -> None:
        self.setText(text)
        self.setAccessibleDescription(text)
        self.setVisible(bool(text))

    def clear_error(self) -> None:
        self.set_error("")


def run_dialog_job(
    ctx: UiContext,
    job: Callable[[Session], T],
    on_done: Callable[[T], None],
    *,
    error_label: ErrorLabel,
    focus_field: Callable[[str], None] | None = None,
    busy: Sequence[QWidget] = (),
    on_failed: Callable[[BaseException], None] | None = None,
) -> None:
    """Run ``job`` on the worker. On a VakkaError the message goes into ``error_label``
    (the dialog stays open, nothing was saved) and ``focus_field`` gets the error's field;
    anything else is a bug for the calm bug dialog. ``busy`` widgets are disabled meanwhile;
    ``on_failed`` runs after the error is shown."""
    error_label.clear_error()
    for widget in busy:
        widget.setEnabled(False)

    def release() -> bool:
        if not isValid(error_label):
            return False  # the dialog went away meanwhile
        for widget in busy:
            if isValid(widget):
                widget.setEnabled(True)
        return True

    def done(result: T) -> None:
        if release():
            on_done(result)

    def failed(error: BaseException) -> None:
        if not release():
            return
        if isinstance(error, VakkaError):
            error_label.set_error(error_text(error))
            if isinstance(error, ValidationError) and error.field and focus_field is not None:
                focus_field(error.field)
        else:
            report_bug(error_label.window(), error)
        if on_failed is not None:
            on_failed(error)

    ctx.db.run(job, done, failed)


def confirm_discard(parent: QWidget | None) -> bool:
    """Ask before typed text is thrown away (tests replace this function)."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        _("Discard changes"),
        _("You have typed text that is not saved. Throw it away?"),
        parent=parent,
    )
    # Buttons of our own: each with an Alt-key in every language (Qt's standard
    # Discard has none), and Enter or Esc keeps the text.
    discard = box.addButton(_("&Throw away"), QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton(_("&Keep editing"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    if not isValid(box):
        return False  # closed with its dialog (the app locked meanwhile): nothing thrown away
    return box.clickedButton() is discard


def typed_texts(root: QWidget) -> list[str]:
    """The texts a person types into a form: line edits (not passwords, not the editor
    inside a spin box or a date input) and editable text areas."""
    from PySide6.QtWidgets import QAbstractSpinBox

    texts: list[str] = []
    for widget in root.findChildren(QWidget):
        if isinstance(widget, QLineEdit):
            if widget.echoMode() != QLineEdit.EchoMode.Normal or widget.isReadOnly():
                continue
            if isinstance(widget.parent(), QAbstractSpinBox):
                continue
            texts.append(widget.text())
        elif isinstance(widget, QPlainTextEdit | QTextEdit) and not widget.isReadOnly():
            texts.append(widget.toPlainText())
    return texts


class FormDialog(QDialog):
    """A form, an inline error label and Save/Cancel. Subclasses build rows on ``self.form``
    (or add widgets to ``self.body``) and implement ``submit``, saving with ``run_job``."""

    def __init__(
        self, ctx: UiContext, title: str, parent: QWidget | None = None, save_text: str = ""
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.form = LabelledForm()
        self.error = ErrorLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        assert isinstance(save, QPushButton)
        self.save_button = save
        self.save_button.setText(save_text or _("&Save"))
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.forms: list[LabelledForm] = [self.form]
        self.body = QVBoxLayout()
        self.body.addLayout(self.form)
        layout = QVBoxLayout(self)
        layout.addLayout(self.body)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._busy = False
        self._shown_once = False
        self._typed_at_start: list[str] | None = None
        self._window_hidden = WindowHidden(self, parent, self._close_with_window)
        self._drafts: DraftKeeper | None = None
        self._thrown_away = False
        self._closed_while_saving = False

    def keep_drafts(self, kind: str, client_id: str) -> None:
        """This form's typed fields are kept as a draft (a lock, a close without saving)
        and come back when it opens again for the client (app.services.form_drafts)."""
        from app.ui.dialogs.form_drafts import DraftKeeper

        self._drafts = DraftKeeper(self, kind, client_id)

    @property
    def keeps_drafts(self) -> bool:
        return self._drafts is not None

    def draft_values(self) -> dict[str, str]:
        """What the draft keeps: the named fields (a form with more says so here)."""
        from app.ui.dialogs.form_drafts import capture

        return capture(self.named_fields())

    def restore_draft_values(self, values: dict[str, str]) -> None:
        from app.ui.dialogs.form_drafts import restore

        restore(self.named_fields(), values)

    def named_fields(self) -> dict[str, QWidget]:
        found: dict[str, QWidget] = {}
        for form in self.forms:
            found.update(form.fields)
        return found

    def done(self, result: int) -> None:
        if self._drafts is not None:
            if result in (1, QDialog.DialogCode.Accepted):
                self._drafts.drop()  # saved: the draft became the record
            elif not self._thrown_away and not self.save_in_flight() and self.has_typed_text():
                self._drafts.keep()
        super().done(result)

    def submit(self) -> None:
        raise NotImplementedError

    def add_group(self, title: str) -> tuple[QGroupBox, LabelledForm]:
        """A titled group with its own form; its fields take part in focus_field.
        The caller places the group (``self.body`` or a layout of its own)."""
        group = QGroupBox(title)
        form = LabelledForm(group)
        self.forms.append(form)
        return group, form

    def run_job(
        self,
        job: Callable[[Session], T],
        on_done: Callable[[T], None],
        on_failed: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Save through the worker; stays open with the message inline on a VakkaError
        (``on_failed`` runs after it is shown)."""
        self._busy = True

        def done(result: T) -> None:
            self._busy = False
            on_done(result)

        def failed(error: BaseException) -> None:
            self._busy = False
            self.fit_to_contents()
            if on_failed is not None:
                on_failed(error)

        run_dialog_job(
            self.ctx,
            job,
            done,
            error_label=self.error,
            focus_field=self.focus_field,
            busy=[self.buttons],
            on_failed=failed,
        )

    def show_error(self, text: str, field_widget: QWidget | None = None) -> None:
        """A check made in the dialog itself (nothing was sent to be saved)."""
        self.error.set_error(text)
        self.fit_to_contents()
        if field_widget is not None:
            field_widget.setFocus()

    def field_widget(self, field: str) -> QWidget | None:
        for form in self.forms:
            if field in form.fields:
                return form.fields[field]
        return None

    def focus_field(self, field: str) -> None:
        widget = self.field_widget(field)
        if widget is not None and widget.isVisibleTo(self):
            widget.setFocus()

    # Forms whose typed text is worth asking about before it goes (not passphrase forms).
    ASK_BEFORE_DISCARD = True

    def remember_typed_texts(self) -> None:
        """The texts now in the form count as untyped (after loading saved values)."""
        self._typed_at_start = typed_texts(self)

    def has_typed_text(self) -> bool:
        """Whether the person typed something since the dialog opened."""
        if self._typed_at_start is None or not self.ASK_BEFORE_DISCARD:
            return False
        return typed_texts(self) != self._typed_at_start

    def reject(self) -> None:
        if self._busy:
            return  # the save is on its way; its answer decides
        if self.has_typed_text() and not confirm_discard(self):
            return  # Esc or Cancel with typed text: asked first, and kept
        self.discarding()
        if self._drafts is not None:
            self._thrown_away = True
            self._drafts.drop()
        super().reject()

    def discarding(self) -> None:
        """The person chose to throw the typed text away (subclasses drop their drafts)."""

    def fit_to_contents(self) -> None:
        """Resize to the contents after rows were shown or hidden (wrapped labels too)."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        hint = self.sizeHint()
        width = max(self.width(), hint.width())
        height = layout.heightForWidth(width) if layout.hasHeightForWidth() else hint.height()
        self.resize(width, max(height, hint.height()))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            self.make_save_the_default()
            if self._typed_at_start is None:
                self.remember_typed_texts()
            if self._drafts is not None:
                self._drafts.load()
            self.fit_to_contents()

    def make_save_the_default(self) -> None:
        """Enter saves: Save is the one default button. Other push buttons of the form
        (Show address, Add line, Cancel) never become the default, also not when hidden
        or when Qt would pick the first one it finds."""
        for button in self.findChildren(QPushButton):
            if button is not self.save_button:
                button.setAutoDefault(False)
                button.setDefault(False)
        self.save_button.setAutoDefault(True)
        self.save_button.setDefault(True)

    def close_now(self) -> None:
        """Close without asking (the app is locking)."""
        self._closed_while_saving = self._busy
        self._busy = False
        super().reject()

    def save_in_flight(self) -> bool:
        """A save was sent to the worker and has not answered: it runs before a lock's
        own jobs, so what was typed is saved, not kept as a draft as well."""
        return self._busy or self._closed_while_saving

    def _close_with_window(self) -> None:
        if self.isVisible():
            self.close_now()
