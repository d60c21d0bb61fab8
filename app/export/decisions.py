"""Decisions on requests as PDF, in the client's language (RULES.md, requests; issue 10).

- The notice of refusal of a request as a whole (GDPR art. 12(4)–(5)).
- The answer to a request for log information on its own, or the written decision that
  refuses it (703/2023 § 11).
- The rectification decision: what was corrected, or why not (GDPR art. 16; a refusal
  names the remedies).
- The erasure answer: what was erased (by the purge, with its record) and what had to be
  kept, with the legal ground of each (art. 17(3)(b)).
- The printout of the client's consents, permissions and prohibitions with every version
  (703/2023 § 58(3)).
Each names the request's reference and dates; none carries the hetu.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from app.domain.delivery import LogEntry
from app.domain.models import Client, Consent, DataRequest, Practice
from app.export.letters import LetterWriter
from app.export.pdf_base import render_pdf
from app.i18n import N_, tr
from app.i18n.codes import category_label, category_source
from app.i18n.kind_labels import kind_label

REFUSAL_TITLE = N_("Decision: your request is refused")
LOG_TITLE = N_("Log information")
LOG_REFUSAL_TITLE = N_("Decision on your request for log information")
RECTIFICATION_TITLE = N_("Decision on your request for rectification")
ERASURE_TITLE = N_("Answer to your request for erasure")
CONSENTS_TITLE = N_("Your consents, permissions and prohibitions")


@dataclass(frozen=True)
class LetterHead:
    """Who writes to whom, about which request, when; no identity code."""

    practice: Practice
    client: Client
    request: DataRequest | None
    lang: str
    created_at: datetime
    addressee: str = ""  # a guardian or representative; the client when empty


@dataclass(frozen=True)
class ErasedCategory:
    category: str
    count: int


@dataclass(frozen=True)
class KeptCategory:
    category: str
    until: date | None  # the first day it may be destroyed, when known


@dataclass(frozen=True)
class ErasureResult:
    erased: list[ErasedCategory] = field(default_factory=list)
    kept: list[KeptCategory] = field(default_factory=list)
    purged_at: str = ""  # the purge record's time (ISO): the record holds no names


class _Decision(LetterWriter):
    def __init__(self, head: LetterHead) -> None:
        super().__init__(head.practice, head.lang, head.created_at)
        self.head = head

    def opening(self, title: str) -> None:
        client = self.head.client
        self.letterhead()
        self.address(
            [
                self.head.addressee or client.display_name,
                client.street_address,
                " ".join(x for x in (client.postal_code, client.city) if x),
            ]
        )
        self.title(self._(title))
        request = self.head.request
        if request is not None:
            _ = self._
            self.pairs(
                [
                    (_("Request"), kind_label(request.kind, self.lang)),
                    (_("Your request received"), request.received_on),
                    (_("Reference"), request.reference),
                    (_("Date of this decision"), self.created_at.date()),
                ]
            )


def _render(writer: _Decision, title: str) -> bytes:
    return render_pdf(writer.story, title=tr(writer.lang).gettext(title), lang=writer.lang)


def render_refusal(head: LetterHead, reasons: str) -> bytes:
    _ = tr(head.lang).gettext
    w = _Decision(head)
    w.opening(REFUSAL_TITLE)
    w.para(
        _(
            "Your request is refused as manifestly unfounded or excessive (GDPR Article "
            "12(5)). The reasons:"
        )
    )
    w.para(reasons)
    w.remedies()
    w.signature(page_break=False)
    return _render(w, REFUSAL_TITLE)


def render_log_information(
    head: LetterHead, rows: Sequence[LogEntry], since: date, refused_reason: str = ""
) -> bytes:
    """The log information asked for on its own, or the written decision refusing it."""
    _ = tr(head.lang).gettext
    w = _Decision(head)
    if refused_reason:
        w.opening(LOG_REFUSAL_TITLE)
        w.para(_("Your request for log information is refused. The reasons:"))
        w.para(refused_reason)
        w.remedies()
        w.signature(page_break=False)
        return _render(w, LOG_REFUSAL_TITLE)
    w.opening(LOG_TITLE)
    w.para(
        _(
            "Who has used or received your data, when and why, from {day} on (Act 703/2023 "
            "§ 11). Older log information is given on request when there is a special reason."
        ).format(day=w.text(since))
    )
    w.log_table(rows)
    w.signature(page_break=False)
    return _render(w, LOG_TITLE)


def render_rectification(head: LetterHead, granted: bool, what: str, reasons: str) -> bytes:
    _ = tr(head.lang).gettext
    w = _Decision(head)
    w.opening(RECTIFICATION_TITLE)
    if granted:
        w.para(_("Your data has been corrected as you asked. What was corrected:"))
        w.para(what)
        w.para(
            _(
                "The earlier entry stays readable beside the correction, with who corrected it, "
                "when and why, as the rules on client records require."
            )
        )
    else:
        w.para(_("Your request for rectification is refused. The reasons:"))
        w.para(reasons)
        w.para(
            _("You may ask that a note of your view be added to your records (GDPR Article 16).")
        )
        w.remedies()
    w.signature(page_break=False)
    return _render(w, RECTIFICATION_TITLE)


def render_erasure(head: LetterHead, result: ErasureResult) -> bytes:
    _ = tr(head.lang).gettext
    w = _Decision(head)
    w.opening(ERASURE_TITLE)
    if result.erased:
        w.para(_("The following data of yours has been erased:"))
        w.grid(
            [_("Data"), _("Count")],
            [[category_label(e.category, head.lang), e.count] for e in result.erased],
            [4, 1],
        )
        if result.purged_at:
            day = w.text(datetime.fromisoformat(result.purged_at))
            w.small(
                _(
                    "The erasure is recorded in the purge record of {day}, which holds no names."
                ).format(day=day)
            )
    else:
        w.para(_("None of your data could be erased now."))
    if result.kept:
        w.heading(_("Data that must be kept"))
        w.para(
            _(
                "The law obliges us to keep the following data for a set time, so it cannot be "
                "erased now (GDPR Article 17(3)(b)). It is destroyed when that time ends:"
            )
        )
        w.grid(
            [_("Data"), _("Legal ground"), _("Destroyed on")],
            [
                [
                    category_label(k.category, head.lang),
                    category_source(k.category, head.lang),
                    k.until,
                ]
                for k in result.kept
            ],
            [3, 5, 2],
        )
        w.remedies()
    w.signature(page_break=False)
    return _render(w, ERASURE_TITLE)


def render_consents(head: LetterHead, consents: Sequence[Consent]) -> bytes:
    _ = tr(head.lang).gettext
    w = _Decision(head)
    w.opening(CONSENTS_TITLE)
    w.para(
        _(
            "Every consent, data-sharing permission and prohibition you have given or made, "
            "with each version (Act 703/2023 § 58(3)). A later version replaces an earlier one."
        )
    )
    w.consents_table(consents)
    w.signature(page_break=False)
    return _render(w, CONSENTS_TITLE)
