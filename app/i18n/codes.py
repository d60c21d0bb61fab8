"""Labels of the codes the stores hold (kinds, purposes, categories), in fi, sv and en.

The stores hold codes, never words of one language; the layer that shows a code (GUI,
CLI, PDF) gets its label here in the reader's language.
"""

from __future__ import annotations

from app.domain.kinds import LogPurpose, RemovedContentKind
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
