"""No core dumps: a crash must not write the process's memory (keys, records) to disk."""

from __future__ import annotations

import subprocess
import sys

import pytest

from app import cli

PROBE = (
    "import resource, sys\n"
    "from app.cli import main\n"
    "try:\n"
    "    main(['--version'])\n"
    "except SystemExit:\n"
    "    pass\n"
    "print(resource.getrlimit(resource.RLIMIT_CORE), file=sys.stderr)\n"
)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX resource limits")
def test_the_vakka_command_turns_core_dumps_off() -> None:
    ran = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=False)
    assert ran.stderr.strip().splitlines()[-1] == "(0, 0)"


def test_the_command_line_entry_point_calls_it(monkeypatch: pytest.MonkeyPatch) -> None:
    called: list[str] = []
    monkeypatch.setattr(cli, "disable_core_dumps", lambda: called.append("x") or True)
    with pytest.raises(SystemExit):
        cli.main(["--version"])
    assert called == ["x"]
