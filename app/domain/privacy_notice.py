"""The privacy notice (tietosuojaseloste) of one register kind, as plain data (issue 14).

Generated from the practice settings, the services and the retention table, so that it
says what the program really does: the periods are the practice's policy in force, each
with its rule. The practitioner may add a text of their own to any section.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Final

from app.domain.kinds import RegisterKind, ServiceTask
from app.domain.models import Practice
from app.domain.retention import (
    RULES,
    SOCIAL_CARE_TASKS,
    Category,
    ClockStart,
    Policy,
    RuleKind,
)

# The sections, in the order the notice gives them (GDPR art. 13).
SECTIONS: Final[tuple[str, ...]] = (
    "controller",
    "purposes",
    "legal_bases",
    "categories",
    "sources",
    "recipients",
    "transfers",
    "retention",
    "required",
    "rights",
    "complaint",
    "automated",
    "protection",
)

# The retention categories each register kind's records fall into.
REGISTER_CATEGORIES: Final[Mapping[RegisterKind, tuple[Category, ...]]] = MappingProxyType(
    {
        RegisterKind.PATIENT: (
            Category.CONTACT_DETAILS,
            Category.APPOINTMENTS_PATIENT,
            Category.PATIENT_RECORDS,
            Category.STATEMENT_COPIES,
            Category.SUPERSEDED_CONSENTS,
            Category.BOOKKEEPING,
            Category.PAYMENT_COMMITMENTS,
            Category.REQUESTS,
            Category.AUDIT_LOG,
        ),
        RegisterKind.SOCIAL_CARE: (
            Category.CONTACT_DETAILS,
            Category.APPOINTMENTS_OTHER,
            Category.SOCIAL_CARE_RECORDS,
            Category.SUPERSEDED_CONSENTS,
            Category.BOOKKEEPING,
            Category.PAYMENT_COMMITMENTS,
            Category.REQUESTS,
            Category.AUDIT_LOG,
        ),
        RegisterKind.OTHER: (
            Category.CONTACT_DETAILS,
            Category.APPOINTMENTS_OTHER,
            Category.OTHER_NOTES,
            Category.SUPERSEDED_CONSENTS,
            Category.BOOKKEEPING,
            Category.REQUESTS,
            Category.AUDIT_LOG,
        ),
    }
)


@dataclass(frozen=True)
class RetentionRow:
    category: Category
    years: int
    kind: RuleKind
    clock: ClockStart


@dataclass(frozen=True)
class NoticeContent:
    register_kind: RegisterKind
    lang: str
    made_on: date
    practice: Practice
    service_names: list[str]
    service_tasks: list[tuple[ServiceTask, int]]  # social care: each task and its years
    retention: list[RetentionRow]
    data_protection_officer: str = ""  # only if one is appointed
    own_texts: Mapping[str, str] = field(default_factory=dict)  # section -> the practice's text


def retention_rows(kind: RegisterKind, policy: Policy) -> list[RetentionRow]:
    """The register kind's categories with the periods in force (the practice's choices)."""
    return [
        RetentionRow(c, policy.years_for(c), RULES[c].kind, RULES[c].clock)
        for c in REGISTER_CATEGORIES[kind]
    ]


def social_care_tasks(tasks: set[ServiceTask]) -> list[tuple[ServiceTask, int]]:
    return [(task, SOCIAL_CARE_TASKS[task][0]) for task in ServiceTask if task in tasks]


def check_section(section: str) -> None:
    from app.domain.errors import ValidationError

    if section not in SECTIONS:
        raise ValidationError("privacy_notice.unknown_section", field="section")
