"""The command-line contract's exit codes, on real registers in subprocesses."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from app.db.vault import Secret
from app.services import register as register_service
from tests.conftest import PASSPHRASE
from tests.e2e.cli_helpers import assert_no_traceback, isolated_env, run_vakka


def _fingerprint(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo") / "register"
    env = isolated_env(tmp_path_factory.mktemp("home"))
    result = run_vakka("demo", "--register", str(folder), "--clients", "30", env=env)
    assert result.returncode == 0, result.stderr
    return folder


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Path:
    import shutil

    copy = tmp_path / "register"
    shutil.copytree(demo_template, copy)
    return copy


def test_version_and_help() -> None:
    result = run_vakka("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("vakka ")
    assert run_vakka("--help").returncode == 0


def test_usage_error_exits_2(demo: Path) -> None:
    result = run_vakka("clients", "--register", str(demo), "--no-such-option")
    assert result.returncode == 2


def test_register_option_before_or_after_the_command(demo: Path) -> None:
    before = run_vakka("--register", str(demo), "clients", "--json")
    after = run_vakka("clients", "--json", "--register", str(demo))
    assert before.returncode == after.returncode == 0
    assert json.loads(before.stdout) == json.loads(after.stdout)
    rows = json.loads(after.stdout)
    assert len(rows) == 30
    assert {"id", "name", "controller"} <= set(rows[0])
    assert {row["controller"] for row in rows} <= {"practice", "county"}


def test_clients_search(demo: Path) -> None:
    everyone = json.loads(run_vakka("clients", "--json", "--register", str(demo)).stdout)
    target = everyone[3]
    part = target["name"].split()[-1][:4].upper()
    found = json.loads(
        run_vakka("clients", "--json", "--search", part, "--register", str(demo)).stdout
    )
    assert target["id"] in [row["id"] for row in found]
    assert len(found) < len(everyone)


def test_wrong_passphrase_exits_3_and_changes_nothing(demo: Path) -> None:
    before = _fingerprint(demo)
    result = run_vakka("check", "--register", str(demo), passphrase="not the passphrase at all")
    assert result.returncode == 3
    assert "passphrase is not right" in result.stderr
    assert_no_traceback(result)
    after = _fingerprint(demo)
    # Only the failed attempt is counted (no secret in it), for the next unlock to report.
    assert set(after) - set(before) == {"failed-unlocks.json"}
    assert {name: after[name] for name in before} == before


def test_wrong_recovery_code_exits_3(demo: Path) -> None:
    result = run_vakka(
        "check",
        "--register",
        str(demo),
        env={
            "VAKKA_RECOVERY_CODE": "AAAAAA-AAAAAA-AAAAAA-AAAAAA-AAAAAA-AAAAAA-AAAAAA-AAAAAA-AAAAAA"
        },
    )
    assert result.returncode == 3
    assert_no_traceback(result)


def test_missing_register_exits_1(tmp_path: Path) -> None:
    result = run_vakka("check", "--register", str(tmp_path / "nowhere"))
    assert result.returncode == 1
    assert "no register" in result.stderr
    assert_no_traceback(result)


def test_damaged_key_file_exits_4(demo: Path) -> None:
    for name in ("vakka.key", "vakka.key.bak"):
        data = bytearray((demo / name).read_bytes())
        data[40:60] = b"#" * 20
        (demo / name).write_bytes(bytes(data))
    result = run_vakka("check", "--register", str(demo))
    assert result.returncode == 4
    assert "key file is damaged" in result.stderr
    assert_no_traceback(result)


def test_missing_key_file_exits_4(demo: Path) -> None:
    (demo / "vakka.key").unlink()
    (demo / "vakka.key.bak").unlink()
    result = run_vakka("clients", "--register", str(demo))
    assert result.returncode == 4
    assert_no_traceback(result)


def test_damaged_header_exits_4(demo: Path) -> None:
    path = demo / "register.db"
    data = bytearray(path.read_bytes())
    data[0:64] = os.urandom(64)
    path.write_bytes(bytes(data))
    result = run_vakka("clients", "--register", str(demo))
    assert result.returncode == 4
    assert "damaged" in result.stderr
    assert_no_traceback(result)


@pytest.mark.parametrize("store", ["register.db", "clinical.db"])
def test_damaged_middle_page_found_by_check(demo: Path, store: str) -> None:
    path = demo / store
    size = path.stat().st_size
    assert size >= 4096 * 4, "the demo store should have several pages"
    page = (size // 4096) // 2
    with path.open("r+b") as handle:
        handle.seek(page * 4096 + 200)
        handle.write(os.urandom(32))
    opened = run_vakka("clients", "--register", str(demo))
    assert opened.returncode in (0, 4)  # the damaged page may not be read at all
    result = run_vakka("check", "--register", str(demo))
    assert result.returncode == 4
    assert "damaged" in result.stderr
    assert_no_traceback(result)


def test_second_process_exits_5(demo: Path) -> None:
    session = register_service.unlock(demo, Secret(passphrase=PASSPHRASE))
    try:
        result = run_vakka("clients", "--register", str(demo))
    finally:
        session.close()
    assert result.returncode == 5
    assert str(os.getpid()) in result.stderr
    assert_no_traceback(result)
    assert run_vakka("clients", "--register", str(demo)).returncode == 0


def test_check_is_clean_on_a_fresh_demo(demo: Path) -> None:
    result = run_vakka("check", "--register", str(demo))
    assert result.returncode == 0, result.stderr


def test_init_refuses_weak_passphrase_and_existing_register(tmp_path: Path, demo: Path) -> None:
    weak = run_vakka("init", "--register", str(tmp_path / "new"), passphrase="password1234")
    assert weak.returncode == 1
    assert not (tmp_path / "new" / "register.db").exists()
    again = run_vakka("init", "--register", str(demo))
    assert again.returncode == 1
    assert "already holds a register" in again.stderr


def test_init_prints_recovery_code_that_opens(tmp_path: Path) -> None:
    folder = tmp_path / "new"
    sheet = tmp_path / "sheet.pdf"
    result = run_vakka("init", "--register", str(folder), "--sheet", str(sheet))
    assert result.returncode == 0, result.stderr
    code = next(line for line in result.stdout.splitlines() if line.count("-") == 8)
    assert sheet.read_bytes().startswith(b"%PDF")
    opened = run_vakka(
        "check", "--register", str(folder), passphrase=None, env={"VAKKA_RECOVERY_CODE": code}
    )
    assert opened.returncode == 0, opened.stderr


def test_no_passphrase_without_terminal_exits_1(demo: Path) -> None:
    result = run_vakka("clients", "--register", str(demo), passphrase=None)
    assert result.returncode == 1
    assert "VAKKA_PASSPHRASE" in result.stderr


def test_passphrase_change_from_cli(demo: Path) -> None:
    new = "An entirely new passphrase 2027"
    result = run_vakka("passphrase", "--register", str(demo), env={"VAKKA_NEW_PASSPHRASE": new})
    assert result.returncode == 0, result.stderr
    assert run_vakka("check", "--register", str(demo)).returncode == 3
    assert run_vakka("check", "--register", str(demo), passphrase=new).returncode == 0
    weak = run_vakka(
        "passphrase", "--register", str(demo), passphrase=new, env={"VAKKA_NEW_PASSPHRASE": "short"}
    )
    assert weak.returncode == 1
    assert run_vakka("check", "--register", str(demo), passphrase=new).returncode == 0


def test_backup_and_restore_from_cli(demo: Path, tmp_path: Path) -> None:
    backup = tmp_path / "backup.vakka"
    made = run_vakka("backup", "--out", str(backup), "--register", str(demo))
    assert made.returncode == 0, made.stderr
    target = tmp_path / "restored"
    restored = run_vakka("restore", str(backup), "--register", str(target))
    assert restored.returncode == 0, restored.stderr
    original = json.loads(run_vakka("clients", "--json", "--register", str(demo)).stdout)
    copy = json.loads(run_vakka("clients", "--json", "--register", str(target)).stdout)
    assert original == copy
    again = run_vakka("restore", str(backup), "--register", str(demo))
    assert again.returncode == 1
    assert "not empty" in again.stderr


def test_backup_refuses_an_existing_path_unless_forced_and_never_a_link(
    demo: Path, tmp_path: Path
) -> None:
    document = tmp_path / "document.txt"
    document.write_bytes(b"Invented document that must survive.\n")
    out = tmp_path / "backup.vakka"
    out.write_bytes(document.read_bytes())
    refused = run_vakka("backup", "--out", str(out), "--register", str(demo))
    assert refused.returncode == 1
    assert "--force" in refused.stderr
    assert_no_traceback(refused)
    assert out.read_bytes() == document.read_bytes()

    forced = run_vakka("backup", "--out", str(out), "--force", "--register", str(demo))
    assert forced.returncode == 0, forced.stderr
    assert out.read_bytes() != document.read_bytes()

    link = tmp_path / "link.vakka"
    link.symlink_to(document)
    through = run_vakka("backup", "--out", str(link), "--force", "--register", str(demo))
    assert through.returncode == 1
    assert "symbolic link" in through.stderr
    assert link.is_symlink()
    assert document.read_bytes() == b"Invented document that must survive.\n"
    folder = run_vakka("backup", "--out", str(tmp_path), "--force", "--register", str(demo))
    assert folder.returncode == 1
    assert "not a regular file" in folder.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "backup.vakka",
        "document.txt",
        "link.vakka",
        "register",
    ]


def _edit_closed_store(folder: Path, code: str, sql: str) -> None:
    import sqlcipher3

    from app.db.connection import raw_key
    from app.domain.recovery_code import decode_recovery_code

    raw = sqlcipher3.connect(str(folder / "register.db"))
    try:
        raw.execute(f'PRAGMA key = "{raw_key(decode_recovery_code(code))}"')
        raw.execute(sql)
        raw.commit()
    finally:
        raw.close()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_log SET purpose = 'edited' WHERE seq = 2",
        "DELETE FROM audit_log WHERE seq = 3",
        "DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)",
    ],
    ids=["edited", "deleted", "newest-deleted"],
)
def test_check_detects_a_tampered_audit_log(demo_code: tuple[Path, str], sql: str) -> None:
    folder, code = demo_code
    assert run_vakka("check", "--register", str(folder)).returncode == 0
    _edit_closed_store(folder, code, sql)
    result = run_vakka("check", "--register", str(folder))
    assert result.returncode == 4
    assert "audit log" in result.stderr
    assert_no_traceback(result)


@pytest.fixture
def demo_code(tmp_path: Path) -> tuple[Path, str]:
    folder = tmp_path / "register"
    result = run_vakka("demo", "--register", str(folder), "--clients", "15")
    assert result.returncode == 0, result.stderr
    code = next(line.split(": ", 1)[1] for line in result.stdout.splitlines() if "Recovery" in line)
    return folder, code


def test_usage_errors_exit_2(tmp_path: Path, demo: Path) -> None:
    backup = tmp_path / "b.vakka"
    assert run_vakka("backup", "--out", str(backup), "--register", str(demo)).returncode == 0
    no_target = run_vakka("restore", str(backup))
    assert no_target.returncode == 2
    assert "--register" in no_target.stderr
    zero = run_vakka("demo", "--clients", "0", "--register", str(tmp_path / "d"))
    assert zero.returncode == 2
    assert not (tmp_path / "d").exists()


def test_init_with_a_sheet_in_a_missing_folder_creates_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "new"
    result = run_vakka(
        "init", "--register", str(folder), "--sheet", str(tmp_path / "nowhere" / "s.pdf")
    )
    assert result.returncode == 1
    assert not folder.exists()
    assert_no_traceback(result)


def test_finnish_help_and_messages(tmp_path: Path) -> None:
    fi = {"LANGUAGE": "fi", "LANG": "fi_FI.UTF-8"}
    helped = run_vakka("--help", env=fi)
    assert helped.returncode == 0
    assert "käyttö:" in helped.stdout.lower()
    assert "luo rekisteri" in helped.stdout.lower()
    missing = run_vakka("check", "--register", str(tmp_path / "nowhere"), env=fi)
    assert missing.returncode == 1
    assert "rekisteri" in missing.stderr.lower()


def test_keyring_key_files_missing_and_wrong_code_exits_3(demo: Path) -> None:
    (demo / "vakka.key").unlink()
    (demo / "vakka.key.bak").unlink()
    code = "AAAAAA-AAAAAA-AAAAAA-AAAAAA-AAAAAA-AAAAAA-AAAAAA-AAAAAA-AAAAAA"
    from app.domain.recovery_code import decode_recovery_code, encode_recovery_code

    try:
        decode_recovery_code(code)
    except Exception:
        code = encode_recovery_code(bytes(32))
    result = run_vakka(
        "check", "--register", str(demo), passphrase=None, env={"VAKKA_RECOVERY_CODE": code}
    )
    assert result.returncode == 3
    assert_no_traceback(result)
