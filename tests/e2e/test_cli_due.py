"""`vakka due`, `vakka reminders` and `vakka calendar` as a scheduler and a user run them."""

from __future__ import annotations

import json
import os
import shutil
import stat
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from icalendar import Calendar

from app.db.keyfile import FAST_INSECURE_KDF
from app.db.vault import Secret
from app.domain.kinds import RecordsKept, RegisterKind
from app.domain.models import Client, Relationship
from app.domain.retention import DUE_CATEGORIES
from app.services import clients, relationships
from app.services import register as register_service
from app.services.reminders.scheduler import Host, scheduler_for
from app.services.reminders.systemd import Systemd
from tests.conftest import PASSPHRASE
from tests.e2e.cli_helpers import assert_no_traceback, run_vakka

NAME = ("Väinö", "Kokeilu")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A register (real clock) with one client whose contact details are due, closed."""
    folder = tmp_path / "register"
    session = register_service.create(folder, PASSPHRASE, kdf=FAST_INSECURE_KDF).session
    try:
        client = clients.add_client(session, Client(first_name=NAME[0], last_name=NAME[1]))
        rel = relationships.start_relationship(
            session,
            Relationship(
                client_id=client.id or "",
                register_kind=RegisterKind.OTHER,
                records_kept=RecordsKept.VAKKA,
                started_on=date(2020, 1, 15),
            ),
        )
        relationships.end_relationship(session, rel.id or 0, date(2023, 6, 30), "finished")
    finally:
        session.close()
    return folder


@pytest.fixture
def held_open(folder: Path) -> Iterator[None]:
    """The app has the register open (this process holds its lock)."""
    session = register_service.unlock(folder, Secret(passphrase=PASSPHRASE))
    try:
        yield
    finally:
        session.close()


def test_due_needs_no_passphrase_while_the_app_holds_the_register(
    folder: Path, held_open: None
) -> None:
    result = run_vakka("due", "--register", str(folder), passphrase=None)
    assert_no_traceback(result)
    assert result.returncode == 10, result.stderr
    assert "Contact details: 1" in result.stdout
    assert "A backup is overdue." in result.stdout
    assert NAME[0] not in result.stdout + result.stderr

    as_json = run_vakka("--register", str(folder), "due", "--json", passphrase=None)
    assert as_json.returncode == 10
    data = json.loads(as_json.stdout)
    assert set(data["purge"]) == {c.value for c in DUE_CATEGORIES}
    assert "purge_records" not in data["purge"]
    assert data["purge"]["contact_details"] == 1
    assert data["requests_near_deadline"] == 0
    assert data["backup_overdue"] is True
    assert data["computed_at"]
    assert data["next_purge_review"] and data["purge_review_due"] is False

    # Counting again needs the register itself: in use elsewhere, exit 5.
    refresh = run_vakka("due", "--refresh", "--register", str(folder))
    assert refresh.returncode == 5


def test_refresh_recounts_and_nothing_due_exits_0(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    register_service.create(folder, PASSPHRASE, kdf=FAST_INSECURE_KDF).session.close()
    (folder / "summary.json").unlink()
    unknown = run_vakka("due", "--register", str(folder), passphrase=None)
    assert unknown.returncode == 10  # nothing known: look at the register
    assert "vakka due --refresh" in unknown.stdout
    unknown_json = json.loads(
        run_vakka("due", "--json", "--register", str(folder), passphrase=None).stdout
    )
    assert unknown_json["computed_at"] is None
    assert set(unknown_json["purge"]) == {c.value for c in DUE_CATEGORIES}

    backup = run_vakka("backup", "--out", str(tmp_path / "b.vakka"), "--register", str(folder))
    assert backup.returncode == 0, backup.stderr
    quiet = run_vakka("due", "--json", "--register", str(folder), passphrase=None)
    assert quiet.returncode == 0, quiet.stdout
    assert json.loads(quiet.stdout)["backup_overdue"] is False

    (folder / "summary.json").unlink()
    refreshed = run_vakka("due", "--refresh", "--register", str(folder))
    assert refreshed.returncode == 0, refreshed.stdout + refreshed.stderr
    assert "Nothing is due for destruction." in refreshed.stdout
    assert (folder / "summary.json").exists()
    no_pass = run_vakka("due", "--refresh", "--register", str(folder), passphrase=None)
    assert no_pass.returncode == 1  # asks for the passphrase: there is no terminal


def test_no_register_is_a_failure(tmp_path: Path) -> None:
    result = run_vakka("due", "--register", str(tmp_path / "nowhere"), passphrase=None)
    assert result.returncode == 1
    assert_no_traceback(result)


def _fake_notify_send(tmp_path: Path) -> tuple[dict[str, str], Path]:
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    record = tmp_path / "notified.txt"
    script = bin_folder / "notify-send"
    script.write_text(f'#!/bin/sh\nfor a in "$@"; do echo "$a" >> "{record}"; done\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return {"PATH": f"{bin_folder}{os.pathsep}{os.environ.get('PATH', '')}"}, record


def test_notify_shows_no_names_and_no_counts(folder: Path, tmp_path: Path) -> None:
    env, record = _fake_notify_send(tmp_path)
    result = run_vakka("due", "--notify", "--register", str(folder), passphrase=None, env=env)
    assert result.returncode == 10
    shown = record.read_text(encoding="utf-8")
    assert "Vakka: records are due for review" in shown
    assert NAME[0] not in shown and NAME[1] not in shown
    assert not any(ch.isdigit() for ch in shown)

    fi = run_vakka("due", "--notify", "--register", str(folder), passphrase=None,
                   env={**env, "LANGUAGE": "fi"})  # fmt: skip
    assert fi.returncode == 10
    assert "Vakka: tietoja on tarkistettavana hävitystä varten" in record.read_text("utf-8")


def test_notify_stays_silent_when_nothing_calls_for_action(tmp_path: Path) -> None:
    folder = tmp_path / "quiet"
    register_service.create(folder, PASSPHRASE, kdf=FAST_INSECURE_KDF).session.close()
    assert (
        run_vakka("backup", "--out", str(tmp_path / "b"), "--register", str(folder)).returncode == 0
    )
    env, record = _fake_notify_send(tmp_path)
    result = run_vakka("due", "--notify", "--register", str(folder), passphrase=None, env=env)
    assert result.returncode == 0
    assert not record.exists()


def test_calendar(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "vakka.ics"
    result = run_vakka("calendar", "--out", str(out), "--register", str(folder))
    assert result.returncode == 0, result.stderr
    cal = Calendar.from_ical(out.read_bytes())
    events = list(cal.walk("VEVENT"))
    assert len(events) >= 12
    assert {str(e.get("summary")) for e in events} == {"Vakka: purge review"}
    assert NAME[0].encode() not in out.read_bytes()
    missing = run_vakka("calendar", "--out", str(tmp_path / "no" / "x.ics"), "--register",
                        str(folder))  # fmt: skip
    assert missing.returncode == 1


def test_reminders_install_status_remove_on_linux(folder: Path, tmp_path: Path) -> None:
    here = Host()
    if not isinstance(scheduler_for(here), Systemd) or Path("/run/systemd/system").is_dir():
        pytest.skip("only where systemd is not running and there is no crontab to change")
    config = Path(os.environ["XDG_CONFIG_HOME"])
    installed = run_vakka("reminders", "install", "--register", str(folder), passphrase=None)
    assert installed.returncode == 0, installed.stderr
    assert_no_traceback(installed)
    units = sorted((config / "systemd" / "user").glob("vakka-due-*"))
    assert [u.suffix for u in units] == [".service", ".timer"]
    service = units[0].read_text(encoding="utf-8")
    assert f'"--register" "{folder}"' in service
    assert '"-m" "app.cli" "due" "--notify"' in service

    status = run_vakka("reminders", "status", "--register", str(folder), passphrase=None)
    assert status.returncode == 0
    assert "installed (not active)" in status.stdout
    if shutil.which("systemctl") is None:
        assert "systemd" in status.stderr
    else:
        assert "does not answer" in status.stderr

    removed = run_vakka("reminders", "remove", "--register", str(folder), passphrase=None)
    assert removed.returncode == 0
    assert not list((config / "systemd" / "user").glob("vakka-due-*"))
    none = run_vakka("reminders", "status", "--register", str(folder), passphrase=None)
    assert "not installed" in none.stdout

    nowhere = run_vakka("reminders", "install", "--register", str(tmp_path / "x"), passphrase=None)
    assert nowhere.returncode == 1
