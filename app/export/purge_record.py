"""The purge record (hävittämispöytäkirja) as PDF in fi, sv or en.

Date, register id, and per category: count, rule with its source, and the SHA-256 digest
of the destroyed ids; no names, no personal data. It ends with the notice that backups
made before the purge still hold the destroyed data until they are replaced.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Protocol

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from app.export.pdf_base import (
    CONTENT_WIDTH,
    get_styles,
    paragraph,
    render_pdf,
    table,
    write_pdf,
)
from app.i18n import normalize_language, tr
from app.i18n.codes import category_label, category_source, rule_label
from app.i18n.formats import format_date


class PurgeRecordEntry(Protocol):
    """One category of a purge run (app.services.purge.PurgeEntry has these fields)."""

    @property
    def category(self) -> str: ...
    @property
    def count(self) -> int: ...
    @property
    def rule(self) -> str: ...
    @property
    def ids_digest(self) -> str: ...


def backup_notice(lang: str) -> str:
    return tr(lang).gettext(
        "Backups made before this purge still hold the destroyed data until they are "
        "replaced or destroyed."
    )


def purge_record_story(
    purged_at: str, entries: Sequence[PurgeRecordEntry], register_id: str, lang: str
) -> list[Flowable]:
    _ = tr(lang).gettext
    st = get_styles()
    day = format_date(datetime.fromisoformat(purged_at).date(), lang)
    details = table(
        [
            [paragraph(_("Date of the purge"), st.label), paragraph(day, st.body)],
            [paragraph(_("Register ID"), st.label), paragraph(register_id, st.mono)],
        ],
        [55 * mm, CONTENT_WIDTH - 55 * mm],
        [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)],
    )
    story: list[Flowable] = [
        paragraph(_("Purge record"), st.title),
        paragraph(_("Records destroyed when their retention period ended"), st.subtitle),
        Spacer(1, 4 * mm),
        details,
        Spacer(1, 3 * mm),
    ]
    for entry in entries:
        rows = [
            [paragraph(_("Count"), st.label), paragraph(str(entry.count), st.body)],
            [paragraph(_("Rule"), st.label), paragraph(rule_label(entry.rule, lang), st.body)],
            [
                paragraph(_("Source"), st.label),
                paragraph(category_source(entry.category, lang), st.body),
            ],
            [
                paragraph(_("Digest of the destroyed ids (SHA-256)"), st.label),
                paragraph(entry.ids_digest, st.mono),
            ],
        ]
        story.append(paragraph(category_label(entry.category, lang), st.heading))
        story.append(
            table(
                rows,
                [55 * mm, CONTENT_WIDTH - 55 * mm],
                [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)],
            )
        )
    story += [
        paragraph(_("Backups"), st.heading),
        paragraph(backup_notice(lang), st.body),
        paragraph(
            _(
                "The record holds no names or other personal data: only the categories, the "
                "counts, the rules and a digest of the ids of what was destroyed."
            ),
            st.small,
        ),
    ]
    return story


def render_purge_record(
    purged_at: str, entries: Sequence[PurgeRecordEntry], register_id: str, lang: str
) -> bytes:
    lang = normalize_language(lang)
    story = purge_record_story(purged_at, entries, register_id, lang)
    return render_pdf(story, title=tr(lang).gettext("Purge record"), lang=lang)


def write_purge_record(
    path: Path, purged_at: str, entries: Sequence[PurgeRecordEntry], register_id: str, lang: str
) -> None:
    """Write the purge record to ``path`` atomically (mode 0600)."""
    write_pdf(path, render_purge_record(purged_at, entries, register_id, lang))
