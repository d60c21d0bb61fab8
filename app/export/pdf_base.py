"""Shared building blocks for Vakka's PDFs (reportlab; never Qt).

- The DejaVu fonts from ``resources/fonts`` are registered once and embedded in
  every PDF, so Finnish, Swedish and other names render everywhere.
- One page template: A4, a running header with only the product name and the
  document title, and a footer "Page X of Y" in the reader's language. The
  header never carries personal data: callers pass a generic title such as
  "Emergency sheet", never a name or an identity code.
- ``render_pdf`` builds a document in memory; ``build_pdf`` writes it atomically
  (no plaintext temporary file: the bytes go straight to ``atomic_writer``).
- The PDF metadata holds the document title, "Vakka" as author and creator, and
  the document language; viewers are asked to show the title rather than the
  file name (a file name may hold a client's name).

Usage::

    st = get_styles()
    _ = tr(lang).gettext
    story = [paragraph(_("Privacy notice"), st.title), paragraph(text, st.body)]
    build_pdf(path, story, title=_("Privacy notice"), lang=lang)
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from app.files import atomic_writer
from app.i18n import normalize_language, tr

PRODUCT_NAME = "Vakka"

FONTS_DIR: Path = Path(__file__).resolve().parents[2] / "resources" / "fonts"
FONT_REGULAR = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_MONO = "DejaVuSansMono"
_FONT_FILES: dict[str, str] = {
    FONT_REGULAR: "DejaVuSans.ttf",
    FONT_BOLD: "DejaVuSans-Bold.ttf",
    FONT_MONO: "DejaVuSansMono.ttf",
}

PAGE_SIZE: tuple[float, float] = A4
MARGIN_LEFT: float = 20 * mm
MARGIN_RIGHT: float = 20 * mm
MARGIN_TOP: float = 24 * mm
MARGIN_BOTTOM: float = 22 * mm
CONTENT_WIDTH: float = PAGE_SIZE[0] - MARGIN_LEFT - MARGIN_RIGHT
CONTENT_HEIGHT: float = PAGE_SIZE[1] - MARGIN_TOP - MARGIN_BOTTOM

_HEADER_SIZE = 8.5
_FOOTER_SIZE = 8.0
_RULE_COLOR = colors.HexColor("#9a9a9a")
_MUTED_COLOR = colors.HexColor("#555555")

# The PDF /Lang entry: Finnish and Swedish as used in Finland.
_PDF_LANG: dict[str, str] = {"fi": "fi-FI", "sv": "sv-FI", "en": "en"}

_font_lock = threading.Lock()
_fonts_registered = False


def register_fonts() -> None:
    """Register the DejaVu fonts with reportlab (once per process; thread-safe)."""
    global _fonts_registered
    with _font_lock:
        if _fonts_registered:
            return
        for name, filename in _FONT_FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(FONTS_DIR / filename)))
        # <b> inside a paragraph picks the bold face; there is no oblique face.
        pdfmetrics.registerFontFamily(
            FONT_REGULAR,
            normal=FONT_REGULAR,
            bold=FONT_BOLD,
            italic=FONT_REGULAR,
            boldItalic=FONT_BOLD,
        )
        pdfmetrics.registerFontFamily(
            FONT_MONO, normal=FONT_MONO, bold=FONT_MONO, italic=FONT_MONO, boldItalic=FONT_MONO
        )
        _fonts_registered = True


@dataclass(frozen=True)
class PdfStyles:
    """Paragraph styles in DejaVu Sans. Shared objects: ``clone()`` one before changing it."""

    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    label: ParagraphStyle
    small: ParagraphStyle
    mono: ParagraphStyle


@cache
def get_styles() -> PdfStyles:
    """The paragraph styles every Vakka PDF uses (registers the fonts first)."""
    register_fonts()
    body = ParagraphStyle(
        "VakkaBody",
        fontName=FONT_REGULAR,
        fontSize=10.5,
        leading=14.5,
        alignment=TA_LEFT,
        spaceAfter=4,
    )
    return PdfStyles(
        title=ParagraphStyle(
            "VakkaTitle", parent=body, fontName=FONT_BOLD, fontSize=20, leading=25, spaceAfter=4
        ),
        subtitle=ParagraphStyle(
            "VakkaSubtitle", parent=body, fontSize=11.5, leading=15, textColor=_MUTED_COLOR
        ),
        heading=ParagraphStyle(
            "VakkaHeading",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=12,
            leading=15,
            spaceBefore=9,
            spaceAfter=3,
            keepWithNext=1,
        ),
        body=body,
        label=ParagraphStyle("VakkaLabel", parent=body, fontName=FONT_BOLD),
        small=ParagraphStyle(
            "VakkaSmall", parent=body, fontSize=8.5, leading=11, textColor=_MUTED_COLOR
        ),
        mono=ParagraphStyle("VakkaMono", parent=body, fontName=FONT_MONO),
    )


def paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text: markup characters are escaped, line breaks kept."""
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def table(
    rows: Sequence[Sequence[Any]],
    col_widths: Sequence[float],
    commands: Sequence[tuple[Any, ...]] = (),
    row_heights: float | Sequence[float] | None = None,
) -> Table:
    """A reportlab table whose cells use DejaVu Sans.

    reportlab's tables otherwise set Helvetica for every cell, even one holding a
    Paragraph, which puts a non-embedded font into the PDF. ``commands`` are
    TableStyle commands applied after that default.
    """
    result = Table([list(row) for row in rows], colWidths=list(col_widths), rowHeights=row_heights)
    result.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT_REGULAR),
                ("FONTSIZE", (0, 0), (-1, -1), 10.5),
                *commands,
            ]
        )
    )
    return result


def fit_text(text: str, font_name: str, font_size: float, max_width: float) -> str:
    """``text``, shortened with an ellipsis if it is wider than ``max_width`` points."""
    if pdfmetrics.stringWidth(text, font_name, font_size) <= max_width:
        return text
    ellipsis = "…"
    while text and pdfmetrics.stringWidth(text + ellipsis, font_name, font_size) > max_width:
        text = text[:-1]
    return text.rstrip() + ellipsis


@dataclass(frozen=True)
class _PageDecor:
    """What the header and the footer show: no personal data, ever."""

    title: str
    lang: str

    def draw(self, canvas: Any, page: int, pages: int) -> None:
        width, height = PAGE_SIZE
        left, right = MARGIN_LEFT, width - MARGIN_RIGHT
        canvas.saveState()

        # Header: product name on the left, document title on the right.
        baseline = height - 14 * mm
        canvas.setFillColor(colors.black)
        canvas.setFont(FONT_BOLD, _HEADER_SIZE)
        canvas.drawString(left, baseline, PRODUCT_NAME)
        product_width = pdfmetrics.stringWidth(PRODUCT_NAME, FONT_BOLD, _HEADER_SIZE)
        room = right - left - product_width - 10 * mm
        canvas.setFont(FONT_REGULAR, _HEADER_SIZE)
        canvas.drawRightString(
            right, baseline, fit_text(self.title, FONT_REGULAR, _HEADER_SIZE, room)
        )
        canvas.setStrokeColor(_RULE_COLOR)
        canvas.setLineWidth(0.5)
        canvas.line(left, baseline - 2.5 * mm, right, baseline - 2.5 * mm)

        # Footer: "Page X of Y" in the reader's language.
        footer = tr(self.lang).gettext("Page {page} of {pages}").format(page=page, pages=pages)
        canvas.setFillColor(_MUTED_COLOR)
        canvas.setFont(FONT_REGULAR, _FOOTER_SIZE)
        canvas.drawCentredString(width / 2, 12 * mm, footer)
        canvas.restoreState()


class _NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab has no type hints
    """A canvas that keeps its pages until ``save`` so the footer knows the page count."""

    def __init__(self, *args: Any, decor: _PageDecor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._vakka_decor = decor
        self._vakka_pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._vakka_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        pages = len(self._vakka_pages)
        for number, state in enumerate(self._vakka_pages, start=1):
            self.__dict__.update(state)
            self._vakka_decor.draw(self, number, pages)
            super().showPage()
        super().save()


def render_pdf(
    story: Sequence[Flowable],
    *,
    title: str,
    lang: str,
    progress: Callable[[int, int], None] | None = None,
) -> bytes:
    """Lay out ``story`` on Vakka's A4 pages and return the PDF bytes (nothing on disk).

    ``title`` appears in the running header and in the metadata: a generic document
    title, never a name or an identity code. ``progress(done, total)`` is called as the
    flowables are laid out (long documents: the caller shows it).
    """
    register_fonts()
    lang = normalize_language(lang)
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=PAGE_SIZE,
        leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=title,
        author=PRODUCT_NAME,
        creator=PRODUCT_NAME,
        subject="",
        lang=_PDF_LANG[lang],
        displayDocTitle=True,
        initialFontName=FONT_REGULAR,
        initialFontSize=10.5,
    )
    frame = Frame(
        MARGIN_LEFT,
        MARGIN_BOTTOM,
        CONTENT_WIDTH,
        CONTENT_HEIGHT,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="content",
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    if progress is not None:
        doc.setProgressCallBack(_progress_adapter(progress))
    doc.build(list(story), canvasmaker=partial(_NumberedCanvas, decor=_PageDecor(title, lang)))
    return buffer.getvalue()


def _progress_adapter(progress: Callable[[int, int], None]) -> Callable[[str, int], None]:
    """reportlab reports the number of flowables first (SIZE_EST), then each laid out; a
    flowable split over a page counts again, so the count reported never goes back."""
    total, done = [0], [0]

    def report(kind: str, value: int) -> None:
        if kind == "SIZE_EST":
            total[0] = value
        elif kind == "PROGRESS" and total[0] and value > done[0]:
            done[0] = min(value, total[0])
            progress(done[0], total[0])

    return report


def build_pdf(path: Path, story: Sequence[Flowable], *, title: str, lang: str) -> None:
    """Render ``story`` in memory and write it to ``path`` atomically (mode 0600).

    If rendering or writing fails, ``path`` is left as it was and no temporary file
    stays behind.
    """
    write_pdf(path, render_pdf(story, title=title, lang=lang))


def write_pdf(path: Path, data: bytes) -> None:
    """Write finished PDF bytes to ``path`` atomically and durably (mode 0600)."""
    with atomic_writer(Path(path)) as handle:
        handle.write(data)
