"""Written decisions on requests, and the consents printout (RULES.md; issue 10 item 6).

Each writes its PDF atomically and, in the same transaction, records the decision on the
request and logs the export; a document that gives the client's data (the log
information, the consents printout) is also recorded as a disclosure to the data
subject. Nothing is recorded when the file cannot be written. A refusal always needs
its reasons; the letters name the remedies themselves.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from app.db import access_queries
from app.db import repositories as repo
from app.db.audit import AuditEvent
from app.domain import access_answer as answer_rules
from app.domain.errors import NotFoundError, ValidationError
from app.domain.kinds import (
    FeeRule,
    RequestDecision,
    RequestKind,
    RequestStatus,
)
from app.domain.models import Client, DataRequest
from app.domain.retention import add_years
from app.export import decisions as letters
from app.files import write_files_atomically
from app.services import consents, purge, requests, retention
from app.services.access_answer import record_given
from app.services.outputs import require_folder_of
from app.services.session import Session

DATA_KIND = "decision"
LOG_LEGAL_BASIS = "703/2023 § 11"
CONSENTS_LEGAL_BASIS = "703/2023 § 58(3)"


def _request(session: Session, request_id: int, kind: RequestKind | None = None) -> DataRequest:
    request = repo.REQUESTS.get(session.conn, request_id)
    if request is None:
        raise NotFoundError("request.not_found")
    if kind is not None and request.kind is not kind:
        raise ValidationError("decision.wrong_kind", field="kind")
    if request.status is RequestStatus.CLOSED:
        raise ValidationError("request.already_closed", field="status")
    return request


def _client(session: Session, client_id: str) -> Client:
    client = repo.CLIENTS.get(session.conn, client_id)
    if client is None:
        raise NotFoundError("client.not_found")
    return client


def _head(
    session: Session, client: Client, request: DataRequest | None, lang: str | None
) -> letters.LetterHead:
    return letters.LetterHead(
        practice=repo.load_practice(session.conn),
        client=client,
        request=request,
        lang=answer_rules.answer_language(client, lang),
        created_at=session.now(),
        addressee=request.requester_name if request is not None else "",
    )


def _record(
    session: Session,
    client: Client,
    request: DataRequest | None,
    decision: RequestDecision | None,
    document: str,
    disclosed_under: str = "",
) -> None:
    """Inside the caller's transaction: the decision kept, the export logged, and the
    disclosure to the data subject recorded when the document gives their data."""
    client_id = client.id or ""
    if request is not None and decision is not None:
        request = repo.REQUESTS.get(session.conn, request.id) or request
        request.decision = decision
        repo.REQUESTS.update(session.conn, request)
    ref = f"{document}:{request.id if request is not None else client_id}"
    session.log(
        AuditEvent("export", client_id=client_id, data_kind=document, purpose="export", ref=ref)
    )
    rels = repo.RELATIONSHIPS.where(session.conn, order=("id",), client_id=client_id)
    if disclosed_under and rels:
        recipient = (request.requester_name if request else "") or client.display_name
        record_given(session, client_id, rels, recipient, ref, disclosed_under)


def write_refusal(
    session: Session, request_id: int, reasons: str, pdf_path: Path, lang: str | None = None
) -> Path:
    """Refuse a manifestly unfounded or excessive request as a whole (GDPR art. 12(5)):
    the reasons are kept with the request (its fee rule) and written to the client."""
    require_folder_of(pdf_path)
    if not reasons.strip():
        raise ValidationError("request.fee_reason_required", field="fee_reason")
    request = _request(session, request_id)
    client = _client(session, request.client_id)
    pdf = letters.render_refusal(_head(session, client, request, lang), reasons.strip())
    with session.transaction():
        requests.set_fee_rule(session, request_id, FeeRule.MANIFESTLY_UNFOUNDED, reasons)
        _record(session, client, request, RequestDecision.REFUSED, "refusal")
        write_files_atomically([(Path(pdf_path), pdf)])
    return Path(pdf_path)


def write_log_information(
    session: Session,
    request_id: int,
    pdf_path: Path,
    lang: str | None = None,
    refused_reason: str = "",
) -> Path:
    """A request for log information on its own (703/2023 § 11): the log of the last two
    years, or the written decision refusing it (with reasons and remedies)."""
    require_folder_of(pdf_path)
    request = _request(session, request_id, RequestKind.LOG_INFORMATION)
    if request.identity_method is None and not refused_reason.strip():
        raise ValidationError("request.identity_not_checked", field="identity_method")
    client = _client(session, request.client_id)
    since = add_years(session.today(), -answer_rules.LOG_YEARS)
    moment = datetime.combine(since, datetime.min.time(), tzinfo=session.now().tzinfo)
    rows = access_queries.log_since(session.conn, request.client_id, moment)
    head = _head(session, client, request, lang)
    pdf = letters.render_log_information(head, rows, since, refused_reason.strip())
    refused = bool(refused_reason.strip())
    with session.transaction():
        decision = RequestDecision.REFUSED if refused else RequestDecision.GRANTED
        _record(session, client, request, decision, "log_information",
                "" if refused else LOG_LEGAL_BASIS)  # fmt: skip
        write_files_atomically([(Path(pdf_path), pdf)])
    return Path(pdf_path)


def write_rectification_decision(
    session: Session,
    request_id: int,
    granted: bool,
    what: str,
    reasons: str,
    pdf_path: Path,
    lang: str | None = None,
) -> Path:
    """The rectification decision: what was corrected (the correction itself is made with
    the correction rules: an amendment, an identity correction), or the refusal with
    its reasons and the remedies."""
    require_folder_of(pdf_path)
    if granted and not what.strip():
        raise ValidationError("decision.what_required", field="what")
    if not granted and not reasons.strip():
        raise ValidationError("decision.reasons_required", field="reasons")
    request = _request(session, request_id, RequestKind.RECTIFICATION)
    client = _client(session, request.client_id)
    head = _head(session, client, request, lang)
    pdf = letters.render_rectification(head, granted, what.strip(), reasons.strip())
    decision = RequestDecision.GRANTED if granted else RequestDecision.REFUSED
    with session.transaction():
        _record(session, client, request, decision, "rectification")
        write_files_atomically([(Path(pdf_path), pdf)])
    return Path(pdf_path)


def write_consents_printout(
    session: Session, client_id: str, pdf_path: Path, lang: str | None = None
) -> Path:
    """Every consent, permission and prohibition of the client with its versions, for the
    client (703/2023 § 58(3)); logged and recorded as a disclosure to the client."""
    require_folder_of(pdf_path)
    client = _client(session, client_id)
    given = consents.consents_of(session, client_id)
    pdf = letters.render_consents(_head(session, client, None, lang), given)
    with session.transaction():
        _record(session, client, None, None, "consents_printout", CONSENTS_LEGAL_BASIS)
        write_files_atomically([(Path(pdf_path), pdf)])
    return Path(pdf_path)


def _kept_after(session: Session, client_id: str) -> list[letters.KeptCategory]:
    """What is left of the client, by category, with the day it may go (the latest)."""
    latest: dict[str, date | None] = {}
    for verdict in retention.review(session, client_id=client_id).verdicts:
        if verdict.client_id != client_id:
            continue
        category = verdict.category.value
        known = latest.get(category)
        day = verdict.destroy_on
        latest[category] = day if known is None or (day is not None and day > known) else known
    return [letters.KeptCategory(c, latest[c]) for c in sorted(latest)]


def answer_erasure(
    session: Session, request_id: int, pdf_path: Path, lang: str | None = None
) -> letters.ErasureResult:
    """Erase what may be erased and answer (GDPR art. 17): the request is decided first
    (so it no longer holds its client), then the client's records that are due go by the
    purge mechanics (one transaction, a purge record, the stores vacuumed), and the answer
    names what was erased and what must be kept with its legal ground (art. 17(3)(b)).
    If the purge fails, the request is open again and nothing was erased."""
    require_folder_of(pdf_path)
    request = _request(session, request_id, RequestKind.ERASURE)
    if request.identity_method is None:
        raise ValidationError("request.identity_not_checked", field="identity_method")
    session.require_clinical()
    client = _client(session, request.client_id)
    head = _head(session, client, request, lang)  # names and address, before they may go
    client_id = client.id or ""
    with session.transaction() as conn:
        request.status = RequestStatus.CLOSED
        request.closed_on = session.today()
        repo.REQUESTS.update(conn, request)
    try:
        record = purge.run_purge(session, purge.plan_purge(session, client_ids={client_id}))
    except BaseException:
        with session.transaction() as conn:
            request.status, request.closed_on = RequestStatus.OPEN, None
            repo.REQUESTS.update(conn, request)
        raise
    erased = [letters.ErasedCategory(e.category, e.count) for e in record.entries]
    kept = _kept_after(session, client_id)
    result = letters.ErasureResult(erased, kept, record.purged_at)
    pdf = letters.render_erasure(head, result)
    decision = RequestDecision.PARTLY_REFUSED if kept else RequestDecision.GRANTED
    with session.transaction():
        if repo.CLIENTS.get(session.conn, client_id) is not None:
            _record(session, client, request, decision, "erasure")
        write_files_atomically([(Path(pdf_path), pdf)])
    return result
