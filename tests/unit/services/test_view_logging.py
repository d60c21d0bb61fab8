"""RULES.md, the audit log: "if the log cannot be written, the data is not shown" — for every
kind of data a client tab shows, guaranteed by the service that returns it (issue 8, item 9)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import pytest
import sqlcipher3

from app.db import audit
from app.domain.kinds import (
    ConsentKind,
    HoldGround,
    IssuerKind,
    PayerKind,
    RecordsKept,
    RegisterKind,
    RequestKind,
)
from app.domain.models import (
    Appointment,
    Client,
    Consent,
    ContactPerson,
    Disclosure,
    Invoice,
    InvoiceLine,
    PaymentCommitment,
    Relationship,
)
from app.services import (
    appointments,
    audit_view,
    billing,
    clients,
    consents,
    holds,
    relationships,
    requests,
)
from app.services.session import Session

View = Callable[[Session, str], object]

VIEWS: dict[str, View] = {
    "contact_persons": clients.contact_persons,
    "relationships": relationships.relationships_of,
    "appointments": appointments.appointments_of,
    "invoices": billing.invoices_of,
    "payment_commitments": billing.payment_commitments_of,
    "consents": consents.consents_of,
    "disclosures": consents.disclosures_of,
    "holds": holds.holds_of,
    "requests": requests.requests_of,
    "log": audit_view.client_log,
}


def _client_with_a_row_of_everything(session: Session) -> str:
    client = clients.add_client(session, Client(first_name="Väinö", last_name="Kokeilu"))
    cid = client.id or ""
    clients.add_contact_person(session, ContactPerson(client_id=cid, name="Aino Kokeilu"))
    rel = relationships.start_relationship(
        session,
        Relationship(
            client_id=cid,
            register_kind=RegisterKind.OTHER,
            records_kept=RecordsKept.PAPER,
            records_location="kaappi",
            started_on=date(2026, 3, 2),
        ),
    )
    appointments.add_appointment(
        session, Appointment(cid, rel.id or 0, datetime(2026, 11, 2, 10), 45)
    )
    billing.add_invoice(
        session,
        Invoice(
            number="2026-0001",
            issued_on=date(2026, 11, 2),
            due_on=date(2026, 11, 16),
            payer_kind=PayerKind.CLIENT,
            payer_name="Väinö Kokeilu",
            client_id=cid,
            relationship_id=rel.id,
            lines=[InvoiceLine("Valmennus", 9000)],
        ),
    )
    billing.add_payment_commitment(
        session,
        PaymentCommitment(
            cid,
            IssuerKind.OTHER,
            date(2026, 3, 1),
            date(2026, 12, 31),
            relationship_id=rel.id,
            visits_granted=10,
        ),
    )
    consent = consents.record_consent(
        session,
        Consent(
            cid,
            ConsentKind.CONSENT,
            "Tiedot työnantajalle",
            date(2026, 3, 2),
            relationship_id=rel.id,
        ),
    )
    consents.record_disclosure(
        session,
        Disclosure(
            cid,
            date(2026, 11, 2),
            recipient="Työnantaja Oy",
            data_disclosed="Osallistuminen",
            purpose="Raportointi",
            consent_id=consent.id,
            relationship_id=rel.id,
        ),
    )
    holds.place_hold(session, cid, HoldGround.DISPUTE, date(2026, 11, 2), "Riita")
    requests.record_request(session, cid, RequestKind.ACCESS, date(2026, 11, 2))
    session.lock()  # a new unlocked session: nothing of this client has been shown yet
    return cid


def _make_the_log_unwritable(session: Session) -> None:
    session.conn.execute(
        "CREATE TEMP TRIGGER log_fails BEFORE INSERT ON main.audit_log "
        "BEGIN SELECT RAISE(ABORT, 'disk full'); END"
    )


def _log_rows(session: Session) -> int:
    return len(audit.rows(session.conn))


@pytest.mark.parametrize("kind", sorted(VIEWS))
def test_nothing_is_shown_when_the_view_cannot_be_logged(session: Session, kind: str) -> None:
    cid = _client_with_a_row_of_everything(session)
    before = _log_rows(session)
    _make_the_log_unwritable(session)
    with pytest.raises(sqlcipher3.DatabaseError, match="disk full"):
        VIEWS[kind](session, cid)
    assert _log_rows(session) == before


@pytest.mark.parametrize("kind", sorted(VIEWS))
def test_a_view_is_logged_once_per_client_per_unlocked_session(session: Session, kind: str) -> None:
    cid = _client_with_a_row_of_everything(session)
    before = len(audit.rows(session.conn, cid))
    assert VIEWS[kind](session, cid)  # every kind of data has a row here
    after = audit.rows(session.conn, cid)
    assert [(row.action, row.purpose) for row in after[before:]] == [("client.open", "care")]
    for view in VIEWS.values():  # the client's other tabs: the opening is already logged
        view(session, cid)
    assert len(audit.rows(session.conn, cid)) == len(after)
    session.lock()  # the next unlocked session logs the opening again
    VIEWS[kind](session, cid)
    assert len(audit.rows(session.conn, cid)) == len(after) + 1
