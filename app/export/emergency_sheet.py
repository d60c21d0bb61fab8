"""The emergency sheet: the recovery code on one printed A4 page.

The practitioner prints it and keeps it locked away. It carries the recovery code,
the register id, the date the register was created and short instructions; no
personal data. The running header and the PDF metadata hold only the product name
and the translated title "Emergency sheet", never the code.

Printing straight from memory (``render_emergency_sheet``) avoids leaving the code
in a file on disk; ``write_emergency_sheet`` is for ``vakka init --sheet FILE.pdf``.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, Paragraph, Spacer

from app.export.pdf_base import (
    CONTENT_WIDTH,
    FONT_MONO,
    get_styles,
    paragraph,
    render_pdf,
    table,
    write_pdf,
)
from app.i18n import normalize_language, tr
from app.i18n.formats import format_date

_CODE_PADDING = 5 * mm
_CODE_MAX_SIZE = 20.0
_CODE_MIN_SIZE = 11.0
_CODE_MAX_LINES = 3
_BOX_COLOR = colors.HexColor("#333333")
_BOX_FILL = colors.HexColor("#f3f3f3")
_WRITING_LINE_COLOR = colors.HexColor("#888888")


def _code_tokens(code: str) -> list[str]:
    """The code's groups, each with the separator that follows it ("ABCDEF-", "GHIJKL")."""
    return re.findall(r"[^\s-]+[\s-]*|[\s-]+", code)


def _split_long(token: str, font_size: float, max_width: float) -> list[str]:
    pieces: list[str] = []
    current = ""
    for char in token:
        if current and pdfmetrics.stringWidth(current + char, FONT_MONO, font_size) > max_width:
            pieces.append(current)
            current = ""
        current += char
    if current:
        pieces.append(current)
    return pieces


def code_lines(code: str, font_size: float, max_width: float) -> list[str]:
    """Break ``code`` into lines no wider than ``max_width`` points, only between groups.

    A line keeps the dash that ends it, so the lines read together give the code
    exactly; a space at a line break is dropped. A group too long for one line is
    broken between characters.
    """
    lines: list[str] = []
    current = ""
    for token in _code_tokens(code):
        candidate = current + token
        if pdfmetrics.stringWidth(candidate.rstrip(), FONT_MONO, font_size) <= max_width:
            current = candidate
            continue
        if current.strip():
            lines.append(current.rstrip())
        current = ""
        for piece in _split_long(token.rstrip(), font_size, max_width):
            if current:
                lines.append(current)
            current = piece
        current += token[len(token.rstrip()) :]
    if current.strip():
        lines.append(current.rstrip())
    return lines


def _code_box(code: str) -> Flowable:
    """The recovery code, large, in DejaVu Sans Mono, in a framed box."""
    inner_width = CONTENT_WIDTH - 2 * _CODE_PADDING
    size = _CODE_MAX_SIZE
    lines = code_lines(code, size, inner_width)
    while len(lines) > _CODE_MAX_LINES and size > _CODE_MIN_SIZE:
        size -= 1
        lines = code_lines(code, size, inner_width)
    style = ParagraphStyle(
        "VakkaRecoveryCode",
        parent=get_styles().mono,
        fontSize=size,
        leading=size * 1.45,
        spaceAfter=0,
    )
    text = "<br/>".join(escape(line) for line in lines)
    return table(
        [[Paragraph(text, style)]],
        [CONTENT_WIDTH],
        [
            ("BOX", (0, 0), (-1, -1), 1.2, _BOX_COLOR),
            ("BACKGROUND", (0, 0), (-1, -1), _BOX_FILL),
            ("LEFTPADDING", (0, 0), (-1, -1), _CODE_PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), _CODE_PADDING),
            ("TOPPADDING", (0, 0), (-1, -1), 3 * mm),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4 * mm),
        ],
    )


def _details(register_id: str, created: datetime.date, lang: str) -> Flowable:
    """Register id and creation date as a two-column table."""
    _ = tr(lang).gettext
    st = get_styles()
    labels = (_("Register ID"), _("Register created"))
    rows = [
        [paragraph(labels[0], st.label), paragraph(register_id, st.mono)],
        [paragraph(labels[1], st.label), paragraph(format_date(created, lang), st.body)],
    ]
    widest = max(
        pdfmetrics.stringWidth(label, st.label.fontName, st.label.fontSize) for label in labels
    )
    label_width = min(max(widest + 4 * mm, 40 * mm), CONTENT_WIDTH / 2)
    return table(
        rows,
        [label_width, CONTENT_WIDTH - label_width],
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 2 * mm),
            ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ],
    )


def _writing_lines(count: int) -> Flowable:
    """Empty ruled lines to write on by hand."""
    return table(
        [[""] for _ in range(count)],
        [CONTENT_WIDTH],
        [("LINEBELOW", (0, 0), (-1, -1), 0.6, _WRITING_LINE_COLOR)],
        row_heights=9 * mm,
    )


def emergency_sheet_story(
    recovery_code: str, register_id: str, created: datetime.date, lang: str
) -> list[Flowable]:
    """The flowables of the sheet, in ``lang`` (fi, sv or en)."""
    _ = tr(lang).gettext
    st = get_styles()
    use_code_button = _("Use recovery code")
    new_code_button = _("New recovery code")
    return [
        paragraph(_("Emergency sheet"), st.title),
        paragraph(_("Recovery code for a Vakka client register"), st.subtitle),
        Spacer(1, 5 * mm),
        paragraph(_("Recovery code"), st.label),
        _code_box(recovery_code),
        Spacer(1, 4 * mm),
        _details(register_id, created, lang),
        Spacer(1, 2 * mm),
        paragraph(_("Keep this sheet locked away"), st.heading),
        paragraph(
            _(
                "Store this sheet in a safe place, such as a locked cabinet or a safe, "
                "apart from your computer. Do not photograph it, scan it or send it by email."
            ),
            st.body,
        ),
        paragraph(
            _(
                "Anyone who has this code and the register files, or a backup of them, "
                "can read everything in the register."
            ),
            st.body,
        ),
        paragraph(_("If you forget your passphrase"), st.heading),
        paragraph(
            _(
                "Open Vakka, choose “{button}” in the unlock window and type the code "
                "above. Then choose a new passphrase."
            ).format(button=use_code_button),
            st.body,
        ),
        paragraph(_("After a new recovery code"), st.heading),
        paragraph(
            _(
                "When you choose “{button}” in Vakka, this sheet no longer opens the "
                "register. It still opens the backups made before that, so keep the "
                "sheet as long as you keep those backups."
            ).format(button=new_code_button),
            st.body,
        ),
        paragraph(_("Where the backups are kept"), st.heading),
        paragraph(
            _(
                "Write down where the backups are kept, for example which external "
                "drive and where it is stored."
            ),
            st.small,
        ),
        _writing_lines(3),
    ]


def render_emergency_sheet(
    recovery_code: str, register_id: str, created: datetime.date, lang: str
) -> bytes:
    """The sheet as PDF bytes, for printing or previewing without a file on disk."""
    if not recovery_code.strip():
        raise ValueError("empty recovery code")
    lang = normalize_language(lang)
    title = tr(lang).gettext("Emergency sheet")
    story = emergency_sheet_story(recovery_code, register_id, created, lang)
    return render_pdf(story, title=title, lang=lang)


def write_emergency_sheet(
    path: Path, recovery_code: str, register_id: str, created: datetime.date, lang: str
) -> None:
    """Write the one-page A4 emergency sheet to ``path`` atomically (mode 0600)."""
    write_pdf(path, render_emergency_sheet(recovery_code, register_id, created, lang))


__all__ = [
    "code_lines",
    "emergency_sheet_story",
    "render_emergency_sheet",
    "write_emergency_sheet",
]
