"""The purge (issue 9): what goes really goes, what is held stays, one transaction."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.purge import LINKED_RECORDS, KeptReason
from app.domain.retention import Category
from app.services import clients, purge, retention
from app.services import register as register_service
from app.services.session import Session
from tests.purge_register import Built, build_due_register


@pytest.fixture
def built(session: Session) -> Built:
    return build_due_register(session)


def _plaintext_copy(session: Session, folder: Path) -> tuple[bytes, set[str]]:
    """A throwaway unencrypted copy of both stores (sqlcipher_export into plain attached
    databases): their bytes, and every term of the notes' full-text index."""
    conn = session.conn
    data = b""
    for store, schema in (("register", "main"), ("clinical", "clinical")):
        path = folder / f"{store}-plain.db"
        conn.execute("ATTACH DATABASE ? AS plain KEY ''", (str(path),))
        try:
            conn.execute("SELECT sqlcipher_export('plain', ?)", (schema,)).fetchall()
        finally:
            conn.execute("DETACH DATABASE plain")
        data += path.read_bytes()
    plain = folder / "clinical-plain.db"
    conn.execute("ATTACH DATABASE ? AS plain KEY ''", (str(plain),))
    try:
        conn.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(plain, notes_fts, 'row')")
        terms = {str(row[0]) for row in conn.execute("SELECT term FROM temp.vocab")}
        conn.execute("DROP TABLE temp.vocab")
    finally:
        conn.execute("DETACH DATABASE plain")
    return data, terms


def _found(data: bytes, terms: set[str], word: str) -> bool:
    tokens = word.casefold().split()
    return word.encode("utf-8") in data or all(t in terms for t in tokens)


def test_purged_names_and_note_text_are_gone_from_the_database(
    session: Session, built: Built, tmp_path: Path
) -> None:
    before, before_terms = _plaintext_copy(session, _fresh(tmp_path / "before"))
    for word in built.gone + built.stay:
        assert _found(before, before_terms, word), word  # the search itself works
    assert "kadotettava" in before_terms

    plan = purge.plan_purge(session)
    record = purge.run_purge(session, plan)

    after, after_terms = _plaintext_copy(session, _fresh(tmp_path / "after"))
    for word in built.gone:
        assert word.encode("utf-8") not in after, word
    assert "kadotettava" not in after_terms and "valmennuskirjaus" in after_terms
    for word in built.stay:  # held, county-controlled, kept records; the payer snapshot
        assert _found(after, after_terms, word), word
    assert register_service.check(session) == []
    # The purge record holds no names: only codes, counts and digests.
    text = repr(record) + repr(purge.purge_records(session))
    for word in built.gone + built.stay:
        assert word not in text


def _fresh(folder: Path) -> Path:
    folder.mkdir()
    return folder


def test_what_goes_and_what_stays(session: Session, built: Built) -> None:
    plan = purge.plan_purge(session)
    by_client = plan.by_client()
    ids = built.ids
    assert ids["B"] not in by_client and ids["C"] not in by_client  # hold, open request
    assert plan.held_clients() == {ids["B"], ids["C"]}
    assert by_client[ids["A"]][LINKED_RECORDS] == 2  # its relationship and its row
    assert plan.clients_removed() == {ids["A"], ids["G"]}
    # D: county-controlled; its notes stay, its contact details (the practice's) go.
    assert by_client[ids["D"]] == {Category.CONTACT_DETAILS.value: 1}
    # E: the patient's visit and commitment go; notes and identity stay (120 years).
    assert Category.PATIENT_RECORDS.value not in by_client[ids["E"]]
    # F: the invoice of 2021 stays, its payer snapshot with it.
    assert by_client[ids["F"]] == {Category.CONTACT_DETAILS.value: 1}
    assert plan.kept_counts()[KeptReason.PAYER_SNAPSHOT] == 1

    purge.run_purge(session, plan)

    for label in ("B", "C"):
        client = clients.open_client(session, ids[label])
        assert client.first_name and client.phone
    notes = {
        str(row[0]): int(row[1])
        for row in session.conn.execute(
            "SELECT client_id, count(*) FROM clinical.notes GROUP BY client_id"
        )
    }
    assert notes == {ids["B"]: 1, ids["C"]: 1, ids["D"]: 1, ids["E"]: 1}
    assert session.conn.execute("SELECT count(*) FROM clinical.identities").fetchone()[0] == 1
    for label in ("D", "E", "F"):  # pseudonymous rows that the remaining records point to
        client = clients.open_client(session, ids[label])
        assert (client.first_name, client.last_name, client.phone, client.email) == ("",) * 4
    remaining = {str(r[0]) for r in session.conn.execute("SELECT id FROM clients")}
    assert ids["A"] not in remaining and ids["G"] not in remaining
    # Nothing is due any more, and the purged contact details are not judged again.
    assert purge.plan_purge(session).empty
    assert retention.review(session).counts()[Category.CONTACT_DETAILS.value] == 0


def test_one_purge_record_per_run_in_the_log_and_the_audit_log(
    session: Session, built: Built
) -> None:
    record = purge.run_purge(session, purge.plan_purge(session))
    (logged,) = purge.purge_records(session)
    assert logged == record
    assert logged.counts()[Category.CONTACT_DETAILS.value] == 5  # A, D, E, F, G
    rows = session.conn.execute(
        "SELECT purpose, client_id FROM audit_log WHERE action = 'purge.run'"
    ).fetchall()
    assert [(r[0], r[1]) for r in rows] == [("retention", None)]
    for entry in record.entries:
        assert len(entry.ids_digest) == 64 and entry.rule


def test_a_hold_placed_after_the_plan_wins(session: Session, built: Built) -> None:
    from datetime import date

    from app.domain.kinds import HoldGround
    from app.services import holds

    plan = purge.plan_purge(session)
    holds.place_hold(session, built.ids["A"], HoldGround.LEGAL_CLAIM, date(2026, 11, 23), "Kanne")
    record = purge.run_purge(session, plan)
    assert clients.open_client(session, built.ids["A"]).first_name == "Aapeli"
    assert (
        record.counts()[Category.CONTACT_DETAILS.value]
        == plan.counts()[Category.CONTACT_DETAILS.value] - 1
    )


def test_cancel_before_the_commit_changes_nothing(session: Session, built: Built) -> None:
    plan = purge.plan_purge(session)
    seen: list[tuple[int, int]] = []
    with pytest.raises(purge.PurgeCancelled):
        purge.run_purge(session, plan, progress=lambda d, t: seen.append((d, t)),
                        cancelled=lambda: len(seen) >= 2)  # fmt: skip
    assert purge.plan_purge(session) == plan
    assert purge.purge_records(session) == []
    assert seen and seen[-1][1] == len(plan.records)


def test_a_locked_clinical_store_leaves_its_categories_and_the_client_rows(
    session: Session, built: Built
) -> None:
    register_service.lock_clinical(session)
    plan = purge.plan_purge(session)
    assert plan.clinical_locked
    counts = plan.counts()
    assert Category.OTHER_NOTES.value not in counts and LINKED_RECORDS not in counts
    assert counts[Category.CONTACT_DETAILS.value] == 5
    purge.run_purge(session, plan)
    assert len(session.conn.execute("SELECT id FROM clients").fetchall()) == 7
    assert register_service.check(session) == []


def test_a_purge_with_nothing_to_do(session: Session) -> None:
    plan = purge.plan_purge(session)
    assert plan.empty
    assert purge.run_purge(session, plan).entries == ()
    assert purge.purge_records(session) == []
