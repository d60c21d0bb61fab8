"""The identity kept with the records (issue 8, item 6): a hetu only where the register needs
it, every change a correction, and a store that refuses anything else."""

from __future__ import annotations

from datetime import date

import pytest
import sqlcipher3

from app.db import identities
from app.db import repositories as repo
from app.domain.errors import ValidationError
from app.domain.kinds import RecordsKept, RegisterKind, ServiceTask
from app.domain.models import Client, ClinicalIdentity, Relationship
from app.services import clinical, relationships
from app.services.session import Session
from tests.helpers import assert_translated, start_paper_patient_relationship, temporary_hetu

NAME = "Kokeilu Väinö"
HETU = temporary_hetu("150785", "-", 947)  # born 15.7.1985
SAME_BIRTH_HETU = temporary_hetu("150785", "-", 951)
OTHER_BIRTH_HETU = temporary_hetu("160785", "-", 947)  # born 16.7.1985
CORRECTION_COLUMNS = "field, old_value, new_value, reason, corrected_by, corrected_at"


def start(session: Session, client: Client, kind: RegisterKind, **fields: object) -> Relationship:
    rel = Relationship(
        client_id=client.id or "",
        register_kind=kind,
        records_kept=RecordsKept.PAPER,
        records_location="Lukittu kaappi",
        started_on=date(2026, 3, 2),
        **fields,  # type: ignore[arg-type]
    )
    return relationships.start_relationship(session, rel)


def stored(session: Session, client: Client) -> ClinicalIdentity | None:
    return repo.IDENTITIES.get(session.conn, client.id or "")


def corrections(session: Session, client: Client) -> list[tuple[str, str | None, str | None]]:
    rows = identities.corrections_of(session.conn, client.id or "")
    return [(c.field, c.old_value, c.new_value) for c in rows]


# --- a hetu only for patient and social care clients (Tietosuojalaki § 29) ------------------


def test_hetu_refused_for_a_client_without_a_sote_relationship(
    session: Session, client: Client
) -> None:
    cid = client.id or ""
    with pytest.raises(ValidationError) as info:
        clinical.set_identity(session, cid, NAME, hetu=HETU)
    assert (info.value.code, info.value.field) == ("identity.hetu_not_needed", "hetu")
    assert_translated(info.value)
    assert stored(session, client) is None

    start(session, client, RegisterKind.OTHER)
    with pytest.raises(ValidationError) as info:
        clinical.set_identity(session, cid, NAME, hetu=HETU)
    assert info.value.code == "identity.hetu_not_needed"
    assert stored(session, client) is None

    # An `other` service keeps a name and dates, without the hetu.
    clinical.set_identity(session, cid, NAME, birth_date=date(1985, 7, 15))
    with pytest.raises(ValidationError) as info:
        clinical.correct_identity(session, cid, "hetu", HETU, "Saatiin lähetteestä")
    assert info.value.code == "identity.hetu_not_needed"
    identity = stored(session, client)
    assert identity is not None and identity.hetu is None
    assert corrections(session, client) == []


@pytest.mark.parametrize("kind", [RegisterKind.PATIENT, RegisterKind.SOCIAL_CARE])
def test_hetu_accepted_for_patient_and_social_care(
    session: Session, client: Client, kind: RegisterKind
) -> None:
    task = ServiceTask.ADULT_SERVICES if kind is RegisterKind.SOCIAL_CARE else None
    start(session, client, kind, service_task=task)
    clinical.set_identity(session, client.id or "", NAME, hetu=HETU)
    identity = stored(session, client)
    assert identity is not None and identity.hetu == HETU


def test_hetu_accepted_after_the_relationship_ended(session: Session, client: Client) -> None:
    rel = start_paper_patient_relationship(session, client.id or "")
    relationships.end_relationship(session, rel.id or 0, date(2026, 11, 1), "Palvelu päättyi")
    clinical.set_identity(session, client.id or "", NAME, hetu=HETU)
    assert clinical.correct_identity(
        session, client.id or "", "hetu", SAME_BIRTH_HETU, "Kirjoitusvirhe"
    )


# --- the birth date: added and corrected, always with a correction row ----------------------


def test_birth_date_added_and_corrected_with_correction_rows(
    session: Session, client: Client
) -> None:
    cid = client.id or ""
    clinical.set_identity(session, cid, NAME)
    added = clinical.correct_identity(session, cid, "birth_date", "1.2.1980", "Saatiin asiakkaalta")
    assert added.birth_date == date(1980, 2, 1)
    corrected = clinical.correct_identity(session, cid, "birth_date", "1980-02-11", "Väärä päivä")
    assert corrected.birth_date == date(1980, 2, 11)
    identity = stored(session, client)
    assert identity is not None and identity.birth_date == date(1980, 2, 11)
    rows = session.conn.execute(
        f"SELECT {CORRECTION_COLUMNS} FROM clinical.identity_corrections ORDER BY id"
    ).fetchall()
    practitioner = "Terttu Testiterapeutti"
    assert [tuple(r)[:5] for r in rows] == [
        ("birth_date", None, "1980-02-01", "Saatiin asiakkaalta", practitioner),
        ("birth_date", "1980-02-01", "1980-02-11", "Väärä päivä", practitioner),
    ]
    assert all(r["corrected_at"].startswith("2026-11-23T09:30") for r in rows)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("24.11.2026", "date.in_future"),  # "today" is 23.11.2026
        ("31.2.1980", "date.invalid"),
        ("1980", "date.format"),
        ("1.1.1800", "date.implausible"),
    ],
)
def test_bad_birth_date_refused_with_nothing_changed(
    session: Session, client: Client, value: str, code: str
) -> None:
    cid = client.id or ""
    clinical.set_identity(session, cid, NAME, birth_date=date(1980, 2, 1))
    with pytest.raises(ValidationError) as info:
        clinical.correct_identity(session, cid, "birth_date", value, "Korjaus")
    assert (info.value.code, info.value.field) == (code, "birth_date")
    assert_translated(info.value)
    identity = stored(session, client)
    assert identity is not None and identity.birth_date == date(1980, 2, 1)
    assert corrections(session, client) == []


def test_birth_date_that_contradicts_the_hetu_or_the_death_is_refused(
    session: Session, client: Client, patient_relationship: Relationship
) -> None:
    cid = client.id or ""
    clinical.set_identity(session, cid, NAME, hetu=HETU, death_date=date(2026, 1, 5))
    for field, value, code in (
        ("birth_date", "16.7.1985", "identity.birth_date_mismatch"),
        ("birth_date", "15.7.1985", "identity.correction_unchanged"),
        ("death_date", "1.1.1985", "date.death_before_birth"),
        ("hetu", HETU, "identity.correction_unchanged"),
        ("address", "Katu 1", "identity.field_unknown"),
    ):
        with pytest.raises(ValidationError) as info:
            clinical.correct_identity(session, cid, field, value, "Korjaus")
        assert info.value.code == code, (field, value)
        if field != "address":
            assert_translated(info.value)
    with pytest.raises(ValidationError) as info:
        clinical.correct_identity(session, cid, "birth_date", "16.7.1985", "  ")
    assert info.value.code == "note.reason_required"
    identity = stored(session, client)
    assert identity is not None
    assert (identity.hetu, identity.birth_date) == (HETU, date(1985, 7, 15))
    assert corrections(session, client) == []


def test_hetu_correction_that_changes_the_birth_date_records_both(
    session: Session, client: Client, patient_relationship: Relationship
) -> None:
    cid = client.id or ""
    clinical.set_identity(session, cid, NAME, hetu=HETU)
    corrected = clinical.correct_identity(session, cid, "hetu", OTHER_BIRTH_HETU, "Väärä tunnus")
    assert corrected.birth_date == date(1985, 7, 16)
    assert corrections(session, client) == [
        ("hetu", HETU, OTHER_BIRTH_HETU),
        ("birth_date", "1985-07-15", "1985-07-16"),
    ]
    rows = identities.corrections_of(session.conn, cid)
    assert {(r.reason, r.corrected_at) for r in rows} == {("Väärä tunnus", rows[0].corrected_at)}
    identity = stored(session, client)
    assert identity is not None
    assert (identity.hetu, identity.birth_date) == (OTHER_BIRTH_HETU, date(1985, 7, 16))

    # Same birth date: only the hetu is corrected.
    clinical.correct_identity(session, cid, "hetu", temporary_hetu("160785", "-", 960), "Taas")
    assert [c[0] for c in corrections(session, client)] == ["hetu", "birth_date", "hetu"]


def test_hetu_added_later_records_the_birth_date_it_adds(
    session: Session, client: Client, patient_relationship: Relationship
) -> None:
    cid = client.id or ""
    clinical.set_identity(session, cid, NAME)
    clinical.correct_identity(session, cid, "hetu", HETU, "Saatiin lähetteestä")
    assert corrections(session, client) == [
        ("hetu", None, HETU),
        ("birth_date", None, "1985-07-15"),
    ]


def test_hetu_correction_refused_when_the_death_would_precede_the_birth(
    session: Session, client: Client, patient_relationship: Relationship
) -> None:
    cid = client.id or ""
    clinical.set_identity(session, cid, NAME, birth_date=date(1985, 7, 1))
    clinical.correct_identity(session, cid, "death_date", "10.7.1985", "Kuolintieto")
    with pytest.raises(ValidationError) as info:
        clinical.correct_identity(session, cid, "hetu", HETU, "Tunnus")
    assert info.value.code == "date.death_before_birth"
    identity = stored(session, client)
    assert identity is not None and identity.hetu is None
    assert [c[0] for c in corrections(session, client)] == ["death_date"]


# --- the store's own guard (schema v3, IDENTITY_GUARDS) --------------------------------------


@pytest.fixture
def corrected(session: Session, client: Client, patient_relationship: Relationship) -> str:
    """A client whose identity has had one hetu correction (two correction rows)."""
    cid = client.id or ""
    clinical.set_identity(session, cid, NAME, hetu=HETU)
    clinical.correct_identity(session, cid, "hetu", OTHER_BIRTH_HETU, "Väärä tunnus")
    return cid


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE clinical.identity_corrections SET reason = 'toinen syy' WHERE client_id = ?",
        "UPDATE clinical.identity_corrections SET new_value = old_value WHERE client_id = ?",
        "DELETE FROM clinical.identity_corrections WHERE client_id = ?",
    ],
)
def test_raw_change_of_identity_corrections_is_refused(
    session: Session, corrected: str, sql: str
) -> None:
    before = identities.corrections_of(session.conn, corrected)
    with pytest.raises(sqlcipher3.IntegrityError, match="identity corrections"):
        session.conn.execute(sql, (corrected,))
    assert identities.corrections_of(session.conn, corrected) == before


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE clinical.identities SET hetu = ? WHERE client_id = ?",
        "UPDATE clinical.identities SET name_as_recorded = 'Joku Muu' || ? WHERE client_id = ?",
        "UPDATE clinical.identities SET birth_date = '1990-01-01' || ? WHERE client_id = ?",
        "UPDATE clinical.identities SET death_date = '2026-01-01' || ? WHERE client_id = ?",
        "UPDATE clinical.identities SET recorded_at = '2020-01-01' || ? WHERE client_id = ?",
        "UPDATE clinical.identities SET hetu_temporary = 0 + length(?) * 0 WHERE client_id = ?",
        "UPDATE clinical.identities SET client_id = 'x' || ? WHERE client_id = ?",
    ],
)
def test_raw_update_of_an_identity_is_refused(session: Session, corrected: str, sql: str) -> None:
    before = repo.IDENTITIES.get(session.conn, corrected)
    value = HETU if "SET hetu =" in sql else ""
    with pytest.raises(sqlcipher3.IntegrityError, match="only through a correction"):
        session.conn.execute(sql, (value, corrected))
    assert repo.IDENTITIES.get(session.conn, corrected) == before


def test_an_earlier_correction_cannot_be_replayed(session: Session, corrected: str) -> None:
    """HETU -> OTHER -> HETU through corrections; going back to OTHER needs a new one."""
    clinical.correct_identity(session, corrected, "hetu", HETU, "Sittenkin alkuperäinen")
    with pytest.raises(sqlcipher3.IntegrityError, match="only through a correction"):
        session.conn.execute(
            "UPDATE clinical.identities SET hetu = ?, birth_date = '1985-07-16' "
            "WHERE client_id = ?",
            (OTHER_BIRTH_HETU, corrected),
        )


def test_a_correction_row_without_a_reason_or_change_is_refused(
    session: Session, corrected: str
) -> None:
    insert = (
        "INSERT INTO clinical.identity_corrections (client_id, field, old_value, new_value, "
        "reason, corrected_by, corrected_at) VALUES (?, ?, ?, ?, ?, 'X', '2026-11-23')"
    )
    for field, old, new, reason in (
        ("hetu", OTHER_BIRTH_HETU, HETU, " "),
        ("hetu", HETU, HETU, "syy"),
        ("address", None, "Katu 1", "syy"),
    ):
        with pytest.raises(sqlcipher3.IntegrityError, match="identity correction"):
            session.conn.execute(insert, (corrected, field, old, new, reason))


def test_the_purge_path_deletes_the_identity_then_its_corrections(
    session: Session, corrected: str
) -> None:
    with session.transaction() as conn:
        conn.execute("DELETE FROM clinical.identities WHERE client_id = ?", (corrected,))
        conn.execute("DELETE FROM clinical.identity_corrections WHERE client_id = ?", (corrected,))
    assert identities.corrections_of(session.conn, corrected) == []
