"""The access answer (GDPR art. 15) as plain data, and the rules that shape it.

RULES.md "Access, rectification and erasure requests": the answer holds the art. 15(1)
information (a)–(h) with this client's concrete destruction dates, the art. 15(2)
statement, a copy of the data register by register, the log information, and the parts
withheld with their reasons. The content is built once (app.services.access_answer) and
written as PDF and JSON from the same object; the digest is SHA-256 of its canonical
JSON, recorded with the request.

Withholding:
- third parties' documents (703/2023 § 28(4)) are left out by default (GDPR art. 15(4));
- for a guardian's request, the records of a minor's relationship where the minor may
  decide and has not allowed disclosure to guardians are left out (the minor's
  prohibition prevails, 703/2023 §§ 34, 40, 50–51, 58);
- the practitioner may withhold a note under Tietosuojalaki § 34 (request_withheld).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any

from app.domain.delivery import LogEntry
from app.domain.disclosure_rules import minor_prohibits_guardians
from app.domain.kinds import (
    ContactLanguage,
    Controller,
    NoteKind,
    RegisterKind,
    RequestDecision,
    Requester,
    WithholdReason,
)
from app.domain.models import (
    Appointment,
    Client,
    ClinicalIdentity,
    Consent,
    ContactPerson,
    DataRequest,
    Disclosure,
    IdentityCorrection,
    Invoice,
    Note,
    PaymentCommitment,
    Practice,
    Relationship,
    WithheldPart,
)

FORMAT = "vakka-access-answer"
FORMAT_VERSION = 1
ANSWER_LANGUAGES = ("fi", "sv", "en")
# Log information older than this is given only for a special reason (703/2023 § 11).
LOG_YEARS = 2


def answer_language(client: Client, asked: str | None = None) -> str:
    """``asked`` when given, else the client's contact language, else English."""
    if asked:
        if asked not in ANSWER_LANGUAGES:
            raise ValueError(asked)
        return asked
    language = client.contact_language
    return language.value if language is not ContactLanguage.OTHER else "en"


def note_part(note_id: int) -> str:
    return f"note:{note_id}"


def relationship_part(relationship_id: int) -> str:
    return f"relationship:{relationship_id}"


@dataclass(frozen=True)
class RetentionLine:
    """One category of this client's records and when it goes: the first and last
    destruction date of its records, or why there is none yet."""

    category: str
    first_on: date | None
    last_on: date | None
    not_due: str | None  # app.domain.retention.NotDue code, when no date is known


@dataclass(frozen=True)
class Withheld:
    """A part left out of the answer, as the answer states it."""

    part: str
    reason: WithholdReason
    reasons_given: bool
    explanation: str = ""
    # What kind of record the part is (a note kind, "relationship"); shown only when
    # naming it does not defeat the restriction.
    what: str = ""
    on: date | None = None


@dataclass(frozen=True)
class RegisterRecords:
    """One register's records of the client: its relationships and what hangs on them."""

    register_kind: RegisterKind
    relationships: list[Relationship]
    service_names: dict[int, str]
    appointments: list[Appointment]
    invoices: list[Invoice]
    payment_commitments: list[PaymentCommitment]
    consents: list[Consent]
    disclosures: list[Disclosure]
    notes: list[Note]


@dataclass(frozen=True)
class AccessContent:
    """Everything the answer says; no Qt, no SQL, nothing computed at render time."""

    packet_id: str
    created_at: datetime
    lang: str
    request: DataRequest
    practice: Practice
    client: Client
    contact_persons: list[ContactPerson]
    registers: list[RegisterRecords]
    identity: ClinicalIdentity | None
    hetu_included: bool
    identity_corrections: list[IdentityCorrection]
    earlier_requests: list[DataRequest]
    log: list[LogEntry]
    log_since: date
    retention: list[RetentionLine]
    recipients: list[str]
    sources: list[tuple[str, str]]  # (DataSource code, name)
    withheld: list[Withheld]
    # Counties that control some of the client's records: the request is forwarded to them.
    forwarded_to: list[str] = field(default_factory=list)
    # Every relationship the request concerns is county-controlled: this is the letter to
    # the county with the data, not an answer to the client (``registers`` hold the
    # county's records).
    forwarding: bool = False

    @property
    def decision(self) -> RequestDecision:
        return decision_for(self)

    @property
    def all_relationships(self) -> list[Relationship]:
        return [rel for register in self.registers for rel in register.relationships]

    @property
    def note_count(self) -> int:
        return sum(len(register.notes) for register in self.registers)


def decision_for(content: AccessContent) -> RequestDecision:
    if content.forwarding:
        return RequestDecision.FORWARDED
    if not content.withheld:
        return RequestDecision.GRANTED
    return RequestDecision.PARTLY_REFUSED


def guardian_excluded(request: DataRequest, rel: Relationship) -> bool:
    """A guardian does not get a minor's records the minor has not allowed them to see."""
    return request.requester is Requester.GUARDIAN and minor_prohibits_guardians(rel)


def in_scope(request: DataRequest, rel: Relationship) -> bool:
    """The relationship belongs to a register the request concerns."""
    kinds = request.register_kinds
    return not kinds or rel.register_kind in kinds


def practice_controlled(rels: Iterable[Relationship]) -> list[Relationship]:
    return [rel for rel in rels if rel.controller is Controller.PRACTICE]


def automatic_withholding(
    request: DataRequest, relationships: Sequence[Relationship], notes: Sequence[Note]
) -> list[Withheld]:
    """What the rules leave out without the practitioner choosing: a minor's prohibited
    relationship for a guardian, third parties' documents."""
    withheld: list[Withheld] = []
    for rel in relationships:
        if guardian_excluded(request, rel) and rel.id is not None:
            withheld.append(
                Withheld(
                    relationship_part(rel.id),
                    WithholdReason.MINOR_PROHIBITION,
                    True,
                    rel.minor_prohibition_reasons,
                    "relationship",
                    rel.started_on,
                )
            )
    for note in notes:
        if note.kind is NoteKind.THIRD_PARTY_DOCUMENT and note.id is not None:
            withheld.append(
                Withheld(
                    note_part(note.id),
                    WithholdReason.THIRD_PARTY,
                    True,
                    "",
                    note.kind.value,
                    note.written_at.date(),
                )
            )
    return withheld


def chosen_withholding(parts: Sequence[WithheldPart], notes: Sequence[Note]) -> list[Withheld]:
    """The practitioner's own choices (Tietosuojalaki § 34), as the answer states them."""
    by_part = {note_part(n.id): n for n in notes if n.id is not None}
    result = []
    for part in parts:
        note = by_part.get(part.part)
        result.append(
            Withheld(
                part.part,
                part.reason,
                part.reasons_given,
                part.explanation,
                note.kind.value if note else "",
                note.written_at.date() if note else None,
            )
        )
    return result


def withheld_parts(withheld: Sequence[Withheld]) -> frozenset[str]:
    return frozenset(w.part for w in withheld)


def visible_notes(notes: Sequence[Note], withheld: frozenset[str]) -> list[Note]:
    """The notes the answer shows: a withheld note and its amendments are left out."""
    hidden = {n.id for n in notes if n.id is not None and note_part(n.id) in withheld}
    return [n for n in notes if n.id not in hidden and n.amends_id not in hidden]


def ombudsman_letter_needed(content: AccessContent) -> bool:
    """The client may ask that § 34 withheld information go to the Ombudsman (§ 34(4))."""
    return any(
        w.reason in (WithholdReason.HEALTH_OR_CARE, WithholdReason.RIGHTS_OF_OTHERS)
        for w in content.withheld
    )


# --- the canonical JSON and its digest ---------------------------------------------------


def plain(value: Any) -> Any:
    """Dataclasses, enums, dates and collections as JSON-ready values (ISO dates)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(plain(k)): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | frozenset | set):
        items = [plain(v) for v in value]
        return sorted(items) if isinstance(value, frozenset | set) else items
    return value


def content_dict(content: AccessContent) -> dict[str, Any]:
    """The answer's content with documented field names (docs/access_answer.md)."""
    data = plain(content)
    identity = data.get("identity")
    if identity is not None and not content.hetu_included:
        identity["hetu"] = None
    if not content.hetu_included:
        for correction in data["identity_corrections"]:
            if correction["field"] == "hetu":
                correction["old_value"] = correction["new_value"] = None
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "decision": decision_for(content).value,
        **data,
    }


def canonical_json(content: AccessContent) -> bytes:
    """Sorted keys, no insignificant whitespace, UTF-8: the bytes the digest is over."""
    return json.dumps(
        content_dict(content), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode("utf-8")


def content_digest(content: AccessContent) -> str:
    return hashlib.sha256(canonical_json(content)).hexdigest()


def readable_json(content: AccessContent, digest: str) -> bytes:
    """The JSON file given to the client: the same content, indented, with its digest."""
    data = {**content_dict(content), "digest_sha256": digest}
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
