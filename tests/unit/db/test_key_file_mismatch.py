"""The right recovery code with another register's key files is damage, not a wrong code."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.db.keyfile import FAST_INSECURE_KDF
from app.db.vault import Secret, create_register, open_register
from app.domain.errors import RegisterDamagedError, WrongSecretError
from tests.conftest import PASSPHRASE, fixed_clock
from tests.unit.db.test_vault import folder_digest

KEY_FILES = ("vakka.key", "vakka.key.bak")


def _make(folder: Path) -> str:
    register, code = create_register(folder, PASSPHRASE, FAST_INSECURE_KDF, fixed_clock)
    register.close()
    return code


@pytest.fixture
def swapped(tmp_path: Path) -> tuple[Path, str, str]:
    """Register A holding register B's key files; A's code and B's code."""
    mine, other = tmp_path / "mine", tmp_path / "other"
    my_code, other_code = _make(mine), _make(other)
    for name in KEY_FILES:
        shutil.copyfile(other / name, mine / name)
    return mine, my_code, other_code


def test_right_code_with_another_registers_key_files_is_a_mismatch(
    swapped: tuple[Path, str, str],
) -> None:
    folder, my_code, _ = swapped
    before = folder_digest(folder)
    with pytest.raises(RegisterDamagedError) as caught:
        open_register(folder, Secret(recovery_code=my_code), clock=fixed_clock)
    assert caught.value.code == "register.key_file_mismatch"
    assert caught.value.exit_code == 4
    assert folder_digest(folder) == before


def test_a_code_that_opens_neither_is_still_a_wrong_code(
    swapped: tuple[Path, str, str], tmp_path: Path
) -> None:
    folder, _, _ = swapped
    third_code = _make(tmp_path / "third")
    with pytest.raises(WrongSecretError) as caught:
        open_register(folder, Secret(recovery_code=third_code), clock=fixed_clock)
    assert caught.value.code == "register.wrong_recovery_code"


def test_the_key_files_code_does_not_open_the_stores_and_says_so(
    swapped: tuple[Path, str, str],
) -> None:
    folder, _, other_code = swapped
    # B's code matches the key file but not the stores: damage, as before.
    with pytest.raises(RegisterDamagedError) as caught:
        open_register(folder, Secret(recovery_code=other_code), clock=fixed_clock)
    assert caught.value.code == "register.store_damaged"


def test_no_store_is_created_or_counted_when_register_db_is_missing_or_empty(
    swapped: tuple[Path, str, str],
) -> None:
    folder, my_code, _ = swapped
    (folder / "register.db").unlink()
    with pytest.raises(WrongSecretError):
        open_register(folder, Secret(recovery_code=my_code), clock=fixed_clock)
    assert not (folder / "register.db").exists()
    (folder / "register.db").write_bytes(b"")
    with pytest.raises(WrongSecretError):
        open_register(folder, Secret(recovery_code=my_code), clock=fixed_clock)
    assert (folder / "register.db").stat().st_size == 0


def test_a_pending_rekey_keeps_an_old_code_a_wrong_code(swapped: tuple[Path, str, str]) -> None:
    folder, my_code, _ = swapped
    (folder / "register.db.rekey").write_bytes(b"")
    with pytest.raises(WrongSecretError):
        open_register(folder, Secret(recovery_code=my_code), clock=fixed_clock)


def test_the_advice_in_the_message_works(swapped: tuple[Path, str, str], tmp_path: Path) -> None:
    """Move the foreign key files away, open with the code, set a new passphrase."""
    folder, my_code, _ = swapped
    aside = tmp_path / "aside"
    aside.mkdir()
    for name in KEY_FILES:
        (folder / name).rename(aside / name)
    register = open_register(folder, Secret(recovery_code=my_code), clock=fixed_clock)
    try:
        register.change_passphrase("A new and different passphrase 2027", FAST_INSECURE_KDF)
    finally:
        register.close()
    reopened = open_register(
        folder, Secret(passphrase="A new and different passphrase 2027"), clock=fixed_clock
    )
    reopened.close()
