"""Printing a PDF held in memory, and saving one after a warning.

Qt cannot send a PDF to a printer as it is, so each page is rendered with
QPdfDocument at the printer's resolution (at most ``MAX_RENDER_DPI``) in horizontal
bands and painted onto the QPrinter. The PDF never touches the disk on the way: it
is read from a QBuffer. Saving to a file is offered separately and only after the
user has read why a file on the disk is a risk (the emergency sheet carries the
recovery code).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QObject,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QMessageBox, QProgressDialog, QWidget

from app.files import atomic_write_bytes
from app.ui import file_dialogs
from app.ui.texts import _

# Above this, text gets no sharper on paper but rendering gets slower and bigger.
MAX_RENDER_DPI = 600
# Rows rendered at a time: a whole A4 page at 600 dpi would be a 140 MB image.
BAND_ROWS = 512


class PrintError(RuntimeError):
    """The PDF could not be read or the printer could not be started (no personal data)."""


class _LoadedPdf:
    """A QPdfDocument read from memory; keeps its buffer alive as long as it is used."""

    def __init__(self, data: bytes) -> None:
        self.buffer = QBuffer()
        self.buffer.setData(QByteArray(data))
        self.buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument()
        self.document.load(self.buffer)
        if self.document.status() != QPdfDocument.Status.Ready or self.document.pageCount() < 1:
            self.close()
            raise PrintError("pdf.unreadable")

    def close(self) -> None:
        self.document.close()
        self.buffer.close()


def pdf_page_count(data: bytes) -> int:
    pdf = _LoadedPdf(data)
    try:
        return pdf.document.pageCount()
    finally:
        pdf.close()


def _pages_to_print(printer: QPrinter, count: int) -> range:
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first = max(printer.fromPage(), 1)
        last = min(printer.toPage() or count, count)
        return range(first - 1, last)
    return range(count)


def _render_band(document: QPdfDocument, page: int, full: QSize, clip: QRect) -> QImage:
    """Rows ``clip`` of the page rendered at size ``full``, on white (pages are transparent)."""
    options = QPdfDocumentRenderOptions()
    options.setScaledSize(full)
    options.setScaledClipRect(clip)
    rendered = document.render(page, clip.size(), options)
    band = QImage(clip.size(), QImage.Format.Format_RGB32)
    band.fill(QColor("white"))
    painter = QPainter(band)
    painter.drawImage(0, 0, rendered)
    painter.end()
    return band


def _draw_page(painter: QPainter, printer: QPrinter, document: QPdfDocument, page: int) -> None:
    """Paint one page on the paper, as large as fits, centred, aspect kept."""
    points = document.pagePointSize(page)
    paper = printer.paperRect(QPrinter.Unit.DevicePixel)
    device_per_point = min(paper.width() / points.width(), paper.height() / points.height())
    target_width = points.width() * device_per_point
    target_height = points.height() * device_per_point
    left = (paper.width() - target_width) / 2
    top = (paper.height() - target_height) / 2

    dpi = min(printer.resolution(), MAX_RENDER_DPI)
    image_per_point = device_per_point * dpi / printer.resolution()
    full = QSize(
        max(1, math.ceil(points.width() * image_per_point)),
        max(1, math.ceil(points.height() * image_per_point)),
    )
    rows_to_device = target_height / full.height()
    for row in range(0, full.height(), BAND_ROWS):
        rows = min(BAND_ROWS, full.height() - row)
        band = _render_band(document, page, full, QRect(0, row, full.width(), rows))
        target = QRectF(left, top + row * rows_to_device, target_width, rows * rows_to_device)
        painter.drawImage(target, band)


def print_pdf(
    data: bytes,
    printer: QPrinter,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> None:
    """Print every page of ``data`` (or the printer's page range) on ``printer``.

    Raises PrintError when the PDF cannot be read or the printer cannot be started.
    Safe on a thread of its own (QPainter on a QPrinter): ``progress(done, total)`` is
    called after each page, and ``cancelled()`` before each one aborts the job.
    """
    pdf = _LoadedPdf(data)
    was_full_page = printer.fullPage()
    # The PDF carries its own margins: place its pages on the whole sheet of paper.
    printer.setFullPage(True)
    painter = QPainter()
    try:
        if not painter.begin(printer):
            raise PrintError("printer.not_started")
        try:
            pages = _pages_to_print(printer, pdf.document.pageCount())
            for n, page in enumerate(pages):
                if cancelled is not None and cancelled():
                    printer.abort()
                    raise PrintError("printer.cancelled")
                if n and not printer.newPage():
                    raise PrintError("printer.new_page_failed")
                _draw_page(painter, printer, pdf.document, page)
                if progress is not None:
                    progress(n + 1, len(pages))
        finally:
            painter.end()
    finally:
        printer.setFullPage(was_full_page)
        pdf.close()


def print_with_dialog(parent: QWidget | None, data: bytes, title: str = "Vakka") -> bool:
    """Ask for a printer and print ``data``; True when it was sent to the printer.

    The dialog's "print to file" is switched off: a file is made only through
    ``save_pdf_with_warning``. ``title`` names the print job (no personal data).
    """
    printer = ask_printer(parent, data, title)
    if printer is None:
        return False
    try:
        print_pdf(data, printer)
    except PrintError:
        _printer_failed(parent)
        return False
    return True


def _printer_failed(parent: QWidget | None) -> None:
    QMessageBox.warning(
        parent,
        _("Print"),
        _("The printer could not be started. Check that it is on and connected, and try again."),
    )


class BackgroundPrint(QObject):
    """Prints a PDF on a thread of its own, page by page at the printer's resolution, so
    a long document does not freeze the window; ``progressed`` and ``finished`` arrive on
    the GUI thread."""

    progressed = Signal(int, int)
    finished = Signal(bool)  # True when every page went to the printer

    def __init__(self, data: bytes, printer: QPrinter, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._data = data
        self._printer = printer
        self._cancel = threading.Event()

    def start(self) -> None:
        threading.Thread(target=self._run, name="vakka-print", daemon=True).start()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def _run(self) -> None:
        try:
            print_pdf(self._data, self._printer, self.progressed.emit, self._cancel.is_set)
        except PrintError:
            self.finished.emit(False)
        else:
            self.finished.emit(True)


def ask_printer(parent: QWidget | None, data: bytes, title: str) -> QPrinter | None:
    """The print dialog (no "print to file": files are made only by saving); None when
    cancelled or when the PDF cannot be read (the user is told)."""
    try:
        pages = pdf_page_count(data)
    except PrintError:
        QMessageBox.warning(parent, _("Print"), _("The document could not be prepared."))
        return None
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_("Print"))
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile, False)
    dialog.setMinMax(1, pages)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return printer


def print_in_background(
    parent: QWidget, data: bytes, title: str, on_printed: Callable[[], None]
) -> None:
    """Ask for a printer, then print on a thread of its own with the pages' progress shown
    (Cancel stops before the next page); ``on_printed`` runs when every page was sent."""
    printer = ask_printer(parent, data, title)
    if printer is None:
        return
    job = BackgroundPrint(data, printer, parent)
    progress = QProgressDialog(_("Printing…"), _("Cancel"), 0, 0, parent)
    progress.setWindowTitle(_("Print"))
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(300)
    progress.canceled.connect(job.cancel)

    def advanced(done: int, total: int) -> None:
        progress.setMaximum(total)
        progress.setValue(done)
        progress.setLabelText(_("Printing page {page} of {pages}…").format(page=done, pages=total))

    def finished(ok: bool) -> None:
        progress.reset()
        progress.deleteLater()
        job.deleteLater()
        if ok:
            on_printed()
        elif not job.cancelled:
            _printer_failed(parent)

    job.progressed.connect(advanced)
    job.finished.connect(finished)
    job.start()


def recovery_sheet_warning() -> str:
    return _(
        "The emergency sheet holds the recovery code. Saved as a file, the code sits on a "
        "disk: anyone who gets that file and the register files, or a backup of them, can "
        "read everything in the register.\n\n"
        "Save it only on a USB stick that you keep locked away, print it from there, and "
        "then delete the file. Do not save it on this computer's disk, in a cloud folder or "
        "in email."
    )


def confirm_save_warning(parent: QWidget | None, text: str) -> bool:
    """The warning before a secret goes to a file; tests replace this function."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("Save as PDF"))
    box.setText(_("A file on a disk is easy to copy."))
    box.setInformativeText(text)
    save = box.addButton(_("I understand, &save"), QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is save


def ask_save_path(parent: QWidget | None, suggested_name: str) -> Path | None:
    """Where to save; None when cancelled. Tests replace this function."""
    chosen, _filter = file_dialogs.save_file_name(
        parent, _("Save as PDF"), suggested_name, _("PDF documents (*.pdf)")
    )
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")


def save_pdf_with_warning(
    parent: QWidget | None, data: bytes, suggested_name: str, warning: str | None = None
) -> Path | None:
    """Warn (by default about the recovery code), ask where, and write ``data`` there.

    The file is written atomically and readable by its owner only. Returns the path,
    or None when the user stopped or the file could not be written (they were told).
    """
    if not confirm_save_warning(parent, warning or recovery_sheet_warning()):
        return None
    path = ask_save_path(parent, suggested_name)
    if path is None:
        return None
    try:
        atomic_write_bytes(path, data)
    except OSError as error:
        QMessageBox.warning(
            parent,
            _("Save as PDF"),
            _("The file could not be saved ({reason}). Choose another place.").format(
                reason=error.strerror or type(error).__name__
            ),
        )
        return None
    return path
