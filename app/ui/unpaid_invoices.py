"""Every client's sent invoices that are not paid, the oldest due date first; the overdue
ones marked. A double-click (or Enter) opens the client."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from app.i18n import N_
from app.services import invoicing
from app.services.invoicing import UnpaidInvoice
from app.ui.context import UiContext
from app.ui.cross_client_list import CrossClientListDialog
from app.ui.dialogs.invoice_dialog import kind_and_name, payer_label
from app.ui.icons import icon
from app.ui.table_model import RecordTableModel
from app.ui.texts import _, format_date, format_money, ngettext

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


class UnpaidInvoicesDialog(CrossClientListDialog):
    def __init__(
        self,
        ctx: UiContext,
        parent: QWidget | None = None,
        on_open_client: Callable[[str], None] | None = None,
    ) -> None:
        self.model = UnpaidModel()
        super().__init__(
            ctx,
            self.model,
            _("Unpaid invoices"),
            _("Unpaid invoices, the oldest due date first"),
            parent,
            on_open_client,
            stretch_columns=(1,),
        )
        self.reload()

    def reload(self) -> None:
        self.ctx.db.run(
            lambda s: invoicing.unpaid_invoices(s),
            self._show,
            lambda error: self.ctx.show_error(self, error),
        )

    def _show(self, rows: list[UnpaidInvoice]) -> None:
        self.model.set_rows(rows)
        if not rows:
            text = _("There are no unpaid invoices.")
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
        self.set_summary(text, len(rows))

    def client_id_at(self, row: int) -> str | None:
        return self.model.record(row).invoice.client_id

    def clear_rows(self) -> None:
        self.model.set_rows([])
