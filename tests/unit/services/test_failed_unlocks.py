"""Failed unlock attempts: counted beside the stores, logged and cleared at the next unlock."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from app.db import audit, failed_unlocks
from app.db.keyfile import FAST_INSECURE_KDF
from app.db.vault import Secret
from app.domain.errors import WrongSecretError
from app.services import register as register_service
from tests.conftest import FIXED_NOW, PASSPHRASE, fixed_clock

WRONG = "not the passphrase of this register"


@pytest.fixture
def folder(tmp_path: Path) -> tuple[Path, str]:
    target = tmp_path / "register"
    created = register_service.create(target, PASSPHRASE, kdf=FAST_INSECURE_KDF, clock=fixed_clock)
    created.session.close()
    return target, created.recovery_code


def _fail(folder: Path, secret: Secret, at: datetime = FIXED_NOW) -> None:
    with pytest.raises(WrongSecretError):
        register_service.unlock(folder, secret, clock=lambda: at)


def test_wrong_passphrases_and_codes_are_counted_without_the_secret(
    folder: tuple[Path, str], tmp_path: Path
) -> None:
    path, _ = folder
    other = register_service.create(
        tmp_path / "other", PASSPHRASE, kdf=FAST_INSECURE_KDF, clock=fixed_clock
    )
    other.session.close()
    _fail(path, Secret(passphrase=WRONG))
    _fail(path, Secret(passphrase=WRONG), FIXED_NOW + timedelta(minutes=1))
    _fail(path, Secret(recovery_code=other.recovery_code), FIXED_NOW + timedelta(minutes=2))
    recorded = failed_unlocks.read(path)
    assert recorded.count == 3
    assert recorded.last_at == FIXED_NOW + timedelta(minutes=2)
    raw = failed_unlocks.path_in(path).read_text(encoding="ascii")
    assert WRONG not in raw and other.recovery_code not in raw
    assert set(json.loads(raw)) == {"count", "times"}


def test_a_stale_keyring_key_and_a_malformed_code_are_not_counted(
    folder: tuple[Path, str],
) -> None:
    path, _ = folder
    _fail(path, Secret(data_key=bytes(32)))
    _fail(path, Secret(recovery_code="AAAA-BBBB"))
    assert failed_unlocks.read(path).count == 0
    assert not failed_unlocks.path_in(path).exists()


def test_the_next_unlock_logs_them_clears_the_file_and_tells_the_count(
    folder: tuple[Path, str],
) -> None:
    path, _ = folder
    for minute in range(4):
        _fail(path, Secret(passphrase=WRONG), FIXED_NOW + timedelta(minutes=minute))
    session = register_service.unlock(path, Secret(passphrase=PASSPHRASE), clock=fixed_clock)
    try:
        notice = register_service.failed_unlocks_notice(session)
        assert notice.count == 4
        assert notice.last_at == FIXED_NOW + timedelta(minutes=3)
        logged = [row for row in audit.rows(session.conn) if row.action == "unlock.failed"]
        assert len(logged) == 1
        assert logged[0].ref.startswith("count=4 first=")
        assert logged[0].purpose == "security" and logged[0].client_id is None
        assert register_service.check(session) == []  # the audit chain still verifies
    finally:
        session.close()
    assert not failed_unlocks.path_in(path).exists()
    again = register_service.unlock(path, Secret(passphrase=PASSPHRASE), clock=fixed_clock)
    try:
        assert register_service.failed_unlocks_notice(again).count == 0
        assert [r for r in audit.rows(again.conn) if r.action == "unlock.failed"] == logged
    finally:
        again.close()


def test_the_wait_is_driven_by_the_stored_count(folder: tuple[Path, str]) -> None:
    path, _ = folder
    at = FIXED_NOW
    assert register_service.unlock_wait_seconds(path, clock=lambda: at) == 0
    _fail(path, Secret(passphrase=WRONG), at)
    _fail(path, Secret(passphrase=WRONG), at)
    assert register_service.unlock_wait_seconds(path, clock=lambda: at) == 0
    _fail(path, Secret(passphrase=WRONG), at)
    assert register_service.unlock_wait_seconds(path, clock=lambda: at) == 2
    for _ in range(10):
        _fail(path, Secret(passphrase=WRONG), at)
    assert register_service.unlock_wait_seconds(path, clock=lambda: at) == 60
    later = at + timedelta(seconds=45)
    assert register_service.unlock_wait_seconds(path, clock=lambda: later) == 15


def test_a_damaged_attempts_file_still_counts(folder: tuple[Path, str]) -> None:
    path, _ = folder
    failed_unlocks.path_in(path).write_bytes(b"\x00garbage")
    assert failed_unlocks.read(path).count == 1
    _fail(path, Secret(passphrase=WRONG))
    assert failed_unlocks.read(path).count == 2


def test_a_folder_that_cannot_be_written_still_says_wrong_passphrase(
    folder: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _ = folder

    def refuse(*_args: object) -> None:
        raise PermissionError(13, "read-only")

    monkeypatch.setattr(failed_unlocks, "atomic_write_bytes", refuse)
    with pytest.raises(WrongSecretError) as caught:
        register_service.unlock(path, Secret(passphrase=WRONG), clock=fixed_clock)
    assert caught.value.code == "register.wrong_passphrase"
