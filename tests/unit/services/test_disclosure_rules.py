"""A disclosure rests on something valid (issue 8, item 5), decided by the service."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from app.db import audit
from app.domain.errors import VakkaError
from app.domain.kinds import ConsentKind, RecordsKept, RegisterKind, ServiceTask
from app.domain.models import Client, Consent, Disclosure, Relationship
from app.i18n import message_for
from app.i18n.messages import ERROR_MESSAGES
from app.services import clients, consents, relationships
from app.services.session import Session


def _client(session: Session) -> str:
    return clients.add_client(session, Client(first_name="Saga", last_name="Provsson")).id or ""


def _relationship(session: Session, cid: str, **fields: object) -> Relationship:
    values: dict[str, object] = {
        "client_id": cid,
        "register_kind": RegisterKind.OTHER,
        "records_kept": RecordsKept.PAPER,
        "records_location": "kaappi",
        "started_on": date(2026, 3, 2),
    }
    values.update(fields)
    return relationships.start_relationship(session, Relationship(**values))  # type: ignore[arg-type]


def _consent(session: Session, cid: str, rel: Relationship, **fields: object) -> Consent:
    values: dict[str, object] = {
        "client_id": cid,
        "kind": ConsentKind.CONSENT,
        "scope": "Tiedot Kelalle",
        "given_on": date(2026, 3, 2),
        "relationship_id": rel.id,
    }
    values.update(fields)
    return consents.record_consent(session, Consent(**values))  # type: ignore[arg-type]


def _disclosure(cid: str, rel: Relationship, **fields: object) -> Disclosure:
    values: dict[str, object] = {
        "client_id": cid,
        "disclosed_on": date(2026, 11, 2),
        "recipient": "Kela",
        "data_disclosed": "Hoitopalaute",
        "purpose": "Kuntoutuspäätös",
        "relationship_id": rel.id,
    }
    values.update(fields)
    return Disclosure(**values)  # type: ignore[arg-type]


def _state(session: Session) -> tuple[int, int]:
    disclosures = session.conn.execute("SELECT count(*) FROM disclosures").fetchone()[0]
    return int(disclosures), len(audit.rows(session.conn))


def _refused(session: Session, disclosure: Disclosure, code: str) -> None:
    before = _state(session)
    with pytest.raises(VakkaError) as raised:
        consents.record_disclosure(session, disclosure)
    assert raised.value.code == code
    assert _state(session) == before, "nothing is changed"
    _assert_translated(raised.value)


def _assert_translated(error: VakkaError) -> None:
    english = ERROR_MESSAGES[error.code]
    for lang in ("fi", "sv"):
        text = message_for(error, lang)
        assert text and text != english and error.code not in text


def test_a_prohibition_is_no_basis(session: Session) -> None:
    cid = _client(session)
    rel = _relationship(session, cid)
    prohibition = _consent(session, cid, rel, kind=ConsentKind.PROHIBITION, recipient="Kela")
    _refused(
        session,
        _disclosure(cid, rel, consent_id=prohibition.id),
        "disclosure.consent_is_prohibition",
    )


def test_a_withdrawn_consent_and_its_earlier_version_are_no_basis(session: Session) -> None:
    cid = _client(session)
    rel = _relationship(session, cid)
    given = _consent(session, cid, rel)
    withdrawn = consents.withdraw_consent(session, given.id or 0, date(2026, 10, 1))
    _refused(
        session, _disclosure(cid, rel, consent_id=withdrawn.id), "disclosure.consent_withdrawn"
    )
    _refused(session, _disclosure(cid, rel, consent_id=given.id), "disclosure.consent_superseded")


def test_a_superseded_version_is_no_basis_but_the_one_in_force_is(session: Session) -> None:
    cid = _client(session)
    rel = _relationship(session, cid)
    first = _consent(session, cid, rel, kind=ConsentKind.SHARING_PERMISSION)
    second = _consent(
        session, cid, rel, kind=ConsentKind.SHARING_PERMISSION, supersedes_id=first.id
    )
    _refused(session, _disclosure(cid, rel, consent_id=first.id), "disclosure.consent_superseded")
    saved = consents.record_disclosure(session, _disclosure(cid, rel, consent_id=second.id))
    assert saved.id is not None


def test_a_consent_given_after_the_disclosure_is_no_basis(session: Session) -> None:
    cid = _client(session)
    rel = _relationship(session, cid)
    later = _consent(session, cid, rel, given_on=date(2026, 11, 10))
    _refused(
        session,
        _disclosure(cid, rel, consent_id=later.id),
        "disclosure.consent_after_disclosure",
    )


def _minor(session: Session, cid: str, allows: bool | None) -> Relationship:
    return _relationship(
        session,
        cid,
        register_kind=RegisterKind.SOCIAL_CARE,
        service_task=ServiceTask.FAMILIES_WITH_CHILDREN,
        minor=True,
        minor_can_decide=True,
        minor_allows_guardian_disclosure=allows,
        minor_prohibition_reasons="Perustelut kirjattu" if allows is False else "",
    )


def test_the_minors_prohibition_prevails_over_a_guardian(session: Session) -> None:
    cid = _client(session)
    rel = _minor(session, cid, allows=False)
    to_guardian = _disclosure(
        cid, rel, recipient="Huoltaja", legal_basis="703/2023 § 50", to_guardian=True
    )
    _refused(session, to_guardian, "disclosure.minor_prohibits_guardians")
    # A disclosure names its relationship (issue 8, item 1): without one it is refused first.
    _refused(
        session, dataclasses.replace(to_guardian, relationship_id=None), "relationship.required"
    )
    # Other recipients are not concerned by this prohibition.
    other = _disclosure(cid, rel, legal_basis="703/2023 § 49")
    assert consents.record_disclosure(session, other).id is not None


def test_a_minor_who_allows_it_or_was_not_asked_does_not_stop_a_guardian(
    session: Session,
) -> None:
    for allows in (True, None):
        cid = _client(session)
        rel = _minor(session, cid, allows=allows)
        saved = consents.record_disclosure(
            session,
            _disclosure(
                cid, rel, recipient="Huoltaja", legal_basis="703/2023 § 50", to_guardian=True
            ),
        )
        assert saved.id is not None


def test_a_minors_prohibition_in_social_care_needs_its_reasons(session: Session) -> None:
    cid = _client(session)
    without_reasons = Relationship(
        client_id=cid,
        register_kind=RegisterKind.SOCIAL_CARE,
        service_task=ServiceTask.FAMILIES_WITH_CHILDREN,
        records_kept=RecordsKept.PAPER,
        records_location="kaappi",
        started_on=date(2026, 3, 2),
        minor=True,
        minor_can_decide=True,
        minor_allows_guardian_disclosure=False,
    )
    count = session.conn.execute("SELECT count(*) FROM relationships").fetchone()[0]
    with pytest.raises(VakkaError) as raised:
        relationships.start_relationship(session, without_reasons)
    assert raised.value.code == "relationship.minor_prohibition_reasons_required"
    _assert_translated(raised.value)
    assert session.conn.execute("SELECT count(*) FROM relationships").fetchone()[0] == count
    # An existing relationship cannot lose them either.
    rel = _minor(session, cid, allows=False)
    with pytest.raises(VakkaError) as raised:
        relationships.update_relationship(
            session, dataclasses.replace(rel, minor_prohibition_reasons=" ")
        )
    assert raised.value.code == "relationship.minor_prohibition_reasons_required"
    assert relationships.relationships_of(session, cid)[-1].minor_prohibition_reasons


def test_health_information_of_an_other_service_needs_the_explicit_consent(
    session: Session,
) -> None:
    cid = _client(session)
    rel = _relationship(session, cid)  # coaching: outside social and health care
    permission = _consent(session, cid, rel, kind=ConsentKind.SHARING_PERMISSION)
    health = _disclosure(cid, rel, consent_id=permission.id, health_data=True)
    _refused(session, health, "disclosure.health_consent_required")
    # Data without health information needs no art. 9 consent.
    plain = dataclasses.replace(health, health_data=False)
    assert consents.record_disclosure(session, plain).id is not None
    # A consent given after the disclosure does not cover it; one given before does.
    rel.health_data_consent_on = date(2026, 11, 5)
    relationships.update_relationship(session, rel)
    _refused(session, dataclasses.replace(health, id=None), "disclosure.health_consent_required")
    rel.health_data_consent_on = date(2026, 3, 2)
    relationships.update_relationship(session, rel)
    saved = consents.record_disclosure(session, dataclasses.replace(health, id=None))
    assert saved.id is not None


def test_health_information_of_a_patient_relationship_needs_no_art_9_2_a_consent(
    session: Session,
) -> None:
    cid = _client(session)
    rel = _relationship(
        session, cid, register_kind=RegisterKind.PATIENT
    )  # health care has its own legal basis
    saved = consents.record_disclosure(
        session, _disclosure(cid, rel, legal_basis="703/2023 § 49", health_data=True)
    )
    assert saved.id is not None
