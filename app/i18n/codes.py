"""Labels of the codes the stores hold (kinds, purposes, categories), in fi, sv and en.

The stores hold codes, never words of one language; the layer that shows a code (GUI,
CLI, PDF) gets its label here in the reader's language.
"""

from __future__ import annotations

from app.domain.kinds import LogPurpose, RemovedContentKind
from app.domain.purge import (
    LINKED_RECORDS,
    SERVICE_TASK_PERIOD,
    WITH_LAST_RECORD,
    KeptReason,
    split_rule,
)
from app.domain.retention import Category, RuleKind
from app.i18n import N_, tr

REMOVED_CONTENT_LABELS: dict[RemovedContentKind, str] = {
    RemovedContentKind.UNNECESSARY: N_("Unnecessary information"),
    RemovedContentKind.THIRD_PARTY: N_("Information about a third party"),
    RemovedContentKind.OTHER_CLIENT: N_("Information about another client"),
    RemovedContentKind.WRONG: N_("Wrong or mistaken information"),
}

LOG_PURPOSE_LABELS: dict[LogPurpose, str] = {
    LogPurpose.CARE: N_("Care"),
    LogPurpose.STATEMENT: N_("Statement"),
    LogPurpose.DISCLOSURE: N_("Disclosure"),
    LogPurpose.EXPORT: N_("Export"),
    LogPurpose.BACKUP: N_("Backup"),
    LogPurpose.SECURITY: N_("Data security"),
    LogPurpose.RETENTION: N_("Retention and destruction"),
}


# The use and disclosure log's actions (AuditEvent.action), for the reader.
LOG_ACTION_LABELS: dict[str, str] = {
    "client.open": N_("Client record opened"),
    "hetu.reveal": N_("Personal identity code shown"),
    "identity.search": N_("Found by identity code or birth date"),
    "identity.birth_years_listed": N_("Birth years shown in the client list"),
    "notes.view": N_("Notes viewed"),
    "note.write": N_("Note written"),
    "note.amend": N_("Note amended"),
    "note.remove": N_("Note content removed"),
    "disclosure": N_("Data disclosed"),
    "hold.place": N_("Legal hold placed"),
    "hold.release": N_("Legal hold released"),
    "export": N_("Exported"),
    "print": N_("Printed"),
    "county_delivery.confirm": N_("Delivery to the county confirmed"),
    "appointment.cancel": N_("Appointment cancelled"),
    "appointment.series": N_("Series of appointments booked"),
    "invoice.send": N_("Invoice sent"),
    "invoice.credit": N_("Credit note made"),
}


def log_action_label(action: str, lang: str) -> str:
    """The label of a log row's action (the code itself when this version does not know it)."""
    template = LOG_ACTION_LABELS.get(action)
    return tr(lang).gettext(template) if template else action


def removed_content_label(stored: str | None, lang: str) -> str:
    """The label of a removal marker's content kind; a description written before codes
    (schema 3 maps the known ones) is shown as it was written."""
    if not stored:
        return ""
    try:
        return tr(lang).gettext(REMOVED_CONTENT_LABELS[RemovedContentKind(stored)])
    except ValueError:
        return stored


def log_purpose_label(stored: str, lang: str) -> str:
    """The label of a use-log purpose (the code itself when this version does not know it)."""
    try:
        return tr(lang).gettext(LOG_PURPOSE_LABELS[LogPurpose(stored)])
    except ValueError:
        return stored


# --- retention categories, their sources and rules; why records stay -----------------------

CATEGORY_LABELS: dict[str, str] = {
    Category.CONTACT_DETAILS: N_("Contact details"),
    Category.APPOINTMENTS_OTHER: N_("Appointments (social care and other services)"),
    Category.APPOINTMENTS_PATIENT: N_("Appointments of patients"),
    Category.BOOKKEEPING: N_("Bookkeeping"),
    Category.PAYMENT_COMMITMENTS: N_("Payment commitments"),
    Category.PATIENT_RECORDS: N_("Patient records"),
    Category.STATEMENT_COPIES: N_("Copies of certificates and statements"),
    Category.SOCIAL_CARE_RECORDS: N_("Social care client records"),
    Category.SUPERSEDED_CONSENTS: N_("Earlier versions of consents"),
    Category.OTHER_NOTES: N_("Notes of other services"),
    Category.REQUESTS: N_("Access, rectification and erasure requests"),
    Category.AUDIT_LOG: N_("Use log and disclosure log"),
    Category.PURGE_RECORDS: N_("Purge records"),
    LINKED_RECORDS: N_("Relationships, current consents and legal holds"),
}

# The source of each rule (app.domain.retention.RULES), for the reader.
CATEGORY_SOURCES: dict[str, str] = {
    Category.CONTACT_DETAILS: N_(
        "Reference privacy notice 000: at the latest two years after the client relationship ends"
    ),
    Category.APPOINTMENTS_OTHER: N_("Reference privacy notice 000"),
    Category.APPOINTMENTS_PATIENT: N_("Act 703/2023, appendix (appointment documents)"),
    Category.BOOKKEEPING: N_(
        "Accounting Act 1336/1997, chapter 2, section 10(2); seven years is the practice's choice"
    ),
    Category.PAYMENT_COMMITMENTS: N_("The practice's choice; accounting material"),
    Category.PATIENT_RECORDS: N_(
        "Act 703/2023, appendix (12 years after death, otherwise 120 years after birth)"
    ),
    Category.STATEMENT_COPIES: N_("Act 703/2023, appendix (copies of certificates and statements)"),
    Category.SOCIAL_CARE_RECORDS: N_("Act 703/2023, appendix (by service task)"),
    Category.SUPERSEDED_CONSENTS: N_("Act 703/2023, appendix"),
    Category.OTHER_NOTES: N_(
        "Reference privacy notice 000 (destroyed at the end unless agreed otherwise)"
    ),
    Category.REQUESTS: N_("Accountability, GDPR article 5(2)"),
    Category.AUDIT_LOG: N_("Act 703/2023, appendix (logs 12 years)"),
    Category.PURGE_RECORDS: N_("Accountability; they hold no personal data"),
    LINKED_RECORDS: N_("No period of their own: they go with the client's last other record"),
}

RULE_KIND_LABELS: dict[str, str] = {
    RuleKind.STATUTORY_EXACT: N_("Set by law, exact"),
    RuleKind.POLICY_WITH_FLOOR: N_("The practice's policy, with a legal minimum"),
    RuleKind.POLICY: N_("The practice's policy"),
    RuleKind.KEPT: N_("Kept"),
    WITH_LAST_RECORD: N_("With the client's last record"),
}

KEPT_REASON_LABELS: dict[KeptReason, str] = {
    KeptReason.LEGAL_HOLD: N_("Legal hold"),
    KeptReason.OPEN_REQUEST: N_("Open access, rectification or erasure request"),
    KeptReason.PAYER_SNAPSHOT: N_("Invoices kept for bookkeeping with their payer details"),
    KeptReason.DISCLOSURE_RESTS_ON_CONSENT: N_("A disclosure that is kept rests on the consent"),
    KeptReason.AMENDED_BY_KEPT_ENTRY: N_("An entry that is kept amends it"),
    KeptReason.NOTES_REMAIN: N_("The identity stays with the records that are kept"),
    KeptReason.CREDITED_BY_KEPT_NOTE: N_("A credit note kept for bookkeeping cancels it"),
}


def category_label(category: str, lang: str) -> str:
    text = CATEGORY_LABELS.get(category)
    return tr(lang).gettext(text) if text else category


def category_source(category: str, lang: str) -> str:
    text = CATEGORY_SOURCES.get(category)
    return tr(lang).gettext(text) if text else ""


def rule_label(rule: str, lang: str) -> str:
    """A purge log's rule code ("statutory_exact:12") in the reader's language."""
    translation = tr(lang)
    kind, period = split_rule(rule)
    kind_text = RULE_KIND_LABELS.get(kind)
    parts = [translation.gettext(kind_text) if kind_text else kind]
    if period == SERVICE_TASK_PERIOD:
        parts.append(translation.gettext("by service task"))
    elif period.isdigit() and kind != WITH_LAST_RECORD:
        years = int(period)
        parts.append(
            translation.ngettext("{years} year", "{years} years", years).format(years=years)
        )
    return ", ".join(parts)


def kept_reason_label(reason: KeptReason, lang: str) -> str:
    return tr(lang).gettext(KEPT_REASON_LABELS[reason])
