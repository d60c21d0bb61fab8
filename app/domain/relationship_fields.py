"""Which fields of a client relationship apply, by its kind and state (RULES.md).

A relationship's form shows some fields only when they apply; what was typed in a field
that does not apply is not kept. The service applies this after its checks, whoever calls
it (GUI, CLI, import); the relationship dialog uses it too, so the two never differ.
"""

from __future__ import annotations

import dataclasses

from app.domain.kinds import Controller, NoteKind, RecordsKept, RegisterKind, ServiceTask
from app.domain.models import Relationship


def disability_need_ended_applies(kind: RegisterKind, task: ServiceTask | None) -> bool:
    """The date the disability service need ended: social care, service task disability
    (the clock of its records starts at the last case closed after the need ended)."""
    return kind is RegisterKind.SOCIAL_CARE and task is ServiceTask.DISABILITY


def child_born_applies(kind: RegisterKind, task: ServiceTask | None) -> bool:
    """The child's birth date: social care, service task family law (the clock starts
    at the child's birth)."""
    return kind is RegisterKind.SOCIAL_CARE and task is ServiceTask.FAMILY_LAW


def kept_by_agreement_applies(kind: RegisterKind) -> bool:
    """Notes kept after the end by agreement with the client: `other` services only."""
    return kind is RegisterKind.OTHER


def statement_copy_applies(register_kind: RegisterKind, note_kind: NoteKind) -> bool:
    """A copy of a statement written for others (kept 5 years, `statement_copies`):
    statement entries of patient and social care relationships only."""
    return note_kind is NoteKind.STATEMENT and register_kind in (
        RegisterKind.PATIENT,
        RegisterKind.SOCIAL_CARE,
    )


def clean_relationship_fields(rel: Relationship) -> Relationship:
    """A copy of ``rel`` without the values of fields that do not apply, text stripped.

    - service task: social care only (it decides the retention of the records);
    - wellbeing services county: only when the county is the controller;
    - location or system of the records: only when they are kept outside Vakka;
    - explicit consent to health data (GDPR art. 9(2)(a)): `other` services only;
    - a minor's decisions: only for a minor; the reasons for a prohibition only when
      the minor has prohibited disclosure to the guardians;
    - the date the disability service need ended: social care, service task disability;
    - the child's birth date: social care, service task family law;
    - notes kept by agreement after the end: `other` services only.
    """
    minor = rel.minor
    allows = rel.minor_allows_guardian_disclosure if minor else None
    return dataclasses.replace(
        rel,
        service_task=rel.service_task if rel.register_kind is RegisterKind.SOCIAL_CARE else None,
        county_name=rel.county_name.strip() if rel.controller is Controller.COUNTY else "",
        records_location=(
            rel.records_location.strip() if rel.records_kept is not RecordsKept.VAKKA else ""
        ),
        health_data_consent_on=(
            rel.health_data_consent_on if rel.register_kind is RegisterKind.OTHER else None
        ),
        minor_can_decide=rel.minor_can_decide if minor else None,
        minor_allows_guardian_disclosure=allows,
        minor_prohibition_reasons=rel.minor_prohibition_reasons.strip() if allows is False else "",
        disability_need_ended_on=(
            rel.disability_need_ended_on
            if disability_need_ended_applies(rel.register_kind, rel.service_task)
            else None
        ),
        family_law_child_born_on=(
            rel.family_law_child_born_on
            if child_born_applies(rel.register_kind, rel.service_task)
            else None
        ),
        other_notes_kept_by_agreement=(
            rel.other_notes_kept_by_agreement and kept_by_agreement_applies(rel.register_kind)
        ),
    )
