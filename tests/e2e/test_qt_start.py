"""A desktop where Qt cannot start gets a clear message and exit 1, never an abort."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.ui.qt_start import XCB_LIBRARIES, cannot_start_text, missing_packages, no_display
from tests.e2e.cli_helpers import VAKKA, assert_no_traceback, run_vakka


def run_without_display(register: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    for name in ("DISPLAY", "WAYLAND_DISPLAY"):
        env.pop(name, None)
    env.update(extra)
    return subprocess.run(
        [*VAKKA, "--register", str(register)],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=60,
        check=False,
    )


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the xcb plugin is Linux's")
def test_xcb_without_a_display_says_so_and_exits_1(tmp_path: Path) -> None:
    result = run_without_display(tmp_path / "register", QT_QPA_PLATFORM="xcb", LANGUAGE="en")
    assert result.returncode == 1, result.stderr
    assert "Vakka cannot open its window" in result.stderr
    assert "No display was found" in result.stderr
    assert "vakka --help" in result.stderr
    assert_no_traceback(result)
    assert "Aborted" not in result.stderr
    assert "core dumped" not in result.stderr


def test_a_platform_that_cannot_load_says_so_in_finnish(tmp_path: Path) -> None:
    result = run_without_display(
        tmp_path / "register", QT_QPA_PLATFORM="no-such-platform", LANGUAGE="fi"
    )
    assert result.returncode == 1, result.stderr
    assert "Vakka ei voi avata ikkunaansa" in result.stderr
    assert 'Could not find the Qt platform plugin "no-such-platform"' in result.stderr
    assert_no_traceback(result)
    assert not (tmp_path / "register").exists()


def test_the_command_line_works_without_a_display(tmp_path: Path) -> None:
    env = {"QT_QPA_PLATFORM": "xcb", "DISPLAY": "", "WAYLAND_DISPLAY": ""}
    helped = run_vakka("--help", env=env)
    assert helped.returncode == 0
    assert "check" in helped.stdout
    created = run_vakka("init", "--register", str(tmp_path / "r"), env=env)
    assert created.returncode == 0, created.stderr
    checked = run_vakka("check", "--register", str(tmp_path / "r"), env=env)
    assert checked.returncode == 0, checked.stderr


def test_missing_libraries_are_named_by_their_package() -> None:
    def loader(name: str) -> object:
        if name in ("libxcb-cursor.so.0", "libxcb-icccm.so.4"):
            raise OSError(name)
        return object()

    missing = missing_packages(loader) if sys.platform.startswith("linux") else []
    if sys.platform.startswith("linux"):
        assert missing == ["libxcb-cursor0", "libxcb-icccm4"]
    text = cannot_start_text("en", ["libxcb-cursor0", "libxcb-icccm4"], False, "")
    assert "sudo apt install libxcb-cursor0 libxcb-icccm4" in text
    assert "No display" not in text


def test_without_a_known_cause_the_usual_fix_is_named() -> None:
    text = cannot_start_text("sv", [], False, "detail")
    assert "sudo apt install " + " ".join(list(XCB_LIBRARIES.values())[:6]) in text
    assert "Vakka kan inte öppna sitt fönster" in text


def test_no_display_is_only_said_where_a_window_needs_one() -> None:
    if not sys.platform.startswith("linux"):
        assert not no_display({})
        return
    assert no_display({})
    assert no_display({"QT_QPA_PLATFORM": "xcb", "DISPLAY": ""})
    assert not no_display({"DISPLAY": ":0"})
    assert not no_display({"WAYLAND_DISPLAY": "wayland-0"})
    assert not no_display({"QT_QPA_PLATFORM": "offscreen"})
