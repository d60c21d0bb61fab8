"""The delivery to the county (issue 9 item 4): packet, refusals, confirmation, purge."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.domain.errors import NotFoundError, VakkaError, ValidationError
from app.domain.kinds import ConsentKind, Controller, RegisterKind, ServiceTask
from app.domain.models import Consent, Disclosure
from app.services import clinical, consents, county_delivery, purge
from app.services.session import Session
from tests.conftest import FIXED_NOW
from tests.purge_register import (
    Built,
    MovableClock,
    _client,
    _end,
    _invoice,
    _note,
    _rel,
    _visit,
)

HETU = "010170-900J"  # temporary (900–999)
COUNTY = "Testin hyvinvointialue"
ENDED = date(2026, 6, 30)


@dataclass
class Setup:
    client: str
    county_rel: int
    therapy_rel: int
    practice_rel_other_client: int
    open_county_rel: int
    county_notes: list[int]


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.fixture
def setup(session: Session) -> Setup:
    from app.domain.models import Practice
    from app.services import register as register_service
    from app.services import relationships

    clock = MovableClock(FIXED_NOW)
    session.register.clock = clock
    built = Built(clock)
    clock.set(date(2026, 1, 10))
    register_service.save_practice(
        session,
        Practice(name="Testipraktiikka", practitioner_name="Terttu Testiterapeutti",
                 practitioner_title="psykoterapeutti"),
    )  # fmt: skip
    for kind in (RegisterKind.PATIENT, RegisterKind.SOCIAL_CARE):
        relationships.confirm_legal_note(session, kind)
    cid = _client(session, built, "K", "Кирилл", "Ŋuolja-Čuđe")
    county = _rel(session, cid, RegisterKind.SOCIAL_CARE, date(2026, 1, 10),
                  service_task=ServiceTask.ADULT_SERVICES, controller=Controller.COUNTY,
                  county_name=COUNTY)  # fmt: skip
    therapy = _rel(session, cid, RegisterKind.PATIENT, date(2026, 1, 10))
    clinical.set_identity(session, cid, "Кирилл Ŋuolja-Čuđe", hetu=HETU)
    clock.set(date(2026, 3, 1))
    _visit(session, cid, county, date(2026, 2, 1))
    _visit(session, cid, therapy, date(2026, 2, 2))
    first = _note(session, cid, county, RegisterKind.SOCIAL_CARE, "Ostopalvelukirjaus yksi")
    amended = clinical.amend_note(session, first, "Ostopalvelukirjaus korjattu", "Väärä päivä",
                                  "Terttu Testiterapeutti", "")  # fmt: skip
    second = _note(session, cid, county, RegisterKind.SOCIAL_CARE, "Poistettava sisältö")
    clinical.remove_content(session, second, "unnecessary", "Tarpeeton",
                            "Terttu Testiterapeutti", "")  # fmt: skip
    _note(session, cid, therapy, RegisterKind.PATIENT, "Terapiasuhteen oma kirjaus")
    consents.record_consent(
        session, Consent(cid, ConsentKind.SHARING_PERMISSION, "Yhteenveto",
                         date(2026, 2, 1), recipient="Työterveys", relationship_id=county),
    )  # fmt: skip
    consents.record_disclosure(
        session, Disclosure(cid, date(2026, 2, 3), "Kotihoito", "Yhteenveto", "Jatkohoito",
                            legal_basis="703/2023 § 17", relationship_id=county),
    )  # fmt: skip
    _invoice(session, cid, county, "2026-0777", date(2026, 2, 1), "Кирилл Ŋuolja-Čuđe")
    other = _client(session, built, "M", "Muu", "Asiakas")
    other_rel = _rel(session, other, RegisterKind.SOCIAL_CARE, date(2026, 1, 10),
                     service_task=ServiceTask.ADULT_SERVICES)  # fmt: skip
    _note(session, other, other_rel, RegisterKind.SOCIAL_CARE, "Toisen asiakkaan kirjaus")
    open_county = _rel(session, other, RegisterKind.OTHER, date(2026, 2, 1),
                       controller=Controller.COUNTY, county_name=COUNTY)  # fmt: skip
    _end(session, county, ENDED, "Ostopalvelu päättyi")
    clock.now = FIXED_NOW
    return Setup(cid, county, therapy, other_rel, open_county, [first, amended.id or 0, second])


def test_packet_pdf_and_json_hold_the_relationship_and_nothing_else(
    session: Session, setup: Setup, out: Path
) -> None:
    packet = county_delivery.delivery_packet(session, setup.county_rel, out, lang="fi")
    pdf_path, json_path = county_delivery.packet_files(out, packet.packet_id)
    assert sorted(p.name for p in out.iterdir()) == sorted([pdf_path.name, json_path.name])
    assert packet.packet_id in pdf_path.name and HETU not in pdf_path.name

    data = json.loads(json_path.read_text("utf-8"))
    assert data["format"] == "vakka.county_delivery" and data["county_name"] == COUNTY
    assert data["relationship"]["id"] == setup.county_rel
    assert data["relationship"]["ended_on"] == ENDED.isoformat()
    assert data["client"]["first_name"] == "Кирилл"
    assert data["identity"]["hetu"] == HETU  # in full: it goes to the controller
    assert sorted(n["id"] for n in data["notes"]) == sorted(setup.county_notes)
    assert {n["relationship_id"] for n in data["notes"]} == {setup.county_rel}
    assert any(n["removed_at"] and n["body"] is None for n in data["notes"])
    assert any(n["amends_id"] == setup.county_notes[0] for n in data["notes"])
    assert [a["relationship_id"] for a in data["appointments"]] == [setup.county_rel]
    assert [c["relationship_id"] for c in data["consents"]] == [setup.county_rel]
    assert [d["relationship_id"] for d in data["disclosures"]] == [setup.county_rel]
    assert data["log"] and {row["action"] for row in data["log"]} >= {"note.write", "disclosure"}
    text = json_path.read_text("utf-8")
    for absent in ("Terapiasuhteen", "Toisen asiakkaan", "Muu", "invoices", "2026-0777"):
        assert absent not in text, absent
    date.fromisoformat(data["appointments"][0]["starts_at"][:10])

    reader = PdfReader(pdf_path)
    pdf_text = "\n".join(page.extract_text() for page in reader.pages)
    for heading in ("Luovutuspaketti hyvinvointialueelle", "Asiakkuus", "Yhteystiedot",
                    "Kirjaukset", "Loki", HETU, "Кирилл Ŋuolja-Čuđe", COUNTY):  # fmt: skip
        assert heading in pdf_text, heading
    assert "Terapiasuhteen" not in pdf_text and "Toisen asiakkaan" not in pdf_text
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts and all("DejaVu" in f for f in fonts)


def test_the_export_is_logged_and_in_the_disclosure_log(
    session: Session, setup: Setup, out: Path
) -> None:
    packet = county_delivery.delivery_packet(session, setup.county_rel, out, lang="sv")
    log = consents.disclosures_of(session, setup.client)
    delivered = [d for d in log if d.recipient == COUNTY]
    assert len(delivered) == 1
    assert delivered[0].legal_basis == "703/2023 § 13–14"
    assert packet.packet_id in delivered[0].data_disclosed
    assert delivered[0].relationship_id == setup.county_rel
    rows = session.conn.execute(
        "SELECT action, data_kind, client_id FROM audit_log WHERE ref = ?",
        (f"county_delivery:{packet.packet_id}",),
    ).fetchall()
    assert [tuple(r) for r in rows] == [("export", "county_delivery", setup.client)]
    pdf_path, _ = county_delivery.packet_files(out, packet.packet_id)
    text = "\n".join(p.extract_text() for p in PdfReader(pdf_path).pages)
    assert "Utlämningspaket till välfärdsområdet" in text
    from app.db import audit

    key = session.register.audit_key
    assert audit.verify(session.conn, key, audit.current_head(session.conn, key)) == []


def _count(session: Session, table: str) -> int:
    return int(session.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


@pytest.mark.parametrize("which", ["practice", "open", "missing"])
def test_refused_without_anything_written_or_logged(
    session: Session, setup: Setup, out: Path, which: str
) -> None:
    rel_id = {"practice": setup.therapy_rel, "open": setup.open_county_rel, "missing": 9999}[which]
    log_before, disclosures_before = _count(session, "audit_log"), _count(session, "disclosures")
    expected = {
        "practice": "county_delivery.not_county_controlled",
        "open": "county_delivery.relationship_open",
        "missing": "relationship.not_found",
    }[which]
    with pytest.raises((ValidationError, NotFoundError)) as caught:
        county_delivery.delivery_packet(session, rel_id, out)
    assert caught.value.code == expected
    with pytest.raises(VakkaError) as caught_confirm:
        county_delivery.confirm_delivery(session, rel_id, date(2026, 7, 1), "posti", "kirjaamo")
    assert caught_confirm.value.code == expected
    assert list(out.iterdir()) == []
    assert (_count(session, "audit_log"), _count(session, "disclosures")) == (
        log_before, disclosures_before,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("on", "how", "to", "code"),
    [
        (date(2026, 11, 24), "posti", "kirjaamo", "date.in_future"),
        (date(2026, 6, 29), "posti", "kirjaamo", "county_delivery.before_end"),
        (date(2026, 7, 1), " ", "kirjaamo", "field.required"),
        (date(2026, 7, 1), "posti", "", "field.required"),
    ],
)
def test_confirmation_is_checked(
    session: Session, setup: Setup, on: date, how: str, to: str, code: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        county_delivery.confirm_delivery(session, setup.county_rel, on, how, to)
    assert caught.value.code == code
    row = session.conn.execute(
        "SELECT delivered_on FROM relationships WHERE id = ?", (setup.county_rel,)
    ).fetchone()
    assert row[0] is None


def test_after_confirmation_the_purge_removes_the_county_records_not_the_invoice(
    session: Session, setup: Setup, out: Path
) -> None:
    def planned() -> set[tuple[str, str]]:
        plan = purge.plan_purge(session)
        return {(r.table, str(r.id)) for r in plan.records if r.client_id == setup.client}

    assert planned() == set()
    county_delivery.delivery_packet(session, setup.county_rel, out)
    assert planned() == set()  # made, not yet confirmed
    rel = county_delivery.confirm_delivery(
        session, setup.county_rel, date(2026, 11, 20), "Suojattu sähköposti", "Kirjaamo"
    )
    assert (rel.delivered_on, rel.delivered_how, rel.delivered_to) == (
        date(2026, 11, 20), "Suojattu sähköposti", "Kirjaamo",
    )  # fmt: skip
    going = planned()
    assert {("notes", str(n)) for n in setup.county_notes} <= going
    tables = {t for t, _ in going}
    assert "appointments" in tables and "invoices" not in tables
    assert "identities" not in tables  # the patient relationship keeps the identity
    assert all(t != "notes" or int(i) in setup.county_notes for t, i in going)
    with pytest.raises(ValidationError) as caught:
        county_delivery.confirm_delivery(session, setup.county_rel, date(2026, 11, 20), "x", "y")
    assert caught.value.code == "county_delivery.already_confirmed"
    record = purge.run_purge(session, purge.plan_purge(session))
    assert record.entries
    left = session.conn.execute(
        "SELECT count(*) FROM clinical.notes WHERE relationship_id = ?", (setup.county_rel,)
    ).fetchone()[0]
    assert left == 0
    assert _count(session, "invoices") == 1
    action = session.conn.execute(
        "SELECT count(*) FROM audit_log WHERE action = 'county_delivery.confirm'"
    ).fetchone()[0]
    assert action == 1


def test_a_secure_address_goes_only_when_asked(session: Session, setup: Setup, out: Path) -> None:
    from app.services import clients

    client = clients.open_client(session, setup.client)
    client.secure_address = True
    clients.update_client(session, client)
    with pytest.raises(ValidationError) as caught:
        county_delivery.delivery_packet(session, setup.county_rel, out)
    assert caught.value.code == "client.secure_address_not_confirmed"
    assert list(out.iterdir()) == []
    packet = county_delivery.delivery_packet(
        session, setup.county_rel, out, include_secure_address=True
    )
    assert packet.records.client.secure_address


def test_a_failed_write_leaves_no_file_and_no_log_or_disclosure(
    session: Session, setup: Setup, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app import files as service

    real = service.atomic_write_bytes
    calls: list[Path] = []

    def failing(path: Path, data: bytes, mode: int = 0o600) -> None:
        calls.append(path)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real(path, data, mode)

    monkeypatch.setattr(service, "atomic_write_bytes", failing)
    log_before, disclosures_before = _count(session, "audit_log"), _count(session, "disclosures")
    with pytest.raises(OSError):
        county_delivery.delivery_packet(session, setup.county_rel, out)
    assert len(calls) == 2
    assert list(out.iterdir()) == []
    assert (_count(session, "audit_log"), _count(session, "disclosures")) == (
        log_before, disclosures_before,
    )  # fmt: skip
