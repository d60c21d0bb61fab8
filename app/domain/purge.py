"""What the purge adds to the retention rules: the rows that go with a client's last
record, why records stay, and the digest of what went (pure; no SQL, no Qt)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from enum import StrEnum

# Relationship rows, current consents, released holds and the pseudonymous client row:
# no clock of their own, they go with the last other record of the client (RULES.md).
LINKED_RECORDS = "linked_records"
WITH_LAST_RECORD = "with_last_record"
SERVICE_TASK_PERIOD = "service_task"


class KeptReason(StrEnum):
    """Why a record whose date has come (or that a purged one leaves behind) stays."""

    LEGAL_HOLD = "legal_hold"
    OPEN_REQUEST = "open_request"
    PAYER_SNAPSHOT = "payer_snapshot"  # the invoice keeps its payer snapshot (bookkeeping)
    DISCLOSURE_RESTS_ON_CONSENT = "disclosure_rests_on_consent"
    AMENDED_BY_KEPT_ENTRY = "amended_by_kept_entry"
    NOTES_REMAIN = "notes_remain"  # the identity stays with the records
    CREDITED_BY_KEPT_NOTE = "credited_by_kept_note"  # a kept credit note cancels the invoice


def ids_digest(keys: Iterable[str]) -> str:
    """SHA-256 of the sorted "table:id" lines of what was destroyed (ids only)."""
    return hashlib.sha256("\n".join(sorted(keys)).encode("utf-8")).hexdigest()


def split_rule(rule: str) -> tuple[str, str]:
    """A purge log's rule code "<kind>:<years or service_task>" as its two parts."""
    kind, _, period = rule.partition(":")
    return kind, period
