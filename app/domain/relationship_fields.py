"""Which fields of a client relationship apply, by its kind and state (RULES.md).

A relationship's form shows some fields only when they apply; what was typed in a field
that does not apply is not kept. The service applies this after its checks, whoever calls
it (GUI, CLI, import); the relationship dialog uses it too, so the two never differ.
"""

from __future__ import annotations

import dataclasses

from app.domain.kinds import Controller, RecordsKept, RegisterKind
from app.domain.models import Relationship


def clean_relationship_fields(rel: Relationship) -> Relationship:
    """A copy of ``rel`` without the values of fields that do not apply, text stripped.

    - service task: social care only (it decides the retention of the records);
    - wellbeing services county: only when the county is the controller;
    - location or system of the records: only when they are kept outside Vakka;
    - explicit consent to health data (GDPR art. 9(2)(a)): `other` services only;
    - a minor's decisions: only for a minor; the reasons for a prohibition only when
      the minor has prohibited disclosure to the guardians.
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
    )
