"""Every client's sent invoices that are not paid, the oldest due date first; the overdue
ones marked. A double-click (or Enter) opens the client."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from app.i18n import N_
from app.services import invoicing
from app.services.invoicing import UnpaidInvoice
from app.ui.context import UiContext
from app.ui.dialogs.invoice_dialog import kind_and_name, payer_label
from app.ui.icons import icon
from app.ui.table_model import RecordTableModel, record_table
from app.ui.texts import _, format_date, format_money, ngettext
from app.ui.window_watch import WindowHidden

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class UnpaidModel(RecordTableModel[UnpaidInvoice]):
    HEADERS = (
        N_("Number"),
        N_("Payer"),
        N_("Client number"),
        N_("Due"),
        N_("Total with VAT"),
        N_("Days overdue"),
    )
    TOTAL, OVERDUE = 4, 5

    def ordered(self, rows: list[UnpaidInvoice]) -> list[UnpaidInvoice]:
        return sorted(rows, key=lambda r: (r.invoice.due_on, r.invoice.id or 0))

    def record_id(self, record: UnpaidInvoice) -> object:
        return record.invoice.id

    def cell(self, record: UnpaidInvoice, column: int, role: int) -> Any:
        invoice = record.invoice
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (2, self.TOTAL, self.OVERDUE):
            return int(RIGHT.value)
        if role == Qt.ItemDataRole.DecorationRole and column == self.OVERDUE and record.overdue:
            return icon("warning")
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return invoice.number
        if column == 1:
            return kind_and_name(payer_label(invoice.payer_kind), invoice.payer_name)
        if column == 2:
            return str(record.client_number or "–")
        if column == 3:
            return format_date(invoice.due_on)
        if column == self.TOTAL:
            return format_money(invoice.total_cents)
        return str(record.overdue_days) if record.overdue else ""


class UnpaidInvoicesDialog(QDialog):
    def __init__(
        self,
        ctx: UiContext,
        parent: QWidget | None = None,
        on_open_client: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.on_open_client = on_open_client
        self._opened = False
        self.setWindowTitle(_("Unpaid invoices"))
        self.resize(820, 420)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(_("Summary"))
        self.model = UnpaidModel()
        self.table = record_table(
            self.model, _("Unpaid invoices, the oldest due date first"), stretch_columns=(1,)
        )
        self.table.activated.connect(self._activated)
        self.table.doubleClicked.connect(self._activated)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_button = self.buttons.addButton(
            _("&Open the client"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.open_button.clicked.connect(self.open_selected)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self._window_hidden = WindowHidden(self, parent, self._close_with_window)
        self.reload()

    def _close_with_window(self) -> None:
        self.model.set_rows([])
        self.summary.clear()
        self.reject()

    def reload(self) -> None:
        self._opened = False
        self.ctx.db.run(
            lambda s: invoicing.unpaid_invoices(s),
            self._show,
            lambda error: self.ctx.show_error(self, error),
        )

    def _show(self, rows: list[UnpaidInvoice]) -> None:
        self.model.set_rows(rows)
        if not rows:
            self.summary.setText(_("There are no unpaid invoices."))
        else:
            overdue = [r for r in rows if r.overdue]
            text = ngettext(
                "{count} unpaid invoice, {total} in all.",
                "{count} unpaid invoices, {total} in all.",
                len(rows),
            ).format(count=len(rows), total=format_money(sum(r.invoice.total_cents for r in rows)))
            if overdue:
                text += " " + ngettext(
                    "{count} is overdue.", "{count} are overdue.", len(overdue)
                ).format(count=len(overdue))
            self.summary.setText(text)
            self.table.selectRow(0)
        self.open_button.setEnabled(bool(rows) and self.on_open_client is not None)
        self.table.setFocus()

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_row(index.row())

    def open_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.open_row(rows[0].row())

    def open_row(self, row: int) -> None:
        client_id = self.model.record(row).invoice.client_id
        if self.on_open_client is None or self._opened or not client_id:
            return
        self._opened = True
        self.accept()
        self.on_open_client(client_id)
