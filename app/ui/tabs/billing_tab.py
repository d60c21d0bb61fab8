"""The client's invoices (with their lines) and payment commitments with remaining visits."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtGui import QBrush, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QGroupBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain.invoicing import is_overdue
from app.domain.kinds import PayerKind
from app.domain.models import Client, Invoice, InvoiceLine, PaymentCommitment, Relationship
from app.i18n import N_
from app.services import billing, clients, invoicing, register, relationships
from app.services.session import Session
from app.ui.context import UiContext
from app.ui.dialogs.commitment_dialog import CommitmentDialog, issuer_label
from app.ui.dialogs.invoice_dialog import (
    InvoiceDialog,
    MarkPaidDialog,
    kind_and_name,
    payer_label,
    vat_text,
)
from app.ui.dialogs.visits_invoice_dialog import (
    VisitChoice,
    VisitsInvoiceDialog,
    load_visit_choice,
)
from app.ui.icons import icon
from app.ui.printing import ask_save_path, print_in_background
from app.ui.table_model import RecordTableModel, record_table
from app.ui.tabs.base import ClientTab, button_row
from app.ui.texts import _, format_date, format_money

ID_ROLE = Qt.ItemDataRole.UserRole + 1
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


@dataclass
class BillingData:
    invoices: list[Invoice] = field(default_factory=list)
    commitments: list[PaymentCommitment] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)
    today: date = date.min
    secure_address: bool = False
    payment_term_days: int = 14


def load_billing(session: Session, client_id: str) -> BillingData:
    return BillingData(
        billing.invoices_of(session, client_id),
        billing.payment_commitments_of(session, client_id),
        relationships.relationships_of(session, client_id),
        session.today(),
        clients.open_client(session, client_id).secure_address,
        register.practice(session).payment_term_days,
    )


def load_invoice_start(session: Session, client_id: str) -> tuple[Client, str]:
    """The client (for the payer snapshot) and the next invoice number of this year."""
    return clients.open_client(session, client_id), billing.next_invoice_number(
        session, session.today().year
    )


def ask_send_how(parent: QWidget) -> str | None:
    """ "print", "save" or None (cancelled); tests replace this function."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(_("Invoice"))
    box.setText(_("Print the invoice, or save it as a PDF to send it?"))
    print_button = box.addButton(_("&Print…"), QMessageBox.ButtonRole.AcceptRole)
    save_button = box.addButton(_("&Save as PDF…"), QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(print_button)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    return "print" if clicked is print_button else "save" if clicked is save_button else None


def confirm(parent: QWidget, title: str, text: str) -> bool:
    """A yes/no question, No by default; tests replace this function."""
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def dim_brush() -> QBrush:
    return QApplication.palette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)


class InvoiceModel(RecordTableModel[Invoice]):
    """Newest invoice first."""

    HEADERS = (
        N_("Number"),
        N_("Date"),
        N_("Due"),
        N_("Payer"),
        N_("Total with VAT"),
        N_("Status"),
    )
    TOTAL = 4

    def __init__(self) -> None:
        super().__init__()
        self._today = date.min
        self._numbers: dict[int, str] = {}
        self.credited: set[int] = set()

    def set_rows(self, rows: Iterable[Invoice], today: date = date.min) -> None:
        self._today = today
        rows = list(rows)
        self._numbers = {i.id: i.number for i in rows if i.id is not None}
        self.credited = {i.credit_of for i in rows if i.credit_of is not None}
        super().set_rows(rows)

    def ordered(self, rows: list[Invoice]) -> list[Invoice]:
        return sorted(rows, key=lambda i: (i.issued_on, i.id or 0), reverse=True)

    def invoice(self, row: int) -> Invoice:
        return self.record(row)

    def _overdue(self, invoice: Invoice) -> bool:
        return is_overdue(invoice, self._today) and not self._settled(invoice)

    def _settled(self, invoice: Invoice) -> bool:
        return invoice.credit_of is not None or invoice.id in self.credited

    def cell(self, invoice: Invoice, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(invoice, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.TOTAL:
            return int(RIGHT.value)
        if role == Qt.ItemDataRole.ToolTipRole and column == 5 and self._overdue(invoice):
            return _("The due date has passed.")
        if role == ID_ROLE:
            return invoice.id
        return None

    def _display(self, invoice: Invoice, column: int) -> str:
        if column == 0:
            return invoice.number
        if column == 1:
            return format_date(invoice.issued_on)
        if column == 2:
            return format_date(invoice.due_on)
        if column == 3:
            return kind_and_name(payer_label(invoice.payer_kind), invoice.payer_name)
        if column == self.TOTAL:
            return format_money(invoice.total_cents)
        if invoice.credit_of is not None:
            number = self._numbers.get(invoice.credit_of, "")
            return _("credit note for {number}").format(number=number)
        if invoice.sent_on is None:
            return _("draft")
        if invoice.id in self.credited:
            return _("credited")
        if invoice.paid_on is not None:
            return format_date(invoice.paid_on)
        return _("unpaid, overdue") if self._overdue(invoice) else _("unpaid")


class InvoiceLineModel(RecordTableModel[InvoiceLine]):
    """The lines of one invoice."""

    HEADERS = (
        N_("Description"),
        N_("Quantity"),
        N_("Unit price"),
        N_("VAT"),
        N_("Total with VAT"),
    )

    def set_invoice(self, invoice: Invoice | None) -> None:
        self.set_rows(invoice.lines if invoice is not None else [])

    def cell(self, line: InvoiceLine, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return int(RIGHT.value)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return line.description
        if column == 1:
            return str(line.quantity)
        if column == 2:
            return format_money(line.unit_price_cents)
        if column == 3:
            return vat_text(line.vat_rate_permille)
        return format_money(line.net_cents + line.vat_cents)


class CommitmentModel(RecordTableModel[PaymentCommitment]):
    """Payment commitments and Kela decisions, the newest first; expired ones dimmed."""

    HEADERS = (
        N_("Issuer"),
        N_("Decision number"),
        N_("Valid"),
        N_("Visits granted"),
        N_("Used"),
        N_("Remaining"),
        N_("Amount granted"),
    )
    REMAINING = 5

    def __init__(self) -> None:
        super().__init__()
        self._today = date.min

    def set_rows(self, rows: Iterable[PaymentCommitment], today: date = date.min) -> None:
        self._today = today
        super().set_rows(rows)

    def ordered(self, rows: list[PaymentCommitment]) -> list[PaymentCommitment]:
        return sorted(rows, key=lambda c: (c.valid_from, c.id or 0), reverse=True)

    def commitment(self, row: int) -> PaymentCommitment:
        return self.record(row)

    def cell(self, commitment: PaymentCommitment, column: int, role: int) -> Any:
        expired = commitment.valid_until < self._today
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(commitment, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 3:
            return int(RIGHT.value)
        if role == Qt.ItemDataRole.ForegroundRole and expired:
            return dim_brush()
        if role == Qt.ItemDataRole.ToolTipRole and expired:
            return _("No longer valid")
        if role == ID_ROLE:
            return commitment.id
        return None

    def _display(self, commitment: PaymentCommitment, column: int) -> str:
        if column == 0:
            return kind_and_name(issuer_label(commitment.issuer_kind), commitment.issuer_name)
        if column == 1:
            return commitment.decision_number
        if column == 2:
            return f"{format_date(commitment.valid_from)} – {format_date(commitment.valid_until)}"
        if commitment.visits_granted is None and column in (3, 5):
            return "–"
        if column == 3:
            return str(commitment.visits_granted)
        if column == 4:
            return str(commitment.visits_used)
        if column == self.REMAINING:
            return str(commitment.visits_remaining)
        if commitment.amount_granted_cents is None:
            return "–"
        return format_money(commitment.amount_granted_cents)


class BillingTab(ClientTab):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.data = BillingData()
        self._select_next: int | None = None  # an invoice just saved

        self.invoice_model = InvoiceModel()
        self.invoices = record_table(self.invoice_model, _("Invoices"))
        self.invoices.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.invoices.selectionModel().selectionChanged.connect(self._invoice_selected)
        self.line_model = InvoiceLineModel()
        self.lines = record_table(
            self.line_model, _("Lines of the selected invoice"), stretch_columns=(0,)
        )
        self.lines.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.lines_label = QLabel()
        self.lines_label.setAccessibleName(_("Selected invoice"))

        self.new_invoice_button = QPushButton(icon("add"), _("&New invoice…"))
        self.new_invoice_button.clicked.connect(self.new_invoice)
        self.mark_paid_button = QPushButton(_("&Mark paid…"))
        self.mark_paid_button.clicked.connect(self.mark_paid)
        self.visits_button = QPushButton(icon("add"), _("Invoice &visits…"))
        self.visits_button.clicked.connect(self.invoice_visits)
        self.edit_button = QPushButton(_("&Edit draft…"))
        self.edit_button.clicked.connect(self.edit_draft)
        self.delete_button = QPushButton(icon("remove"), _("De&lete draft"))
        self.delete_button.clicked.connect(self.delete_draft)
        self.send_button = QPushButton(_("Sen&d…"))
        self.send_button.setToolTip(_("Print the invoice or save it as PDF, and mark it sent"))
        self.send_button.clicked.connect(self.send)
        self.output_button = QPushButton(_("Prin&t or save…"))
        self.output_button.setToolTip(_("Print the chosen invoice or save it as PDF again"))
        self.output_button.clicked.connect(self.print_or_save)
        self.credit_button = QPushButton(_("Cred&it note…"))
        self.credit_button.setToolTip(
            _("Cancel a sent invoice with a credit note; its visits may be invoiced again")
        )
        self.credit_button.clicked.connect(self.credit)
        self.summary = QLabel()
        self.summary.setAccessibleName(_("Unpaid invoices"))

        self.commitment_model = CommitmentModel()
        self.commitments = record_table(
            self.commitment_model, _("Payment commitments"), stretch_columns=(0,)
        )
        self.new_commitment_button = QPushButton(icon("add"), _("New &payment commitment…"))
        self.new_commitment_button.clicked.connect(self.new_commitment)

        invoice_box = QGroupBox(_("Invoices"))
        invoice_layout = QVBoxLayout(invoice_box)
        invoice_layout.addLayout(
            button_row(
                self.visits_button, self.new_invoice_button, self.edit_button, self.delete_button
            )
        )
        row = button_row(
            self.send_button, self.output_button, self.credit_button, self.mark_paid_button
        )
        row.addWidget(self.summary)
        invoice_layout.addLayout(row)
        invoice_layout.addWidget(self.invoices, 3)
        invoice_layout.addWidget(self.lines_label)
        invoice_layout.addWidget(self.lines, 2)

        commitment_box = QGroupBox(_("Payment commitments"))
        commitment_layout = QVBoxLayout(commitment_box)
        commitment_layout.addLayout(button_row(self.new_commitment_button))
        intro = QLabel(
            _(
                "Visits are counted from the appointments marked done that are charged to "
                "the commitment."
            )
        )
        intro.setWordWrap(True)
        commitment_layout.addWidget(intro)
        commitment_layout.addWidget(self.commitments)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(invoice_box)
        splitter.addWidget(commitment_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._update_buttons()

    def title(self) -> str:
        return _("Billing")

    # --- data ------------------------------------------------------------------

    def reload(self) -> None:
        self.load(load_billing, self._show)

    def _show(self, data: BillingData) -> None:
        selected = self.selected_invoice()
        wanted, self._select_next = self._select_next, None
        self.data = data
        self.invoice_model.set_rows(data.invoices, data.today)
        self.commitment_model.set_rows(data.commitments, data.today)
        credited = self.invoice_model.credited
        unpaid = [
            i
            for i in data.invoices
            if i.paid_on is None
            and i.sent_on is not None
            and i.credit_of is None
            and i.id not in credited
        ]
        self.summary.setText(
            _("Unpaid: {total}").format(total=format_money(sum(i.total_cents for i in unpaid)))
            if unpaid
            else ""
        )
        row = self.invoice_model.row_of(wanted)
        if row is None:
            row = self.invoice_model.row_of(selected.id if selected else None)
        if row is None and self.invoice_model.rowCount() > 0:
            row = 0
        if row is not None:
            self.invoices.selectRow(row)
        else:
            self._show_lines(None)
        self._update_buttons()

    def selected_invoice(self) -> Invoice | None:
        rows = self.invoices.selectionModel().selectedRows()
        return self.invoice_model.invoice(rows[0].row()) if rows else None

    def _invoice_selected(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._show_lines(self.selected_invoice())
        self._update_buttons()

    def _show_lines(self, invoice: Invoice | None) -> None:
        self.line_model.set_invoice(invoice)
        if invoice is None:
            self.lines_label.clear()
            return
        text = _("Invoice {number}: VAT {vat}, total {total}").format(
            number=invoice.number,
            vat=format_money(invoice.vat_cents),
            total=format_money(invoice.total_cents),
        )
        if self.data.secure_address and invoice.payer_kind is PayerKind.CLIENT:
            # A secure address is not shown on screen outside the client's own details.
            text += "\n" + _("Billed to: {name} (secure address, not shown)").format(
                name=invoice.payer_name
            )
        elif invoice.payer_address:
            text += "\n" + _("Billed to: {name}, {address}").format(
                name=invoice.payer_name, address=invoice.payer_address.replace("\n", ", ")
            )
        self.lines_label.setText(text)

    def _update_buttons(self) -> None:
        loaded = self.client_id is not None
        invoice = self.selected_invoice()
        chosen = loaded and invoice is not None
        draft = chosen and invoice is not None and invoice.sent_on is None
        standing = (
            chosen
            and invoice is not None
            and invoice.sent_on is not None
            and invoice.credit_of is None
            and invoice.id not in self.invoice_model.credited
        )
        self.new_invoice_button.setEnabled(loaded)
        self.visits_button.setEnabled(loaded)
        self.new_commitment_button.setEnabled(loaded)
        self.edit_button.setEnabled(draft)
        self.delete_button.setEnabled(draft)
        self.send_button.setEnabled(draft)
        self.output_button.setEnabled(chosen)
        self.credit_button.setEnabled(standing)
        self.mark_paid_button.setEnabled(
            standing and invoice is not None and invoice.paid_on is None
        )

    # --- actions -------------------------------------------------------------------

    def new_invoice(self) -> None:
        client_id = self.client_id
        if client_id is None:
            return
        self.ctx.db.run(
            lambda s: load_invoice_start(s, client_id),
            lambda start: self._open_invoice_dialog(client_id, *start),
            lambda error: self.ctx.show_error(self, error),
        )

    def _open_invoice_dialog(self, client_id: str, client: Client, number: str) -> None:
        if client_id != self.client_id:
            return
        dialog = InvoiceDialog(
            self.ctx,
            client,
            self.data.relationships,
            number,
            self.data.today,
            self,
            payment_term_days=self.data.payment_term_days,
        )
        self._open_dialog(dialog)

    def invoice_visits(self) -> None:
        client_id = self.client_id
        if client_id is None:
            return
        self.ctx.db.run(
            lambda s: load_visit_choice(s, client_id),
            lambda choice: self._open_visits_dialog(client_id, choice),
            lambda error: self.ctx.show_error(self, error),
        )

    def _open_visits_dialog(self, client_id: str, choice: VisitChoice) -> None:
        if client_id == self.client_id:
            self._open_dialog(VisitsInvoiceDialog(self.ctx, choice, self))

    def edit_draft(self) -> None:
        client_id, invoice = self.client_id, self.selected_invoice()
        if client_id is None or invoice is None or invoice.sent_on is not None:
            return

        def opened(start: tuple[Client, str]) -> None:
            if client_id != self.client_id:
                return
            dialog = InvoiceDialog(
                self.ctx,
                start[0],
                self.data.relationships,
                invoice.number,
                self.data.today,
                self,
                draft=invoice,
            )
            self._open_dialog(dialog)

        self.ctx.db.run(
            lambda s: load_invoice_start(s, client_id),
            opened,
            lambda error: self.ctx.show_error(self, error),
        )

    def delete_draft(self) -> None:
        invoice = self.selected_invoice()
        if invoice is None or invoice.sent_on is not None or invoice.id is None:
            return
        text = _("Delete the draft invoice {number}? Its visits may be invoiced again.").format(
            number=invoice.number
        )
        if confirm(self, _("Delete draft"), text):
            invoice_id = invoice.id
            self._run(lambda s: invoicing.delete_draft(s, invoice_id))

    def send(self) -> None:
        """Print the draft or save it as PDF; once that is done, it is marked sent."""
        invoice = self.selected_invoice()
        if invoice is None or invoice.sent_on is not None or invoice.id is None:
            return
        invoice_id = invoice.id
        # What sending checks is asked first: nothing is printed that cannot be sent.
        self.ctx.db.run(
            lambda s: invoicing.check_sendable(s, invoice_id),
            lambda _ok: self._output(
                invoice, lambda: self._run(lambda s: invoicing.send_invoice(s, invoice_id))
            ),
            lambda error: self.ctx.show_error(self, error),
        )

    def print_or_save(self) -> None:
        invoice = self.selected_invoice()
        if invoice is not None:
            self._output(invoice, None)

    def _output(self, invoice: Invoice, then: Callable[[], None] | None) -> None:
        """Ask print or save; render the PDF on the worker; then ``then`` (on success)."""
        invoice_id = invoice.id
        if invoice_id is None:
            return
        how = ask_send_how(self)
        title = _("Credit note") if invoice.credit_of is not None else _("Invoice")
        failed = lambda error: self.ctx.show_error(self, error)  # noqa: E731
        if how == "save":
            path = ask_save_path(self, f"{title}-{invoice.number}.pdf".replace(" ", "-"))
            if path is None:
                return
            self.ctx.db.run(
                lambda s: invoicing.write_invoice_pdf(s, invoice_id, path),
                lambda _path: then() if then is not None else None,
                failed,
            )
        elif how == "print":
            self.ctx.db.run(
                lambda s: invoicing.render_invoice_pdf(s, invoice_id),
                lambda data: print_in_background(
                    self, data, title, then if then is not None else lambda: None
                ),
                failed,
            )

    def credit(self) -> None:
        invoice = self.selected_invoice()
        if invoice is None or invoice.id is None or invoice.sent_on is None:
            return
        text = _(
            "Make a credit note that cancels invoice {number} ({total})? The credit note is "
            "final; the invoice's visits may then be invoiced again."
        ).format(number=invoice.number, total=format_money(invoice.total_cents))
        if confirm(self, _("Credit note"), text):
            invoice_id = invoice.id
            self._run(lambda s: invoicing.credit_invoice(s, invoice_id))

    def _run(self, job: Callable[[Session], object]) -> None:
        """A change on the worker; then the tab is read again (a new invoice selected)."""

        def done(result: object) -> None:
            if isinstance(result, Invoice):
                self._select_next = result.id
            self.reload_and_announce()

        self.ctx.db.run(job, done, lambda error: self.ctx.show_error(self, error))

    def mark_paid(self) -> None:
        invoice = self.selected_invoice()
        if invoice is None or invoice.paid_on is not None or self.client_id is None:
            return
        self._open_dialog(MarkPaidDialog(self.ctx, invoice, self.data.today, self))

    def new_commitment(self) -> None:
        client_id = self.client_id
        if client_id is None:
            return
        dialog = CommitmentDialog(
            self.ctx, client_id, self.data.relationships, self.data.today, self
        )
        self._open_dialog(dialog)

    def _open_dialog(self, dialog: QDialog) -> None:
        dialog.accepted.connect(lambda: self._changed(dialog))
        self.open_dialog(dialog)

    def close_dialog(self) -> None:
        if self.dialog is not None:
            dialog, self.dialog = self.dialog, None
            dialog.reject()

    def _changed(self, dialog: QDialog) -> None:
        if self.client_id is None:
            return
        saved = getattr(dialog, "saved", None)
        if isinstance(saved, Invoice):
            self._select_next = saved.id
        self.reload_and_announce()

    def clear(self) -> None:
        super().clear()
        self.close_dialog()
        self.data = BillingData()
        self._select_next = None
        self.invoice_model.clear()
        self.line_model.clear()
        self.commitment_model.clear()
        self.lines_label.clear()
        self.summary.clear()
        self._update_buttons()
