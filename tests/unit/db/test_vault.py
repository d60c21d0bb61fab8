"""The register folder: create, unlock with each secret, damage, locking, pragmas, modes."""

from __future__ import annotations

import base64
import hashlib
import os
import random
import secrets
import stat
import types
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.db import vault
from app.db.connection import DatabaseError, transaction
from app.db.keyfile import FAST_INSECURE_KDF
from app.db.vault import Register, Secret, create_register, open_register
from app.domain.errors import (
    RegisterDamagedError,
    RegisterInUseError,
    VakkaError,
    WrongSecretError,
)
from app.domain.recovery_code import decode_recovery_code, encode_recovery_code
from app.services import register as register_service
from app.services.session import Session
from tests.conftest import PASSPHRASE, fixed_clock

PAGE = 4096
NEW_PASSPHRASE = "Quite another passphrase for the tests 2027"
# A data key whose recovery code starts with 'O's and holds an 'I' and a 'B', so that the
# look-alike digits 0, 1 and 8 can be typed for them (a random code might have none).
LOOKALIKE_KEY = base64.b32decode("OOOOOOOOIIIIBBBB" + "A" * 32 + "QRST" + "====")


def folder_digest(folder: Path) -> dict[str, str]:
    """SHA-256 of every file in the folder, by name."""
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.iterdir())
        if path.is_file()
    }


def opens(folder: Path, secret: Secret) -> bool:
    """Whether the register opens with ``secret`` (closed again at once)."""
    try:
        register = open_register(folder, secret, clock=fixed_clock)
    except WrongSecretError:
        return False
    register.close()
    return True


def damage(path: Path, offset: int, length: int, seed: int = 2026) -> None:
    """Overwrite ``length`` bytes at ``offset`` with different (seeded random) bytes."""
    rng = random.Random(seed)
    with path.open("r+b") as handle:
        handle.seek(offset)
        old = handle.read(length)
        new = bytes((b ^ rng.randrange(1, 256)) for b in old)
        handle.seek(offset)
        handle.write(new)


@pytest.fixture
def closed_register(new_register: tuple[Session, str], register_folder: Path) -> tuple[Path, str]:
    """A new register, closed again: its folder and recovery code."""
    session, code = new_register
    session.close()
    return register_folder, code


@pytest.fixture
def opened(closed_register: tuple[Path, str]) -> Iterator[Register]:
    """The closed register opened again with the passphrase (closed after the test)."""
    register = open_register(closed_register[0], Secret(passphrase=PASSPHRASE), clock=fixed_clock)
    yield register
    register.close()


# --- create and open ---------------------------------------------------------------


def test_create_makes_the_documented_files(closed_register: tuple[Path, str]) -> None:
    folder, code = closed_register
    names = set(folder_digest(folder))
    assert {"register.db", "clinical.db", "vakka.key", "vakka.key.bak", "audit.head"} <= names
    assert not (folder / "vakka.lock.owner").exists()
    assert len(decode_recovery_code(code)) == 32


def test_create_refuses_an_existing_register(closed_register: tuple[Path, str]) -> None:
    folder, _ = closed_register
    before = folder_digest(folder)
    with pytest.raises(VakkaError) as info:
        create_register(folder, PASSPHRASE, FAST_INSECURE_KDF, fixed_clock)
    assert info.value.code == "register.already_exists"
    assert folder_digest(folder) == before


def test_open_with_passphrase(closed_register: tuple[Path, str]) -> None:
    folder, _ = closed_register
    with open_register(folder, Secret(passphrase=PASSPHRASE), clock=fixed_clock) as register:
        assert register.clinical_open
        assert register.check() == []
        register_id = register.register_id
    assert len(register_id) == 16
    assert register.closed


@pytest.mark.parametrize(
    "typed",
    [
        pytest.param(lambda code: code, id="as-shown"),
        pytest.param(str.lower, id="lower-case"),
        pytest.param(lambda code: code.replace("-", " "), id="spaces"),
        pytest.param(lambda code: code.replace("-", "").lower(), id="no-separators"),
        pytest.param(lambda code: "  " + code.replace("-", "  ") + "\n", id="extra-blanks"),
    ],
)
def test_open_with_recovery_code_as_typed(
    closed_register: tuple[Path, str], typed: Callable[[str], str]
) -> None:
    folder, code = closed_register
    with open_register(folder, Secret(recovery_code=typed(code)), clock=fixed_clock) as register:
        assert register.clinical_open
        assert register.check() == []


@pytest.fixture
def lookalike_register(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Path, str]]:
    """A register whose data key is LOOKALIKE_KEY (the vault's randomness is replaced)."""
    fake = types.SimpleNamespace(
        token_bytes=lambda n: LOOKALIKE_KEY if n == 32 else secrets.token_bytes(n),
        token_hex=secrets.token_hex,
    )
    folder = tmp_path / "lookalike"
    with monkeypatch.context() as patch:
        patch.setattr(vault, "secrets", fake)
        register, code = create_register(folder, PASSPHRASE, FAST_INSECURE_KDF, fixed_clock)
    register.close()
    yield folder, code


def test_recovery_code_typed_with_look_alike_digits(
    lookalike_register: tuple[Path, str],
) -> None:
    folder, code = lookalike_register
    assert code.startswith("OOOOOO-OOIIII-BBBB")
    typed = code.lower().replace("o", "0").replace("i", "1").replace("b", "8").replace("-", " ")
    assert typed != code.lower()
    assert opens(folder, Secret(recovery_code=typed))


def test_recovery_code_with_a_typo_is_malformed(lookalike_register: tuple[Path, str]) -> None:
    folder, code = lookalike_register
    before = folder_digest(folder)
    # One letter of the key part changed: the two check characters catch it.
    typo = code[:20] + ("C" if code[20] != "C" else "D") + code[21:]
    for typed in (typo, code[:-1], code + "A", code.replace("O", "U", 1)):
        with pytest.raises(WrongSecretError) as info:
            open_register(folder, Secret(recovery_code=typed), clock=fixed_clock)
        assert info.value.code == "recovery_code.malformed"
    assert folder_digest(folder) == before


def test_recovery_code_of_another_register_is_refused(
    closed_register: tuple[Path, str], tmp_path: Path
) -> None:
    folder, _ = closed_register
    other, other_code = create_register(
        tmp_path / "other", PASSPHRASE, FAST_INSECURE_KDF, fixed_clock
    )
    other.close()
    before = folder_digest(folder)
    with pytest.raises(WrongSecretError) as info:
        open_register(folder, Secret(recovery_code=other_code), clock=fixed_clock)
    assert info.value.code == "register.wrong_recovery_code"
    assert folder_digest(folder) == before
    # The same passphrase does not make the other register's key file open this one's stores.
    assert opens(tmp_path / "other", Secret(recovery_code=other_code))


def test_wrong_passphrase_changes_no_file(closed_register: tuple[Path, str]) -> None:
    folder, _ = closed_register
    before = folder_digest(folder)
    for wrong in (PASSPHRASE + " ", PASSPHRASE.upper(), "", NEW_PASSPHRASE):
        with pytest.raises(WrongSecretError) as info:
            open_register(folder, Secret(passphrase=wrong), clock=fixed_clock)
        assert info.value.code == "register.wrong_passphrase"
        assert folder_digest(folder) == before
    # The failed attempts released the lock.
    assert opens(folder, Secret(passphrase=PASSPHRASE))


def test_no_secret_is_refused(closed_register: tuple[Path, str]) -> None:
    folder, _ = closed_register
    with pytest.raises(WrongSecretError) as info:
        open_register(folder, Secret(), clock=fixed_clock)
    assert info.value.code == "register.no_secret"


# --- key file damage -------------------------------------------------------------------


@pytest.mark.parametrize("which", ["vakka.key", "vakka.key.bak"])
@pytest.mark.parametrize("how", ["flipped-byte", "truncated", "garbage", "missing"])
def test_one_damaged_key_copy_still_opens_and_is_repaired(
    closed_register: tuple[Path, str], which: str, how: str
) -> None:
    folder, _ = closed_register
    good = (folder / "vakka.key").read_bytes()
    target = folder / which
    if how == "flipped-byte":
        data = bytearray(good)
        position = good.index(b'"salt": "') + 12
        data[position] = ord("A") if data[position] != ord("A") else ord("B")
        target.write_bytes(bytes(data))
    elif how == "truncated":
        target.write_bytes(good[: len(good) // 2])
    elif how == "garbage":
        target.write_bytes(os.urandom(len(good)))
    else:
        target.unlink()
    with open_register(folder, Secret(passphrase=PASSPHRASE), clock=fixed_clock) as register:
        assert (folder / "vakka.key").read_bytes() == good
        assert (folder / "vakka.key.bak").read_bytes() == good
        # The repair is reported by the check of the unlock that made it …
        assert register.check() == []
        assert register.notices() == ["check.key_file_repaired"]
    # … and the next unlock finds both copies intact.
    with open_register(folder, Secret(passphrase=PASSPHRASE), clock=fixed_clock) as register:
        assert register.check() == []


def test_check_reports_a_damaged_key_copy(opened: Register) -> None:
    folder = opened.paths.folder
    (folder / "vakka.key.bak").write_bytes(b"{}")
    assert opened.check() == ["check.key_file_copy_damaged"]
    (folder / "vakka.key").write_bytes(b"not json")
    assert sorted(opened.check()) == ["check.key_file_copy_damaged", "check.key_file_damaged"]


def test_both_key_copies_damaged(closed_register: tuple[Path, str]) -> None:
    folder, code = closed_register
    for name in ("vakka.key", "vakka.key.bak"):
        damage(folder / name, 40, 8)
    before = folder_digest(folder)
    with pytest.raises(RegisterDamagedError) as info:
        open_register(folder, Secret(passphrase=PASSPHRASE), clock=fixed_clock)
    assert info.value.code == "register.key_file_damaged"
    assert info.value.exit_code == 4
    assert folder_digest(folder) == before
    # The recovery code alone still opens the stores.
    assert opens(folder, Secret(recovery_code=code))


def test_both_key_copies_missing(closed_register: tuple[Path, str]) -> None:
    folder, code = closed_register
    (folder / "vakka.key").unlink()
    (folder / "vakka.key.bak").unlink()
    with pytest.raises(RegisterDamagedError) as info:
        open_register(folder, Secret(passphrase=PASSPHRASE), clock=fixed_clock)
    assert info.value.code == "register.key_file_missing"
    assert opens(folder, Secret(recovery_code=code))


# --- store damage ----------------------------------------------------------------------


@pytest.mark.parametrize("store", ["register.db", "clinical.db"])
def test_damaged_first_page_is_reported_as_damage(
    closed_register: tuple[Path, str], store: str
) -> None:
    folder, _ = closed_register
    with (folder / store).open("r+b") as handle:
        handle.write(random.Random(7).randbytes(PAGE))
    for _attempt in range(2):  # the second attempt shows the lock was released
        with pytest.raises(RegisterDamagedError) as info:
            open_register(folder, Secret(passphrase=PASSPHRASE), clock=fixed_clock)
        assert info.value.code == "register.store_damaged"
        assert info.value.params == {"store": store}


def test_missing_store_is_reported(closed_register: tuple[Path, str]) -> None:
    folder, _ = closed_register
    (folder / "clinical.db").unlink()
    with pytest.raises(RegisterDamagedError) as info:
        open_register(folder, Secret(passphrase=PASSPHRASE), clock=fixed_clock)
    assert info.value.code == "register.store_missing"
    assert info.value.params == {"store": "clinical.db"}


def test_damaged_meta_page_is_reported_as_damage(closed_register: tuple[Path, str]) -> None:
    """The meta table (register id, audit key) is read at open: page 2 is its root."""
    folder, _ = closed_register
    damage(folder / "register.db", PAGE + 100, 64)
    for _attempt in range(2):  # the second attempt shows the lock was released
        with pytest.raises(RegisterDamagedError) as info:
            open_register(folder, Secret(passphrase=PASSPHRASE), clock=fixed_clock)
        assert info.value.code == "register.store_damaged"


def _fill(register: Register, table: str, count: int) -> tuple[int, int]:
    """Insert ``count`` invented rows; the page counts of the store before and after."""
    conn = register.conn
    schema = "main" if table == "clients" else "clinical"
    before = int(conn.execute(f"PRAGMA {schema}.page_count").fetchone()[0])
    with transaction(conn):
        if table == "clients":
            conn.executemany(
                "INSERT INTO clients (id, client_number, first_name, last_name, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                [
                    (f"{i:016x}", 1001 + i, "Testi", f"Täytesukunimi{i:04d}" * 4, "2026-11-23")
                    for i in range(count)
                ],
            )
        else:
            conn.executemany(
                "INSERT INTO clinical.identities (client_id, name_as_recorded, recorded_at) "
                "VALUES (?, ?, ?)",
                [(f"{i:016x}", f"Testi Täyte{i:04d}" * 4, "2026-11-23") for i in range(count)],
            )
    after = int(conn.execute(f"PRAGMA {schema}.page_count").fetchone()[0])
    return before, after


@pytest.mark.parametrize(
    ("table", "store", "problem"),
    [
        ("clients", "register.db", "check.register_pages"),
        ("identities", "clinical.db", "check.clinical_pages"),
    ],
)
def test_damaged_middle_page_opens_but_check_reports_it(
    opened: Register, table: str, store: str, problem: str
) -> None:
    folder = opened.paths.folder
    before, after = _fill(opened, table, 600)
    assert after - before >= 10, "the filler must span several pages"
    assert opened.check() == []
    opened.close()
    # A page written by the filler: only that table's data, not read at open.
    page = (before + after) // 2
    damage(folder / store, (page - 1) * PAGE + 100, 64)
    with open_register(folder, Secret(passphrase=PASSPHRASE), clock=fixed_clock) as register:
        problems = register.check()
    assert problem in problems
    other = {"check.register_pages", "check.clinical_pages"} - {problem}
    assert not other & set(problems)


# --- one register, one process -----------------------------------------------------------


def test_second_open_while_open_is_refused_with_the_pid(
    opened: Register, closed_register: tuple[Path, str]
) -> None:
    folder, code = closed_register
    before = (folder / "vakka.key").read_bytes()
    for secret in (Secret(passphrase=PASSPHRASE), Secret(recovery_code=code)):
        with pytest.raises(RegisterInUseError) as info:
            open_register(folder, secret, clock=fixed_clock)
        assert info.value.code == "register.in_use"
        assert info.value.params["pid"] == str(os.getpid())
        assert info.value.params["host"]
        assert info.value.exit_code == 5
    # The refused attempts did not take the lock away from the open register.
    assert (folder / "vakka.lock.owner").read_text(encoding="utf-8").split()[0] == str(os.getpid())
    assert (folder / "vakka.key").read_bytes() == before
    opened.close()
    assert not (folder / "vakka.lock.owner").exists()
    assert opens(folder, Secret(passphrase=PASSPHRASE))


# --- pragmas -----------------------------------------------------------------------------


def test_pragmas_at_open(opened: Register) -> None:
    conn = opened.conn
    for schema in ("main", "clinical"):
        assert conn.execute(f"PRAGMA {schema}.journal_mode").fetchone()[0].lower() == "delete"
        assert conn.execute(f"PRAGMA {schema}.synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute(f"PRAGMA {schema}.secure_delete").fetchone()[0] == 1
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA temp_store").fetchone()[0] != 1  # not FILE
    assert conn.execute("PRAGMA cipher_log_level").fetchone()[0].upper() == "NONE"


def test_pragmas_after_reattaching_clinical(opened: Register) -> None:
    opened.lock_clinical()
    opened.unlock_clinical(Secret(passphrase=PASSPHRASE))
    conn = opened.conn
    assert conn.execute("PRAGMA clinical.journal_mode").fetchone()[0].lower() == "delete"
    assert conn.execute("PRAGMA clinical.synchronous").fetchone()[0] == 2
    assert conn.execute("PRAGMA clinical.secure_delete").fetchone()[0] == 1


# --- the clinical lock ----------------------------------------------------------------------


def test_clinical_lock_and_unlock(opened: Register, closed_register: tuple[Path, str]) -> None:
    _, code = closed_register
    conn = opened.conn
    assert conn.execute("SELECT count(*) FROM clinical.notes").fetchone()[0] == 0
    opened.lock_clinical()
    assert not opened.clinical_open
    with pytest.raises(DatabaseError):
        conn.execute("SELECT count(*) FROM clinical.notes").fetchone()
    with pytest.raises(DatabaseError):
        conn.execute("SELECT count(*) FROM notes").fetchone()

    with pytest.raises(WrongSecretError) as info:
        opened.unlock_clinical(Secret(passphrase="Not the passphrase of this register"))
    assert info.value.code == "register.wrong_passphrase"
    assert not opened.clinical_open

    with pytest.raises(WrongSecretError) as info:
        opened.unlock_clinical(Secret(data_key=opened.data_key_for_keyring()))
    assert info.value.code == "register.clinical_needs_passphrase"
    assert not opened.clinical_open

    opened.unlock_clinical(Secret(passphrase=PASSPHRASE))
    assert opened.clinical_open
    assert conn.execute("SELECT count(*) FROM clinical.notes").fetchone()[0] == 0

    opened.lock_clinical()
    opened.unlock_clinical(Secret(recovery_code=code.lower()))
    assert opened.clinical_open


def test_open_without_clinical(closed_register: tuple[Path, str]) -> None:
    folder, _ = closed_register
    with open_register(
        folder, Secret(passphrase=PASSPHRASE), clinical=False, clock=fixed_clock
    ) as register:
        assert not register.clinical_open
        assert "clinical" not in [row[1] for row in register.conn.execute("PRAGMA database_list")]


# --- versions ------------------------------------------------------------------------------


def test_newer_register_is_refused(opened: Register) -> None:
    folder = opened.paths.folder
    opened.conn.execute("PRAGMA main.user_version = 99")
    opened.conn.execute("PRAGMA clinical.user_version = 99")
    opened.close()
    before = folder_digest(folder)
    for _attempt in range(2):  # the second attempt shows the lock was released
        with pytest.raises(VakkaError) as info:
            open_register(folder, Secret(passphrase=PASSPHRASE), clock=fixed_clock)
        assert type(info.value) is VakkaError
        assert info.value.code == "register.newer_version"
        assert info.value.params == {"version": 99}
    assert folder_digest(folder) == before


def test_stores_of_different_versions_are_refused(opened: Register) -> None:
    folder = opened.paths.folder
    opened.conn.execute("PRAGMA clinical.user_version = 1")
    opened.close()
    with pytest.raises(VakkaError) as info:
        open_register(folder, Secret(passphrase=PASSPHRASE), clock=fixed_clock)
    assert info.value.code == "register.version_mismatch"


# --- file modes ------------------------------------------------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_secret_files_are_owner_only(new_register: tuple[Session, str]) -> None:
    session, _ = new_register
    folder = session.register.paths.folder
    register_service.change_passphrase(session, NEW_PASSPHRASE)
    session.close()
    for name in ("register.db", "clinical.db", "vakka.key", "vakka.key.bak", "audit.head"):
        assert stat.S_IMODE((folder / name).stat().st_mode) == 0o600, name
    assert stat.S_IMODE(folder.stat().st_mode) & 0o077 == 0


# --- passphrase change -----------------------------------------------------------------------


def test_change_passphrase(new_register: tuple[Session, str]) -> None:
    session, code = new_register
    folder = session.register.paths.folder
    clinical_before = folder_digest(folder)["clinical.db"]
    register_service.change_passphrase(session, NEW_PASSPHRASE)
    assert session.register.verify_secret(Secret(passphrase=NEW_PASSPHRASE))
    assert not session.register.verify_secret(Secret(passphrase=PASSPHRASE))
    session.close()
    assert (folder / "vakka.key").read_bytes() == (folder / "vakka.key.bak").read_bytes()
    # Only the key file is rewritten: the clinical store (not logged to) is untouched.
    assert folder_digest(folder)["clinical.db"] == clinical_before

    with pytest.raises(WrongSecretError):
        open_register(folder, Secret(passphrase=PASSPHRASE), clock=fixed_clock)
    assert opens(folder, Secret(passphrase=NEW_PASSPHRASE))
    assert opens(folder, Secret(recovery_code=code))
    assert encode_recovery_code(decode_recovery_code(code)) == code


def test_change_passphrase_refuses_a_weak_one(new_register: tuple[Session, str]) -> None:
    session, _ = new_register
    folder = session.register.paths.folder
    before = (folder / "vakka.key").read_bytes()
    with pytest.raises(VakkaError) as info:
        register_service.change_passphrase(session, "short")
    assert info.value.code == "passphrase.too_short"
    assert (folder / "vakka.key").read_bytes() == before


def test_temporary_files_of_an_interrupted_write_are_removed_at_open(
    new_register: tuple[Session, str], register_folder: Path
) -> None:
    session, _ = new_register
    session.close()
    leftover = register_folder / ".vakka.key.0123abcd.tmp"
    leftover.write_bytes((register_folder / "vakka.key").read_bytes())
    unrelated = register_folder / ".notes.tmp"
    unrelated.write_bytes(b"not ours")
    reopened = register_service.unlock(register_folder, Secret(passphrase=PASSPHRASE))
    reopened.close()
    assert not leftover.exists()
    assert unrelated.exists()


def test_interrupted_creation_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*args: object, **kwargs: object) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr(vault, "wrap_data_key", interrupted)
    target = tmp_path / "new-register"
    with pytest.raises(KeyboardInterrupt):
        create_register(target, PASSPHRASE, FAST_INSECURE_KDF, fixed_clock)
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []
    monkeypatch.undo()
    register, _code = create_register(target, PASSPHRASE, FAST_INSECURE_KDF, fixed_clock)
    register.close()
    assert (target / "vakka.key").exists()


def test_creation_refuses_a_file_and_a_non_empty_folder(tmp_path: Path) -> None:
    a_file = tmp_path / "file"
    a_file.write_text("not a folder", encoding="utf-8")
    with pytest.raises(VakkaError) as raised:
        create_register(a_file, PASSPHRASE, FAST_INSECURE_KDF, fixed_clock)
    assert raised.value.code == "register.folder_is_file"
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("someone's file", encoding="utf-8")
    with pytest.raises(VakkaError) as raised:
        create_register(busy, PASSPHRASE, FAST_INSECURE_KDF, fixed_clock)
    assert raised.value.code == "register.folder_not_empty"
    assert sorted(p.name for p in busy.iterdir()) == ["notes.txt"]
