"""A form's fields kept as a draft (app.services.form_drafts) while they are typed, when
the app locks and when the form closes unsaved; put back when the same form opens again
for the same client. Used by FormDialog for forms that set ``DRAFT_KIND``."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

from app.services import form_drafts
from app.ui.texts import _

if TYPE_CHECKING:
    from app.ui.dialogs.form_helpers import FormDialog

DRAFT_DELAY_MS = 2_000  # a pause in typing this long keeps the draft


def capture(fields: Mapping[str, QWidget]) -> dict[str, str]:
    """The fields' values as text (line edits, text areas, choices, check boxes, dates)."""
    from app.ui.dialogs.form_helpers import DateEdit, OptionalDateEdit

    values: dict[str, str] = {}
    for name, widget in fields.items():
        if isinstance(widget, QLineEdit) and widget.echoMode() == QLineEdit.EchoMode.Normal:
            values[name] = widget.text()
        elif isinstance(widget, QPlainTextEdit):
            values[name] = widget.toPlainText()
        elif isinstance(widget, QComboBox):
            data = widget.currentData()
            values[name] = str(data.value if hasattr(data, "value") else data)
        elif isinstance(widget, QCheckBox):
            values[name] = "1" if widget.isChecked() else "0"
        elif isinstance(widget, DateEdit | OptionalDateEdit):
            value = widget.value()
            values[name] = value.isoformat() if value else ""
    return values


def restore(fields: Mapping[str, QWidget], values: Mapping[str, str]) -> None:
    from app.ui.dialogs.form_helpers import DateEdit, OptionalDateEdit

    for name, value in values.items():
        widget = fields.get(name)
        if isinstance(widget, QLineEdit):
            widget.setText(value)
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText(value)
        elif isinstance(widget, QComboBox):
            for index in range(widget.count()):
                data = widget.itemData(index)
                if str(data.value if hasattr(data, "value") else data) == value:
                    widget.setCurrentIndex(index)
                    break
        elif isinstance(widget, QCheckBox):
            widget.setChecked(value == "1")
        elif isinstance(widget, DateEdit | OptionalDateEdit) and value:
            try:
                widget.set_value(date.fromisoformat(value))
            except ValueError:
                continue


class DraftKeeper(QObject):
    """Keeps one form's draft: loads it when the form first shows, saves it after a pause
    in typing and when the form closes unsaved, and drops it when the form is saved or
    its text thrown away."""

    def __init__(self, dialog: FormDialog, kind: str, client_id: str) -> None:
        super().__init__(dialog)
        self.dialog, self.kind, self.client_id = dialog, kind, client_id
        self.kept = False  # a draft of this form is in the register
        self.note = QLabel()
        self.note.setObjectName("draftNote")
        self.note.setWordWrap(True)
        self.note.hide()
        dialog.body.insertWidget(0, self.note)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DRAFT_DELAY_MS)
        self._timer.timeout.connect(self.keep)

    def load(self) -> None:
        kind, client_id = self.kind, self.client_id
        self.dialog.ctx.db.run(
            lambda s: form_drafts.form_draft(s, kind, client_id), self._loaded, lambda _e: None
        )
        for line in self.dialog.findChildren(QLineEdit):
            line.textEdited.connect(lambda _text: self._timer.start())
        for area in self.dialog.findChildren(QPlainTextEdit):
            area.textChanged.connect(lambda: self._timer.start())

    def _loaded(self, values: dict[str, str] | None) -> None:
        if not values or not self.dialog.isVisible() or self.dialog.has_typed_text():
            return
        self.dialog.restore_draft_values(values)
        self.kept = True
        self.note.setText(_("The unsaved text of this form was kept as a draft and is back here."))
        self.note.show()
        self.dialog.fit_to_contents()

    def keep(self) -> None:
        self._timer.stop()
        if not self.dialog.has_typed_text():
            if self.kept:
                self.drop()
            return
        values = self.dialog.draft_values()
        self.kept = True
        kind, client_id = self.kind, self.client_id
        self.dialog.ctx.db.run(
            lambda s: form_drafts.save_form_draft(s, kind, client_id, values), None, lambda _e: None
        )

    def drop(self) -> None:
        self._timer.stop()
        if not self.kept:
            return
        self.kept = False
        kind, client_id = self.kind, self.client_id
        self.dialog.ctx.db.run(
            lambda s: form_drafts.discard_form_draft(s, kind, client_id), None, lambda _e: None
        )
