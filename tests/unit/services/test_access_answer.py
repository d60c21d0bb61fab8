"""The access answer (issue 10): its content, the PDF read back in fi, sv and en, the JSON and
its digest, withheld parts, a guardian's request, forwarding to the county, the Ombudsman."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.db import audit
from app.domain.errors import ValidationError
from app.domain.kinds import (
    ConsentKind,
    Controller,
    DataSource,
    DeliveryMethod,
    FeeRule,
    IdentityMethod,
    NoteKind,
    PayerKind,
    RecordsKept,
    RegisterKind,
    RequestDecision,
    Requester,
    RequestKind,
    RequestStatus,
    ServiceTask,
    WithholdReason,
)
from app.domain.models import (
    Client,
    Consent,
    ContactPerson,
    Disclosure,
    Invoice,
    InvoiceLine,
    Note,
    Practice,
    Relationship,
)
from app.export.access_answer import OMBUDSMAN_NAME, TITLE
from app.i18n import tr
from app.i18n.kind_labels import kind_label
from app.services import (
    access_answer,
    billing,
    clients,
    clinical,
    consents,
    relationships,
    requests,
)
from app.services import register as register_service
from app.services.session import Session
from tests.helpers import temporary_hetu
from tests.purge_register import MovableClock

HETU = temporary_hetu("150385", "-", 937)
SAMI_FIRST, SAMI_LAST = "Máret", "Ŋuolja-Čuđe"
CYRILLIC = "Екатерина"
LANGS = ("fi", "sv", "en")


@dataclass
class Built:
    client: Client
    therapy: int
    notes: dict[str, int]


def _text(path: Path) -> str:
    """The PDF's text with line breaks and runs of spaces as single spaces."""
    return " ".join(" ".join(_pages(path)).split())


def _pages(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


def _note(session: Session, cid: str, rel: int, text: str, **kw: object) -> int:
    note = clinical.add_note(
        session,
        Note(
            client_id=cid,
            relationship_id=rel,
            register_kind=RegisterKind.PATIENT,
            kind=kw.pop("kind", NoteKind.SESSION_NOTE),  # type: ignore[arg-type]
            body=text,
            written_at=datetime.now(),
            author_name="Terttu Testiterapeutti",
            **kw,  # type: ignore[arg-type]
        ),
    )
    return note.id or 0


def build(session: Session, contact_language: str = "fi") -> Built:
    clock = MovableClock(datetime(2026, 3, 2, 10, 0).astimezone())
    session.register.clock = clock
    register_service.save_practice(
        session,
        Practice(
            name="Testipraktiikka",
            business_id="1234567-1",
            street_address="Koetie 1",
            postal_code="00100",
            city="Helsinki",
            practitioner_name="Terttu Testiterapeutti",
            practitioner_title="psykoterapeutti",
        ),
    )
    relationships.confirm_legal_note(session, RegisterKind.PATIENT)
    client = clients.add_client(
        session,
        Client(
            first_name=f"{SAMI_FIRST} {CYRILLIC}",
            last_name=SAMI_LAST,
            street_address="Sámitie 3",
            postal_code="99870",
            city="Inari",
            phone="040 7654321",
            email="maret@example.invalid",
            contact_language=contact_language,  # type: ignore[arg-type]
        ),
    )
    cid = client.id or ""
    clients.add_contact_person(session, ContactPerson(cid, "Läheinen Henkilö", "sisar"))
    therapy = (
        relationships.start_relationship(
            session,
            Relationship(
                client_id=cid,
                register_kind=RegisterKind.PATIENT,
                records_kept=RecordsKept.VAKKA,
                started_on=date(2026, 3, 2),
                source=DataSource.REFERRER,
                source_name="Lähettävä Lääkäri",
            ),
        ).id
        or 0
    )
    clinical.set_identity(session, cid, f"{SAMI_FIRST} {SAMI_LAST}", hetu=HETU)
    clock.set(date(2026, 4, 1))
    from app.domain.kinds import AppointmentStatus
    from app.domain.models import Appointment
    from app.services import appointments

    appointments.add_appointment(
        session,
        Appointment(cid, therapy, datetime(2026, 3, 16, 12, 0), 45, service="Yksilöterapia",
                    place="Vastaanotto", status=AppointmentStatus.DONE),
    )  # fmt: skip
    billing.add_invoice(
        session,
        Invoice(number="2026-0042", issued_on=date(2026, 3, 20), due_on=date(2026, 4, 3),
                payer_kind=PayerKind.KELA, payer_name="Kela Testitoimisto", client_id=cid,
                relationship_id=therapy, lines=[InvoiceLine("Käynti", 9000)]),
    )  # fmt: skip
    consent = consents.record_consent(
        session,
        Consent(cid, ConsentKind.SHARING_PERMISSION, "Hoitoyhteenveto työterveyteen",
                date(2026, 3, 16), recipient="Työterveys Testi", relationship_id=therapy),
    )  # fmt: skip
    consents.record_disclosure(
        session,
        Disclosure(cid, date(2026, 3, 30), "Työterveys Testi", "Hoitoyhteenveto",
                   "Työkyvyn tuki", consent_id=consent.id, relationship_id=therapy,
                   health_data=True),
    )  # fmt: skip
    notes = {
        "plain": _note(session, cid, therapy, "Ensikäynnin kirjaus: uni ja jaksaminen."),
        "protected": _note(
            session, cid, therapy, "Erityissuojattava kirjaus traumasta.", specially_protected=True
        ),
        "third": _note(
            session,
            cid,
            therapy,
            "Naapurin kertomus kolmannesta.",
            kind=NoteKind.THIRD_PARTY_DOCUMENT,
        ),
        "hard": _note(session, cid, therapy, "Vaikea arvio, joka voisi vaarantaa hoidon."),
        "removed": _note(session, cid, therapy, "Tarpeeton yksityiskohta poistettavaksi."),
    }
    clinical.amend_note(session, notes["plain"], "Täydennys: uni parani.", "Täydennys",
                        "Terttu Testiterapeutti", "")  # fmt: skip
    clinical.remove_content(
        session, notes["removed"], "unnecessary", "Ei kuulu asiakirjoihin",
        "Terttu Testiterapeutti", "",
    )
    clock.set(date(2026, 11, 2))
    return Built(clients.open_client(session, cid), therapy, notes)


def _request(session: Session, built: Built, **kw: object) -> int:
    request = requests.record_request(
        session,
        built.client.id or "",
        RequestKind.ACCESS,
        date(2026, 10, 30),
        **kw,  # type: ignore[arg-type]
    )
    requests.record_identity_check(
        session, request.id or 0, IdentityMethod.IN_PERSON_ID_DOCUMENT, "Terttu", date(2026, 10, 30)
    )
    return request.id or 0


@pytest.fixture
def built(session: Session) -> Built:
    return build(session)


@pytest.mark.parametrize("lang", LANGS)
def test_answer_has_every_article_15_item_every_category_and_the_log(
    session: Session, built: Built, tmp_path: Path, lang: str
) -> None:
    request_id = _request(session, built)
    pdf = tmp_path / "answer.pdf"
    written = access_answer.write_answer(session, request_id, pdf, lang=lang)
    text = _text(pdf)
    _ = tr(lang).gettext
    for heading in (
        "(a) Purposes of the processing",
        "(b) Categories of personal data",
        "(c) Recipients",
        "(d) How long your data is kept",
        "(e) Your rights",
        "(f) Right to lodge a complaint",
        "(g) Where your data came from",
        "(h) Automated decision-making",
        "Transfers outside the EU (Article 15(2))",
        "Log information",
        "Contact persons",
        "Appointments",
        "Invoices",
        "Consents, permissions and prohibitions",
        "Disclosures",
        "Notes and other entries",
        "Identity kept with the records",
    ):
        assert _(heading) in text, (lang, heading)
    assert _(heading) != heading or lang == "en"
    for word in (
        SAMI_LAST, CYRILLIC, SAMI_FIRST, "Sámitie 3", "Läheinen Henkilö", "Lähettävä Lääkäri",
        "Yksilöterapia", "2026-0042", "Kela Testitoimisto", "Hoitoyhteenveto työterveyteen",
        "Työterveys Testi", "Ensikäynnin kirjaus", "Täydennys: uni parani.",
        "Erityissuojattava kirjaus", "tietosuoja@om.fi", written.packet_id,
    ):  # fmt: skip
        assert word in text, (lang, word)
    assert written.digest in text.replace(" ", "")
    assert _(OMBUDSMAN_NAME) in text
    assert _("Specially protected") in text
    assert _("Client record opened") in text  # a log row, in the reader's words
    assert "Tarpeeton yksityiskohta" not in text  # removed content stays removed
    # Third parties' documents are withheld by default (GDPR art. 15(4)), with the reason.
    assert "Naapurin kertomus" not in text
    assert kind_label(WithholdReason.THIRD_PARTY, lang) in text


@pytest.mark.parametrize("lang", LANGS)
def test_the_hetu_appears_exactly_once_and_never_on_the_cover_letter(
    session: Session, built: Built, tmp_path: Path, lang: str
) -> None:
    pdf = tmp_path / "answer.pdf"
    access_answer.write_answer(session, _request(session, built), pdf, lang=lang)
    pages = _pages(pdf)
    assert sum(page.count(HETU) for page in pages) == 1
    assert HETU not in pages[0]
    assert tr(lang).gettext(TITLE) in pages[0]


def test_the_client_may_ask_the_hetu_left_out(
    session: Session, built: Built, tmp_path: Path
) -> None:
    request_id = _request(session, built)
    requests.set_hetu_choice(session, request_id, include_hetu=False)
    pdf, data = tmp_path / "answer.pdf", tmp_path / "answer.json"
    access_answer.write_answer(session, request_id, pdf, data, lang="fi")
    assert HETU not in _text(pdf)
    assert HETU not in data.read_text(encoding="utf-8")
    assert tr("fi").gettext("Left out of this answer at your request") in _text(pdf)


def test_every_font_is_embedded(session: Session, built: Built, tmp_path: Path) -> None:
    pdf = tmp_path / "answer.pdf"
    access_answer.write_answer(session, _request(session, built), pdf, lang="sv")
    fonts = {}
    for page in PdfReader(str(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = (
                font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            )
            descriptor = descendant["/FontDescriptor"].get_object()
            fonts[str(font["/BaseFont"])] = any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
    assert fonts and all(fonts.values()), fonts


def test_the_answer_is_the_client_s_language_by_default(session: Session, tmp_path: Path) -> None:
    built = build(session, contact_language="sv")
    pdf = tmp_path / "answer.pdf"
    written = access_answer.write_answer(session, _request(session, built), pdf)
    assert written.lang == "sv"
    assert tr("sv").gettext(TITLE) in _pages(pdf)[0]
    assert tr("sv").gettext(TITLE) != TITLE


def test_json_has_the_same_content_and_its_digest_is_kept_with_the_request(
    session: Session, built: Built, tmp_path: Path
) -> None:
    request_id = _request(session, built)
    pdf, data = tmp_path / "answer.pdf", tmp_path / "answer.json"
    written = access_answer.write_answer(session, request_id, pdf, data, lang="en")
    content = json.loads(data.read_text(encoding="utf-8"))
    digest = content.pop("digest_sha256")
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert hashlib.sha256(canonical.encode("utf-8")).hexdigest() == digest == written.digest
    stored = requests.requests_of(session, built.client.id or "")[0]
    assert (stored.answer_digest, stored.packet_id) == (digest, written.packet_id)
    assert stored.decision is RequestDecision.PARTLY_REFUSED  # the third party's document
    assert content["identity"]["hetu"] == HETU
    assert content["client"]["last_name"] == SAMI_LAST
    assert content["request"]["received_on"] == "2026-10-30"  # ISO 8601
    bodies = [n["body"] for r in content["registers"] for n in r["notes"]]
    assert "Täydennys: uni parani." in bodies
    assert not any("Naapurin" in (b or "") for b in bodies)
    assert {w["reason"] for w in content["withheld"]} == {"third_party"}


def test_every_answer_is_logged_as_a_disclosure_to_the_data_subject(
    session: Session, built: Built, tmp_path: Path
) -> None:
    cid = built.client.id or ""
    request_id = _request(session, built)
    written = access_answer.write_answer(session, request_id, tmp_path / "a.pdf", lang="fi")
    again = access_answer.write_answer(session, request_id, tmp_path / "b.pdf", lang="fi")
    answers = [
        d
        for d in consents.disclosures_of(session, cid)
        if d.data_disclosed.startswith("access_answer:")
    ]
    assert [d.data_disclosed for d in answers] == [
        f"access_answer:{written.packet_id}",
        f"access_answer:{again.packet_id}",
    ]
    assert {d.recipient for d in answers} == {built.client.display_name}
    refs = [r.ref for r in audit.rows(session.conn, cid) if r.action == "export"]
    assert f"access_answer:{written.packet_id}" in refs


def test_no_answer_before_the_identity_is_checked_and_nothing_is_written(
    session: Session, built: Built, tmp_path: Path
) -> None:
    request = requests.record_request(
        session, built.client.id or "", RequestKind.ACCESS, date(2026, 10, 30)
    )
    with pytest.raises(ValidationError) as info:
        access_answer.write_answer(session, request.id or 0, tmp_path / "a.pdf")
    assert info.value.code == "request.identity_not_checked"
    assert not (tmp_path / "a.pdf").exists()
    with pytest.raises(ValidationError) as info:
        requests.mark_delivered(session, request.id or 0, date(2026, 11, 2), DeliveryMethod.POST)
    assert info.value.code == "request.no_answer_written"


def test_delivery_closes_the_request(session: Session, built: Built, tmp_path: Path) -> None:
    request_id = _request(session, built)
    access_answer.write_answer(session, request_id, tmp_path / "a.pdf")
    done = requests.mark_delivered(session, request_id, date(2026, 11, 2), DeliveryMethod.POST)
    assert (done.status, done.delivered_on, done.delivered_how) == (
        RequestStatus.CLOSED, date(2026, 11, 2), DeliveryMethod.POST,
    )  # fmt: skip


def test_partly_refused_under_section_34_with_the_ombudsman_letter(
    session: Session, built: Built, tmp_path: Path
) -> None:
    request_id = _request(session, built)
    with pytest.raises(ValidationError) as info:
        access_answer.withhold(session, request_id, built.notes["hard"],
                               WithholdReason.HEALTH_OR_CARE, " ")  # fmt: skip
    assert info.value.code == "access_answer.withhold_explanation"
    access_answer.withhold(
        session, request_id, built.notes["hard"], WithholdReason.HEALTH_OR_CARE,
        "Arvion lukeminen nyt voisi vaarantaa hoidon.",
    )  # fmt: skip
    pdf = tmp_path / "answer.pdf"
    written = access_answer.write_answer(session, request_id, pdf, lang="fi")
    assert written.decision is RequestDecision.PARTLY_REFUSED
    text = _text(pdf)
    _ = tr("fi").gettext
    assert "Vaikea arvio" not in text
    assert "Arvion lukeminen nyt voisi vaarantaa hoidon." in text
    assert _("Withheld information") in text
    assert "34 §:n 4 momentti" in text  # the offer to deliver it to the Ombudsman (§ 34(4))
    assert "77" in text and "79" in text  # the complaint right and the judicial remedy

    letter = tmp_path / "ombudsman.pdf"
    access_answer.write_ombudsman_letter(session, request_id, letter, lang="fi")
    letter_text = _text(letter)
    assert "Vaikea arvio, joka voisi vaarantaa hoidon." in letter_text
    assert "00531 Helsinki" in letter_text
    assert HETU not in letter_text
    disclosed = consents.disclosures_of(session, built.client.id or "")
    assert any(d.recipient == access_answer.OMBUDSMAN for d in disclosed)


def test_reasons_withheld_when_giving_them_would_defeat_the_restriction(
    session: Session, built: Built, tmp_path: Path
) -> None:
    request_id = _request(session, built)
    access_answer.withhold(session, request_id, built.notes["hard"],
                           WithholdReason.RIGHTS_OF_OTHERS, "", reasons_given=False)  # fmt: skip
    pdf = tmp_path / "answer.pdf"
    access_answer.write_answer(session, request_id, pdf, lang="en")
    text = _text(pdf)
    assert "giving them would defeat the purpose of the restriction" in text
    assert "Vaikea arvio" not in text


def test_a_guardian_does_not_get_what_the_minor_has_prohibited(
    session: Session, tmp_path: Path
) -> None:
    built = build(session)
    cid = built.client.id or ""
    relationships.confirm_legal_note(session, RegisterKind.SOCIAL_CARE)
    youth = relationships.start_relationship(
        session,
        Relationship(client_id=cid, register_kind=RegisterKind.SOCIAL_CARE,
                     records_kept=RecordsKept.VAKKA,
                     started_on=date(2026, 10, 1), service_task=ServiceTask.FAMILIES_WITH_CHILDREN,
                     minor=True, minor_can_decide=True, minor_allows_guardian_disclosure=False,
                     minor_prohibition_reasons="Nuori kieltää huoltajilta"),
    )  # fmt: skip
    clinical.add_note(
        session,
        Note(client_id=cid, relationship_id=youth.id or 0, register_kind=RegisterKind.SOCIAL_CARE,
             kind=NoteKind.SESSION_NOTE, body="Nuoren oma salainen asia.",
             written_at=datetime.now(), author_name="Terttu Testiterapeutti"),
    )  # fmt: skip
    with pytest.raises(ValidationError):
        requests.record_request(session, cid, RequestKind.ACCESS, date(2026, 10, 30),
                                requester=Requester.GUARDIAN)  # fmt: skip
    request_id = _request(session, built, requester=Requester.GUARDIAN,
                          requester_name="Huoltaja Testinen")  # fmt: skip
    pdf = tmp_path / "answer.pdf"
    written = access_answer.write_answer(session, request_id, pdf, lang="fi")
    text = _text(pdf)
    assert "Nuoren oma salainen asia." not in text
    assert kind_label(WithholdReason.MINOR_PROHIBITION, "fi") in text
    assert "Ensikäynnin kirjaus" in text  # the records the minor did not prohibit
    assert written.decision is RequestDecision.PARTLY_REFUSED
    disclosed = consents.disclosures_of(session, cid)
    assert disclosed[-1].recipient == "Huoltaja Testinen"


def test_a_county_controlled_client_s_request_is_forwarded_with_the_data(
    session: Session, tmp_path: Path
) -> None:
    from tests.unit.services.test_county_delivery import COUNTY

    clock = MovableClock(datetime(2026, 3, 2, 10, 0).astimezone())
    session.register.clock = clock
    register_service.save_practice(session, Practice(practitioner_name="Terttu Testiterapeutti"))
    relationships.confirm_legal_note(session, RegisterKind.SOCIAL_CARE)
    client = clients.add_client(session, Client(first_name="Ostopalvelu", last_name="Asiakas"))
    cid = client.id or ""
    rel = relationships.start_relationship(
        session,
        Relationship(client_id=cid, register_kind=RegisterKind.SOCIAL_CARE,
                     records_kept=RecordsKept.VAKKA,
                     started_on=date(2026, 3, 2), service_task=ServiceTask.ADULT_SERVICES,
                     controller=Controller.COUNTY, county_name=COUNTY),
    )  # fmt: skip
    clinical.add_note(
        session,
        Note(client_id=cid, relationship_id=rel.id or 0, register_kind=RegisterKind.SOCIAL_CARE,
             kind=NoteKind.SESSION_NOTE, body="Ostopalvelun kirjaus.", written_at=datetime.now(),
             author_name="Terttu Testiterapeutti"),
    )  # fmt: skip
    clock.set(date(2026, 11, 2))
    pdf = tmp_path / "forward.pdf"
    written = access_answer.access_packet(session, cid, pdf)
    assert written.decision is RequestDecision.FORWARDED
    text = _text(pdf)
    assert COUNTY in text and "Ostopalvelun kirjaus." in text
    assert tr("fi").gettext("Forwarding of an access request to the controller") in text
    disclosed = consents.disclosures_of(session, cid)
    assert disclosed[-1].recipient == COUNTY
    closed = requests.requests_of(session, cid)[0]
    assert closed.status is RequestStatus.CLOSED and closed.delivered_on == date(2026, 11, 2)


def test_a_client_with_1000_notes_reports_progress(session: Session, tmp_path: Path) -> None:
    built = build(session)
    cid = built.client.id or ""
    for number in range(1000):
        _note(session, cid, built.therapy, f"Kirjaus numero {number}: ääkköset ja Ŋ.")
    seen: list[tuple[int, int]] = []
    written = access_answer.write_answer(
        session, _request(session, built), tmp_path / "big.pdf", lang="fi",
        progress=lambda done, total: seen.append((done, total)),
    )  # fmt: skip
    assert len(seen) > 100
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert seen[-1][0] == seen[-1][1]
    assert "Kirjaus numero 999" in _text(written.pdf)


# --- the request's own rules ---------------------------------------------------------------


def test_an_extension_is_told_to_the_client_within_the_first_month(
    session: Session, built: Built
) -> None:
    request_id = _request(session, built)  # received 30.10., due 30.11.
    with pytest.raises(ValidationError) as info:
        requests.extend_deadline(session, request_id, "Laaja aineisto", told_on=date(2026, 10, 1))
    assert info.value.code == "request.date_before_received"
    extended = requests.extend_deadline(session, request_id, "Laaja aineisto", date(2026, 11, 2))
    assert extended.extension_told_on == date(2026, 11, 2)
    assert extended.extended_to == date(2027, 2, 1)  # 30.1.2027 is a Saturday


def test_an_extension_asked_too_late_is_refused(session: Session, built: Built) -> None:
    request_id = _request(session, built)
    session.register.clock.set(date(2026, 12, 1))  # type: ignore[attr-defined]
    with pytest.raises(ValidationError) as info:
        requests.extend_deadline(session, request_id, "Laaja aineisto")
    assert info.value.code == "request.extension_too_late"
    assert requests.requests_of(session, built.client.id or "")[0].extended_to is None


def test_the_first_copy_is_free(session: Session, built: Built, tmp_path: Path) -> None:
    first = _request(session, built)
    with pytest.raises(ValidationError) as info:
        requests.set_fee_rule(session, first, FeeRule.FURTHER_COPY_FEE, "Toinen kopio")
    assert info.value.code == "request.first_copy_free"
    with pytest.raises(ValidationError) as info:
        requests.set_fee_rule(session, first, FeeRule.MANIFESTLY_UNFOUNDED, "  ")
    assert info.value.code == "request.fee_reason_required"
    access_answer.write_answer(session, first, tmp_path / "a.pdf")
    requests.mark_delivered(session, first, date(2026, 11, 2), DeliveryMethod.IN_PERSON)
    second = _request(session, built)
    charged = requests.set_fee_rule(session, second, FeeRule.FURTHER_COPY_FEE, "Toinen kopio")
    assert charged.fee_rule is FeeRule.FURTHER_COPY_FEE


def test_a_cancelled_visit_says_who_cancelled_it_and_why(
    session: Session, built: Built, tmp_path: Path
) -> None:
    from app.domain.kinds import CancelledBy
    from app.domain.models import Appointment
    from app.services import appointments

    visit = appointments.add_appointment(
        session,
        Appointment(built.client.id or "", built.therapy, datetime(2026, 11, 9, 12, 0), 45),
    )
    appointments.cancel_appointment(session, visit.id or 0, CancelledBy.CLIENT, "Lapsi sairaana")
    pdf = tmp_path / "answer.pdf"
    access_answer.write_answer(session, _request(session, built), pdf, lang="fi")
    assert "Asiakas perui: Lapsi sairaana" in _text(pdf)
