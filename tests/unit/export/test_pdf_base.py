"""The shared PDF page: header, "page X of Y" footer, metadata, fonts, atomic writes."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from reportlab.platypus import Flowable

from app.export.pdf_base import (
    FONT_REGULAR,
    build_pdf,
    fit_text,
    get_styles,
    paragraph,
    render_pdf,
    table,
)


def long_story(paragraphs: int = 120) -> list[Flowable]:
    st = get_styles()
    return [
        paragraph(f"Kappale {n}: äöå ÄÖÅ € – “quotes” & <tags>", st.body) for n in range(paragraphs)
    ]


@pytest.mark.parametrize(
    ("lang", "footer"),
    [
        ("fi", "Sivu {page}/{pages}"),
        ("sv", "Sida {page} av {pages}"),
        ("en", "Page {page} of {pages}"),
    ],
)
def test_every_page_has_header_and_numbered_footer(lang: str, footer: str) -> None:
    reader = PdfReader(io.BytesIO(render_pdf(long_story(), title="Test document", lang=lang)))

    pages = len(reader.pages)
    assert pages >= 2
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert "Vakka" in text
        assert "Test document" in text
        assert footer.format(page=number, pages=pages) in text


def test_text_is_escaped_and_glyphs_survive() -> None:
    reader = PdfReader(io.BytesIO(render_pdf(long_story(1), title="T", lang="fi")))
    assert "Kappale 0: äöå ÄÖÅ € – “quotes” & <tags>" in reader.pages[0].extract_text()


def test_metadata_and_language() -> None:
    reader = PdfReader(io.BytesIO(render_pdf(long_story(1), title="Tietosuojaseloste", lang="fi")))

    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Tietosuojaseloste"
    assert meta.author == "Vakka"
    assert meta.creator == "Vakka"
    assert reader.trailer["/Root"]["/Lang"] == "fi-FI"


def test_tables_use_dejavu_only() -> None:
    st = get_styles()
    story = [table([["a", paragraph("b", st.body)], ["", ""]], [100, 100])]
    reader = PdfReader(io.BytesIO(render_pdf(story, title="T", lang="en")))

    fonts = reader.pages[0]["/Resources"]["/Font"].get_object().values()
    names = [str(ref.get_object()["/BaseFont"]) for ref in fonts]

    assert names and all("DejaVu" in name for name in names), names


def test_build_pdf_writes_atomically(tmp_path: Path) -> None:
    path = tmp_path / "doc.pdf"
    build_pdf(path, long_story(3), title="T", lang="sv")

    assert path.read_bytes().startswith(b"%PDF-")
    assert [p.name for p in tmp_path.iterdir()] == ["doc.pdf"]


class _Explodes(Flowable):  # type: ignore[misc]
    def wrap(self, *args: Any) -> tuple[float, float]:
        return (10, 10)

    def draw(self) -> None:
        raise RuntimeError("boom")


def test_failed_build_leaves_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "doc.pdf"
    path.write_bytes(b"old")

    with pytest.raises(RuntimeError):
        build_pdf(path, [*long_story(2), _Explodes()], title="T", lang="en")

    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["doc.pdf"]


def test_fit_text_shortens_with_ellipsis() -> None:
    assert fit_text("short", FONT_REGULAR, 9, 500) == "short"
    shortened = fit_text("a very long document title " * 10, FONT_REGULAR, 9, 100)
    assert shortened.endswith("…")
    assert len(shortened) < 60
