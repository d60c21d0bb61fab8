"""The access answer for the client with the most notes, against raw reportlab (issue 12).

The answer is timed end to end as the command line makes it: read the client's records,
build the content, render the PDF and write it. The raw figure lays out the same text of
the entries (each entry's heading line and its text) as plain paragraphs in the same font
with reportlab alone: the ratio is what Vakka adds on top of the text itself (reading,
the other sections, tables, page headers and footers, writing the file).
"""

from __future__ import annotations

import io
import time
from pathlib import Path
from statistics import median

from reportlab.platypus import Paragraph, SimpleDocTemplate

from app.db import repositories as repo
from app.domain.kinds import IdentityMethod, RequestKind
from app.export.pdf_base import get_styles, paragraph
from app.services import access_answer, requests
from app.services.session import Session


def raw_reportlab_seconds(texts: list[str]) -> float:
    styles = get_styles()
    begun = time.perf_counter()
    story: list[Paragraph] = [paragraph(text, styles.body) for text in texts]
    SimpleDocTemplate(io.BytesIO()).build(story)
    return time.perf_counter() - begun


def answer_figures(session: Session, client_id: str, out: Path, repeats: int) -> dict[str, float]:
    request = requests.record_request(session, client_id, RequestKind.ACCESS, session.today())
    request_id = request.id or 0
    requests.record_identity_check(
        session, request_id, IdentityMethod.CHECKED_BY_PRACTITIONER, "Benchmark", session.today()
    )
    texts: list[str] = []
    for note in repo.NOTES.where(session.conn, client_id=client_id):
        written = note.written_at.isoformat(sep=" ", timespec="minutes")
        texts.append(f"{note.session_date} · {note.kind} · {note.author_name} · {written}")
        texts.append(note.body or "")
    answers: list[float] = []
    raws: list[float] = []
    for attempt in range(max(repeats // 2, 2)):
        begun = time.perf_counter()
        access_answer.write_answer(session, request_id, out / f"answer-{attempt}.pdf", lang="fi")
        answers.append(time.perf_counter() - begun)
        raws.append(raw_reportlab_seconds(texts))
    return {
        "access_answer_s": median(answers),
        "access_answer_ratio": median(answers) / median(raws),
    }
