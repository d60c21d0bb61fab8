"""The hand-over export for ceasing practice (RULES.md, 703/2023 § 16; issue 14 item 3):
one client's records of one register as PDF, and the covering letter that says where each
part goes. The files are named by client number and register, never by a name."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from app.domain.access_answer import RegisterRecords
from app.domain.delivery import LogEntry
from app.domain.kinds import RegisterKind
from app.domain.models import (
    Client,
    ClinicalIdentity,
    ContactPerson,
    DataRequest,
    IdentityCorrection,
    Practice,
)
from app.export.access_answer import RecordsWriter
from app.export.letters import LetterWriter
from app.export.pdf_base import render_pdf
from app.i18n import N_, tr
from app.i18n.kind_labels import kind_label

RECORDS_TITLE = N_("Client records for handing over")
LETTER_TITLE = N_("Handing over the registers of a practice that ceases")

DESTINATIONS: dict[RegisterKind, str] = {
    RegisterKind.PATIENT: N_(
        "Patient records and their logs pass to the wellbeing services county of the "
        "practice's home municipality ({county}) and are delivered to Kela without undue "
        "delay, kept apart from other records (Act 703/2023 § 16)."
    ),
    RegisterKind.SOCIAL_CARE: N_(
        "Social care client records and their logs pass to the wellbeing services county of "
        "the practice's home municipality ({county}) and are delivered to Kela without undue "
        "delay, kept apart from other records (Act 703/2023 § 16)."
    ),
    RegisterKind.OTHER: N_(
        "The records of services outside social and health care stay with the practitioner "
        "(or the estate), who keeps them for their retention periods or destroys them as "
        "agreed with the clients."
    ),
}
BOOKKEEPING = N_(
    "The bookkeeping (invoices and payment commitments) is kept by the practitioner or the "
    "estate for the periods of the Accounting Act (1336/1997, chapter 2, section 10)."
)


def render_client_register(
    practice: Practice,
    lang: str,
    made_at: datetime,
    client: Client,
    contact_persons: Sequence[ContactPerson],
    identity: ClinicalIdentity | None,
    corrections: Sequence[IdentityCorrection],
    register: RegisterRecords,
    requests: Sequence[DataRequest],
    log: Sequence[LogEntry],
) -> bytes:
    _ = tr(lang).gettext
    w = RecordsWriter(
        practice, lang, made_at, client, contact_persons, identity, True, corrections,
        [register], requests,
    )  # fmt: skip
    w.data(_(RECORDS_TITLE), _("Requests"))
    w.heading(_("Log information"))
    w.log_table(log)
    return render_pdf(w.story, title=_(RECORDS_TITLE), lang=lang)


def render_covering_letter(
    practice: Practice,
    lang: str,
    made_at: datetime,
    counts: Mapping[RegisterKind, int],
    bookkeeping: Mapping[str, int],
    manifest_digest: str,
) -> bytes:
    _ = tr(lang).gettext
    w = LetterWriter(practice, lang, made_at)
    w.letterhead()
    w.title(_(LETTER_TITLE))
    county = practice.home_municipality or _("the home municipality")
    w.para(
        _(
            "The practice ceases. This export holds every register of the practice, each in a "
            "folder of its own, with a manifest of the files and their SHA-256 digests. Each "
            "client's records are one JSON file and one PDF, named by the client number."
        )
    )
    rows = []
    for kind, count in counts.items():
        rows.append([kind_label(kind, lang), count, _(DESTINATIONS[kind]).format(county=county)])
    w.grid([_("Register"), _("Clients"), _("Where it goes")], rows, [3, 1.6, 7])
    w.heading(_("Bookkeeping"))
    w.para(_(BOOKKEEPING))
    w.pairs([(_("Invoices"), bookkeeping.get("invoices", 0)),
             (_("Payment commitments"), bookkeeping.get("payment_commitments", 0))])  # fmt: skip
    w.heading(_("About this export"))
    w.pairs([(_("Made on"), made_at), (_("Digest of the manifest (SHA-256)"), manifest_digest)])
    w.small(
        _(
            "The files hold personal data of clients, among them patient and client records: "
            "deliver them only to the recipients named above, in a protected way."
        )
    )
    w.signature(page_break=False)
    return render_pdf(w.story, title=_(LETTER_TITLE), lang=lang)
