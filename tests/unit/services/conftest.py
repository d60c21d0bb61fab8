"""Fixtures of the clinical-store tests: a practitioner, a client, a patient relationship
whose notes are kept in Vakka."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.kinds import RecordsKept, RegisterKind
from app.domain.models import Client, Practice, Relationship
from app.services import clients, relationships
from app.services import register as register_service
from app.services.session import Session


@pytest.fixture
def client(session: Session) -> Client:
    register_service.save_practice(
        session,
        Practice(practitioner_name="Terttu Testiterapeutti", practitioner_title="psykoterapeutti"),
    )
    return clients.add_client(session, Client(first_name="Väinö", last_name="Kokeilu"))


@pytest.fixture
def patient_relationship(session: Session, client: Client) -> Relationship:
    relationships.confirm_legal_note(session, RegisterKind.PATIENT)
    return relationships.start_relationship(
        session,
        Relationship(
            client_id=client.id or "",
            register_kind=RegisterKind.PATIENT,
            records_kept=RecordsKept.VAKKA,
            started_on=date(2026, 3, 2),
        ),
    )
