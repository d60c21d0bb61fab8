"""The privacy notice (issue 14 item 1): every section with the practice's own periods, in
fi, sv and en, as PDF and HTML; a changed policy period changes the next notice."""

from __future__ import annotations

from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.domain.errors import ValidationError
from app.domain.kinds import RecordsKept, RegisterKind, ServiceTask
from app.domain.models import Client, Practice, Relationship, Service
from app.domain.retention import Category
from app.export.privacy_notice import HEADINGS, TITLE
from app.i18n import tr
from app.i18n.codes import category_label
from app.services import clients, privacy_notice, relationships, retention
from app.services import register as register_service
from app.services.session import Session


@pytest.fixture
def practice(session: Session) -> Session:
    register_service.save_practice(
        session,
        Practice(name="Testipraktiikka", business_id="1234567-1", practitioner_name="Terttu Testi",
                 privacy_contact="Terttu Testi, tietosuoja@example.invalid"),
    )  # fmt: skip
    register_service.add_service(session, Service("Psykoterapia", RegisterKind.PATIENT))
    register_service.add_service(
        session,
        Service("Perhetyö", RegisterKind.SOCIAL_CARE, ServiceTask.FAMILIES_WITH_CHILDREN),
    )
    return session


def _text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text() or "" for p in PdfReader(str(path)).pages).split())


def _years(lang: str, years: int) -> str:
    return tr(lang).ngettext("{years} year", "{years} years", years).format(years=years)


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
@pytest.mark.parametrize("kind", list(RegisterKind))
def test_every_section_with_the_practice_s_periods(
    practice: Session, tmp_path: Path, lang: str, kind: RegisterKind
) -> None:
    path = tmp_path / "notice.pdf"
    privacy_notice.write_notice(practice, path, kind, lang)
    text = _text(path)
    _ = tr(lang).gettext
    assert _(TITLE) in text
    for heading in HEADINGS.values():
        assert _(heading) in text, (lang, kind, heading)
    assert category_label(Category.CONTACT_DETAILS, lang) in text
    assert _years(lang, 2) in text  # contact details: two years after the relationship
    assert "Testipraktiikka" in text and "tietosuoja@om.fi" in text
    if kind is RegisterKind.SOCIAL_CARE:
        assert _years(lang, 30) in text  # families with children, the practice's task
    if lang != "en":
        assert _(TITLE) != TITLE


def test_a_changed_policy_period_changes_the_next_notice(practice: Session, tmp_path: Path) -> None:
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    privacy_notice.write_notice(practice, first, RegisterKind.PATIENT, "fi")
    assert _years("fi", 10) in _text(first)  # payment commitments
    assert _years("fi", 9) not in _text(first)
    retention.set_period(practice, Category.BOOKKEEPING, 9)
    privacy_notice.write_notice(practice, second, RegisterKind.PATIENT, "fi")
    assert _years("fi", 9) in _text(second)


def test_html_has_every_section_and_escapes_the_practice_s_own_text(
    practice: Session, tmp_path: Path
) -> None:
    privacy_notice.set_section_text(
        practice,
        RegisterKind.OTHER,
        "recipients",
        "Laskut <script>alert(1)</script> tilitoimistolle.",
    )
    with pytest.raises(ValidationError):
        privacy_notice.set_section_text(practice, RegisterKind.OTHER, "nonsense", "x")
    path = tmp_path / "notice.html"
    privacy_notice.write_notice(practice, path, RegisterKind.OTHER, "sv", fmt="html")
    html = path.read_text(encoding="utf-8")

    class Sections(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.ids: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "section":
                self.ids.append(dict(attrs)["id"] or "")
            assert tag != "script"

    parser = Sections()
    parser.feed(html)
    assert parser.ids == list(HEADINGS)
    assert '<html lang="sv">' in html
    assert "&lt;script&gt;" in html and "tilitoimistolle" in html
    assert tr("sv").gettext("Recipients and regular disclosures") in html


def test_the_date_the_client_was_given_the_notice(practice: Session) -> None:
    relationships.confirm_legal_note(practice, RegisterKind.PATIENT)
    client = clients.add_client(practice, Client(first_name="Uusi", last_name="Asiakas"))
    rel = relationships.start_relationship(
        practice,
        Relationship(client_id=client.id or "", register_kind=RegisterKind.PATIENT,
                     records_kept=RecordsKept.VAKKA, started_on=practice.today()),
    )  # fmt: skip
    with pytest.raises(ValidationError):
        privacy_notice.record_given(practice, rel.id or 0, practice.today() + timedelta(days=1))
    given = privacy_notice.record_given(practice, rel.id or 0, practice.today())
    assert given.privacy_notice_given_on == practice.today()
    assert relationships.relationships_of(practice, client.id or "")[
        0
    ].privacy_notice_given_on == date(
        practice.today().year, practice.today().month, practice.today().day
    )
