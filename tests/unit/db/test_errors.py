"""Sorting what the file system and the database refused into clear messages."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
import sqlcipher3

from app.db.errors import as_user_error
from app.domain.errors import UsageError, VakkaError
from app.files import make_folders, remove_made_folders
from app.i18n import message_for
from app.i18n.messages import ERROR_MESSAGES
from app.paths import user_path


@pytest.mark.parametrize(
    ("number", "code"),
    [
        (errno.ENOSPC, "io.disk_full"),
        (errno.EROFS, "io.read_only_disk"),
        (errno.EACCES, "io.no_permission"),
        (errno.EPERM, "io.no_permission"),
        (errno.ENAMETOOLONG, "io.path_too_long"),
        (errno.ELOOP, "io.link_loop"),
        (errno.ENOTDIR, "io.not_a_folder"),
        (errno.EISDIR, "io.is_a_folder"),
        (errno.ENOENT, "io.not_found"),
    ],
)
def test_os_errors_are_named_by_errno(number: int, code: str) -> None:
    error = as_user_error(OSError(number, os.strerror(number), "/home/someone/Aino Virtanen"))
    assert error is not None and error.code == code
    assert error.exit_code == 1
    text = message_for(error, "en")
    assert "Aino" not in text and "{" not in text


def test_an_unlisted_os_error_names_its_errno() -> None:
    error = as_user_error(OSError(errno.EIO, "Input/output error"))
    assert error is not None and error.code == "io.failed"
    assert error.params == {"reason": "EIO"}


def test_a_nul_in_a_path_is_a_usage_error_and_other_value_errors_are_bugs() -> None:
    with pytest.raises(ValueError) as raised:
        os.stat("/tmp/a\0b")
    error = as_user_error(raised.value)
    assert isinstance(error, UsageError) and error.exit_code == 2
    assert as_user_error(ValueError("invalid literal for int()")) is None
    assert as_user_error(RuntimeError("Could not determine home directory.")) is None


def test_a_store_that_cannot_be_opened_is_not_a_bug() -> None:
    error = as_user_error(sqlcipher3.OperationalError("unable to open database file"))
    assert error is not None and error.code == "io.cannot_open"


@pytest.mark.parametrize(
    ("text", "code"),
    [("", "path.empty"), ("  ", "path.empty"), ("/tmp/a\0b", "path.nul_character"),
     ("~no-such-user-vakka/x", "path.unknown_user")],
)  # fmt: skip
def test_user_path_refuses_what_cannot_be_a_path(text: str, code: str) -> None:
    with pytest.raises(UsageError) as raised:
        user_path(text)
    assert raised.value.code == code
    assert code in ERROR_MESSAGES


def test_user_path_expands_the_home_folder(isolated_environment: Path) -> None:
    assert user_path("~/register") == isolated_environment / "register"


def test_make_folders_leaves_nothing_behind_when_a_level_fails(tmp_path: Path) -> None:
    deep = tmp_path / "a" / "b" / ("n" * 300) / "c"
    with pytest.raises(OSError) as raised:
        make_folders(deep)
    assert raised.value.errno == errno.ENAMETOOLONG
    assert list(tmp_path.iterdir()) == []


def test_make_folders_does_not_recurse_per_level(tmp_path: Path) -> None:
    deep = tmp_path.joinpath(*(["d"] * 1500))
    made = make_folders(deep)  # Path.mkdir(parents=True) would hit RecursionError
    assert deep.is_dir() and made[0] == tmp_path / "d" and made[-1] == deep
    remove_made_folders(made)  # (shutil.rmtree, too, recurses once per level)
    assert list(tmp_path.iterdir()) == []


def test_every_new_code_has_a_message() -> None:
    codes = ["io.read_only_disk", "io.path_too_long", "io.link_loop", "io.not_found",
             "io.is_a_folder", "io.cannot_open", "register.read_only",
             "register.read_only_rekey_pending", "register.read_only_needs_update"]  # fmt: skip
    for code in codes:
        assert message_for(VakkaError(code), "fi") != message_for(VakkaError(code), "en")
