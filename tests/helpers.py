"""Small helpers shared by the tests (no fixtures: those live in the conftest files)."""

from __future__ import annotations

from datetime import timedelta

from app.domain.errors import VakkaError
from app.domain.kinds import RecordsKept, RegisterKind
from app.domain.models import Relationship
from app.i18n import message_for
from app.i18n.messages import ERROR_MESSAGES, FIELD_LABELS, field_label
from app.services import relationships
from app.services.session import Session

CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def temporary_hetu(ddmmyy: str, sign: str, individual: int) -> str:
    """DDMMYY + century sign + ZZZ + check character (DDMMYYZZZ mod 31).

    Only temporary codes (individual number 900–999) are ever made: they are never
    issued to people.
    """
    assert 900 <= individual <= 999
    check = CHECK_CHARACTERS[int(f"{ddmmyy}{individual:03d}") % 31]
    return f"{ddmmyy}{sign}{individual:03d}{check}"


def start_paper_patient_relationship(session: Session, client_id: str) -> Relationship:
    """A patient relationship whose records are on paper (needs no legal-note confirmation):
    what a client needs before a hetu is recorded for them (Tietosuojalaki § 29)."""
    return relationships.start_relationship(
        session,
        Relationship(
            client_id=client_id,
            register_kind=RegisterKind.PATIENT,
            records_kept=RecordsKept.PAPER,
            records_location="Lukittu kaappi",
            started_on=session.today() - timedelta(days=30),
        ),
    )


def assert_translated(error: VakkaError) -> None:
    """The error has its own message and field label, translated into Finnish and Swedish."""
    assert error.code in ERROR_MESSAGES, error.code
    english = message_for(error, "en")
    for lang in ("fi", "sv"):
        assert message_for(error, lang) != english, (error.code, lang)
    field = getattr(error, "field", "")
    if field:
        assert field in FIELD_LABELS, field
        for lang in ("fi", "sv"):
            assert field_label(field, lang) != field_label(field, "en"), (field, lang)
