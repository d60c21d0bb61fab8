"""The access answer (GDPR art. 15): built from the stores, written as PDF and JSON.

``build_answer`` reads everything of the request's client and applies the rules of
app.domain.access_answer (scope, withheld parts, the hetu choice, destruction dates);
``write_answer`` renders it, writes both files atomically and, in the same transaction,
logs the export, records it as a disclosure to the data subject and keeps the packet id
and digest on the request. ``access_packet`` is the command line's one-step answer.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from app.db import access_queries
from app.db import repositories as repo
from app.db.audit import AuditEvent
from app.domain import access_answer as rules
from app.domain.access_answer import AccessContent, RegisterRecords, RetentionLine
from app.domain.errors import NotFoundError, ValidationError
from app.domain.kinds import (
    Controller,
    DataSource,
    DeliveryMethod,
    IdentityMethod,
    NoteKind,
    PayerKind,
    RegisterKind,
    RequestDecision,
    RequestKind,
    RequestStatus,
    WithholdReason,
)
from app.domain.models import DataRequest, Disclosure, Relationship, WithheldPart
from app.domain.retention import add_years
from app.files import write_files_atomically
from app.services import consents, requests, retention
from app.services.outputs import require_folder_of
from app.services.session import Session

DATA_KIND = "access_answer"
LEGAL_BASIS = "GDPR art. 15"
OMBUDSMAN = "Tietosuojavaltuutetun toimisto"
OMBUDSMAN_BASIS = "Tietosuojalaki 1050/2018 § 34(4)"
FORWARD_BASIS = "703/2023 § 13–14; GDPR art. 28"
DISCLOSURE_PURPOSE = "access_request"

Progress = Callable[[int, int], None]


def _request(session: Session, request_id: int) -> DataRequest:
    request = repo.REQUESTS.get(session.conn, request_id)
    if request is None:
        raise NotFoundError("request.not_found")
    return request


def _retention_lines(session: Session, client_id: str) -> list[RetentionLine]:
    """Per category of this client's records: the first and last destruction date, or
    why there is none yet (a hold or an open request does not change the dates told)."""
    dates: dict[str, list[date]] = {}
    reasons: dict[str, str] = {}
    for verdict in retention.review(session, client_id=client_id).verdicts:
        if verdict.client_id != client_id:
            continue
        category = verdict.category.value
        if verdict.destroy_on is not None:
            dates.setdefault(category, []).append(verdict.destroy_on)
        elif verdict.not_due is not None:
            reasons.setdefault(category, verdict.not_due.value)
    lines = []
    for category in sorted(set(dates) | set(reasons)):
        days = dates.get(category, [])
        lines.append(
            RetentionLine(
                category,
                min(days) if days else None,
                max(days) if days else None,
                reasons.get(category),
            )
        )
    return lines


def _sources(rels: list[Relationship]) -> list[tuple[str, str]]:
    found = [(DataSource.CLIENT.value, "")]
    for rel in rels:
        pair = (rel.source.value, rel.source_name.strip())
        if pair not in found:
            found.append(pair)
    return found


def _recipients(records: access_queries.ClientRecords, rels: list[Relationship]) -> list[str]:
    """Recipients by name: disclosures, payers other than the client, controlling counties."""
    ids = {rel.id for rel in rels}
    names: list[str] = []
    for disclosure in records.disclosures:
        if disclosure.relationship_id in ids:
            names.append(disclosure.recipient)
    for invoice in records.invoices:
        if invoice.relationship_id in ids and invoice.payer_kind is not PayerKind.CLIENT:
            names.append(invoice.payer_name)
    for rel in rels:
        if rel.controller is Controller.COUNTY and rel.county_name:
            names.append(rel.county_name)
    return sorted({n.strip() for n in names if n.strip()}, key=str.casefold)


def register_records(
    records: access_queries.ClientRecords,
    kind: RegisterKind,
    rels: list[Relationship],
    withheld: frozenset[str] = frozenset(),
    bookkeeping: bool = True,
) -> RegisterRecords | None:
    """One register's part of a client's records: its relationships among ``rels`` and what
    hangs on them, withheld entries left out; without ``bookkeeping``, no invoices or
    payment commitments (the hand-over gives them apart). None when it has none."""
    kind_rels = [r for r in rels if r.register_kind is kind]
    if not kind_rels:
        return None
    ids = {r.id for r in kind_rels}
    return RegisterRecords(
        register_kind=kind,
        relationships=kind_rels,
        service_names={
            r.service_id: records.service_names.get(r.service_id, "")
            for r in kind_rels
            if r.service_id is not None
        },
        appointments=[a for a in records.appointments if a.relationship_id in ids],
        invoices=[i for i in records.invoices if i.relationship_id in ids] if bookkeeping else [],
        payment_commitments=[c for c in records.payment_commitments if c.relationship_id in ids]
        if bookkeeping
        else [],
        consents=[c for c in records.consents if c.relationship_id in ids],
        disclosures=[d for d in records.disclosures if d.relationship_id in ids],
        notes=rules.visible_notes([n for n in records.notes if n.relationship_id in ids], withheld),
    )


def _by_register(
    records: access_queries.ClientRecords, rels: list[Relationship], withheld: frozenset[str]
) -> list[RegisterRecords]:
    parts = (register_records(records, kind, rels, withheld) for kind in RegisterKind)
    return [part for part in parts if part is not None]


def build_answer(session: Session, request_id: int, lang: str | None = None) -> AccessContent:
    """The answer to an access request, nothing written; the clinical store must be open.

    The records of relationships outside the request's registers, of county-controlled
    relationships (forwarded to the county instead) and of parts withheld are left out.
    Reading is logged as a view of the client."""
    session.require_clinical()
    request = _request(session, request_id)
    if request.kind is not RequestKind.ACCESS:
        raise ValidationError("access_answer.not_access_request", field="kind")
    conn = session.conn
    client = repo.CLIENTS.get(conn, request.client_id)
    if client is None:
        raise NotFoundError("client.not_found")
    session.log_view(request.client_id)
    records = access_queries.client_records(conn, client)
    scoped = [r for r in records.relationships if rules.in_scope(request, r)]
    county = [r for r in scoped if r.controller is Controller.COUNTY]
    own = rules.practice_controlled(scoped)
    forwarding = bool(county) and not own
    if forwarding:
        # The county is the controller and answers: it gets the records whole.
        withheld: list[rules.Withheld] = []
        shown = county
    else:
        withheld = rules.automatic_withholding(
            request, own, [n for n in records.notes if n.relationship_id in {r.id for r in own}]
        )
        withheld += rules.chosen_withholding(
            access_queries.withheld_of(conn, request_id), records.notes
        )
        shown = own
    parts = rules.withheld_parts(withheld)
    shown = [r for r in shown if r.id is None or rules.relationship_part(r.id) not in parts]
    today = session.today()
    log_since = add_years(today, -rules.LOG_YEARS)
    since = datetime.combine(log_since, datetime.min.time(), tzinfo=session.now().tzinfo)
    return AccessContent(
        packet_id=secrets.token_hex(8),
        created_at=session.now(),
        lang=rules.answer_language(client, lang),
        request=request,
        practice=repo.load_practice(conn),
        client=client,
        contact_persons=records.contact_persons,
        registers=_by_register(records, shown, parts),
        identity=records.identity,
        hetu_included=request.hetu_in_answer,
        identity_corrections=records.identity_corrections,
        earlier_requests=[r for r in records.requests if r.id != request.id],
        log=access_queries.log_since(conn, request.client_id, since),
        log_since=log_since,
        retention=_retention_lines(session, request.client_id),
        recipients=_recipients(records, shown),
        sources=_sources(shown),
        withheld=withheld,
        forwarded_to=sorted({r.county_name for r in county if r.county_name}),
        forwarding=forwarding,
    )


@dataclass(frozen=True)
class AnswerDraft:
    """An answer built and not yet given: its content and the digest of that content."""

    content: AccessContent
    digest: str


@dataclass(frozen=True)
class WrittenAnswer:
    packet_id: str
    digest: str
    pdf: Path
    json: Path | None
    decision: RequestDecision
    lang: str


def prepare(session: Session, request_id: int, lang: str | None = None) -> AnswerDraft:
    """The answer to preview: built, nothing recorded yet (the view is logged). The
    requester's identity must have been checked first."""
    request = _request(session, request_id)
    if request.identity_method is None:
        raise ValidationError("request.identity_not_checked", field="identity_method")
    content = build_answer(session, request_id, lang)
    return AnswerDraft(content, rules.content_digest(content))


def render(draft: AnswerDraft, progress: Progress | None = None) -> bytes:
    """The answer's PDF. Needs no session: the GUI renders it on a thread of its own."""
    from app.export.access_answer import render_answer_pdf

    return render_answer_pdf(draft.content, draft.digest, progress)


def record_printed(session: Session, draft: AnswerDraft) -> None:
    """The answer was printed: logged, a disclosure to the data subject, kept with the request."""
    with session.transaction():
        _record_answer(session, draft.content, draft.digest, "print")


def save_answer(
    session: Session, draft: AnswerDraft, pdf: bytes, pdf_path: Path, json_path: Path | None = None
) -> WrittenAnswer:
    """Write the rendered answer (and its JSON) atomically and record it in the same
    transaction: nothing is recorded when a file cannot be written."""
    require_folder_of(pdf_path)
    if json_path is not None:
        require_folder_of(json_path, "json")
    files = [(Path(pdf_path), pdf)]
    if json_path is not None:
        files.append((Path(json_path), rules.readable_json(draft.content, draft.digest)))
    with session.transaction():
        _record_answer(session, draft.content, draft.digest, "export")
        write_files_atomically(files)
    content = draft.content
    return WrittenAnswer(
        content.packet_id, draft.digest, Path(pdf_path), json_path, content.decision, content.lang
    )


def write_answer(
    session: Session,
    request_id: int,
    pdf_path: Path,
    json_path: Path | None = None,
    lang: str | None = None,
    progress: Progress | None = None,
) -> WrittenAnswer:
    """Build, render and write the answer (PDF, and JSON when asked), and record it: the
    export is logged and recorded as a disclosure to the data subject, the packet id and
    digest kept on the request."""
    require_folder_of(pdf_path)
    if json_path is not None:
        require_folder_of(json_path, "json")
    draft = prepare(session, request_id, lang)
    return save_answer(session, draft, render(draft, progress), pdf_path, json_path)


def _record_answer(session: Session, content: AccessContent, digest: str, action: str) -> None:
    request = repo.REQUESTS.get(session.conn, content.request.id) or content.request
    request.packet_id = content.packet_id
    request.answer_digest = digest
    request.decision = content.decision
    request.delivered_language = content.lang
    repo.REQUESTS.update(session.conn, request)
    session.log(
        AuditEvent(
            action,
            client_id=request.client_id,
            data_kind=DATA_KIND,
            purpose="export",
            ref=f"{DATA_KIND}:{content.packet_id}",
        )
    )
    rels = content.all_relationships or _any_relationship(session, request.client_id)
    if not rels:
        return  # a disclosure names a relationship; a client with none has only the log row
    if content.forwarding:
        recipient = ", ".join(content.forwarded_to)
        basis = FORWARD_BASIS
    else:
        recipient = request.requester_name.strip() or content.client.display_name
        basis = LEGAL_BASIS
    record_given(session, request.client_id, rels, recipient, f"{DATA_KIND}:{content.packet_id}",
              basis)  # fmt: skip


def record_given(
    session: Session,
    client_id: str,
    rels: list[Relationship],
    recipient: str,
    what: str,
    basis: str,
) -> None:
    """The disclosure log's record of an answer or a letter given (it names a relationship
    of the client: the first of those the document concerns)."""
    consents.record_disclosure(
        session,
        Disclosure(
            client_id=client_id,
            disclosed_on=session.today(),
            recipient=recipient,
            data_disclosed=what,
            purpose=DISCLOSURE_PURPOSE,
            legal_basis=basis,
            relationship_id=rels[0].id,
            health_data=any(r.register_kind is not RegisterKind.OTHER for r in rels),
        ),
    )


def _any_relationship(session: Session, client_id: str) -> list[Relationship]:
    return repo.RELATIONSHIPS.where(session.conn, order=("id",), client_id=client_id)


def withhold(
    session: Session,
    request_id: int,
    note_id: int,
    reason: WithholdReason,
    explanation: str,
    reasons_given: bool = True,
) -> WithheldPart:
    """Withhold a note of the client from the answer (Tietosuojalaki § 34). The reasons are
    written unless giving them would defeat the restriction (``reasons_given`` False)."""
    session.require_clinical()
    request = _request(session, request_id)
    if request.status is RequestStatus.CLOSED:
        raise ValidationError("request.already_closed", field="status")
    if reason not in (WithholdReason.HEALTH_OR_CARE, WithholdReason.RIGHTS_OF_OTHERS):
        raise ValidationError("access_answer.withhold_reason", field="reason")
    if reasons_given and not explanation.strip():
        raise ValidationError("access_answer.withhold_explanation", field="explanation")
    note = repo.NOTES.get(session.conn, note_id)
    if note is None or note.client_id != request.client_id:
        raise NotFoundError("note.not_found")
    part = WithheldPart(
        request_id=request_id,
        part=rules.note_part(note_id),
        reason=reason,
        reasons_given=reasons_given,
        explanation=explanation.strip(),
    )
    with session.transaction() as conn:
        if any(p.part == part.part for p in access_queries.withheld_of(conn, request_id)):
            raise ValidationError("access_answer.already_withheld", field="note_id")
        repo.WITHHELD.insert(conn, part)
    return part


def write_ombudsman_letter(
    session: Session, request_id: int, pdf_path: Path, lang: str = "fi"
) -> Path:
    """The letter that delivers the entries withheld under § 34 to the Data Protection
    Ombudsman, with them (Tietosuojalaki § 34(4)); logged and recorded as a disclosure,
    and the request notes that the client asked for it."""
    from app.export.access_answer import render_ombudsman_letter

    require_folder_of(pdf_path)
    content = build_answer(session, request_id, lang)
    chosen = {
        w.part
        for w in content.withheld
        if w.reason in (WithholdReason.HEALTH_OR_CARE, WithholdReason.RIGHTS_OF_OTHERS)
    }
    if not chosen:
        raise ValidationError("access_answer.nothing_for_ombudsman", field="withheld")
    request = content.request
    notes = [
        n
        for n in repo.NOTES.where(
            session.conn, order=("written_at", "id"), client_id=request.client_id
        )
        if n.id is not None
        and (rules.note_part(n.id) in chosen or rules.note_part(n.amends_id or -1) in chosen)
    ]
    pdf = render_ombudsman_letter(content, notes)
    rels = content.all_relationships or _any_relationship(session, request.client_id)
    with session.transaction() as conn:
        request.ombudsman_delivery = True
        repo.REQUESTS.update(conn, request)
        session.log(
            AuditEvent(
                "export",
                client_id=request.client_id,
                data_kind="ombudsman_letter",
                purpose="export",
                ref=f"ombudsman_letter:{request.id}",
            )
        )
        if rels:
            record_given(session, request.client_id, rels, OMBUDSMAN,
                      f"ombudsman_letter:{request.id}", OMBUDSMAN_BASIS)  # fmt: skip
        write_files_atomically([(Path(pdf_path), pdf)])
    return Path(pdf_path)


@dataclass(frozen=True)
class EntryChoice:
    """One of the client's entries, as the practitioner chooses what to withhold."""

    note_id: int
    written_on: date
    kind: NoteKind
    preview: str  # the first words; empty for removed content
    specially_protected: bool
    withheld: WithheldPart | None
    automatic: WithholdReason | None  # withheld by the rules, not by choice


@dataclass(frozen=True)
class AnswerChoices:
    request: DataRequest
    client_name: str
    language: str  # the default language of the answer
    entries: list[EntryChoice]


PREVIEW_CHARACTERS = 90


def answer_choices(session: Session, request_id: int) -> AnswerChoices:
    """What the answer wizard shows before the preview: the request, the default language
    and each entry of the client with its withheld state; the view is logged."""
    session.require_clinical()
    request = _request(session, request_id)
    client = repo.CLIENTS.get(session.conn, request.client_id)
    if client is None:
        raise NotFoundError("client.not_found")
    session.log_view(request.client_id)
    chosen = {p.part: p for p in access_queries.withheld_of(session.conn, request_id)}
    rels = {r.id: r for r in _any_relationship(session, request.client_id)}
    entries = []
    notes = repo.NOTES.where(session.conn, order=("written_at", "id"), client_id=request.client_id)
    for note in notes:
        if note.id is None or note.amends_id is not None:
            continue
        rel = rels.get(note.relationship_id)
        automatic = None
        if note.kind is NoteKind.THIRD_PARTY_DOCUMENT:
            automatic = WithholdReason.THIRD_PARTY
        elif rel is not None and rules.guardian_excluded(request, rel):
            automatic = WithholdReason.MINOR_PROHIBITION
        text = " ".join((note.body or "").split())
        entries.append(
            EntryChoice(
                note.id,
                note.session_date or note.written_at.date(),
                note.kind,
                text[:PREVIEW_CHARACTERS] + ("…" if len(text) > PREVIEW_CHARACTERS else ""),
                note.specially_protected,
                chosen.get(rules.note_part(note.id)),
                automatic,
            )
        )
    return AnswerChoices(request, client.display_name, rules.answer_language(client), entries)


def release(session: Session, request_id: int, note_id: int) -> None:
    """Give a withheld entry after all (before the request is closed)."""
    request = _request(session, request_id)
    if request.status is RequestStatus.CLOSED:
        raise ValidationError("request.already_closed", field="status")
    with session.transaction() as conn:
        access_queries.release(conn, request_id, rules.note_part(note_id))


def withheld_of(session: Session, request_id: int) -> list[WithheldPart]:
    return access_queries.withheld_of(session.conn, request_id)


def access_packet(
    session: Session,
    client_id: str,
    pdf_path: Path,
    json_path: Path | None = None,
    lang: str | None = None,
    progress: Progress | None = None,
) -> WrittenAnswer:
    """The command line's answer: the client's open access request, or one recorded now
    (received today, identity noted as checked by the practitioner), answered and closed
    as delivered. A client whose relationships are all county-controlled gets the
    forwarding letter to the county with the data instead (the same writer)."""
    open_access = [
        r
        for r in repo.REQUESTS.where(session.conn, order=("received_on", "id"), client_id=client_id)
        if r.kind is RequestKind.ACCESS and r.status is RequestStatus.OPEN
    ]
    with session.transaction():
        if open_access:
            request = open_access[0]
        else:
            request = requests.record_request(
                session, client_id, RequestKind.ACCESS, session.today()
            )
        if request.identity_method is None:
            practitioner = repo.load_practice(session.conn).practitioner_name.strip()
            request = requests.record_identity_check(
                session,
                request.id or 0,
                IdentityMethod.CHECKED_BY_PRACTITIONER,
                practitioner or "practitioner",
                session.today(),
            )
        written = write_answer(session, request.id or 0, pdf_path, json_path, lang, progress)
        requests.mark_delivered(session, request.id or 0, session.today(), DeliveryMethod.OTHER)
    return written
