"""Access, rectification, erasure and log-information requests: deadlines, identity, outcome."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from app.db import repositories as repo
from app.domain.errors import NotFoundError, ValidationError
from app.domain.kinds import (
    DeliveryMethod,
    FeeRule,
    IdentityMethod,
    RegisterKind,
    Requester,
    RequestKind,
    RequestStatus,
)
from app.domain.models import DataRequest
from app.domain.request_rules import extended_deadline, is_near_deadline, request_deadline_for
from app.services.session import Session


def record_request(
    session: Session,
    client_id: str,
    kind: RequestKind,
    received_on: date,
    details: str = "",
    requester: Requester = Requester.CLIENT,
    requester_name: str = "",
    registers: Iterable[RegisterKind] = (),
    hetu_in_answer: bool = True,
) -> DataRequest:
    """A request as received: who asked (a guardian or representative by name) and the
    registers it concerns (none named: every register of the client)."""
    if received_on > session.today():
        raise ValidationError("date.in_future", field="received_on")
    if requester is not Requester.CLIENT and not requester_name.strip():
        raise ValidationError("request.requester_name_required", field="requester_name")
    request = DataRequest(
        client_id=client_id,
        kind=kind,
        received_on=received_on,
        due_on=request_deadline_for(kind, received_on),
        details=details.strip(),
        requester=requester,
        requester_name=requester_name.strip() if requester is not Requester.CLIENT else "",
        registers=" ".join(sorted({RegisterKind(r).value for r in registers})),
        hetu_in_answer=hetu_in_answer,
    )
    with session.transaction() as conn:
        if repo.CLIENTS.get(conn, client_id) is None:
            raise NotFoundError("client.not_found")
        repo.REQUESTS.insert(conn, request)
    return request


def _load(session: Session, request_id: int) -> DataRequest:
    request = repo.REQUESTS.get(session.conn, request_id)
    if request is None:
        raise NotFoundError("request.not_found")
    return request


def _check_step_date(session: Session, request: DataRequest, day: date, field: str) -> None:
    """A step of handling a request happens between its receipt and today."""
    if day < request.received_on:
        raise ValidationError("request.date_before_received", field=field)
    if day > session.today():
        raise ValidationError("date.in_future", field=field)


def record_identity_check(
    session: Session, request_id: int, method: IdentityMethod, checked_by: str, checked_on: date
) -> DataRequest:
    if not checked_by.strip():
        raise ValidationError("field.required", field="identity_checked_by")
    request = _load(session, request_id)
    _check_step_date(session, request, checked_on, "identity_checked_on")
    request.identity_method = method
    request.identity_checked_by = checked_by.strip()
    request.identity_checked_on = checked_on
    with session.transaction() as conn:
        repo.REQUESTS.update(conn, request)
    return request


def set_fee_rule(session: Session, request_id: int, rule: FeeRule, reason: str) -> DataRequest:
    """A fee or refusal needs recorded reasons (GDPR art. 12(5), 15(3)); the first copy is
    always free: a fee for a further copy needs an earlier answered access request."""
    if rule is not FeeRule.FREE and not reason.strip():
        raise ValidationError("request.fee_reason_required", field="fee_reason")
    request = _load(session, request_id)
    if rule is FeeRule.FURTHER_COPY_FEE and not _earlier_copy_given(session, request):
        raise ValidationError("request.first_copy_free", field="fee_rule")
    request.fee_rule = rule
    request.fee_reason = reason.strip()
    with session.transaction() as conn:
        repo.REQUESTS.update(conn, request)
    return request


def _earlier_copy_given(session: Session, request: DataRequest) -> bool:
    earlier = repo.REQUESTS.where(session.conn, client_id=request.client_id, kind=request.kind)
    return any(r.id != request.id and r.packet_id and r.received_on <= request.received_on
               for r in earlier)  # fmt: skip


def extend_deadline(
    session: Session, request_id: int, reason: str, told_on: date | None = None
) -> DataRequest:
    """Two further months (art. 12(3)); only within the first month, with reasons, the
    client told (``told_on``, today if not given) within that month too."""
    request = _load(session, request_id)
    told_on = told_on or session.today()
    if not reason.strip():
        raise ValidationError("request.extension_reason_required", field="extension_reason")
    if session.today() > request.due_on:
        raise ValidationError("request.extension_too_late", field="extended_to")
    _check_step_date(session, request, told_on, "extension_told_on")
    if told_on > request.due_on:
        raise ValidationError("request.extension_too_late", field="extension_told_on")
    request.extended_to = extended_deadline(request.received_on)
    request.extension_reason = reason.strip()
    request.extension_told_on = told_on
    with session.transaction() as conn:
        repo.REQUESTS.update(conn, request)
    return request


def close_request(session: Session, request_id: int, outcome: str, closed_on: date) -> DataRequest:
    request = _load(session, request_id)
    if request.status is RequestStatus.CLOSED:
        raise ValidationError("request.already_closed", field="status")
    if request.identity_method is None:
        raise ValidationError("request.identity_not_checked", field="identity_method")
    _check_step_date(session, request, closed_on, "closed_on")
    request.status = RequestStatus.CLOSED
    request.outcome = outcome
    request.closed_on = closed_on
    with session.transaction() as conn:
        repo.REQUESTS.update(conn, request)
    return request


def set_hetu_choice(session: Session, request_id: int, include_hetu: bool) -> DataRequest:
    """The client's choice whether the answer shows their identity code (RULES.md)."""
    request = _load(session, request_id)
    if request.status is RequestStatus.CLOSED:
        raise ValidationError("request.already_closed", field="status")
    request.hetu_in_answer = include_hetu
    with session.transaction() as conn:
        repo.REQUESTS.update(conn, request)
    return request


def mark_delivered(
    session: Session, request_id: int, delivered_on: date, how: DeliveryMethod, note: str = ""
) -> DataRequest:
    """The answer reached the client (when, how): the request is closed. An access request
    is delivered only after its answer was written (its packet id is kept)."""
    request = _load(session, request_id)
    if request.status is RequestStatus.CLOSED:
        raise ValidationError("request.already_closed", field="status")
    if request.kind is RequestKind.ACCESS and not request.packet_id:
        raise ValidationError("request.no_answer_written", field="packet_id")
    if request.identity_method is None:
        raise ValidationError("request.identity_not_checked", field="identity_method")
    _check_step_date(session, request, delivered_on, "delivered_on")
    request.delivered_on = delivered_on
    request.delivered_how = DeliveryMethod(how)
    request.status = RequestStatus.CLOSED
    request.closed_on = delivered_on
    if note.strip():
        request.outcome = note.strip()
    with session.transaction() as conn:
        repo.REQUESTS.update(conn, request)
    return request


def requests_of(session: Session, client_id: str) -> list[DataRequest]:
    """The client's requests; not shown unless the view is logged."""
    session.log_view(client_id)
    return repo.REQUESTS.where(session.conn, order=("received_on", "id"), client_id=client_id)


def open_requests(session: Session) -> list[DataRequest]:
    return repo.REQUESTS.where(session.conn, order=("due_on",), status="open")


def requests_near_deadline(session: Session) -> int:
    today = session.today()
    return sum(1 for r in open_requests(session) if is_near_deadline(r.deadline, today))


def open_requests_with_names(session: Session) -> list[tuple[DataRequest, str]]:
    """Every open request with its client's display name, nearest deadline first.

    The deadline is the extended one where the deadline was extended. For the
    practitioner's own screen (the requests overview); the names are not logged as
    openings, because no client record is opened.
    """
    rows = open_requests(session)
    names: dict[str, str] = {}
    for client_id in {r.client_id for r in rows}:
        client = repo.CLIENTS.get(session.conn, client_id)
        names[client_id] = client.display_name if client else ""
    pairs = [(r, names.get(r.client_id, "")) for r in rows]
    return sorted(pairs, key=lambda pair: (pair[0].deadline, pair[0].received_on, pair[0].id or 0))
