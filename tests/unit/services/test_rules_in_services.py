"""Rules that lived only in the dialogs, now decided by the services (issue 8, item 7).

Each test calls the service the way the CLI or an import would, without a dialog asking
first, and gets a translated error with nothing changed.
"""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from app.db import audit
from app.db import repositories as repo
from app.domain.errors import ValidationError
from app.domain.kinds import (
    Controller,
    HoldGround,
    PayerKind,
    RecordsKept,
    RegisterKind,
    RequestKind,
    ServiceTask,
)
from app.domain.models import Client, Invoice, InvoiceLine, Relationship
from app.domain.relationship_fields import clean_relationship_fields
from app.domain.request_rules import ANSWER_MONTHS, request_deadline_for
from app.services import billing, clients, holds, relationships, requests
from app.services.session import Session
from tests.helpers import assert_translated

TODAY = date(2026, 11, 23)  # tests/conftest.py FIXED_NOW
STREET = "Salainen polku 3 B 12"


def count(session: Session, table: str) -> int:
    return int(session.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


@pytest.fixture
def secure_client(session: Session) -> Client:
    client = clients.add_client(
        session,
        Client(
            first_name="Salla",
            last_name="Suojattu",
            street_address=STREET,
            postal_code="00100",
            city="Helsinki",
            secure_address=True,
        ),
    )
    return client


def invoice_for(client: Client, rel: Relationship, payer_kind: PayerKind, address: str) -> Invoice:
    return Invoice(
        number="2026-0001",
        issued_on=date(2026, 11, 20),
        due_on=date(2026, 12, 4),
        payer_kind=payer_kind,
        payer_name="Salla Suojattu" if payer_kind is PayerKind.CLIENT else "Maksaja Oy",
        payer_address=address,
        client_id=client.id,
        relationship_id=rel.id,
        lines=[InvoiceLine("Käynti", 9000)],
    )


def start_other(session: Session, client: Client) -> Relationship:
    return relationships.start_relationship(
        session,
        Relationship(
            client_id=client.id or "",
            register_kind=RegisterKind.OTHER,
            records_kept=RecordsKept.VAKKA,
            started_on=date(2026, 1, 15),
        ),
    )


# --- secure address: the output asks first ----------------------------------------------------


@pytest.mark.parametrize(
    ("payer_kind", "address"),
    [
        (PayerKind.CLIENT, f"{STREET}\n00100 Helsinki"),
        (PayerKind.CLIENT, "PL 12, 00101 Helsinki"),  # an invoice to the client: any address
        (PayerKind.OTHER, "salainen  polku 3 b 12, 00100 HELSINKI"),  # the client's street
    ],
)
def test_invoice_with_a_secure_address_needs_the_question_first(
    session: Session, secure_client: Client, payer_kind: PayerKind, address: str
) -> None:
    rel = start_other(session, secure_client)
    invoice = invoice_for(secure_client, rel, payer_kind, address)
    with pytest.raises(ValidationError) as info:
        billing.add_invoice(session, dataclasses.replace(invoice))
    assert (info.value.code, info.value.field) == (
        "client.secure_address_not_confirmed",
        "payer_address",
    )
    assert_translated(info.value)
    assert count(session, "invoices") == 0

    saved = billing.add_invoice(session, invoice, include_secure_address=True)
    assert repo.INVOICES.get(session.conn, saved.id) is not None


def test_invoices_without_the_secure_address_need_no_question(
    session: Session, secure_client: Client
) -> None:
    rel = start_other(session, secure_client)
    billing.add_invoice(session, invoice_for(secure_client, rel, PayerKind.CLIENT, ""))
    other = invoice_for(secure_client, rel, PayerKind.OTHER, "Maksajantie 1, 00200 Helsinki")
    billing.add_invoice(session, dataclasses.replace(other, number="2026-0002"))
    plain = clients.add_client(
        session, Client(first_name="Aino", last_name="Avoin", street_address="Avoin tie 1")
    )
    plain_rel = start_other(session, plain)
    billing.add_invoice(
        session,
        dataclasses.replace(
            invoice_for(plain, plain_rel, PayerKind.CLIENT, "Avoin tie 1, 00100 Helsinki"),
            number="2026-0003",
        ),
    )
    assert count(session, "invoices") == 3


# --- legal holds: dated today or earlier, released after the placing --------------------------


def test_hold_cannot_be_placed_in_the_future(session: Session, secure_client: Client) -> None:
    cid = secure_client.id or ""
    rows_before = len(audit.rows(session.conn))
    with pytest.raises(ValidationError) as info:
        holds.place_hold(session, cid, HoldGround.DISPUTE, date(2026, 11, 24), "Riita")
    assert (info.value.code, info.value.field) == ("date.in_future", "placed_on")
    assert_translated(info.value)
    assert len(audit.rows(session.conn)) == rows_before  # (viewing the holds logs a view)
    assert holds.holds_of(session, cid) == []


@pytest.mark.parametrize(
    ("released_on", "code"),
    [
        (date(2026, 10, 31), "hold.released_before_placed"),
        (date(2026, 11, 24), "date.in_future"),
    ],
)
def test_hold_release_between_placing_and_today(
    session: Session, secure_client: Client, released_on: date, code: str
) -> None:
    cid = secure_client.id or ""
    hold = holds.place_hold(session, cid, HoldGround.DISPUTE, date(2026, 11, 2), "Riita")
    rows_before = len(audit.rows(session.conn))
    with pytest.raises(ValidationError) as info:
        holds.release_hold(session, hold.id or 0, released_on)
    assert (info.value.code, info.value.field) == (code, "released_on")
    assert_translated(info.value)
    assert len(audit.rows(session.conn)) == rows_before  # (viewing the holds logs a view)
    assert [h.released_on for h in holds.holds_of(session, cid)] == [None]
    assert holds.is_held(session, cid)
    # The day of the placing is a valid release date.
    assert holds.release_hold(session, hold.id or 0, date(2026, 11, 2)).released_on


# --- relationship fields: what does not apply is not kept --------------------------------------


def stray_fields(client: Client, kind: RegisterKind) -> Relationship:
    """A relationship with values in every field that does not apply to it."""
    return Relationship(
        client_id=client.id or "",
        register_kind=kind,
        records_kept=RecordsKept.PAPER,
        records_location="  Lukittu kaappi  ",
        started_on=date(2026, 1, 15),
        service_task=ServiceTask.ADULT_SERVICES if kind is RegisterKind.SOCIAL_CARE else None,
        controller=Controller.PRACTICE,
        county_name="Pirkanmaan hyvinvointialue",
        minor=False,
        minor_can_decide=True,
        minor_allows_guardian_disclosure=False,
        minor_prohibition_reasons="Ei halua",
        health_data_consent_on=date(2026, 1, 15),
    )


@pytest.mark.parametrize("kind", [RegisterKind.PATIENT, RegisterKind.SOCIAL_CARE])
def test_start_relationship_keeps_only_the_fields_that_apply(
    session: Session, secure_client: Client, kind: RegisterKind
) -> None:
    saved = relationships.start_relationship(session, stray_fields(secure_client, kind))
    stored = repo.RELATIONSHIPS.get(session.conn, saved.id)
    assert stored == saved
    assert stored is not None
    assert (stored.county_name, stored.records_location) == ("", "Lukittu kaappi")
    assert stored.health_data_consent_on is None
    assert (stored.minor_can_decide, stored.minor_allows_guardian_disclosure) == (None, None)
    assert stored.minor_prohibition_reasons == ""
    assert stored.service_task == (
        ServiceTask.ADULT_SERVICES if kind is RegisterKind.SOCIAL_CARE else None
    )


def test_update_relationship_keeps_only_the_fields_that_apply(
    session: Session, secure_client: Client
) -> None:
    rel = relationships.start_relationship(session, stray_fields(secure_client, RegisterKind.OTHER))
    assert rel.health_data_consent_on == date(2026, 1, 15)  # `other`: the consent applies
    minor = dataclasses.replace(
        rel,
        minor=True,
        minor_can_decide=True,
        minor_allows_guardian_disclosure=True,
        minor_prohibition_reasons="Jäi lomakkeelle",
        records_kept=RecordsKept.VAKKA,
    )
    relationships.update_relationship(session, minor)
    stored = repo.RELATIONSHIPS.get(session.conn, rel.id)
    assert stored is not None
    assert (stored.minor_can_decide, stored.minor_allows_guardian_disclosure) == (True, True)
    assert stored.minor_prohibition_reasons == ""  # no prohibition: no reasons kept
    assert stored.records_location == ""  # kept in Vakka: no other location


def test_the_cleanup_is_a_pure_domain_function() -> None:
    rel = Relationship(
        client_id="c",
        register_kind=RegisterKind.OTHER,
        records_kept=RecordsKept.VAKKA,
        started_on=TODAY,
        minor=True,
        minor_allows_guardian_disclosure=False,
        minor_prohibition_reasons="  Syyt  ",
        controller=Controller.COUNTY,
        county_name=" Kainuun hyvinvointialue ",
    )
    cleaned = clean_relationship_fields(rel)
    assert cleaned.minor_prohibition_reasons == "Syyt"
    assert cleaned.county_name == "Kainuun hyvinvointialue"
    assert rel.minor_prohibition_reasons == "  Syyt  "  # the original is not changed


# --- request deadlines: one mapping from kind to deadline --------------------------------------


@pytest.mark.parametrize("kind", list(RequestKind))
def test_request_deadline_comes_from_the_domain_mapping(
    session: Session, secure_client: Client, kind: RequestKind
) -> None:
    received = date(2026, 1, 15)
    request = requests.record_request(session, secure_client.id or "", kind, received)
    assert request.due_on == request_deadline_for(kind, received)
    expected = date(2026, 3, 16) if kind is RequestKind.LOG_INFORMATION else date(2026, 2, 16)
    assert request.due_on == expected  # 15.2. and 15.3.2026 are Sundays
    assert set(ANSWER_MONTHS) == set(RequestKind)


def test_request_received_in_the_future_is_refused(session: Session, secure_client: Client) -> None:
    with pytest.raises(ValidationError) as info:
        requests.record_request(
            session, secure_client.id or "", RequestKind.ACCESS, date(2026, 11, 24)
        )
    assert (info.value.code, info.value.field) == ("date.in_future", "received_on")
    assert_translated(info.value)
    assert count(session, "requests") == 0
