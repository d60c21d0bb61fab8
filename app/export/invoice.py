"""The invoice and the credit note as PDF, in the client's language (reportlab; never Qt).

The practice's name, business ID, address and bank account; the payer (the invoice's
snapshot); number, dates and the reference number grouped in fives; the lines with their
VAT; the VAT summary per rate with the exemption or "not VAT-registered" text; the total;
and the bank barcode (virtuaaliviivakoodi) as text and as a Code 128 barcode. A credit
note names the invoice it credits.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from app.domain.errors import VakkaError
from app.domain.invoicing import Barcode, grouped_reference, vat_summary
from app.domain.models import Invoice, Practice
from app.export.letters import GRID, LINED
from app.export.pdf_base import CONTENT_WIDTH, get_styles, paragraph, render_pdf, table
from app.i18n import N_, message_for, tr
from app.i18n.formats import format_date, format_money, format_vat_rate

INVOICE_TITLE = N_("Invoice")
CREDIT_NOTE_TITLE = N_("Credit note")
EXEMPTION_TEXT = N_("Health care exempt from VAT (Value Added Tax Act 1501/1993, § 34).")
NOT_REGISTERED_TEXT = N_(
    "The practice is not registered for VAT (below the VAT threshold); no VAT is charged."
)


@dataclass(frozen=True)
class InvoiceDocument:
    """Everything the PDF shows, fetched first (the rendering needs no database)."""

    invoice: Invoice
    practice: Practice
    lang: str
    reference: str
    barcode: Barcode
    credited_number: str = ""


def render_invoice(doc: InvoiceDocument) -> bytes:
    """The invoice's PDF bytes (nothing on disk)."""
    _ = tr(doc.lang).gettext
    st = get_styles()
    invoice, practice, lang = doc.invoice, doc.practice, doc.lang
    credit = invoice.credit_of is not None
    title = _(CREDIT_NOTE_TITLE) if credit else _(INVOICE_TITLE)
    story: list[Flowable] = []

    # The practice (the seller) and the invoice's facts side by side.
    seller = [
        practice.name,
        practice.street_address,
        " ".join(x for x in (practice.postal_code, practice.city) if x),
        " · ".join(x for x in (practice.phone, practice.email) if x),
        _("Business ID {id}").format(id=practice.business_id) if practice.business_id else "",
    ]
    facts = [
        (_("Invoice number"), invoice.number),
        (_("Invoice date"), format_date(invoice.issued_on, lang)),
    ]
    if not credit:
        facts.append((_("Due date"), format_date(invoice.due_on, lang)))
    facts.append((_("Reference number"), grouped_reference(doc.reference)))
    if credit and doc.credited_number:
        facts.append((_("Credits invoice"), doc.credited_number))
    fact_table = table(
        [[paragraph(label, st.small), paragraph(value, st.body)] for label, value in facts],
        [36 * mm, 44 * mm],
        GRID,
    )
    story.append(
        table(
            [[paragraph("\n".join(x for x in seller if x), st.body), fact_table]],
            [CONTENT_WIDTH - 80 * mm, 80 * mm],
            GRID,
        )
    )
    story.append(Spacer(1, 6 * mm))

    # The payer, as the invoice's snapshot holds it.
    payer = [invoice.payer_name, invoice.payer_address]
    if invoice.payer_business_id:
        payer.append(_("Business ID {id}").format(id=invoice.payer_business_id))
    story.append(paragraph("\n".join(x for x in payer if x), st.body))
    story.append(Spacer(1, 6 * mm))
    story.append(paragraph(title, st.title))
    if credit and doc.credited_number:
        story.append(
            paragraph(
                _("This credit note cancels invoice {number}.").format(number=doc.credited_number),
                st.body,
            )
        )
    story.append(Spacer(1, 3 * mm))

    # The lines.
    head = [_("Description"), _("Quantity"), _("Unit price"), _("VAT %"), _("VAT"), _("Total")]
    header = _header_style(st.label)
    rows: list[list[Flowable]] = [
        [paragraph(h, header if i == 0 else _right(header)) for i, h in enumerate(head)]
    ]
    for line in invoice.lines:
        rows.append(
            [
                paragraph(line.description, st.body),
                paragraph(str(line.quantity), _right(st.body)),
                paragraph(format_money(line.unit_price_cents, lang), _right(st.body)),
                paragraph(format_vat_rate(line.vat_rate_permille, lang), _right(st.body)),
                paragraph(format_money(line.vat_cents, lang), _right(st.body)),
                paragraph(format_money(line.net_cents + line.vat_cents, lang), _right(st.body)),
            ]
        )
    widths = [CONTENT_WIDTH - 116 * mm, 20 * mm, 26 * mm, 18 * mm, 24 * mm, 28 * mm]
    lines_table = table(rows, widths, LINED)
    lines_table.repeatRows = 1
    story.append(lines_table)
    story.append(Spacer(1, 4 * mm))

    # The VAT summary per rate, and why there is no VAT where there is none.
    summary = vat_summary(invoice.lines)
    vat_head = [_("VAT rate"), _("Without VAT"), _("VAT"), _("With VAT")]
    vat_rows: list[list[Flowable]] = [[paragraph(h, _right(header)) for h in vat_head]]
    for row in summary:
        vat_rows.append(
            [
                paragraph(format_vat_rate(row.rate_permille, lang), _right(st.body)),
                paragraph(format_money(row.net_cents, lang), _right(st.body)),
                paragraph(format_money(row.vat_cents, lang), _right(st.body)),
                paragraph(format_money(row.gross_cents, lang), _right(st.body)),
            ]
        )
    total_label = _("Total to credit") if credit else _("Total to pay")
    vat_rows.append(
        [
            paragraph(total_label, _right(st.label)),
            paragraph(format_money(sum(r.net_cents for r in summary), lang), _right(st.label)),
            paragraph(format_money(invoice.vat_cents, lang), _right(st.label)),
            paragraph(format_money(invoice.total_cents, lang), _right(st.label)),
        ]
    )
    summary_width = 124 * mm
    story.append(
        table(
            [[Spacer(1, 1), table(vat_rows, [40 * mm, 28 * mm, 26 * mm, 30 * mm], LINED)]],
            [CONTENT_WIDTH - summary_width, summary_width],
            GRID,
        )
    )
    story.append(Spacer(1, 3 * mm))
    if not practice.vat_registered:
        story.append(paragraph(_(NOT_REGISTERED_TEXT), st.small))
    elif any(line.vat_rate_permille == 0 for line in invoice.lines):
        story.append(paragraph(_(EXEMPTION_TEXT), st.small))
    story.append(Spacer(1, 5 * mm))

    story.append(KeepTogether(_payment_part(doc)))
    return render_pdf(story, title=title, lang=lang)


def _header_style(style: ParagraphStyle) -> ParagraphStyle:
    """The column headings: bold, a little smaller, so that "Yksikköhinta" fits."""
    clone: ParagraphStyle = style.clone(f"{style.name}Head")
    clone.fontSize, clone.leading = 9, 12
    return clone


def _right(style: ParagraphStyle) -> ParagraphStyle:
    """A right-aligned copy of a paragraph style (for amounts)."""
    clone: ParagraphStyle = style.clone(f"{style.name}Right")
    clone.alignment = TA_RIGHT
    return clone


def _payment_part(doc: InvoiceDocument) -> list[Flowable]:
    """Where to pay: the account, the reference, the due date, the amount and the barcode."""
    _ = tr(doc.lang).gettext
    st = get_styles()
    invoice, practice, lang = doc.invoice, doc.practice, doc.lang
    if invoice.credit_of is not None:
        return [paragraph(_("Nothing is to be paid on a credit note."), st.small)]
    pairs = [
        (_("Payee"), practice.name),
        (_("IBAN"), practice.iban or "–"),
        (_("BIC"), practice.bic or "–"),
        (_("Reference number"), grouped_reference(doc.reference)),
        (_("Due date"), format_date(invoice.due_on, lang)),
        (_("Amount"), format_money(invoice.total_cents, lang)),
    ]
    part: list[Flowable] = [
        paragraph(_("Payment"), st.heading),
        table(
            [[paragraph(label, st.small), paragraph(value, st.label)] for label, value in pairs],
            [40 * mm, CONTENT_WIDTH - 40 * mm],
            GRID,
        ),
        paragraph(_("Please use the reference number when you pay."), st.small),
        Spacer(1, 4 * mm),
    ]
    if doc.barcode.code:
        part.append(paragraph(_("Bank barcode"), st.small))
        part.append(Code128(doc.barcode.code, barWidth=0.26 * mm, barHeight=12 * mm, quiet=True))
        part.append(Spacer(1, 1 * mm))
        part.append(paragraph(doc.barcode.code, st.mono))
    else:
        reason = message_for(VakkaError(doc.barcode.missing_reason), lang)
        part.append(paragraph(_("No bank barcode: {reason}").format(reason=reason), st.small))
    return part
