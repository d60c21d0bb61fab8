"""The access answer (GDPR art. 15) as PDF, wholly in the client's language (fi, sv, en).

Order: the cover letter from the controller (request reference and dates, never the
hetu); the art. 15(1)(a)–(h) information and the art. 15(2) statement with this
client's destruction dates; the data, register by register; the log information; the
withheld parts with the remedies; and a closing section with the packet id, the
generation date and the digest of the content. The running header carries only the
generic title. The hetu appears once, in the identity section, unless the client chose
to leave it out. The letter to the Data Protection Ombudsman (§ 34(4)) is a document
of its own (``render_ombudsman_letter``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Spacer

from app.domain.access_answer import (
    AccessContent,
    RegisterRecords,
    Withheld,
    ombudsman_letter_needed,
)
from app.domain.kinds import ContactLanguage, DataSource, RecordsKept, RequestDecision
from app.domain.models import (
    Client,
    ClinicalIdentity,
    ContactPerson,
    DataRequest,
    IdentityCorrection,
    Note,
    Practice,
    Relationship,
)
from app.export import processing_texts as texts
from app.export.letters import OMBUDSMAN_NAME, LetterWriter
from app.export.pdf_base import paragraph, render_pdf
from app.i18n import N_, tr
from app.i18n.codes import (
    category_label,
    category_source,
    removed_content_label,
)
from app.i18n.formats import format_date
from app.i18n.kind_labels import appointment_status_label, kind_label

TITLE = N_("Answer to an access request")
FORWARD_TITLE = N_("Forwarding of an access request to the controller")
OMBUDSMAN_TITLE = N_("Delivery of withheld information to the Data Protection Ombudsman")

OMBUDSMAN_POSTAL = N_("P.O. Box 800\n00531 Helsinki")


class RecordsWriter(LetterWriter):
    """A client's records, register by register: contact details, identity, relationships
    and what hangs on them, entries; used by the access answer and the hand-over export."""

    def __init__(
        self,
        practice: Practice,
        lang: str,
        created_at: datetime,
        client: Client,
        contact_persons: Sequence[ContactPerson],
        identity: ClinicalIdentity | None,
        hetu_included: bool,
        identity_corrections: Sequence[IdentityCorrection],
        registers: Sequence[RegisterRecords],
        earlier_requests: Sequence[DataRequest],
    ) -> None:
        super().__init__(practice, lang, created_at)
        self.client = client
        self.contact_persons = contact_persons
        self.identity_record = identity
        self.hetu_included = hetu_included
        self.identity_corrections = identity_corrections
        self.registers = registers
        self.earlier_requests = earlier_requests
        self.note_style = ParagraphStyle("VakkaEntry", parent=self.st.body, spaceAfter=7)
        self.entry_head = ParagraphStyle("VakkaEntryHead", parent=self.st.label, spaceBefore=3)

    def data(self, title: str = "", requests_heading: str = "") -> None:
        _ = self._
        self.story.append(paragraph(title or _("Your data"), self.st.title))
        self.heading(_("Contact details"))
        client = self.client
        self.pairs(
            [
                (_("First name"), client.first_name),
                (_("Last name"), client.last_name),
                (_("Nickname"), client.nickname),
                (_("Street address"), client.street_address),
                (_("Postal code"), client.postal_code),
                (_("City"), client.city),
                (_("Municipality of residence"), client.municipality),
                (_("Phone"), client.phone),
                (_("Email"), client.email),
                (_("Contact language"), kind_label(client.contact_language, self.lang)),
                (_("Secure address (turvakielto)"), client.secure_address),
                (_("Client number"), client.client_number),
                (_("Recorded"), client.created_at),
            ]
        )
        self.heading(_("Contact persons"))
        self.grid(
            [_("Name"), _("Relation"), _("Phone"), _("Email"), _("Consent to contact")],
            [[p.name, p.relation, p.phone, p.email, p.consent_on] for p in self.contact_persons],
            [3, 2, 2, 3, 2],
        )
        self.identity()
        for register in self.registers:
            self.register(register)
        self.heading(requests_heading or _("Earlier requests"))
        self.grid(
            [_("Kind"), _("Received"), _("Decision"), _("Closed")],
            [
                [
                    kind_label(r.kind, self.lang),
                    r.received_on,
                    kind_label(r.decision, self.lang),
                    r.closed_on,
                ]
                for r in self.earlier_requests
            ],
            [3, 2, 3, 2],
        )

    def identity(self) -> None:
        _ = self._
        self.heading(_("Identity kept with the records"))
        ident = self.identity_record
        if ident is None:
            self.para(_("None."))
            return
        if self.hetu_included:
            hetu: Any = ident.hetu
        else:
            hetu = _("Left out of this answer at your request")
        self.pairs(
            [
                (_("Name as recorded"), ident.name_as_recorded),
                (_("Personal identity code"), hetu),
                (_("Temporary identity code"), ident.hetu_temporary if ident.hetu else None),
                (_("Date of birth"), ident.birth_date),
                (_("Date of death"), ident.death_date),
                (_("Recorded"), ident.recorded_at),
            ]
        )
        if self.identity_corrections:
            self.subheading(_("Corrections"))
            rows = []
            for corr in self.identity_corrections:
                if corr.field == "hetu":
                    # The code appears once only, above.
                    old: str | None = _("(earlier code)")
                    new: str | None = _("(the code above)")
                else:
                    old, new = corr.old_value, corr.new_value
                rows.append(
                    [
                        corr.corrected_at,
                        _field_name(corr.field, _),
                        old,
                        new,
                        corr.reason,
                        corr.corrected_by,
                    ]
                )
            self.grid(
                [_("When"), _("What"), _("Before"), _("After"), _("Why"), _("Who")],
                rows,
                [2, 2, 2, 2, 3, 2],
            )

    def register(self, register: RegisterRecords) -> None:
        _ = self._
        self.story.append(CondPageBreak(60 * mm))
        self.story.append(paragraph(kind_label(register.register_kind, self.lang), self.st.title))
        for rel in register.relationships:
            self.relationship(rel, register.service_names)
        self.heading(_("Appointments"))
        self.grid(
            [_("Time"), _("Duration"), _("Service"), _("Place"), _("Status")],
            [
                [
                    a.starts_at,
                    _("{minutes} min").format(minutes=a.duration_min),
                    a.service,
                    _("Remote") if a.remote else a.place,
                    appointment_status_label(a, self.lang),
                ]
                for a in register.appointments
            ],
            [3, 1.5, 3, 3, 2],
        )
        self.heading(_("Invoices"))
        self.grid(
            [_("Number"), _("Date"), _("Payer"), _("Total"), _("Paid")],
            [
                [
                    i.number,
                    i.issued_on,
                    f"{i.payer_name} ({kind_label(i.payer_kind, self.lang)})",
                    _euros(i.total_cents),
                    i.paid_on,
                ]
                for i in register.invoices
            ],
            [2, 2, 4, 2, 2],
        )
        self.heading(_("Payment commitments"))
        self.grid(
            [_("Issuer"), _("Decision"), _("Valid"), _("Visits granted"), _("Visits used")],
            [
                [
                    f"{c.issuer_name} ({kind_label(c.issuer_kind, self.lang)})",
                    c.decision_number,
                    f"{self.text(c.valid_from)} – {self.text(c.valid_until)}",
                    c.visits_granted,
                    c.visits_used,
                ]
                for c in register.payment_commitments
            ],
            [4, 2, 4, 2, 2],
        )
        self.heading(_("Consents, permissions and prohibitions"))
        self.consents_table(register.consents)
        self.heading(_("Disclosures"))
        self.grid(
            [_("Date"), _("Recipient"), _("What"), _("Purpose"), _("Basis")],
            [
                [
                    d.disclosed_on,
                    d.recipient,
                    _disclosed_what(d.data_disclosed, _),
                    _disclosed_what(d.purpose, _),
                    d.legal_basis or _("Consent"),
                ]
                for d in register.disclosures
            ],
            [2, 3, 3, 3, 3],
        )
        self.notes(register)

    def relationship(self, rel: Relationship, service_names: dict[int, str]) -> None:
        _ = self._
        self.heading(_("Client relationship from {day}").format(day=self.text(rel.started_on)))
        rows: list[tuple[str, Any]] = [
            (_("Service"), service_names.get(rel.service_id or -1, "")),
            (_("Service task"), kind_label(rel.service_task, self.lang)),
            (_("Controller"), kind_label(rel.controller, self.lang)),
            (_("County"), rel.county_name),
            (_("Started"), rel.started_on),
            (_("Ended"), rel.ended_on),
            (_("Reason for ending"), rel.end_reason),
            (_("Privacy notice given"), rel.privacy_notice_given_on),
            (_("Where your data came from"), self._source_of(rel)),
        ]
        if rel.records_kept is not RecordsKept.VAKKA:
            where = kind_label(rel.records_kept, self.lang)
            if rel.records_location:
                where = f"{where}: {rel.records_location}"
            rows.append((_("Client records kept"), where))
        if rel.minor:
            rows += [
                (_("Minor: can decide on their care"), rel.minor_can_decide),
                (_("Minor: allows disclosure to guardians"), rel.minor_allows_guardian_disclosure),
            ]
        if rel.health_data_consent_on is not None:
            rows.append((_("Consent to keep health information"), rel.health_data_consent_on))
        self.pairs(rows)
        if rel.records_kept is not RecordsKept.VAKKA:
            self.small(
                _(
                    "The client records of this relationship are not kept in this program; "
                    "they are given from where they are kept."
                )
            )

    def _source_of(self, rel: Relationship) -> str:
        label = kind_label(rel.source, self.lang)
        return f"{label}: {rel.source_name}" if rel.source_name else label

    def notes(self, register: RegisterRecords) -> None:
        _ = self._
        self.heading(_("Notes and other entries"))
        if not register.notes:
            self.para(_("None."))
            return
        for note in register.notes:
            self.note(note)

    def note(self, note: Note) -> None:
        _ = self._
        head = [
            self.text(note.session_date or note.written_at.date()),
            kind_label(note.kind, self.lang),
        ]
        author = ", ".join(x for x in (note.author_name, note.author_title) if x)
        head.append(author)
        marks = []
        if note.specially_protected:
            marks.append(_("Specially protected"))
        if note.statement_copy:
            marks.append(_("Copy of a statement written for others"))
        # Plain single-style paragraphs (reportlab's quick path) and no KeepTogether: a
        # thousand entries lay out nearly as fast as their text alone (issue 12).
        details = [*marks, _("Written {when}").format(when=self.text(note.written_at))]
        if note.amends_id is not None:
            details.append(
                _("Amends an earlier entry. Reason: {reason}").format(
                    reason=note.amendment_reason or ""
                )
            )
        self.story.append(paragraph(" · ".join(head + details), self.entry_head))
        if note.removed:
            removal = _("Content removed on {when} by {who}: {kind}. Reason: {reason}").format(
                when=self.text(note.removed_at),
                who=", ".join(x for x in (note.removed_by or "", note.removed_by_title or "") if x),
                kind=removed_content_label(note.removed_content_kind, self.lang),
                reason=note.removal_reason or "",
            )
            self.story.append(paragraph(removal, self.note_style))
        if note.body:
            self.story.append(paragraph(note.body, self.note_style))


class _Writer(RecordsWriter):
    """Builds the answer's story in one language; each section is a method."""

    def __init__(self, content: AccessContent, digest: str) -> None:
        super().__init__(
            content.practice,
            content.lang,
            content.created_at,
            content.client,
            content.contact_persons,
            content.identity,
            content.hetu_included,
            content.identity_corrections,
            content.registers,
            content.earlier_requests,
        )
        self.c = content
        self.digest = digest

    # --- the sections ----------------------------------------------------------------

    def cover_letter(self) -> None:
        _ = self._
        client, request = self.c.client, self.c.request
        self.letterhead()
        recipient = request.requester_name.strip() or client.display_name
        address = "\n".join(
            x
            for x in (
                recipient,
                client.street_address,
                " ".join(y for y in (client.postal_code, client.city) if y),
            )
            if x
        )
        self.story += [
            paragraph(address, self.st.body),
            Spacer(1, 10 * mm),
            paragraph(_(TITLE), self.st.title),
        ]
        self.pairs(
            [
                (_("Your request received"), request.received_on),
                (_("Reference"), request.reference),
                (_("To be answered by"), request.deadline),
                (_("Date of this answer"), self.c.created_at.date()),
            ]
        )
        self.para(
            _(
                "You asked what personal data we hold about you. This answer contains the "
                "information the EU General Data Protection Regulation (GDPR) Article 15 gives "
                "you the right to, a copy of your data, and the log information of who has "
                "used or received your data."
            )
        )
        if request.requester_name.strip():
            self.para(
                _("The request was made on behalf of {name} by {requester} ({kind}).").format(
                    name=client.display_name,
                    requester=request.requester_name.strip(),
                    kind=kind_label(request.requester, self.lang).lower(),
                )
            )
        decision = self.c.decision
        if decision is RequestDecision.PARTLY_REFUSED:
            self.para(
                _(
                    'Part of the information has been withheld. The section "Withheld '
                    'information" says why, and how you can have the decision reviewed.'
                )
            )
        if self.c.forwarded_to:
            self.para(
                _(
                    "Records that a wellbeing services county controls are not in this answer: "
                    "your request for them has been forwarded to {county}."
                ).format(county=", ".join(self.c.forwarded_to))
            )
        if request.extended_to is not None:
            self.para(
                _("The time to answer was extended to {day}: {reason}").format(
                    day=self.text(request.extended_to), reason=request.extension_reason
                )
            )
        self.para(_("If you have questions about this answer, please contact us."))
        self.signature()

    def forwarding_letter(self) -> None:
        """To the county that controls the records: the request, and the data with it."""
        _ = self._
        request = self.c.request
        self.letterhead()
        self.story += [
            paragraph(", ".join(self.c.forwarded_to), self.st.body),
            Spacer(1, 10 * mm),
            paragraph(_(FORWARD_TITLE), self.st.title),
        ]
        self.pairs(
            [
                (_("Client"), self.c.client.display_name),
                (_("Request received"), request.received_on),
                (_("Reference"), request.reference),
                (_("To be answered by"), request.deadline),
            ]
        )
        self.para(
            _(
                "We received the client's request to access their data (GDPR Article 15). "
                "The wellbeing services county is the controller of these client records "
                "(Act 703/2023 § 13–14), so we forward the request to you with the data, "
                "which follows. Please answer the client within the deadline above."
            )
        )
        self.signature()

    def ombudsman_letter(self, notes: Sequence[Note]) -> None:
        """To the Data Protection Ombudsman (§ 34(4)): what was withheld, why, and the
        withheld entries themselves; the reasons are always given here."""
        _ = self._
        request = self.c.request
        self.letterhead()
        self.story += [
            paragraph(f"{_(OMBUDSMAN_NAME)}\n{_(OMBUDSMAN_POSTAL)}", self.st.body),
            Spacer(1, 10 * mm),
            paragraph(_(OMBUDSMAN_TITLE), self.st.title),
        ]
        self.pairs(
            [
                (_("Client"), self.c.client.display_name),
                (_("Request received"), request.received_on),
                (_("Reference"), request.reference),
                (_("Answer's packet ID"), request.packet_id),
            ]
        )
        self.para(
            _(
                "The client asked to access their data (GDPR Article 15). Part of it was "
                "withheld under section 34 of the Data Protection Act (1050/2018). At the "
                "client's request we deliver the withheld information to you (section 34(4)). "
                "The withheld parts and the reasons are listed below, followed by the entries "
                "themselves."
            )
        )
        self.heading(_("Withheld information"))
        for item in self.c.withheld:
            text = f"{_withheld_what(item, self.lang)}: {kind_label(item.reason, self.lang)}"
            if item.explanation:
                text += f". {item.explanation}"
            self.para(text)
        self.signature()
        self.story.append(paragraph(_("The withheld entries"), self.st.title))
        for note in notes:
            self.note(note)

    def information(self) -> None:
        _ = self._
        self.story.append(paragraph(_("How your data is processed"), self.st.title))
        self.small(_("GDPR Article 15(1)(a)–(h) and 15(2)"))

        self.heading(_("Controller"))
        p = self.c.practice
        self.pairs(
            [
                (_("Controller"), p.name),
                (_("Business ID"), p.business_id),
                (_("Address"), " ".join(x for x in (p.street_address, p.postal_code, p.city) if x)),
                (_("Contact person for data protection"), p.privacy_contact or p.practitioner_name),
                (_("Phone"), p.phone),
                (_("Email"), p.email),
            ]
        )

        self.heading(_("(a) Purposes of the processing"))
        kinds = [r.register_kind for r in self.c.registers]
        for kind in kinds:
            self.para(f"{kind_label(kind, self.lang)}: {_(texts.PURPOSES[kind])}")
        self.para(_(texts.BOOKKEEPING))

        self.heading(_("(b) Categories of personal data"))
        self.para("; ".join(self._categories()) + ".")

        self.heading(_("(c) Recipients"))
        if self.c.recipients:
            self.para(
                _("Your data has been disclosed to or paid by: {names}.").format(
                    names=", ".join(self.c.recipients)
                )
            )
        else:
            self.para(_("Your data has not been disclosed to anyone."))
        self.small(_('Each disclosure is listed with its date and basis under "Your data".'))

        self.heading(_("(d) How long your data is kept"))
        rows = []
        for line in self.c.retention:
            if line.first_on is not None and line.last_on is not None:
                when = self.text(line.first_on)
                if line.last_on != line.first_on:
                    when = _("{first} – {last}").format(first=when, last=self.text(line.last_on))
            else:
                when = ""
            if line.not_due is not None:
                reason = kind_label(_not_due(line.not_due), self.lang)
                when = f"{when}; {reason}" if when else reason
            rows.append(
                [
                    category_label(line.category, self.lang),
                    category_source(line.category, self.lang),
                    when,
                ]
            )
        self.grid([_("Data"), _("Rule"), _("Destroyed on (your data)")], rows, [3, 4, 3])
        self.small(
            _(
                "A date is the first day the records may be destroyed; records kept under a "
                "statutory period are destroyed then without delay."
            )
        )

        self.heading(_("(e) Your rights"))
        self.para(_(texts.RIGHTS))

        self.heading(_("(f) Right to lodge a complaint"))
        self.para(_(texts.COMPLAINT))
        self.ombudsman_contact()

        self.heading(_("(g) Where your data came from"))
        self.para("; ".join(self._sources()) + ".")

        self.heading(_("(h) Automated decision-making"))
        self.para(_(texts.NO_AUTOMATED_DECISIONS))

        self.heading(_("Transfers outside the EU (Article 15(2))"))
        self.para(_(texts.NO_TRANSFERS))
        self.story.append(PageBreak())

    def _categories(self) -> list[str]:
        _ = self._
        found = [_("contact details")]
        if self.c.identity is not None:
            found.append(_("identity (name and personal identity code)"))
        checks: list[tuple[Callable[[RegisterRecords], Sequence[object]], str]] = [
            (lambda r: r.relationships, _("client relationships")),
            (lambda r: r.appointments, _("appointments")),
            (lambda r: r.invoices, _("invoices")),
            (lambda r: r.payment_commitments, _("payment commitments")),
            (lambda r: r.consents, _("consents, permissions and prohibitions")),
            (lambda r: r.disclosures, _("disclosures")),
            (lambda r: r.notes, _("notes and other entries")),
        ]
        for has, label in checks:
            if any(has(r) for r in self.c.registers):
                found.append(label)
        if any(n.specially_protected for r in self.c.registers for n in r.notes):
            found.append(_("specially protected health information"))
        found.append(_("log information"))
        return found

    def _sources(self) -> list[str]:
        result = []
        for code, name in self.c.sources:
            label = kind_label(DataSource(code), self.lang)
            result.append(f"{label}: {name}" if name else label)
        return result

    def log(self) -> None:
        _ = self._
        self.story.append(PageBreak())
        self.story.append(paragraph(_("Log information"), self.st.title))
        self.para(
            _(
                "Who has used or received your data, when and why, from {day} on (Act 703/2023 "
                "§ 11). Older log information is given on request when there is a special "
                "reason."
            ).format(day=self.text(self.c.log_since))
        )
        self.log_table(self.c.log)

    def withheld(self) -> None:
        _ = self._
        if not self.c.withheld:
            return
        self.heading(_("Withheld information"))
        for item in self.c.withheld:
            self.withheld_item(item)
        self.para(
            _(
                "You have the right to lodge a complaint with the Data Protection Ombudsman "
                "(contact details above) and the right to take the matter to a court (GDPR "
                "Articles 12(4), 77 and 79)."
            )
        )
        if ombudsman_letter_needed(self.c):
            self.para(
                _(
                    "You may ask us to deliver the withheld information to the Data Protection "
                    "Ombudsman, who can check that withholding it was lawful (Data Protection Act "
                    "§ 34(4)). Tell us, and we will send it."
                )
            )

    def withheld_item(self, item: Withheld) -> None:
        _ = self._
        if not item.reasons_given:
            self.para(
                _(
                    "Part of the information has been withheld. The reasons are not given because "
                    "giving them would defeat the purpose of the restriction (Data Protection Act "
                    "§ 34(3))."
                )
            )
            return
        what = _withheld_what(item, self.lang)
        text = f"{what}: {kind_label(item.reason, self.lang)}"
        if item.explanation:
            text += f". {item.explanation}"
        self.para(text)

    def closing(self) -> None:
        _ = self._
        self.heading(_("About this document"))
        self.pairs(
            [
                (_("Packet ID"), self.c.packet_id),
                (_("Made on"), self.c.created_at),
                (_("Language"), kind_label(ContactLanguage(self.lang), self.lang)),
                (_("Digest of the content (SHA-256)"), self.digest),
            ]
        )
        self.small(
            _(
                "The same content is available as a machine-readable JSON file; the digest "
                "above is computed over it and kept with your request."
            )
        )


def _not_due(code: str) -> Any:
    from app.domain.retention import NotDue

    return NotDue(code)


def _field_name(name: str, _: Callable[[str], str]) -> str:
    names = {
        "name_as_recorded": _("Name as recorded"),
        "hetu": _("Personal identity code"),
        "birth_date": _("Date of birth"),
        "death_date": _("Date of death"),
    }
    return names.get(name, name)


def _disclosed_what(code: str, _: Callable[[str], str]) -> str:
    """Disclosures Vakka itself records hold codes; the practitioner's own are words."""
    if code.startswith("access_answer"):
        return _("Answer to an access request")
    if code.startswith("county_delivery"):
        return _("Delivery packet for the county")
    if code == "access_request":
        return _("Your access request")
    return code


def _withheld_what(item: Withheld, lang: str) -> str:
    _ = tr(lang).gettext
    if item.what == "relationship":
        what = _("The records of a client relationship")
    elif item.what:
        from app.domain.kinds import NoteKind

        what = _("An entry ({kind})").format(kind=kind_label(NoteKind(item.what), lang).lower())
    else:
        what = _("An entry")
    if item.on is not None:
        what += " " + _("of {day}").format(day=format_date(item.on, lang))
    return what


def _euros(cents: int) -> str:
    return f"{cents // 100},{cents % 100:02d} €"


def answer_story(content: AccessContent, digest: str) -> list[Flowable]:
    writer = _Writer(content, digest)
    if content.forwarding:
        writer.forwarding_letter()
    else:
        writer.cover_letter()
        writer.information()
    writer.data()
    writer.log()
    writer.withheld()
    writer.closing()
    return writer.story


def render_answer_pdf(
    content: AccessContent, digest: str, progress: Callable[[int, int], None] | None = None
) -> bytes:
    title = tr(content.lang).gettext(FORWARD_TITLE if content.forwarding else TITLE)
    return render_pdf(
        answer_story(content, digest), title=title, lang=content.lang, progress=progress
    )


def render_ombudsman_letter(content: AccessContent, notes: Sequence[Note]) -> bytes:
    writer = _Writer(content, "")
    writer.ombudsman_letter(notes)
    title = tr(content.lang).gettext(OMBUDSMAN_TITLE)
    return render_pdf(writer.story, title=title, lang=content.lang)
