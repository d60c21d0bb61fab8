"""Checks on clients and client relationships before they are saved (RULES.md)."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from datetime import date

from app.domain.errors import ValidationError
from app.domain.kinds import Controller, RecordsKept, RegisterKind
from app.domain.models import Client, Relationship
from app.domain.relationship_fields import (
    child_born_applies,
    disability_need_ended_applies,
    kept_by_agreement_applies,
)
from app.domain.validation import (
    validate_email,
    validate_name,
    validate_period,
    validate_phone,
    validate_postal_code,
)


def clean_client(client: Client) -> Client:
    """A copy with names normalized and optional contact fields validated."""
    first = validate_name(client.first_name, "first_name") if client.first_name.strip() else ""
    last = validate_name(client.last_name, "last_name") if client.last_name.strip() else ""
    nick = validate_name(client.nickname, "nickname") if client.nickname.strip() else ""
    if not (first or last or nick):
        raise ValidationError("client.name_required", field="last_name")
    email = validate_email(client.email) if client.email.strip() else ""
    phone = validate_phone(client.phone) if client.phone.strip() else ""
    postal = validate_postal_code(client.postal_code) if client.postal_code.strip() else ""
    return dataclasses.replace(
        client,
        first_name=first,
        last_name=last,
        nickname=nick,
        email=email,
        phone=phone,
        postal_code=postal,
        street_address=client.street_address.strip(),
        city=client.city.strip(),
        municipality=client.municipality.strip(),
    )


def notes_need_confirmation(kind: RegisterKind) -> bool:
    """Notes of sote relationships are kept in Vakka only after the legal note is confirmed."""
    return kind in (RegisterKind.PATIENT, RegisterKind.SOCIAL_CARE)


def check_relationship(
    rel: Relationship, today: date, confirmed_kinds: Collection[RegisterKind]
) -> Relationship:
    """Raise ValidationError when the relationship breaks a rule; return it otherwise."""
    if rel.register_kind is RegisterKind.SOCIAL_CARE and rel.service_task is None:
        raise ValidationError("relationship.service_task_required", field="service_task")
    if rel.register_kind is not RegisterKind.SOCIAL_CARE and rel.service_task is not None:
        raise ValidationError("relationship.service_task_only_social_care", field="service_task")
    if rel.controller is Controller.COUNTY and not rel.county_name.strip():
        raise ValidationError("relationship.county_name_required", field="county_name")
    validate_period(rel.started_on, rel.ended_on, field="ended_on")
    if rel.started_on > today:
        raise ValidationError("relationship.start_in_future", field="started_on")
    if rel.ended_on is not None and rel.ended_on > today:
        raise ValidationError("relationship.end_in_future", field="ended_on")
    if rel.ended_on is not None and not rel.end_reason.strip():
        # 703/2023 § 38: the end of a relationship is recorded with its reason.
        raise ValidationError("relationship.end_reason_required", field="end_reason")
    if (
        rel.records_kept is RecordsKept.VAKKA
        and notes_need_confirmation(rel.register_kind)
        and rel.register_kind not in confirmed_kinds
    ):
        raise ValidationError("relationship.notes_need_confirmation", field="records_kept")
    if rel.records_kept is not RecordsKept.VAKKA and not rel.records_location.strip():
        raise ValidationError("relationship.records_location_required", field="records_location")
    if (
        rel.register_kind is RegisterKind.SOCIAL_CARE
        and rel.minor
        and rel.minor_allows_guardian_disclosure is False
        and not rel.minor_prohibition_reasons.strip()
    ):
        # In social care a minor's prohibition is recorded with its reasons (703/2023 § 58).
        raise ValidationError(
            "relationship.minor_prohibition_reasons_required", field="minor_prohibition_reasons"
        )
    if rel.privacy_notice_given_on is not None and rel.privacy_notice_given_on > today:
        raise ValidationError("relationship.notice_date_in_future", field="privacy_notice_given_on")
    check_retention_facts(rel, today)
    return rel


def check_retention_facts(rel: Relationship, today: date) -> None:
    """The facts the retention clocks need (RULES.md, Retention), each only where it applies:
    the date a disability service need ended (not in the future, not before the start),
    a family-law case's child birth date (not in the future), and `other` notes kept by
    agreement."""
    ended = rel.disability_need_ended_on
    if ended is not None:
        if not disability_need_ended_applies(rel.register_kind, rel.service_task):
            raise ValidationError(
                "relationship.need_ended_only_disability", field="disability_need_ended_on"
            )
        if ended > today:
            raise ValidationError(
                "relationship.need_ended_in_future", field="disability_need_ended_on"
            )
        if ended < rel.started_on:
            raise ValidationError(
                "relationship.need_ended_before_start", field="disability_need_ended_on"
            )
    born = rel.family_law_child_born_on
    if born is not None:
        if not child_born_applies(rel.register_kind, rel.service_task):
            raise ValidationError(
                "relationship.child_born_only_family_law", field="family_law_child_born_on"
            )
        if born > today:
            raise ValidationError(
                "relationship.child_born_in_future", field="family_law_child_born_on"
            )
    if rel.other_notes_kept_by_agreement and not kept_by_agreement_applies(rel.register_kind):
        raise ValidationError(
            "relationship.kept_by_agreement_only_other", field="other_notes_kept_by_agreement"
        )


def check_relationship_change(old: Relationship, new: Relationship, has_records: bool) -> None:
    """Raise ValidationError when an edit would break a rule of an existing relationship.

    Re-opening an ended relationship is starting a new one. Once the relationship has
    records (notes, appointments, invoices, consents…), its register kind and service
    task stay: they decide the register and the retention of those records (703/2023
    § 18), so the right relationship is started instead.
    """
    if old.ended_on is not None and new.ended_on is None:
        raise ValidationError("relationship.cannot_reopen", field="ended_on")
    kind_changes = (old.register_kind, old.service_task) != (new.register_kind, new.service_task)
    if kind_changes and has_records:
        raise ValidationError("relationship.kind_fixed", field="register_kind")
