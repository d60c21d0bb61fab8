"""What a disclosure may rest on (RULES.md, "Consents, permissions and prohibitions").

Pure functions over the domain's records; the consents service calls them with what it
read from the stores and refuses (nothing recorded) when one raises.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.domain.errors import ValidationError
from app.domain.kinds import ConsentKind, RegisterKind
from app.domain.models import Consent, Disclosure, Relationship


def check_consent_basis(disclosure: Disclosure, consent: Consent) -> None:
    """A disclosure rests only on a consent or permission in force on its date.

    A prohibition forbids; a withdrawn consent and an earlier version (superseded by a
    newer one, 703/2023 § 58(3)) no longer permit anything.
    """
    if consent.kind is ConsentKind.PROHIBITION:
        raise ValidationError("disclosure.consent_is_prohibition", field="consent_id")
    if not consent.current:
        raise ValidationError("disclosure.consent_superseded", field="consent_id")
    if consent.withdrawn_on is not None:
        raise ValidationError("disclosure.consent_withdrawn", field="consent_id")
    if consent.given_on > disclosure.disclosed_on:
        raise ValidationError("disclosure.consent_after_disclosure", field="consent_id")


def minor_prohibits_guardians(rel: Relationship) -> bool:
    """A minor client who has prohibited disclosure to their guardians (§§ 34, 40, 50–51, 58)."""
    return rel.minor and rel.minor_allows_guardian_disclosure is False


def check_recipient_and_register(
    disclosure: Disclosure, relationships: Sequence[Relationship]
) -> None:
    """Rules that depend on the relationship the disclosure is made from.

    ``relationships`` are the disclosure's own relationship, or every relationship of
    the client when it names none.
    """
    if disclosure.to_guardian and any(minor_prohibits_guardians(r) for r in relationships):
        # The minor's prohibition prevails over the guardian's right to information.
        raise ValidationError("disclosure.minor_prohibits_guardians", field="to_guardian")
    others = [r for r in relationships if r.register_kind is RegisterKind.OTHER]
    only_other = bool(others) and len(others) == len(relationships)
    if disclosure.health_data and only_other and not _health_consent_by(others, disclosure):
        # Services outside social and health care hold health information only with the
        # client's explicit consent (GDPR art. 9(2)(a)).
        raise ValidationError("disclosure.health_consent_required", field="health_data")


def _health_consent_by(relationships: Sequence[Relationship], disclosure: Disclosure) -> bool:
    return any(
        r.health_data_consent_on is not None and r.health_data_consent_on <= disclosure.disclosed_on
        for r in relationships
    )
