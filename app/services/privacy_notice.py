"""The privacy notice per register kind (issue 14): built, written, given to a client.

The notice reads the practice settings, the services and the retention policy in force,
so a changed policy period shows in the next notice. The practitioner's own text per
section and the data protection officer (only if one is appointed) are settings.
Giving the notice to a client records the date on the relationship (GDPR art. 13).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.db import repositories as repo
from app.domain import privacy_notice as rules
from app.domain.errors import NotFoundError, ValidationError
from app.domain.kinds import RegisterKind
from app.domain.models import Relationship
from app.domain.privacy_notice import NoticeContent
from app.files import write_files_atomically
from app.i18n import normalize_language
from app.services import relationships, retention
from app.services.outputs import require_folder_of
from app.services.session import Session

FORMATS = ("pdf", "html")
_TEXT = "privacy_notice.text."
_DPO = "privacy_notice.dpo"


def notice(session: Session, kind: RegisterKind, lang: str = "fi") -> NoticeContent:
    practice = repo.load_practice(session.conn)
    services = [s for s in repo.SERVICES.where(session.conn, order=("id",)) if s.active]
    of_kind = [s for s in services if s.register_kind is kind]
    tasks = {s.service_task for s in of_kind if s.service_task is not None}
    texts: dict[str, str] = {}
    for section in rules.SECTIONS:
        value = repo.get_setting(session.conn, f"{_TEXT}{kind.value}.{section}")
        if value:
            texts[section] = value
    return NoticeContent(
        register_kind=kind,
        lang=normalize_language(lang),
        made_on=session.today(),
        practice=practice,
        service_names=[s.name for s in of_kind],
        service_tasks=rules.social_care_tasks(tasks),
        retention=rules.retention_rows(kind, retention.policy(session)),
        data_protection_officer=repo.get_setting(session.conn, _DPO) or "",
        own_texts=texts,
    )


def render(content: NoticeContent, fmt: str = "pdf") -> bytes:
    from app.export.privacy_notice import render_notice_html, render_notice_pdf

    if fmt not in FORMATS:
        raise ValidationError("privacy_notice.format", field="format")
    return render_notice_pdf(content) if fmt == "pdf" else render_notice_html(content)


def write_notice(
    session: Session, path: Path, kind: RegisterKind, lang: str = "fi", fmt: str = "pdf"
) -> Path:
    """Write the notice atomically; it holds no client's data, so nothing is logged."""
    require_folder_of(path)
    data = render(notice(session, kind, lang), fmt)
    write_files_atomically([(Path(path), data)])
    return Path(path)


def set_section_text(session: Session, kind: RegisterKind, section: str, text: str) -> None:
    """The practice's own words for a section (empty removes them)."""
    rules.check_section(section)
    with session.transaction() as conn:
        repo.set_setting(conn, f"{_TEXT}{kind.value}.{section}", text.strip())


def set_data_protection_officer(session: Session, name: str) -> None:
    with session.transaction() as conn:
        repo.set_setting(conn, _DPO, name.strip())


def record_given(session: Session, relationship_id: int, given_on: date) -> Relationship:
    """The client was given the notice on ``given_on`` (not in the future, not before the
    relationship began)."""
    rel = repo.RELATIONSHIPS.get(session.conn, relationship_id)
    if rel is None:
        raise NotFoundError("relationship.not_found")
    if given_on > session.today():
        raise ValidationError("date.in_future", field="privacy_notice_given_on")
    rel.privacy_notice_given_on = given_on
    return relationships.update_relationship(session, rel)
