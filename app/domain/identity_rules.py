"""The identity kept with the records: who may have a hetu, and how an identity is corrected.

Tietosuojalaki 1050/2018 § 29 and RULES.md: a personal identity code is collected only
where the register needs it, that is for patient and social care records (703/2023
§ 27: those records carry the name and the hetu). Services outside social and health
care (``other``) keep a name and dates but no hetu.

Every change of an identity is a correction that keeps the old value readable (the
practice of decree 94/2022 § 20): ``correct_identity`` computes the corrected identity
and the corrections to record, one per changed part. A hetu that gives another birth
date corrects the birth date too, so both corrections are recorded.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Final

from app.domain.errors import ValidationError
from app.domain.hetu import parse_hetu
from app.domain.kinds import RegisterKind
from app.domain.models import ClinicalIdentity
from app.domain.validation import (
    parse_date,
    validate_birth_date,
    validate_death_date,
    validate_name,
)

# The registers whose records carry the hetu (703/2023 § 27).
HETU_REGISTERS: Final = frozenset({RegisterKind.PATIENT, RegisterKind.SOCIAL_CARE})

# The parts of an identity that can be corrected (the stored column names).
CORRECTABLE_FIELDS: Final = ("name_as_recorded", "hetu", "birth_date", "death_date")


@dataclass(frozen=True)
class FieldChange:
    """One part of an identity changed: the values as stored (text), old None when added."""

    field: str
    old_value: str | None
    new_value: str | None


def check_hetu_allowed(register_kinds: Collection[RegisterKind]) -> None:
    """Refuse a hetu unless the client has (or had) a patient or social care relationship."""
    if not HETU_REGISTERS & set(register_kinds):
        raise ValidationError("identity.hetu_not_needed", field="hetu")


def _text(value: date | str | None) -> str | None:
    if isinstance(value, date):
        return value.isoformat()
    return value


def _check_death_after_birth(identity: ClinicalIdentity, field: str) -> None:
    death, birth = identity.death_date, identity.birth_date
    if death is not None and birth is not None and death < birth:
        raise ValidationError("date.death_before_birth", field=field)


def _with_hetu(identity: ClinicalIdentity, text: str, today: date) -> ClinicalIdentity:
    parsed = parse_hetu(text)
    birth = validate_birth_date(parsed.birth_date, today, "hetu")
    return dataclasses.replace(
        identity, hetu=parsed.code, hetu_temporary=parsed.temporary, birth_date=birth
    )


def _with_birth_date(identity: ClinicalIdentity, text: str, today: date) -> ClinicalIdentity:
    birth = validate_birth_date(parse_date(text, "birth_date"), today)
    if identity.hetu and parse_hetu(identity.hetu).birth_date != birth:
        # The hetu holds the birth date: correct the hetu instead.
        raise ValidationError("identity.birth_date_mismatch", field="birth_date")
    return dataclasses.replace(identity, birth_date=birth)


def _with_death_date(identity: ClinicalIdentity, text: str, today: date) -> ClinicalIdentity:
    death = validate_death_date(parse_date(text, "death_date"), identity.birth_date, today)
    return dataclasses.replace(identity, death_date=death)


def _with_name(identity: ClinicalIdentity, text: str, _today: date) -> ClinicalIdentity:
    return dataclasses.replace(identity, name_as_recorded=validate_name(text, "name_as_recorded"))


_CORRECTIONS: Final = {
    "name_as_recorded": _with_name,
    "hetu": _with_hetu,
    "birth_date": _with_birth_date,
    "death_date": _with_death_date,
}


def correct_identity(
    identity: ClinicalIdentity, field: str, new_value: str, today: date
) -> tuple[ClinicalIdentity, list[FieldChange]]:
    """The corrected identity and the changes to record, in the order of CORRECTABLE_FIELDS.

    A hetu correction that gives another birth date also changes the birth date (two
    changes). A correction that changes nothing is refused, so that every correction
    row records a real change.
    """
    correct = _CORRECTIONS.get(field)
    if correct is None:
        raise ValidationError("identity.field_unknown", field=field)
    corrected = correct(identity, new_value, today)
    _check_death_after_birth(corrected, field)
    changes = [
        FieldChange(name, _text(getattr(identity, name)), _text(getattr(corrected, name)))
        for name in CORRECTABLE_FIELDS
        if getattr(identity, name) != getattr(corrected, name)
    ]
    if not changes:
        raise ValidationError("identity.correction_unchanged", field=field)
    return corrected, changes
