"""The written decision on a request, saved as PDF in the client's language (issue 10).

What can be decided depends on the request: an access request can be refused as
manifestly unfounded (it is otherwise answered with the answer wizard); log information
is given or refused; a rectification is made or refused; an erasure erases what may be
erased (the purge) and names what must be kept. The service writes the letter and
records the decision; the dialog then offers to print it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QComboBox, QWidget

from app.domain.kinds import RequestKind
from app.domain.models import DataRequest
from app.i18n import N_
from app.services import decisions
from app.ui.context import UiContext
from app.ui.dialogs.form_helpers import language_combo
from app.ui.dialogs.invoice_dialog import Job, RecordDialog
from app.ui.dialogs.request_dialogs import request_summary
from app.ui.printing import ask_save_path
from app.ui.texts import _

GIVE, REFUSE, ERASE = "give", "refuse", "erase"
CHOICES: dict[RequestKind, tuple[tuple[str, str], ...]] = {
    RequestKind.ACCESS: ((REFUSE, N_("Refuse as manifestly unfounded or excessive")),),
    RequestKind.LOG_INFORMATION: (
        (GIVE, N_("Give the log information")),
        (REFUSE, N_("Refuse, with a written decision")),
    ),
    RequestKind.RECTIFICATION: (
        (GIVE, N_("The data was corrected")),
        (REFUSE, N_("Refuse the rectification")),
    ),
    RequestKind.ERASURE: ((ERASE, N_("Erase what may be erased and name what must be kept")),),
}


class DecisionDialog(RecordDialog):
    def __init__(self, ctx: UiContext, request: DataRequest, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Decision on the request"), parent)
        self.setMinimumWidth(580)
        self.request = request
        self.path: Path | None = None
        intro = request_summary(request)
        if request.kind is RequestKind.ERASURE:
            intro += "\n\n" + _(
                "The client's records whose retention period has ended are destroyed now, "
                "with a purge record, and cannot be brought back. What the law obliges you "
                "to keep stays and the answer names it with its legal ground."
            )
        self.set_intro(intro)
        self.choice = QComboBox()
        for code, label in CHOICES[request.kind]:
            self.choice.addItem(_(label), code)
        self.add_field(_("&Decision:"), self.choice, "decision")
        self.text = self.text_field(lines=4)
        self.add_field(_("&Reasons or what was corrected:"), self.text, "reasons", "what",
                       "fee_reason")  # fmt: skip
        self.language = language_combo()
        self.add_field(_("&Language:"), self.language)
        self.choice.currentIndexChanged.connect(lambda _i: self._update())
        self.save_button.setText(
            _("&Erase and answer…") if request.kind is RequestKind.ERASURE else _("&Save as PDF…")
        )
        self._update()
        self.choice.setFocus()

    def _update(self) -> None:
        self.text.setEnabled(self.choice.currentData() != ERASE and self._needs_text())

    def _needs_text(self) -> bool:
        return not (
            self.request.kind is RequestKind.LOG_INFORMATION and self.choice.currentData() == GIVE
        )

    def submit(self) -> None:
        """Where the letter goes is asked first; nothing happens if that is cancelled."""
        if self._busy:
            return
        path = ask_decision_path(self, f"decision-{self.request.id}.pdf")
        if path is not None:
            self.path = path
            super().submit()

    def job(self) -> Job:
        path = self.path
        assert path is not None
        request_id = self.request.id or 0
        kind, choice = self.request.kind, str(self.choice.currentData())
        text = self.text.toPlainText()
        lang = str(self.language.currentData())
        if kind is RequestKind.ERASURE:
            return lambda s: decisions.answer_erasure(s, request_id, path, lang)
        if kind is RequestKind.LOG_INFORMATION:
            refused = text if choice == REFUSE else ""
            if choice == REFUSE and not text.strip():
                raise self.field_error(
                    _("&Reasons or what was corrected:"), "decision.reasons_required", self.text
                )
            return lambda s: decisions.write_log_information(s, request_id, path, lang, refused)
        if kind is RequestKind.RECTIFICATION:
            granted = choice == GIVE
            what, reasons = (text, "") if granted else ("", text)
            return lambda s: decisions.write_rectification_decision(
                s, request_id, granted, what, reasons, path, lang
            )
        return lambda s: decisions.write_refusal(s, request_id, text, path, lang)


def ask_decision_path(parent: QWidget, suggested_name: str) -> Path | None:
    """Where to save the letter; tests replace this function."""
    return ask_save_path(parent, suggested_name)
