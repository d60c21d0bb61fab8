"""`vakka access-packet` as the command-line contract says (issue 10 item 8)."""

from __future__ import annotations

import json
from pathlib import Path

from pypdf import PdfReader

from app.db.vault import Secret
from app.domain.kinds import DeliveryMethod, RequestKind, RequestStatus
from app.i18n import tr
from app.services import clients, requests
from app.services import register as register_service
from tests.conftest import PASSPHRASE
from tests.e2e.cli_helpers import assert_no_traceback, run_vakka


def test_access_packet_records_answers_and_closes_a_request(tmp_path: Path) -> None:
    folder = tmp_path / "register"
    made = run_vakka("--register", str(folder), "demo", "--clients", "12")
    assert made.returncode == 0, made.stderr
    listed = run_vakka("--register", str(folder), "clients", "--json")
    people = json.loads(listed.stdout)
    chosen = next(p for p in people if p["controller"] == "practice")
    out, data = tmp_path / "answer.pdf", tmp_path / "answer.json"

    result = run_vakka(
        "--register", str(folder), "access-packet", "--client", str(chosen["id"]),
        "--out", str(out), "--lang", "sv", "--json", str(data),
    )  # fmt: skip
    assert_no_traceback(result)
    assert result.returncode == 0, result.stderr
    assert chosen["name"] not in result.stdout + result.stderr  # nothing printed names them
    text = " ".join(" ".join(p.extract_text() or "" for p in PdfReader(str(out)).pages).split())
    assert chosen["name"] in text
    assert tr("sv").gettext("Answer to an access request") in text
    content = json.loads(data.read_text(encoding="utf-8"))
    assert content["lang"] == "sv" and content["digest_sha256"] in result.stdout

    session = register_service.unlock(folder, Secret(passphrase=PASSPHRASE))
    try:
        client = clients.client_by_number(session, chosen["id"])
        access = [
            r
            for r in requests.requests_of(session, client.id or "")
            if r.kind is RequestKind.ACCESS and r.packet_id == content["packet_id"]
        ]
        assert len(access) == 1
        request = access[0]
        assert request.status is RequestStatus.CLOSED
        assert request.delivered_on == session.today()
        assert request.delivered_how is DeliveryMethod.OTHER
        assert request.identity_method is not None
    finally:
        session.close()


def test_access_packet_for_an_unknown_client_or_folder_changes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "register"
    assert run_vakka("--register", str(folder), "demo", "--clients", "5").returncode == 0
    unknown = run_vakka(
        "--register", str(folder), "access-packet", "--client", "99999", "--out",
        str(tmp_path / "a.pdf"),
    )  # fmt: skip
    assert unknown.returncode == 1 and not (tmp_path / "a.pdf").exists()
    assert_no_traceback(unknown)
    nowhere = run_vakka(
        "--register", str(folder), "access-packet", "--client", "1001", "--out",
        str(tmp_path / "missing" / "a.pdf"),
    )  # fmt: skip
    assert nowhere.returncode == 1
    assert_no_traceback(nowhere)
    usage = run_vakka("--register", str(folder), "access-packet", "--out", "x.pdf")
    assert usage.returncode == 2
