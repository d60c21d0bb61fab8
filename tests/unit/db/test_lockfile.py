"""The register lock cannot be bypassed by deleting or replacing ``vakka.lock``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.db.lockfile import RegisterLock
from app.domain.errors import RegisterInUseError


def test_a_second_lock_is_refused_with_the_owner(tmp_path: Path) -> None:
    first = RegisterLock(tmp_path)
    first.acquire()
    try:
        with pytest.raises(RegisterInUseError) as caught:
            RegisterLock(tmp_path).acquire()
        assert caught.value.params["pid"] == str(os.getpid())
    finally:
        first.release()
    second = RegisterLock(tmp_path)
    second.acquire()  # free again once released
    second.release()


@pytest.mark.parametrize("swap", ["delete", "replace"])
def test_deleting_or_replacing_the_lock_file_lets_nobody_in(tmp_path: Path, swap: str) -> None:
    first = RegisterLock(tmp_path)
    first.acquire()
    try:
        (tmp_path / "vakka.lock").unlink()
        if swap == "replace":
            (tmp_path / "vakka.lock").write_bytes(b"")
        second = RegisterLock(tmp_path)
        with pytest.raises(RegisterInUseError):
            second.acquire()
        assert not second.held
    finally:
        first.release()


def test_a_refused_lock_leaves_the_holder_holding(tmp_path: Path) -> None:
    first = RegisterLock(tmp_path)
    first.acquire()
    try:
        for _ in range(3):
            with pytest.raises(RegisterInUseError):
                RegisterLock(tmp_path).acquire()
        (tmp_path / "vakka.lock").unlink()
        with pytest.raises(RegisterInUseError):
            RegisterLock(tmp_path).acquire()
    finally:
        first.release()
