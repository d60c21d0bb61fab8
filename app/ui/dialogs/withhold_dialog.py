"""Withhold one entry from an access answer (Tietosuojalaki § 34), with the reasons."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QWidget

from app.domain.kinds import WithholdReason
from app.i18n.kind_labels import kind_label
from app.services import access_answer
from app.ui.context import UiContext
from app.ui.dialogs.invoice_dialog import Job, RecordDialog
from app.ui.texts import _, ui_language

CHOSEN_REASONS = (WithholdReason.HEALTH_OR_CARE, WithholdReason.RIGHTS_OF_OTHERS)


class WithholdDialog(RecordDialog):
    def __init__(
        self, ctx: UiContext, request_id: int, note_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, _("Withhold an entry"), parent)
        self.setMinimumWidth(560)
        self.request_id = request_id
        self.note_id = note_id
        self.set_intro(
            _(
                "The answer says which entry was withheld and why, and that the client may "
                "complain to the Data Protection Ombudsman, go to court, or ask that the "
                "entry be delivered to the Ombudsman."
            )
        )
        self.reason = QComboBox()
        for reason in CHOSEN_REASONS:
            self.reason.addItem(kind_label(reason, ui_language()), reason.value)
        self.add_field(_("&Ground:"), self.reason, "reason")
        self.explanation = self.text_field(lines=4)
        self.add_field(_("&Reasons given to the client:"), self.explanation, "explanation")
        self.silent = QCheckBox(
            _("Do not give the reasons: giving them would defeat the restriction (§ 34(3))")
        )
        self.silent.toggled.connect(lambda on: self.explanation.setEnabled(not on))
        self.form.add_wide(self.silent)
        self.save_button.setText(_("&Withhold"))
        self.reason.setFocus()

    def job(self) -> Job:
        request_id, note_id = self.request_id, self.note_id
        reason = WithholdReason(str(self.reason.currentData()))
        given = not self.silent.isChecked()
        explanation = self.explanation.toPlainText() if given else ""
        return lambda s: access_answer.withhold(s, request_id, note_id, reason, explanation, given)
