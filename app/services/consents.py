"""Consents, data-sharing permissions and prohibitions (versioned), and disclosures."""

from __future__ import annotations

from datetime import date

from app.db import audit
from app.db import client_queries as queries
from app.db import repositories as repo
from app.db.audit import AuditEvent
from app.db.connection import Connection
from app.domain.disclosure_rules import check_consent_basis, check_recipient_and_register
from app.domain.errors import NotFoundError, ValidationError
from app.domain.models import Consent, Disclosure, Relationship
from app.services.session import Session


def record_consent(session: Session, consent: Consent) -> Consent:
    """A new consent, or a new version replacing ``consent.supersedes_id``."""
    if not consent.scope.strip():
        raise ValidationError("field.required", field="scope")
    if consent.given_on > session.today():
        raise ValidationError("date.in_future", field="given_on")
    if consent.withdrawn_on is not None and not (
        consent.given_on <= consent.withdrawn_on <= session.today()
    ):
        raise ValidationError("consent.withdrawal_date", field="withdrawn_on")
    if consent.relationship_id is None:
        raise ValidationError("relationship.required", field="relationship_id")
    consent.recorded_at = session.now()
    with session.transaction() as conn:
        if repo.CLIENTS.get(conn, consent.client_id) is None:
            raise NotFoundError("client.not_found")
        if not repo.relationship_belongs_to(conn, consent.relationship_id, consent.client_id):
            raise NotFoundError("relationship.not_found")
        if consent.supersedes_id is not None:
            old = repo.CONSENTS.get(conn, consent.supersedes_id)
            if old is None or old.client_id != consent.client_id or not old.current:
                raise NotFoundError("consent.not_found")
            old.replaced_at = consent.recorded_at
            repo.CONSENTS.update(conn, old)
            consent.version = old.version + 1
        repo.CONSENTS.insert(conn, consent)
    return consent


def withdraw_consent(session: Session, consent_id: int, withdrawn_on: date) -> Consent:
    """Withdrawal is a new version, so the earlier one stays readable."""
    old = repo.CONSENTS.get(session.conn, consent_id)
    if old is None:
        raise NotFoundError("consent.not_found")
    if old.withdrawn_on is not None:
        raise ValidationError("consent.already_withdrawn", field="withdrawn_on")
    new = Consent(
        client_id=old.client_id,
        kind=old.kind,
        scope=old.scope,
        given_on=old.given_on,
        recipient=old.recipient,
        relationship_id=old.relationship_id,
        supersedes_id=old.id,
        withdrawn_on=withdrawn_on,
    )
    return record_consent(session, new)


def consents_of(session: Session, client_id: str, include_superseded: bool = True) -> list[Consent]:
    """The client's consents, permissions and prohibitions; not shown unless logged."""
    session.log_view(client_id)
    found = repo.CONSENTS.where(session.conn, order=("given_on", "id"), client_id=client_id)
    return [c for c in found if include_superseded or c.replaced_at is None]


def record_disclosure(session: Session, disclosure: Disclosure) -> Disclosure:
    """Every disclosure names its legal basis or the consent it rests on; logged."""
    for name in ("recipient", "data_disclosed", "purpose"):
        if not str(getattr(disclosure, name)).strip():
            raise ValidationError("field.required", field=name)
    if not disclosure.legal_basis.strip() and disclosure.consent_id is None:
        raise ValidationError("disclosure.basis_required", field="legal_basis")
    if disclosure.disclosed_on > session.today():
        raise ValidationError("date.in_future", field="disclosed_on")
    if disclosure.relationship_id is None:
        raise ValidationError("relationship.required", field="relationship_id")
    disclosure.recorded_at = session.now()
    with session.transaction() as conn:
        if repo.CLIENTS.get(conn, disclosure.client_id) is None:
            raise NotFoundError("client.not_found")
        if not repo.relationship_belongs_to(conn, disclosure.relationship_id, disclosure.client_id):
            raise NotFoundError("relationship.not_found")
        if disclosure.consent_id is not None:
            consent = repo.CONSENTS.get(conn, disclosure.consent_id)
            if consent is None or consent.client_id != disclosure.client_id:
                raise NotFoundError("consent.not_found")
            check_consent_basis(disclosure, consent)
        check_recipient_and_register(disclosure, _relationships_of_disclosure(conn, disclosure))
        repo.DISCLOSURES.insert(conn, disclosure)
        session.log(
            AuditEvent(
                "disclosure",
                kind="disclosure",
                client_id=disclosure.client_id,
                data_kind="disclosure",
                purpose="disclosure",
                ref=f"{audit.DISCLOSURE_REF}{disclosure.id}",
                # The disclosure log is part of the chain: its content is covered too.
                content_digest=audit.disclosure_digest(conn, disclosure.id or 0),
            )
        )
    return disclosure


def _relationships_of_disclosure(conn: Connection, disclosure: Disclosure) -> list[Relationship]:
    """The disclosure's relationship, or every relationship of the client if it names none."""
    if disclosure.relationship_id is not None:
        rel = repo.RELATIONSHIPS.get(conn, disclosure.relationship_id)
        return [] if rel is None else [rel]
    return queries.relationships_of(conn, disclosure.client_id)


def disclosures_of(session: Session, client_id: str) -> list[Disclosure]:
    """The client's disclosure log; not shown unless the view is logged."""
    session.log_view(client_id)
    return repo.DISCLOSURES.where(
        session.conn, order=("disclosed_on", "id"), client_id=client_id
    )
