"""Printing PDFs from memory onto a QPrinter (a PDF file here: there is no printer offscreen).

print_pdf renders each page as an image, so the printed PDF holds pictures, not text:
pypdf reads it back (pages, size, an image per page) and the picture is compared with
a rendering of the original — the dark pixels of the text must be dark in the print too.
"""

from __future__ import annotations

import datetime
import stat
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PySide6.QtGui import QImage, QPageSize, QPainter, QPdfWriter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from app.domain.recovery_code import encode_recovery_code
from app.export.emergency_sheet import render_emergency_sheet
from app.ui import printing

CODE = encode_recovery_code(bytes(range(32)))


def _sheet() -> bytes:
    return render_emergency_sheet(CODE, "0123456789abcdef", datetime.date(2026, 11, 23), "en")


def _pdf_printer(path: Path, dpi: int = 200) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setResolution(dpi)
    return printer


def _render(data: bytes, page: int, width: int) -> list[bytes]:
    """A page of ``data`` rendered ``width`` pixels wide on white: rows of grey bytes."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    assert document.status() == QPdfDocument.Status.Ready
    points = document.pagePointSize(page)
    size = QSize(width, round(width * points.height() / points.width()))
    rendered = document.render(page, size)
    document.close()
    image = QImage(size, QImage.Format.Format_RGB32)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    painter.drawImage(0, 0, rendered)
    painter.end()
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    raw, stride = bytes(grey.constBits()), grey.bytesPerLine()
    return [raw[y * stride : y * stride + width] for y in range(size.height())]


def _ink(rows: list[bytes], top: float = 0.0, bottom: float = 1.0, cell: int = 4) -> list[int]:
    """How much ink each ``cell``×``cell`` square holds, over a band of the page."""
    width, height = len(rows[0]), len(rows)
    cells = []
    for y0 in range(int(height * top), int(height * bottom) - cell + 1, cell):
        for x0 in range(0, width - cell + 1, cell):
            cells.append(
                sum(255 * cell - sum(rows[y][x0 : x0 + cell]) for y in range(y0, y0 + cell))
            )
    return cells


def _correlation(a: list[int], b: list[int]) -> float:
    assert len(a) == len(b)
    mean_a, mean_b = sum(a) / len(a), sum(b) / len(b)
    cov = sum((x - mean_a) * (y - mean_b) for x, y in zip(a, b, strict=True))
    spread_a = sum((x - mean_a) ** 2 for x in a) ** 0.5
    spread_b = sum((y - mean_b) ** 2 for y in b) ** 0.5
    return cov / (spread_a * spread_b)


def _two_pages() -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setResolution(72)
    painter = QPainter(writer)
    font = painter.font()
    font.setPointSize(48)
    painter.setFont(font)
    painter.drawText(72, 144, "ONE")
    writer.newPage()
    painter.drawText(72, 144, "TWO")
    painter.end()
    return bytes(buffer.data().data())


def test_the_emergency_sheet_prints_with_its_code(qtbot: QtBot, tmp_path: Path) -> None:
    out = tmp_path / "printed.pdf"
    data = _sheet()
    printing.print_pdf(data, _pdf_printer(out))

    reader = PdfReader(out)
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert abs(float(page.mediabox.width) - 595.3) < 2  # A4
    assert len(page.images) >= 1  # the page was printed as a picture
    assert out.stat().st_size > 10_000

    # The picture is the sheet: its ink lies where the original's does, also in the band
    # of the recovery code, and a sheet with another code does not match it as well.
    printed = _render(out.read_bytes(), 0, 600)
    original = _render(data, 0, 600)
    other = _render(
        render_emergency_sheet(
            encode_recovery_code(bytes(range(1, 33))),
            "0123456789abcdef",
            datetime.date(2026, 11, 23),
            "en",
        ),
        0,
        600,
    )
    assert len(printed) == len(original)
    assert sum(_ink(printed)) > 0.5 * sum(_ink(original))  # dark pixels, not a blank page
    assert _correlation(_ink(printed), _ink(original)) > 0.9
    code_band = (0.15, 0.30)
    matching = _correlation(_ink(printed, *code_band), _ink(original, *code_band))
    mismatching = _correlation(_ink(printed, *code_band), _ink(other, *code_band))
    assert matching > 0.95
    assert mismatching < matching - 0.05


def test_every_page_or_the_chosen_range_is_printed(qtbot: QtBot, tmp_path: Path) -> None:
    data = _two_pages()
    assert printing.pdf_page_count(data) == 2
    everything = tmp_path / "all.pdf"
    printing.print_pdf(data, _pdf_printer(everything, dpi=100))
    assert len(PdfReader(everything).pages) == 2

    second = tmp_path / "second.pdf"
    printer = _pdf_printer(second, dpi=100)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 2)
    printing.print_pdf(data, printer)
    assert len(PdfReader(second).pages) == 1
    assert not printer.fullPage()  # the printer is left as it was given
    # The page printed is the second one: it matches "TWO", not "ONE".
    printed = _ink(_render(second.read_bytes(), 0, 200))
    two = _ink(_render(data, 1, 200))
    one = _ink(_render(data, 0, 200))
    assert _correlation(printed, two) > 0.9 > _correlation(printed, one)


def test_an_unreadable_pdf_is_refused(qtbot: QtBot, tmp_path: Path) -> None:
    with pytest.raises(printing.PrintError):
        printing.print_pdf(b"not a pdf at all", _pdf_printer(tmp_path / "x.pdf"))
    assert not (tmp_path / "x.pdf").exists()


def test_saving_asks_first_and_writes_an_owner_only_file(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _sheet()
    target = tmp_path / "usb" / "sheet.pdf"
    target.parent.mkdir()
    warnings: list[str] = []
    answers = iter([False, True])

    def confirm(parent: object, text: str) -> bool:
        warnings.append(text)
        return next(answers)

    monkeypatch.setattr(printing, "confirm_save_warning", confirm)
    monkeypatch.setattr(printing, "ask_save_path", lambda parent, name: target)

    assert printing.save_pdf_with_warning(None, data, "sheet.pdf") is None  # said no
    assert not target.exists()
    assert "recovery code" in warnings[0]

    assert printing.save_pdf_with_warning(None, data, "sheet.pdf") == target
    assert target.read_bytes() == data
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
