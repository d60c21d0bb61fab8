"""The facts the retention clocks need (issue 9, item 1), called on the services directly:
each only where it applies, dates checked; a bad input gets a translated error and
changes nothing; what applies is saved and read back."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest

from app.domain.errors import ValidationError
from app.domain.kinds import NoteKind, RecordsKept, RegisterKind, ServiceTask
from app.domain.models import Client, Relationship
from app.domain.relationship_fields import clean_relationship_fields
from app.services import clinical, relationships
from app.services.session import Session
from tests.unit.services.test_relationship_rules import new_note, refused


def _social(session: Session, client: Client, task: ServiceTask, **fields: object) -> Relationship:
    relationships.confirm_legal_note(session, RegisterKind.SOCIAL_CARE)
    rel = Relationship(
        client_id=client.id or "",
        register_kind=RegisterKind.SOCIAL_CARE,
        records_kept=RecordsKept.VAKKA,
        started_on=date(2026, 3, 2),
        service_task=task,
    )
    return relationships.start_relationship(session, dataclasses.replace(rel, **fields))  # type: ignore[arg-type]


def _other(client: Client, **fields: object) -> Relationship:
    rel = Relationship(
        client_id=client.id or "",
        register_kind=RegisterKind.OTHER,
        records_kept=RecordsKept.VAKKA,
        started_on=date(2026, 3, 2),
    )
    return dataclasses.replace(rel, **fields)  # type: ignore[arg-type]


def _stored(session: Session, client: Client) -> list[Relationship]:
    return relationships.relationships_of(session, client.id or "")


def test_disability_need_ended_is_saved_for_disability(session: Session, client: Client) -> None:
    rel = _social(
        session, client, ServiceTask.DISABILITY, disability_need_ended_on=date(2026, 6, 1)
    )
    assert [r.disability_need_ended_on for r in _stored(session, client)] == [date(2026, 6, 1)]
    assert rel.id is not None


@pytest.mark.parametrize(
    ("kind", "task", "field", "value", "code"),
    [
        (
            RegisterKind.SOCIAL_CARE,
            ServiceTask.ADULT_SERVICES,
            "disability_need_ended_on",
            date(2026, 6, 1),
            "relationship.need_ended_only_disability",
        ),
        (
            RegisterKind.PATIENT,
            None,
            "disability_need_ended_on",
            date(2026, 6, 1),
            "relationship.need_ended_only_disability",
        ),
        (
            RegisterKind.SOCIAL_CARE,
            ServiceTask.DISABILITY,
            "disability_need_ended_on",
            date(2026, 3, 1),
            "relationship.need_ended_before_start",
        ),
        (
            RegisterKind.SOCIAL_CARE,
            ServiceTask.DISABILITY,
            "disability_need_ended_on",
            "future",
            "relationship.need_ended_in_future",
        ),
        (
            RegisterKind.SOCIAL_CARE,
            ServiceTask.CHILD_WELFARE,
            "family_law_child_born_on",
            date(2020, 6, 1),
            "relationship.child_born_only_family_law",
        ),
        (
            RegisterKind.OTHER,
            None,
            "family_law_child_born_on",
            date(2020, 6, 1),
            "relationship.child_born_only_family_law",
        ),
        (
            RegisterKind.SOCIAL_CARE,
            ServiceTask.FAMILY_LAW,
            "family_law_child_born_on",
            "future",
            "relationship.child_born_in_future",
        ),
        (
            RegisterKind.SOCIAL_CARE,
            ServiceTask.FAMILY_LAW,
            "other_notes_kept_by_agreement",
            True,
            "relationship.kept_by_agreement_only_other",
        ),
        (
            RegisterKind.PATIENT,
            None,
            "other_notes_kept_by_agreement",
            True,
            "relationship.kept_by_agreement_only_other",
        ),
    ],
)
def test_a_fact_where_it_does_not_apply_or_a_bad_date_is_refused(
    session: Session,
    client: Client,
    kind: RegisterKind,
    task: ServiceTask | None,
    field: str,
    value: object,
    code: str,
) -> None:
    for confirmed in (RegisterKind.PATIENT, RegisterKind.SOCIAL_CARE):
        relationships.confirm_legal_note(session, confirmed)
    if value == "future":
        value = session.today() + timedelta(days=1)
    rel = Relationship(
        client_id=client.id or "",
        register_kind=kind,
        records_kept=RecordsKept.VAKKA,
        started_on=date(2026, 3, 2),
        service_task=task,
    )
    bad = dataclasses.replace(rel, **{field: value})  # type: ignore[arg-type]
    # Starting refuses it…
    error = refused(session, lambda: relationships.save_relationship(session, bad), code)
    assert isinstance(error, ValidationError) and error.field == field
    # …and so does an edit of a saved relationship.
    saved = relationships.start_relationship(session, rel)
    edited = dataclasses.replace(saved, **{field: value})  # type: ignore[arg-type]
    refused(session, lambda: relationships.update_relationship(session, edited), code)
    assert [getattr(r, field) for r in _stored(session, client)] == [getattr(rel, field)]


def test_family_law_birth_date_and_kept_by_agreement_are_saved(
    session: Session, client: Client
) -> None:
    _social(session, client, ServiceTask.FAMILY_LAW, family_law_child_born_on=date(2019, 5, 4))
    relationships.start_relationship(session, _other(client, other_notes_kept_by_agreement=True))
    stored = _stored(session, client)
    assert [r.family_law_child_born_on for r in stored] == [date(2019, 5, 4), None]
    assert [r.other_notes_kept_by_agreement for r in stored] == [False, True]


def test_clean_clears_the_facts_that_do_not_apply() -> None:
    rel = Relationship(
        client_id="c",
        register_kind=RegisterKind.PATIENT,
        records_kept=RecordsKept.VAKKA,
        started_on=date(2026, 3, 2),
        disability_need_ended_on=date(2026, 6, 1),
        family_law_child_born_on=date(2020, 1, 1),
        other_notes_kept_by_agreement=True,
    )
    cleaned = clean_relationship_fields(rel)
    assert cleaned.disability_need_ended_on is None
    assert cleaned.family_law_child_born_on is None
    assert cleaned.other_notes_kept_by_agreement is False
    kept = clean_relationship_fields(
        dataclasses.replace(
            rel, register_kind=RegisterKind.SOCIAL_CARE, service_task=ServiceTask.DISABILITY
        )
    )
    assert kept.disability_need_ended_on == date(2026, 6, 1)
    assert kept.family_law_child_born_on is None


def test_statement_copy_only_on_statements_of_sote(
    session: Session, client: Client, patient_relationship: Relationship
) -> None:
    for kind in (NoteKind.SESSION_NOTE, NoteKind.PLAN, NoteKind.SUMMARY):
        error = refused(
            session,
            lambda kind=kind: clinical.add_note(  # type: ignore[misc]
                session, new_note(client, patient_relationship, kind=kind, statement_copy=True)
            ),
            "note.statement_copy_only_statement",
        )
        assert isinstance(error, ValidationError) and error.field == "statement_copy"
    saved = clinical.add_note(
        session,
        new_note(client, patient_relationship, kind=NoteKind.STATEMENT, statement_copy=True),
    )
    assert saved.statement_copy


def test_statement_copy_refused_for_other_relationships(session: Session, client: Client) -> None:
    rel = relationships.start_relationship(session, _other(client))
    refused(
        session,
        lambda: clinical.add_note(
            session, new_note(client, rel, kind=NoteKind.STATEMENT, statement_copy=True)
        ),
        "note.statement_copy_only_statement",
    )
