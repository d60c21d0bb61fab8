"""Decisions as PDF (issue 10 item 6): refusal, log information, rectification, erasure where
bookkeeping must be kept, and the consents printout; each read back."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.db import audit
from app.domain.errors import ValidationError
from app.domain.kinds import (
    ConsentKind,
    FeeRule,
    IdentityMethod,
    RegisterKind,
    RequestDecision,
    RequestKind,
    RequestStatus,
)
from app.domain.models import Consent, Practice
from app.i18n import tr
from app.i18n.codes import category_label, category_source
from app.services import clients, consents, decisions, requests
from app.services import register as register_service
from app.services.session import Session
from tests.purge_register import Built, MovableClock, _client, _end, _invoice, _rel, _visit

NAME = ("Áilu", "Ŋuolja")


@pytest.fixture
def built(session: Session) -> Built:
    clock = MovableClock(datetime(2010, 3, 1, 10, 0).astimezone())
    session.register.clock = clock
    register_service.save_practice(
        session, Practice(name="Testipraktiikka", practitioner_name="Terttu Testiterapeutti")
    )
    built = Built(clock)
    cid = _client(session, built, "A", *NAME)
    rel = _rel(session, cid, RegisterKind.OTHER, date(2010, 3, 1))
    clock.set(date(2010, 3, 20))
    _visit(session, cid, rel, date(2010, 3, 15))
    _invoice(session, cid, rel, "2010-0001", date(2010, 3, 20), " ".join(NAME))
    consent = consents.record_consent(
        session,
        Consent(cid, ConsentKind.SHARING_PERMISSION, "Yhteenveto työnantajalle",
                date(2010, 3, 15), recipient="Työnantaja Oy", relationship_id=rel),
    )  # fmt: skip
    clock.set(date(2010, 6, 1))
    consents.withdraw_consent(session, consent.id or 0, date(2010, 6, 1))
    _end(session, rel, date(2011, 1, 31), "Valmennus päättyi")
    clock.set(date(2014, 3, 1))  # contact details are due (2 years); bookkeeping is not (7)
    return built


def _request(session: Session, built: Built, kind: RequestKind) -> int:
    request = requests.record_request(session, built.ids["A"], kind, session.today())
    requests.record_identity_check(
        session, request.id or 0, IdentityMethod.IN_PERSON_ID_DOCUMENT, "Terttu", session.today()
    )
    return request.id or 0


def _text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text() or "" for p in PdfReader(str(path)).pages).split())


def _decision(session: Session, request_id: int) -> RequestDecision | None:
    stored = next(
        r for r in requests.open_requests(session) + _closed(session) if r.id == request_id
    )
    return stored.decision


def _closed(session: Session) -> list:  # type: ignore[type-arg]
    from app.db import repositories as repo

    return repo.REQUESTS.where(session.conn, status="closed")


def test_a_refusal_needs_reasons_and_names_the_remedies(
    session: Session, built: Built, tmp_path: Path
) -> None:
    request_id = _request(session, built, RequestKind.ACCESS)
    pdf = tmp_path / "refusal.pdf"
    with pytest.raises(ValidationError):
        decisions.write_refusal(session, request_id, "  ", pdf, lang="fi")
    assert not pdf.exists()
    decisions.write_refusal(session, request_id, "Kymmenes sama pyyntö kuukaudessa.", pdf, "fi")
    text = _text(pdf)
    _ = tr("fi").gettext
    assert _("Decision: your request is refused") in text
    assert "Kymmenes sama pyyntö kuukaudessa." in text
    assert "tietosuoja@om.fi" in text and "77" in text and "79" in text
    assert " ".join(NAME) in text
    stored = next(r for r in requests.open_requests(session) if r.id == request_id)
    assert (stored.decision, stored.fee_rule) == (
        RequestDecision.REFUSED, FeeRule.MANIFESTLY_UNFOUNDED,
    )  # fmt: skip


def test_log_information_on_its_own_and_its_refusal(
    session: Session, built: Built, tmp_path: Path
) -> None:
    clients.open_client(session, built.ids["A"])  # a log row within the two years
    with pytest.raises(ValidationError) as info:
        decisions.write_log_information(
            session, _request(session, built, RequestKind.ACCESS), tmp_path / "x.pdf"
        )
    assert info.value.code == "decision.wrong_kind"
    request_id = _request(session, built, RequestKind.LOG_INFORMATION)
    pdf = tmp_path / "log.pdf"
    decisions.write_log_information(session, request_id, pdf, lang="sv")
    text = _text(pdf)
    assert tr("sv").gettext("Client record opened") in text
    assert tr("sv").gettext("Client record opened") != "Client record opened"
    disclosed = consents.disclosures_of(session, built.ids["A"])
    assert disclosed[-1].data_disclosed == f"log_information:{request_id}"

    refused = _request(session, built, RequestKind.LOG_INFORMATION)
    pdf = tmp_path / "log-refused.pdf"
    decisions.write_log_information(
        session, refused, pdf, "en", "The same logs were given last week."
    )
    text = _text(pdf)
    assert "Your request for log information is refused" in text
    assert "The same logs were given last week." in text
    assert "Client record opened" not in text


def test_rectification_granted_and_refused(session: Session, built: Built, tmp_path: Path) -> None:
    granted = _request(session, built, RequestKind.RECTIFICATION)
    with pytest.raises(ValidationError) as info:
        decisions.write_rectification_decision(session, granted, True, " ", "", tmp_path / "g.pdf")
    assert info.value.code == "decision.what_required"
    decisions.write_rectification_decision(
        session, granted, True, "Puhelinnumero korjattu.", "", tmp_path / "g.pdf", "fi"
    )
    assert "Puhelinnumero korjattu." in _text(tmp_path / "g.pdf")
    refused = _request(session, built, RequestKind.RECTIFICATION)
    decisions.write_rectification_decision(
        session, refused, False, "", "Merkintä vastaa käynnillä sovittua.", tmp_path / "r.pdf", "en"
    )
    text = _text(tmp_path / "r.pdf")
    assert "Your request for rectification is refused" in text
    assert "Merkintä vastaa käynnillä sovittua." in text and "Data Protection Ombudsman" in text


def test_erasure_where_bookkeeping_must_be_kept(
    session: Session, built: Built, tmp_path: Path
) -> None:
    request_id = _request(session, built, RequestKind.ERASURE)
    pdf = tmp_path / "erasure.pdf"
    result = decisions.answer_erasure(session, request_id, pdf, lang="fi")
    erased = {e.category for e in result.erased}
    kept = {k.category for k in result.kept}
    assert "contact_details" in erased
    assert "bookkeeping" in kept and "bookkeeping" not in erased
    text = _text(pdf)
    assert " ".join(NAME) in text  # the letter is addressed before the name goes
    assert category_label("contact_details", "fi") in text
    assert category_source("bookkeeping", "fi")[:30] in text
    assert "17" in text  # art. 17(3)(b)
    # The name is gone from the register; the invoice keeps its payer for bookkeeping.
    row = session.conn.execute(
        "SELECT first_name, last_name FROM clients WHERE id = ?", (built.ids["A"],)
    ).fetchone()
    assert row is None or NAME[1] not in " ".join(row)
    closed = _closed(session)
    assert any(r.id == request_id and r.status is RequestStatus.CLOSED for r in closed)
    assert [r.action for r in audit.rows(session.conn)].count("purge.run") == 1


def test_consents_printout_has_every_version(
    session: Session, built: Built, tmp_path: Path
) -> None:
    pdf = tmp_path / "consents.pdf"
    decisions.write_consents_printout(session, built.ids["A"], pdf, lang="en")
    text = _text(pdf)
    assert text.count("Yhteenveto työnantajalle") == 2  # the version given and the withdrawn one
    assert "Työnantaja Oy" in text
    assert "1.6.2010" not in text and "1 June 2010" in text  # English dates
    disclosed = consents.disclosures_of(session, built.ids["A"])
    assert disclosed[-1].data_disclosed == f"consents_printout:{built.ids['A']}"
