"""Client relationships: start, edit, end; the legal-note confirmation for sote notes."""

from __future__ import annotations

from datetime import date

from app.db import repositories as repo
from app.domain.client_rules import check_relationship
from app.domain.errors import NotFoundError, ValidationError
from app.domain.kinds import RegisterKind
from app.domain.models import Relationship
from app.domain.relationship_fields import clean_relationship_fields
from app.services.session import Session

LEGAL_NOTE_VERSION = "2026-11"


def confirmed_kinds(session: Session) -> set[RegisterKind]:
    return {
        RegisterKind(row[0])
        for row in session.conn.execute(
            "SELECT DISTINCT register_kind FROM legal_note_confirmations"
        )
    }


def confirm_legal_note(session: Session, kind: RegisterKind) -> None:
    """Record that the practitioner read the legal note and checked their obligations."""
    with session.transaction() as conn:
        conn.execute(
            "INSERT INTO legal_note_confirmations (register_kind, text_version, confirmed_at) "
            "VALUES (?, ?, ?)",
            (kind.value, LEGAL_NOTE_VERSION, session.now().isoformat(timespec="seconds")),
        )


def _checked(session: Session, rel: Relationship) -> Relationship:
    """The domain's checks; then only the fields that apply to the kind are kept."""
    check_relationship(rel, session.today(), confirmed_kinds(session))
    return clean_relationship_fields(rel)


def start_relationship(session: Session, rel: Relationship) -> Relationship:
    rel = _checked(session, rel)
    with session.transaction() as conn:
        if repo.CLIENTS.get(conn, rel.client_id) is None:
            raise NotFoundError("client.not_found")
        repo.RELATIONSHIPS.insert(conn, rel)
    return rel


def update_relationship(session: Session, rel: Relationship) -> Relationship:
    rel = _checked(session, rel)
    with session.transaction() as conn:
        old = repo.RELATIONSHIPS.get(conn, rel.id)
        if old is None or old.client_id != rel.client_id:
            raise NotFoundError("relationship.not_found")
        repo.RELATIONSHIPS.update(conn, rel)
    return rel


def end_relationship(
    session: Session, relationship_id: int, ended_on: date, reason: str
) -> Relationship:
    """Mark a relationship ended; the retention clocks start from ``ended_on``."""
    rel = repo.RELATIONSHIPS.get(session.conn, relationship_id)
    if rel is None:
        raise NotFoundError("relationship.not_found")
    if rel.ended_on is not None:
        raise ValidationError("relationship.already_ended", field="ended_on")
    if not reason.strip():
        raise ValidationError("relationship.end_reason_required", field="end_reason")
    rel.ended_on = ended_on
    rel.end_reason = reason.strip()
    return update_relationship(session, rel)


def relationships_of(session: Session, client_id: str) -> list[Relationship]:
    """The client's relationships; not shown unless the view is logged."""
    session.log_view(client_id)
    return repo.RELATIONSHIPS.select(session.conn, "client_id = ?", (client_id,), "started_on, id")


def save_relationship(
    session: Session, rel: Relationship, confirm_legal_note_for: RegisterKind | None = None
) -> Relationship:
    """Start (``rel.id`` None) or update a relationship. With ``confirm_legal_note_for`` the
    practitioner's confirmation of the legal note is recorded first, in the same
    transaction: a relationship that fails its checks leaves no confirmation behind."""
    with session.transaction():
        if confirm_legal_note_for is not None:
            confirm_legal_note(session, confirm_legal_note_for)
        if rel.id is None:
            return start_relationship(session, rel)
        return update_relationship(session, rel)
