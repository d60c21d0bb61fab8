"""Paths the file system or the shell cannot use: a clear message and exit 1 or 2, never
the bug handler, and nothing created on disk (issue 7, item 7)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app import cli
from tests.e2e.cli_helpers import assert_no_traceback, run_vakka

UNEXPECTED = "unexpected problem"


def _tree(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def _deep(base: Path, levels: int) -> str:
    return str(base) + "/d" * levels


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--register", "~no-such-user-vakka/x"],
        ["init", "--register", "~no-such-user-vakka/x"],
        ["clients", "--register", "~no-such-user-vakka/x"],
        ["restore", "backup.vakka", "--register", "~no-such-user-vakka/x"],
        ["restore", "~no-such-user-vakka/backup.vakka", "--register", "new"],
        ["backup", "--out", "~no-such-user-vakka/b.vakka", "--register", "x"],
        ["init", "--sheet", "~no-such-user-vakka/sheet.pdf", "--register", "x"],
        ["--register", "", "check"],
    ],
)
def test_a_path_that_cannot_be_one_is_a_usage_error(args: list[str], tmp_path: Path) -> None:
    result = run_vakka(*args, cwd=tmp_path)
    assert_no_traceback(result)
    assert result.returncode == 2, result.stderr
    assert UNEXPECTED not in result.stderr
    assert "user name that this computer does not know" in result.stderr or (
        "The path is empty" in result.stderr
    )
    assert _tree(tmp_path) == []


@pytest.mark.parametrize("command", ["check", "init", "restore"])
def test_a_path_too_long_for_the_file_system(command: str, tmp_path: Path) -> None:
    deep = _deep(tmp_path, 2100)  # longer than PATH_MAX
    args = ["restore", str(tmp_path / "b.vakka")] if command == "restore" else [command]
    result = run_vakka(*args, "--register", deep)
    assert_no_traceback(result)
    assert result.returncode == 1, result.stderr
    assert "The path is too long" in result.stderr
    assert _tree(tmp_path) == []


def test_a_path_2000_levels_deep_that_fits_path_max(tmp_path: Path) -> None:
    # Path.mkdir(parents=True) recursed once per level (RecursionError); SQLite opens no
    # path of 512 bytes or more: refused before any folder is made.
    result = run_vakka("init", "--register", _deep(tmp_path, 2000))
    assert_no_traceback(result)
    assert result.returncode == 1, result.stderr
    assert "The path is too long" in result.stderr
    assert _tree(tmp_path) == []


def test_a_name_longer_than_the_file_system_allows(tmp_path: Path) -> None:
    result = run_vakka("init", "--register", str(tmp_path / "a" / ("n" * 300) / "register"))
    assert_no_traceback(result)
    assert result.returncode == 1, result.stderr
    assert "The path is too long" in result.stderr
    assert _tree(tmp_path) == []


def test_a_symbolic_link_loop(tmp_path: Path) -> None:
    (tmp_path / "loop").symlink_to("loop")
    for args in (["init"], ["check"], ["restore", str(tmp_path / "loop" / "b.vakka")]):
        result = run_vakka(*args, "--register", str(tmp_path / "loop" / "a" / "register"))
        assert_no_traceback(result)
        assert result.returncode == 1, result.stderr
        assert UNEXPECTED not in result.stderr
    assert _tree(tmp_path) == ["loop"]


def test_a_file_where_a_folder_should_be(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    result = run_vakka("init", "--register", str(tmp_path / "file" / "register"))
    assert_no_traceback(result)
    assert result.returncode == 1, result.stderr
    assert "not a folder" in result.stderr
    assert _tree(tmp_path) == ["file"]


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--register", "/tmp/a\0b"],
        ["init", "--register", "REGISTER\0b"],
        ["restore", "/tmp/a\0b.vakka", "--register", "REGISTER"],
        ["backup", "--out", "/tmp/a\0b.vakka", "--register", "REGISTER"],
    ],
)
def test_a_nul_character_in_a_path(
    args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A command line cannot carry a NUL; main() can be called with one (and the GUI typed).
    argv = [a.replace("REGISTER", str(tmp_path / "register")) for a in args]
    with pytest.raises(SystemExit) as exited:
        cli.main(argv)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "NUL character" in err and "Traceback" not in err
    assert _tree(tmp_path) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write where permission bits say no")
def test_no_permission_to_create_the_register(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    result = run_vakka("init", "--register", str(locked / "a" / "register"))
    assert_no_traceback(result)
    assert result.returncode == 1, result.stderr
    assert "no permission" in result.stderr
    assert _tree(tmp_path) == ["locked"]
