"""Running the real ``vakka`` command in a subprocess, with the test's environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import PASSPHRASE

VAKKA = [sys.executable, "-m", "app.cli"]


def run_vakka(
    *args: str,
    passphrase: str | None = PASSPHRASE,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    full_env = dict(os.environ)
    full_env.pop("VAKKA_PASSPHRASE", None)
    if passphrase is not None:
        full_env["VAKKA_PASSPHRASE"] = passphrase
    full_env.update(env or {})
    return subprocess.run(
        [*VAKKA, *args],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        timeout=timeout,
        check=False,
    )


def assert_no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr
    assert "Traceback" not in result.stdout


def isolated_env(home: Path) -> dict[str, str]:
    """Environment for a subprocess outside the per-test fixture (module-scoped setups)."""
    return {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
        "LANGUAGE": "en",
        "VAKKA_INSECURE_FAST_KDF": "1",
    }
