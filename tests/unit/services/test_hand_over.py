"""The hand-over export (issue 14 item 3): every client of the demo once in its register's
part, the manifest's counts and digests right, nothing of one register in another's."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.domain.errors import ValidationError
from app.domain.kinds import RegisterKind
from app.services import clients, hand_over, relationships
from app.services.demo import populate_demo
from app.services.session import Session


@pytest.fixture
def demo(session: Session) -> Session:
    populate_demo(session, clients=24)
    return session


def test_every_client_once_in_its_register_and_the_manifest_is_right(
    demo: Session, tmp_path: Path
) -> None:
    out = tmp_path / "hand-over"
    result = hand_over.export_all(demo, out)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    expected: dict[str, set[int]] = {k.value: set() for k in RegisterKind}
    kinds_of: dict[int, set[str]] = {}
    for summary in clients.list_clients(demo):
        number = summary.client_number
        for rel in relationships.relationships_of(demo, summary.id):
            expected[rel.register_kind.value].add(number)
            kinds_of.setdefault(number, set()).add(rel.register_kind.value)
    for kind, numbers in expected.items():
        found = (
            sorted(int(p.stem.split("-")[1]) for p in (out / kind).glob("client-*.json"))
            if numbers
            else []
        )
        assert found == sorted(numbers), kind
        assert manifest["clients"][kind] == len(numbers) == result.counts[RegisterKind(kind)]
    for name, entry in manifest["files"].items():
        data = (out / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"] and len(data) == entry["bytes"]
    listed = {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()}
    assert listed == set(manifest["files"]) | {"manifest.json", "covering-letter.pdf"}
    assert not (tmp_path / "hand-over.part").exists()

    # Nothing of one register in another's part: every relationship and entry is of its kind.
    for kind in expected:
        for path in (out / kind).glob("*.json"):
            content = json.loads(path.read_text(encoding="utf-8"))
            records = content["records"]
            assert {r["register_kind"] for r in records["relationships"]} == {kind}
            rel_ids = {r["id"] for r in records["relationships"]}
            assert all(n["relationship_id"] in rel_ids for n in records["notes"])
            assert all(n["register_kind"] == kind for n in records["notes"])
            assert all(a["relationship_id"] in rel_ids for a in records["appointments"])
            assert records["invoices"] == []  # the bookkeeping goes apart
    invoices = json.loads((out / "bookkeeping" / "invoices.json").read_text(encoding="utf-8"))
    assert len(invoices) == manifest["bookkeeping"]["invoices"] > 0
    letter = " ".join(
        " ".join(
            p.extract_text() or "" for p in PdfReader(str(out / "covering-letter.pdf")).pages
        ).split()
    )
    assert "Kela" in letter and manifest["practice"] in letter


def test_an_existing_target_is_refused_and_a_failure_leaves_nothing(
    demo: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken = tmp_path / "taken"
    taken.mkdir()
    with pytest.raises(ValidationError) as info:
        hand_over.export_all(demo, taken)
    assert info.value.code == "hand_over.target_exists"
    assert list(taken.iterdir()) == []

    import app.export.hand_over as writer

    calls = {"n": 0}
    real = writer.render_client_register

    def failing(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 5:
            raise OSError(28, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(writer, "render_client_register", failing)
    out = tmp_path / "hand-over"
    with pytest.raises(OSError):
        hand_over.export_all(demo, out)
    assert not out.exists() and not (tmp_path / "hand-over.part").exists()
