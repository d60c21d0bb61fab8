"""Client relationships: start, edit, end; the legal-note confirmation for sote notes."""

from __future__ import annotations

from datetime import date

from app.db import relationship_records as records
from app.db import repositories as repo
from app.db.audit import AuditEvent
from app.domain.client_rules import check_relationship, check_relationship_change
from app.domain.errors import NotFoundError, ValidationError
from app.domain.kinds import RegisterKind
from app.domain.models import Relationship
from app.domain.relationship_fields import clean_relationship_fields
from app.services.session import Session

# The version of the legal note's text (app/ui/legal.py). Change it whenever the text
# changes: a confirmation counts only for the version it was given for, so a newer text
# must be read and confirmed again (tests/unit/services/test_relationship_rules.py pins
# the text to this version).
LEGAL_NOTE_VERSION = "2026-11"


def confirmed_kinds(session: Session) -> set[RegisterKind]:
    """The register kinds whose notes may be kept in Vakka: the current text confirmed."""
    return {RegisterKind(k) for k in records.confirmed_kinds(session.conn, LEGAL_NOTE_VERSION)}


def confirm_legal_note(session: Session, kind: RegisterKind) -> None:
    """Record that the practitioner read the legal note and checked their obligations:
    who (the practitioner's name in the practice settings), which version, when; the
    confirmation is also an event of the audit log."""
    name = repo.load_practice(session.conn).practitioner_name.strip()
    if not name:
        raise ValidationError("legal_note.practitioner_name_required", field="practitioner_name")
    with session.transaction() as conn:
        row_id = records.add_legal_note_confirmation(
            conn, kind.value, LEGAL_NOTE_VERSION, name, session.now()
        )
        session.log(
            AuditEvent(
                "legal_note.confirm",
                data_kind="legal_note",
                purpose="security",
                ref=f"legal_note_confirmation:{row_id}",
            )
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
    """Save an edit. An ended relationship is not re-opened (start a new one), none ends
    without a reason, and one with records keeps its register kind and service task."""
    rel = _checked(session, rel)
    with session.transaction() as conn:
        old = repo.RELATIONSHIPS.get(conn, rel.id)
        if old is None or old.client_id != rel.client_id:
            raise NotFoundError("relationship.not_found")
        kind_changes = (old.register_kind, old.service_task) != (
            rel.register_kind,
            rel.service_task,
        )
        if kind_changes and not session.register.clinical_open:
            # Its notes cannot be seen: the kind is not changed blind.
            raise ValidationError("relationship.kind_change_needs_clinical", field="register_kind")
        has_records = kind_changes and records.has_records(conn, old.id or 0)
        check_relationship_change(old, rel, has_records)
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
    return repo.RELATIONSHIPS.where(
        session.conn, order=("started_on", "id"), client_id=client_id
    )


def default_relationship(relationships: list[Relationship]) -> Relationship | None:
    """The relationship a new record is tied to unless the user chooses: the most recent
    open one, else the most recent one (``relationships`` in the order of relationships_of)."""
    open_ones = [r for r in relationships if r.ended_on is None]
    chosen = open_ones or relationships
    return chosen[-1] if chosen else None


def records_without_relationship(session: Session) -> int:
    """How many consents, disclosures, invoices and payment commitments from before
    schema v3 still name no relationship (their client had none or several)."""
    return records.records_without_relationship(session.conn)


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
