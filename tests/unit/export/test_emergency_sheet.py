"""The emergency sheet, read back with pypdf (ARCHITECTURE.md, Testing)."""

from __future__ import annotations

import datetime
import os
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from app.export.emergency_sheet import (
    code_lines,
    render_emergency_sheet,
    write_emergency_sheet,
)
from app.export.pdf_base import CONTENT_WIDTH, FONT_MONO

# Invented values: a code grouped like the real ones (54 characters in nine groups)
# and a random-looking register id.
CODE = "QW7RTY-UP2ASD-FG3HJK-LZ4XCV-BN5MQW-ER6TYU-PA7SDF-GH2JKL-ZX3CVB"
REGISTER_ID = "3f2a9c1e-7b44-4d0a-9e61-0c5d2b8a7f13"
CREATED = datetime.date(2026, 11, 23)
TITLES = {"fi": "Hätäarkki", "sv": "Nödblad", "en": "Emergency sheet"}
DATES = {"fi": "23.11.2026", "sv": "23.11.2026", "en": "23 November 2026"}


def compact(text: str) -> str:
    """Text without whitespace: the code may be broken over lines between its groups."""
    return "".join(text.split())


def fonts_of(reader: PdfReader) -> dict[str, Any]:
    fonts: dict[str, Any] = {}
    for page in reader.pages:
        resources = page["/Resources"].get_object()
        for ref in resources["/Font"].get_object().values():
            font = ref.get_object()
            fonts[str(font["/BaseFont"])] = font
    return fonts


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_sheet_reads_back(tmp_path: Path, lang: str) -> None:
    path = tmp_path / f"emergency-{lang}.pdf"

    write_emergency_sheet(path, CODE, REGISTER_ID, CREATED, lang)

    reader = PdfReader(path)
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert CODE in compact(text)
    assert REGISTER_ID in compact(text)
    assert TITLES[lang] in text
    assert DATES[lang] in text
    # No leftover temporary file beside it; readable by the owner only.
    assert [p.name for p in tmp_path.iterdir()] == [path.name]
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_fonts_are_embedded_dejavu(lang: str) -> None:
    reader = PdfReader(_as_file(render_emergency_sheet(CODE, REGISTER_ID, CREATED, lang)))

    fonts = fonts_of(reader)

    assert fonts, "no fonts at all"
    for name, font in fonts.items():
        assert "DejaVu" in name, f"{name} is not DejaVu"
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, f"{name} is not embedded"
    assert any(name.endswith("+" + FONT_MONO) for name in fonts), "the code is not in mono"


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_metadata_holds_no_code(lang: str) -> None:
    reader = PdfReader(_as_file(render_emergency_sheet(CODE, REGISTER_ID, CREATED, lang)))

    meta = reader.metadata
    assert meta is not None
    assert meta.title == TITLES[lang]
    assert meta.author == "Vakka"
    assert meta.creator == "Vakka"
    everything = " ".join(str(value) for value in meta.values())
    for group in CODE.split("-"):
        if len(group) >= 4:
            assert group not in everything
    assert CODE not in everything and REGISTER_ID not in everything


def test_header_carries_only_product_and_title() -> None:
    reader = PdfReader(_as_file(render_emergency_sheet(CODE, REGISTER_ID, CREATED, "fi")))
    lines = reader.pages[0].extract_text().splitlines()
    # The first line drawn is the running header.
    assert "Vakka" in lines[0] or "Hätäarkki" in lines[0]
    assert CODE[:6] not in lines[0]


@pytest.mark.parametrize(
    "code",
    [
        CODE,
        # 64 hex digits and a check digit, grouped by four.
        "-".join(["0A1B", "2C3D", "4E5F", "6071", "8293", "A4B5", "C6D7", "E8F9"] * 2) + "-7",
        # Spaces between the groups.
        "ABCD EFGH IJKL MNOP QRST UVWX YZ23 4567 ABCD EFGH IJKL MNOP QR",
        # One long group: broken between characters.
        "X" * 90,
    ],
)
def test_any_code_fits_on_one_page(tmp_path: Path, code: str) -> None:
    path = tmp_path / "sheet.pdf"
    write_emergency_sheet(path, code, REGISTER_ID, CREATED, "sv")

    reader = PdfReader(path)

    assert len(reader.pages) == 1
    assert compact(code) in compact(reader.pages[0].extract_text())


def test_code_lines_break_only_between_groups_and_fit() -> None:
    from reportlab.pdfbase import pdfmetrics

    width = CONTENT_WIDTH / 2
    lines = code_lines(CODE, 20, width)

    assert len(lines) > 1
    assert "".join(lines) == CODE
    for line in lines:
        assert pdfmetrics.stringWidth(line, FONT_MONO, 20) <= width
        assert line.endswith("-") or line == lines[-1]


def test_empty_code_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "sheet.pdf"
    path.write_bytes(b"old")

    with pytest.raises(ValueError):
        write_emergency_sheet(path, "  ", REGISTER_ID, CREATED, "fi")

    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["sheet.pdf"]


def _as_file(data: bytes) -> Any:
    import io

    return io.BytesIO(data)
