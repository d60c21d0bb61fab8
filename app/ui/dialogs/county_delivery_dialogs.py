"""The delivery to the county of a county-controlled relationship (issue 9 item 4):
"Delivery packet for the county…" and "Confirm delivery…" on the relationships table.

The service decides (app.services.county_delivery); these dialogs only gather the
folder, the language, the date, how and to whom, and run it on the worker.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from app.domain.delivery import DeliveryPacket
from app.domain.models import Relationship
from app.services import county_delivery
from app.ui import file_dialogs
from app.ui.context import UiContext
from app.ui.dialogs.form_helpers import DateEdit, FormDialog, hint_label
from app.ui.texts import _

LANGUAGES = (("fi", "suomi"), ("sv", "svenska"), ("en", "English"))


class CountyPacketDialog(FormDialog):
    """Write the packet (PDF and JSON) into a folder; logged as a disclosure to the county."""

    written = Signal(object)  # the DeliveryPacket

    def __init__(
        self,
        ctx: UiContext,
        relationship: Relationship,
        secure_address: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            ctx, _("Delivery packet for the county"), parent, save_text=_("&Write packet")
        )
        self.relationship = relationship
        self.setMinimumWidth(500)
        self.folder = QLineEdit()
        browse = QPushButton(_("&Browse…"))
        browse.clicked.connect(self._browse)
        row = QWidget()
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        row_layout.addWidget(self.folder, 1)
        row_layout.addWidget(browse)
        self.language = QComboBox()
        for code, name in LANGUAGES:
            self.language.addItem(name, code)
        self.form.add_row(_("&Folder:"), row, field="out")
        self.form.add_row(_("&Language:"), self.language)
        self.include_address = QCheckBox(_("Include the &address (secure address)"))
        self.include_address.setVisible(secure_address)
        self.form.add_row("", self.include_address, field="street_address")
        self.body.addWidget(
            hint_label(
                _(
                    "The packet holds the relationship's client records and their log for the "
                    "county, the identity code in full. It is recorded in the disclosure log. "
                    "Invoices and payment commitments stay with the practice."
                )
            )
        )
        self.folder.setFocus()

    def _browse(self) -> None:
        chosen = file_dialogs.existing_directory(
            self, _("Choose the folder for the packet"), self.folder.text()
        )
        if chosen:
            self.folder.setText(chosen)

    def submit(self) -> None:
        rel_id = self.relationship.id
        assert rel_id is not None
        folder = Path(self.folder.text().strip() or ".")
        lang = str(self.language.currentData())
        include = self.include_address.isChecked()
        self.run_job(
            lambda s: county_delivery.delivery_packet(s, rel_id, folder, lang, include),
            self._written,
        )

    def _written(self, packet: DeliveryPacket) -> None:
        self.written.emit(packet)
        self.accept()


class ConfirmDeliveryDialog(FormDialog):
    """Record when, how and to whom the packet was delivered; the records then go by the
    ordinary purge (the purge review shows them)."""

    saved = Signal(object)  # the Relationship

    def __init__(
        self, ctx: UiContext, relationship: Relationship, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, _("Confirm delivery"), parent, save_text=_("&Confirm delivery"))
        self.relationship = relationship
        self.setMinimumWidth(460)
        self.delivered_on = DateEdit(today)
        self.how = QLineEdit()
        self.how.setPlaceholderText(_("e.g. secure email, registered post"))
        self.to_whom = QLineEdit(relationship.county_name)
        self.form.add_row(_("&Delivered on:"), self.delivered_on, field="delivered_on")
        self.form.add_row(_("&How:"), self.how, field="delivered_how")
        self.form.add_row(_("&To whom:"), self.to_whom, field="delivered_to")
        self.body.addWidget(
            hint_label(
                _(
                    "Once the delivery is confirmed, the relationship's client records are due "
                    "for destruction and the next purge removes them. The practice's "
                    "bookkeeping stays."
                )
            )
        )
        self.how.setFocus()

    def submit(self) -> None:
        rel_id = self.relationship.id
        assert rel_id is not None
        on, how, to_whom = self.delivered_on.value(), self.how.text(), self.to_whom.text()
        self.run_job(
            lambda s: county_delivery.confirm_delivery(s, rel_id, on, how, to_whom), self._saved
        )

    def _saved(self, rel: Relationship) -> None:
        self.ctx.events.client_changed.emit(rel.client_id)
        self.saved.emit(rel)
        self.accept()
