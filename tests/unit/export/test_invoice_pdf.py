"""The invoice PDF read back: reference, IBAN, the barcode and its check digits, VAT texts."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.domain.invoicing import is_valid_reference, parse_barcode
from app.domain.kinds import ContactLanguage
from app.services import billing, invoicing, register
from app.services.session import Session
from tests.unit.services.invoice_fixtures import setup_visits

BARCODE = r"(?<!\d)4\d{53}(?!\d)"  # the 54 digits, printed in one piece to copy


def text_of(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def one_line(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


@pytest.mark.parametrize(
    ("language", "title", "due", "vat_text"),
    [
        (ContactLanguage.FI, "Lasku", "Eräpäivä", "Viitenumero"),
        (ContactLanguage.SV, "Faktura", "Förfallodag", "Referensnummer"),
    ],
)
def test_invoice_pdf_in_the_clients_language(
    session: Session, language: ContactLanguage, title: str, due: str, vat_text: str
) -> None:
    v = setup_visits(session, language=language)
    draft = invoicing.draft_from_visits(session, v.client.id or "", [a.id or 0 for a in v.held])
    text = one_line(text_of(invoicing.render_invoice_pdf(session, draft.id or 0)))
    assert title in text and due in text and vat_text in text
    assert "2026 00017" in text  # the reference, grouped in fives
    assert "FI21 1234 5600 0007 85" in text and "NDEAFIHH" in text
    assert "1234567-1" in text and "Väinö Kokeilu" in text
    codes = re.findall(BARCODE, text)
    assert len(codes) == 1
    fields = parse_barcode(codes[0])
    assert fields.iban_digits == "2112345600000785"
    assert is_valid_reference(fields.reference) and fields.reference == "202600017"
    assert fields.euros * 100 + fields.cents == draft.total_cents
    assert "25,5 %" in text
    assert "301,21 €" in text


def test_exemption_and_threshold_texts(session: Session) -> None:
    v = setup_visits(session, language=ContactLanguage.EN)
    service = register.services(session)[0]
    service.vat_rate_permille = 0
    register.update_service(session, service)
    draft = invoicing.draft_from_visits(session, v.client.id or "", [v.held[0].id or 0])
    text = one_line(text_of(invoicing.render_invoice_pdf(session, draft.id or 0)))
    assert "§ 34" in text and "Invoice" in text

    practice = register.practice(session)
    practice.vat_registered = False
    register.save_practice(session, practice)
    text = one_line(text_of(invoicing.render_invoice_pdf(session, draft.id or 0)))
    assert "not registered for VAT" in text and "§ 34" not in text


def test_credit_note_pdf_names_the_invoice_and_has_no_barcode(
    session: Session, tmp_path: Path
) -> None:
    v = setup_visits(session, language=ContactLanguage.FI)
    draft = invoicing.draft_from_visits(session, v.client.id or "", [a.id or 0 for a in v.held])
    invoicing.send_invoice(session, draft.id or 0)
    note = invoicing.credit_invoice(session, draft.id or 0)
    path = invoicing.write_invoice_pdf(session, note.id or 0, tmp_path / "credit.pdf")
    text = one_line(text_of(path.read_bytes()))
    assert "Hyvityslasku" in text and "2026-0001" in text
    assert "-301,21 €" in text
    assert not re.search(BARCODE, text)
    assert billing.invoices_of(session, v.client.id or "")[1].credit_of == draft.id
