"""Client import from CSV (issue 14 item 2): encodings, delimiters, mapping, problems by line,
duplicates, files that are not CSV, and a parser that never lets a traceback out."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.errors import ValidationError
from app.domain.kinds import ContactLanguage
from app.domain.models import Client
from app.services import client_import, clients
from app.services.session import Session

ROWS = [
    ("Etunimi", "Sukunimi", "Puhelin", "Sähköposti", "Postinumero", "Kieli"),
    ("Väinö", "Kokeilu", "040 1111111", "vaino@example.invalid", "00100", "suomi"),
    ("Åsa", "Provström", "040 2222222", "asa@example.invalid", "65100", "svenska"),
    ("Юрий", "Тестов", "", "juri@example.invalid", "", "english"),
]


def _csv(rows: list[tuple[str, ...]], delimiter: str) -> str:
    return "\r\n".join(delimiter.join(row) for row in rows) + "\r\n"


def _names(session: Session) -> set[str]:
    return {s.name for s in clients.list_clients(session)}


@pytest.mark.parametrize("delimiter", [",", ";"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_three_encodings_and_both_delimiters(
    session: Session, tmp_path: Path, encoding: str, delimiter: str
) -> None:
    rows = ROWS if encoding != "cp1252" else ROWS[:3]  # Cyrillic has no Windows-1252 form
    path = tmp_path / "clients.csv"
    path.write_bytes(_csv(rows, delimiter).encode(encoding))
    plan = client_import.preview(session, path)
    assert plan.file.delimiter == delimiter
    assert plan.file.encoding.replace("_", "-").lower() in {encoding, "windows-1252"}
    assert not plan.checked.problems and not plan.checked.duplicates
    assert client_import.run_import(session, plan) == len(rows) - 1
    expected = {"Väinö Kokeilu", "Åsa Provström"} | ({"Юрий Тестов"} if len(rows) == 4 else set())
    assert _names(session) == expected
    languages = {c.first_name: c.contact_language for c in _clients(session)}
    assert languages["Åsa"] is ContactLanguage.SV


def _clients(session: Session) -> list[Client]:
    return [clients.open_client(session, s.id) for s in clients.list_clients(session)]


def test_a_malformed_row_and_duplicates_are_reported_by_line(
    session: Session, tmp_path: Path
) -> None:
    clients.add_client(session, Client(first_name="Väinö", last_name="Kokeilu", phone="0401111111"))
    rows = [
        *ROWS[:3],
        ("Paula", "Virheellinen", "", "ei-sähköposti", "", ""),
        ("Åsa", "Provström", "", "ASA@example.invalid", "", ""),
        ("", "", "040 5555555", "", "", ""),
    ]
    path = tmp_path / "clients.csv"
    path.write_text(_csv(rows, ";"), encoding="utf-8")
    plan = client_import.preview(session, path)
    problems = {r.line: r.problem.field for r in plan.checked.problems if r.problem}
    assert problems == {4: "email", 6: "last_name"}
    duplicates = {r.line: r.duplicate_of for r in plan.checked.duplicates}
    assert duplicates[2].startswith("client:")  # Väinö is already in the register
    assert duplicates[5] == "file:3"
    assert client_import.run_import(session, plan) == 1  # only Åsa's first row
    assert _names(session) == {"Väinö Kokeilu", "Åsa Provström"}


def test_the_user_s_mapping_and_a_file_without_a_name_column(
    session: Session, tmp_path: Path
) -> None:
    path = tmp_path / "clients.csv"
    path.write_text("Asiakkaan nimi;GSM\nVäinö Kokeilu;040 1111111\n", encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        client_import.preview(session, path)
    assert info.value.code == "import.no_name_column"
    plan = client_import.preview(session, path, {"Asiakkaan nimi": "name", "GSM": "phone"})
    client_import.run_import(session, plan)
    (only,) = _clients(session)
    assert (only.first_name, only.last_name, only.phone) == ("Väinö", "Kokeilu", "040 1111111")
    for chosen, code in (
        ({"Nope": "name"}, "import.unknown_column"),
        ({"GSM": "shoe_size"}, "import.unknown_field"),
        ({"Asiakkaan nimi": "name", "GSM": "name"}, "import.field_twice"),
    ):
        with pytest.raises(ValidationError) as info:
            client_import.preview(session, path, chosen)
        assert info.value.code == code


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"%PDF-1.7\n\x00\x01binary",
        b"",
        b"   \n\n",
        codecs.BOM_UTF8 + b"\xff\xfe not utf-8",
    ],
)
def test_a_file_that_is_not_csv_writes_nothing(
    session: Session, tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "clients.csv"
    path.write_bytes(content)
    with pytest.raises(ValidationError) as info:
        client_import.preview(session, path)
    assert info.value.code in {"import.not_csv", "import.empty"}
    assert clients.list_clients(session) == []


def test_prose_is_refused_for_its_missing_name_column(session: Session, tmp_path: Path) -> None:
    path = tmp_path / "letter.txt"
    path.write_text("Hei,\ntässä on kirje eikä asiakaslista.\n", encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        client_import.preview(session, path)
    assert info.value.code == "import.no_name_column"


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_the_csv_reader_never_lets_a_traceback_out(data: bytes) -> None:
    try:
        file = client_import.read_csv(data)
    except ValidationError:
        return
    assert file.headers is not None


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.text(max_size=12), min_size=1, max_size=5), min_size=1, max_size=6))
def test_any_table_of_text_reads_back_or_is_refused_cleanly(cells: list[list[str]]) -> None:
    text = "\n".join(";".join(row) for row in cells)
    try:
        file = client_import.read_csv(text.encode("utf-8"))
    except ValidationError:
        return
    assert all(isinstance(c, str) for _, row in file.rows for c in row)
