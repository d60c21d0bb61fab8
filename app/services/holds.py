"""Legal holds: a client under hold is never purged."""

from __future__ import annotations

from datetime import date

from app.db import repositories as repo
from app.db.audit import AuditEvent
from app.domain.errors import NotFoundError, ValidationError
from app.domain.kinds import HoldGround
from app.domain.models import LegalHold
from app.services.session import Session


def place_hold(
    session: Session, client_id: str, ground: HoldGround, placed_on: date, description: str
) -> LegalHold:
    """A hold needs a documented ground and a date (not in the future), and is logged."""
    if not description.strip():
        raise ValidationError("hold.description_required", field="description")
    if placed_on > session.today():
        raise ValidationError("date.in_future", field="placed_on")
    hold = LegalHold(client_id, ground, placed_on, description.strip())
    with session.transaction() as conn:
        if repo.CLIENTS.get(conn, client_id) is None:
            raise NotFoundError("client.not_found")
        repo.LEGAL_HOLDS.insert(conn, hold)
        session.log(
            AuditEvent(
                "hold.place", client_id=client_id, data_kind="legal_hold", ref=f"hold:{hold.id}"
            )
        )
    return hold


def release_hold(session: Session, hold_id: int, released_on: date) -> LegalHold:
    """Release a hold on a date between its placing and today; logged."""
    with session.transaction() as conn:
        hold = repo.LEGAL_HOLDS.get(conn, hold_id)
        if hold is None:
            raise NotFoundError("hold.not_found")
        if hold.released_on is not None:
            raise ValidationError("hold.already_released", field="released_on")
        if released_on < hold.placed_on:
            raise ValidationError("hold.released_before_placed", field="released_on")
        if released_on > session.today():
            raise ValidationError("date.in_future", field="released_on")
        hold.released_on = released_on
        repo.LEGAL_HOLDS.update(conn, hold)
        session.log(
            AuditEvent(
                "hold.release",
                client_id=hold.client_id,
                data_kind="legal_hold",
                ref=f"hold:{hold.id}",
            )
        )
    return hold


def holds_of(session: Session, client_id: str) -> list[LegalHold]:
    """The client's legal holds; not shown unless the view is logged."""
    session.log_view(client_id)
    return _holds(session, client_id)


def _holds(session: Session, client_id: str) -> list[LegalHold]:
    return repo.LEGAL_HOLDS.where(session.conn, order=("placed_on", "id"), client_id=client_id)


def is_held(session: Session, client_id: str) -> bool:
    """Whether a hold is in force (a rule's question, not a display: not logged)."""
    return any(h.released_on is None for h in _holds(session, client_id))
