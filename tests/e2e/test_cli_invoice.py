"""`vakka invoice-pdf`: an invoice of the demo register as PDF, read back."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader

from app.db.vault import Secret
from app.domain.invoicing import is_valid_reference, parse_barcode
from app.services import invoicing
from app.services import register as register_service
from tests.conftest import PASSPHRASE
from tests.e2e.cli_helpers import assert_no_traceback, run_vakka


def test_invoice_pdf_of_a_demo_invoice(tmp_path: Path) -> None:
    folder = tmp_path / "register"
    assert run_vakka("--register", str(folder), "demo", "--clients", "12").returncode == 0
    session = register_service.unlock(folder, Secret(passphrase=PASSPHRASE))
    try:
        unpaid = invoicing.unpaid_invoices(session)[0].invoice
    finally:
        session.close()
    out = tmp_path / "invoice.pdf"
    result = run_vakka(
        "--register", str(folder), "invoice-pdf", "--invoice", unpaid.number,
        "--out", str(out), "--lang", "sv",
    )  # fmt: skip
    assert_no_traceback(result)
    assert result.returncode == 0, result.stderr
    text = " ".join(" ".join(p.extract_text() or "" for p in PdfReader(str(out)).pages).split())
    assert "Faktura" in text and unpaid.number in text
    code = re.findall(r"(?<!\d)4\d{53}(?!\d)", text)[0]
    fields = parse_barcode(code)
    assert is_valid_reference(fields.reference)
    assert fields.euros * 100 + fields.cents == unpaid.total_cents

    missing = run_vakka(
        "--register", str(folder), "invoice-pdf", "--invoice", "1999-9999",
        "--out", str(tmp_path / "none.pdf"),
    )  # fmt: skip
    assert missing.returncode == 1 and not (tmp_path / "none.pdf").exists()
    assert_no_traceback(missing)
