"""The privacy notice as PDF and HTML, in Finnish, Swedish (the acts by their Swedish
titles) or English (issue 14). Both are made from one list of sections, so they say the
same; the HTML is a plain page for the practice's web site."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from app.domain.kinds import RegisterKind
from app.domain.privacy_notice import NoticeContent, RetentionRow
from app.domain.retention import ClockStart, RuleKind
from app.export import processing_texts as texts
from app.export.letters import OMBUDSMAN_ADDRESS, OMBUDSMAN_NAME, LetterWriter
from app.export.pdf_base import render_pdf
from app.i18n import N_, tr
from app.i18n.codes import category_label, category_source
from app.i18n.formats import format_date
from app.i18n.kind_labels import kind_label

TITLE = N_("Privacy notice")

HEADINGS: dict[str, str] = {
    "controller": N_("Controller and contact person"),
    "purposes": N_("Purposes of the processing"),
    "legal_bases": N_("Legal bases"),
    "categories": N_("Categories of personal data"),
    "sources": N_("Where the data comes from"),
    "recipients": N_("Recipients and regular disclosures"),
    "transfers": N_("Transfers outside the EU and the EEA"),
    "retention": N_("How long the data is kept"),
    "required": N_("Is giving the data required?"),
    "rights": N_("Your rights and how to use them"),
    "complaint": N_("Right to lodge a complaint"),
    "automated": N_("Automated decision-making"),
    "protection": N_("How the data is protected"),
}

LEGAL_BASES: dict[RegisterKind, str] = {
    RegisterKind.PATIENT: N_(
        "A legal obligation (GDPR Article 6(1)(c)): the Act on the Processing of Client and "
        "Patient Data in Social and Health Care (703/2023) and the Act on the Status and "
        "Rights of Patients (785/1992). Health data is processed to provide health care "
        "(GDPR Article 9(2)(h); Data Protection Act 1050/2018, section 6)."
    ),
    RegisterKind.SOCIAL_CARE: N_(
        "A legal obligation (GDPR Article 6(1)(c)): the Act on the Processing of Client and "
        "Patient Data in Social and Health Care (703/2023) and the Act on the Status and "
        "Rights of Social Welfare Clients (812/2000). Special categories of data are "
        "processed to provide social care (GDPR Article 9(2)(h); Data Protection Act "
        "1050/2018, section 6)."
    ),
    RegisterKind.OTHER: N_(
        "The contract with you (GDPR Article 6(1)(b)). Health information is kept only with "
        "your explicit consent (GDPR Article 9(2)(a)), which you may withdraw at any time."
    ),
}
ACCOUNTING = N_("Invoices and payments: a legal obligation (Accounting Act 1336/1997).")

CATEGORIES: dict[RegisterKind, str] = {
    RegisterKind.PATIENT: N_(
        "Name, personal identity code, contact details, contact language; appointments; "
        "patient records (entries, plans, statements), among them specially protected "
        "information of psychotherapy and mental health care; consents, permissions and "
        "prohibitions; disclosures; invoices and payment commitments; the log of who used "
        "the data."
    ),
    RegisterKind.SOCIAL_CARE: N_(
        "Name, personal identity code, contact details, home municipality, secure address "
        "flag; appointments; social care client records; consents, permissions and "
        "prohibitions, also a minor's decisions; disclosures; invoices and payment "
        "commitments; the log of who used the data."
    ),
    RegisterKind.OTHER: N_(
        "Name, contact details, contact language; bookings; notes of the service; consents; "
        "invoices; the log of who used the data."
    ),
}
SOURCES = N_(
    "From you yourself; with your consent or by law also from a referrer, a wellbeing "
    "services county, Kela, or the guardian of a minor client."
)
RECIPIENTS: dict[RegisterKind, str] = {
    RegisterKind.PATIENT: N_(
        "Data is disclosed only with your consent or where the law requires it: to Kela or "
        "a wellbeing services county for reimbursements and payment commitments, to a "
        "wellbeing services county that is the controller of a purchased service, and to "
        "authorities entitled by law. Every disclosure is recorded in the disclosure log."
    ),
    RegisterKind.SOCIAL_CARE: N_(
        "Data is disclosed only with your consent or where the law requires it: to a "
        "wellbeing services county that is the controller of a purchased service or a "
        "voucher, to Kela, and to authorities entitled by law. Every disclosure is recorded "
        "in the disclosure log."
    ),
    RegisterKind.OTHER: N_(
        "Data is not disclosed to others except with your consent or where the law requires "
        "it (for example a payer you have named for the invoices)."
    ),
}
REQUIRED: dict[RegisterKind, str] = {
    RegisterKind.PATIENT: N_(
        "The law requires patient records to identify the patient: without the personal "
        "identity code the records cannot be kept reliably, and reimbursements from Kela "
        "cannot be applied for."
    ),
    RegisterKind.SOCIAL_CARE: N_(
        "The law requires client records to identify the client: without the personal "
        "identity code the service and its records cannot be kept reliably."
    ),
    RegisterKind.OTHER: N_(
        "Contact details are needed to agree on and invoice the service (the contract); "
        "without them the service cannot be provided."
    ),
}
SOTE_RIGHTS = N_(
    "You may prohibit the disclosure of your data where the law allows it (Act 703/2023). "
    "Requests are answered within one month; the first copy of your data is free."
)
PROTECTION = N_(
    "The register is kept encrypted (SQLCipher, AES-256) on the practitioner's own "
    "computer; patient and client records are in a separate encrypted store that is opened "
    "apart; every view of a client's data is recorded in a tamper-evident log; encrypted "
    "backups are kept; the program locks itself when it is not used."
)
CLOCKS: dict[ClockStart, str] = {
    ClockStart.LAST_RELATIONSHIP_END: N_("{years} after the last client relationship ends"),
    ClockStart.RELATIONSHIP_END: N_("{years} after the client relationship ends"),
    ClockStart.CREATED: N_("{years} after it was made"),
    ClockStart.FISCAL_YEAR_END: N_("{years} after the end of the fiscal year"),
    ClockStart.VALIDITY_END: N_("{years} after the commitment ends"),
    ClockStart.REPLACED: N_("{years} after a newer version replaced it"),
    ClockStart.REQUEST_CLOSED: N_("{years} after the request was closed"),
    ClockStart.EVENT: N_("{years} after the event"),
}
RULE_KINDS: dict[RuleKind, str] = {
    RuleKind.STATUTORY_EXACT: N_("set by law"),
    RuleKind.POLICY_WITH_FLOOR: N_("the practice's policy, not less than the law's minimum"),
    RuleKind.POLICY: N_("the practice's policy"),
    RuleKind.KEPT: N_("kept"),
}


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    paragraphs: list[str]
    rows: list[list[str]] | None = None  # a table: header row first


class _Words:
    def __init__(self, lang: str) -> None:
        translation = tr(lang)
        self._ = translation.gettext
        self.ngettext = translation.ngettext
        self.lang = lang

    def years(self, count: int) -> str:
        return self.ngettext("{years} year", "{years} years", count).format(years=count)

    def kept(self, row: RetentionRow, content: NoticeContent) -> str:
        _ = self._
        if row.clock is ClockStart.DEATH_OR_BIRTH:
            return _(
                "12 years after death; if the date of death is not known, 120 years after birth"
            )
        if row.clock is ClockStart.SERVICE_TASK:
            parts = [
                f"{kind_label(task, self.lang)}: {self.years(years)}"
                for task, years in content.service_tasks
            ]
            return "; ".join(parts) or _("by service task")
        if row.years == 0:
            return _("destroyed when the client relationship ends, unless agreed otherwise")
        return _(CLOCKS[row.clock]).format(years=self.years(row.years))


def sections(content: NoticeContent) -> list[Section]:
    w = _Words(content.lang)
    _ = w._
    kind = content.register_kind
    p = content.practice
    contact = [
        p.name,
        _("Business ID {id}").format(id=p.business_id) if p.business_id else "",
        " ".join(x for x in (p.street_address, p.postal_code, p.city) if x),
        " · ".join(x for x in (p.phone, p.email) if x),
    ]
    controller = ["\n".join(x for x in contact if x)]
    controller.append(
        _("Contact person for data protection matters: {name}").format(
            name=p.privacy_contact or p.practitioner_name
        )
    )
    if content.data_protection_officer:
        controller.append(
            _("Data protection officer: {name}").format(name=content.data_protection_officer)
        )
    purposes = [_(texts.PURPOSES[kind])]
    if content.service_names:
        purposes.append(_("Services: {names}.").format(names=", ".join(content.service_names)))
    purposes.append(_(texts.BOOKKEEPING))
    header = [_("Data"), _("Kept"), _("Rule"), _("Source")]
    rows = [header] + [
        [
            category_label(row.category, w.lang),
            w.kept(row, content),
            _(RULE_KINDS[row.kind]),
            category_source(row.category, w.lang),
        ]
        for row in content.retention
    ]
    rights = [_(texts.RIGHTS)]
    if kind is not RegisterKind.OTHER:
        rights.append(_(SOTE_RIGHTS))
    result = [
        Section("controller", _(HEADINGS["controller"]), controller),
        Section("purposes", _(HEADINGS["purposes"]), purposes),
        Section("legal_bases", _(HEADINGS["legal_bases"]), [_(LEGAL_BASES[kind]), _(ACCOUNTING)]),
        Section("categories", _(HEADINGS["categories"]), [_(CATEGORIES[kind])]),
        Section("sources", _(HEADINGS["sources"]), [_(SOURCES)]),
        Section("recipients", _(HEADINGS["recipients"]), [_(RECIPIENTS[kind])]),
        Section("transfers", _(HEADINGS["transfers"]), [_(texts.NO_TRANSFERS)]),
        Section("retention", _(HEADINGS["retention"]), [], rows),
        Section("required", _(HEADINGS["required"]), [_(REQUIRED[kind])]),
        Section("rights", _(HEADINGS["rights"]), rights),
        Section(
            "complaint",
            _(HEADINGS["complaint"]),
            [_(texts.COMPLAINT), f"{_(OMBUDSMAN_NAME)}\n{_(OMBUDSMAN_ADDRESS)}"],
        ),
        Section("automated", _(HEADINGS["automated"]), [_(texts.NO_AUTOMATED_DECISIONS)]),
        Section("protection", _(HEADINGS["protection"]), [_(PROTECTION)]),
    ]
    for section in result:
        own = content.own_texts.get(section.key, "").strip()
        if own:
            section.paragraphs.append(own)
    return result


def subtitle(content: NoticeContent) -> str:
    _ = tr(content.lang).gettext
    return _("{register} · made on {day}").format(
        register=kind_label(content.register_kind, content.lang),
        day=format_date(content.made_on, content.lang),
    )


def render_notice_pdf(content: NoticeContent) -> bytes:
    _ = tr(content.lang).gettext
    from datetime import datetime

    made = datetime.combine(content.made_on, datetime.min.time())
    w = LetterWriter(content.practice, content.lang, made)
    w.title(_(TITLE))
    w.small(subtitle(content))
    for section in sections(content):
        w.heading(section.heading)
        for text in section.paragraphs:
            w.para(text)
        if section.rows:
            w.grid(section.rows[0], section.rows[1:], [3, 4, 2.5, 4])
    return render_pdf(w.story, title=_(TITLE), lang=content.lang)


def render_notice_html(content: NoticeContent) -> bytes:
    _ = tr(content.lang).gettext
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(content.lang)}">',
        '<head><meta charset="utf-8">',
        f"<title>{escape(_(TITLE))}</title>",
        "<style>body{font-family:sans-serif;max-width:48em;margin:2em auto;line-height:1.45}"
        "table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:.3em;"
        "text-align:left;vertical-align:top}</style>",
        "</head><body>",
        f"<h1>{escape(_(TITLE))}</h1>",
        f"<p><small>{escape(subtitle(content))}</small></p>",
    ]
    for section in sections(content):
        parts.append(f'<section id="{section.key}"><h2>{escape(section.heading)}</h2>')
        for text in section.paragraphs:
            parts.append("<p>" + escape(text).replace("\n", "<br>") + "</p>")
        if section.rows:
            head, *body = section.rows
            parts.append("<table><tr>" + "".join(f"<th>{escape(h)}</th>" for h in head) + "</tr>")
            for row in body:
                parts.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>")
            parts.append("</table>")
        parts.append("</section>")
    parts.append("</body></html>")
    return ("\n".join(parts) + "\n").encode("utf-8")
