"""The purge record PDF, read back with pypdf, in fi, sv and en: categories, counts,
rules with sources, digests; no client name."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.i18n.codes import category_label, category_source
from app.services import purge
from app.services.session import Session
from tests.purge_register import build_due_register


def _text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_purge_record_in_each_language(session: Session, tmp_path: Path, lang: str) -> None:
    built = build_due_register(session)
    record = purge.run_purge(session, purge.plan_purge(session))
    path = tmp_path / f"purge-{lang}.pdf"
    purge.write_record_pdf(session, record, path, lang)
    text = _text(path.read_bytes())
    compact = text.replace(" ", "")
    for entry in record.entries:
        label = " ".join(category_label(entry.category, lang).split())
        assert label.replace(" ", "") in compact, label
        source = category_source(entry.category, lang)
        assert source.replace(" ", "") in compact, source
        assert entry.ids_digest in compact
    assert "703/2023" in text and "1336/1997" in text
    counts = sorted(e.count for e in record.entries)
    assert counts and all(str(c) in text for c in counts)
    title = {"fi": "Hävittämispöytäkirja", "sv": "Protokoll över förstörande", "en": "Purge record"}
    assert title[lang] in text
    notice = purge.backup_notice(lang)
    assert notice.replace(" ", "") in compact
    for word in built.gone + built.stay:
        assert word not in text, word
