"""Start-up imports only what the unlock window needs (issue 12: start ≤ 2× a bare dialog).

The tabs, dialogs and services behind the main window, reportlab, holidays, the keyring
backends and the database layer (sqlcipher3, cryptography, the vault) are imported where
they are used, after the unlock window is on screen. Checked
in a fresh interpreter, since this test process has imported everything already.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from app.db.keyfile import FAST_INSECURE_KDF
from app.services import register as register_service
from tests.conftest import PASSPHRASE, fixed_clock

NOT_AT_START = (
    "app.ui.main_window",
    "app.ui.client_view",
    "app.ui.tabs",
    "app.ui.wizard",
    "app.services.backup",
    "app.export",
    "reportlab",
    "holidays",
    "keyring",
    "zxcvbn",
    # The database layer: the unlock window reads the folder, the failed-unlocks file and
    # (on the worker, after it is shown) the key file without it.
    "app.db.vault",
    "app.db.connection",
    "app.db.keyfile",
    "app.db.errors",
    "app.services.register",
    "app.services.session",
    "sqlcipher3",
    "cryptography",
)

# Records sys.modules at the moment the unlock window is shown, then ends the process.
CHILD = r"""
import json, os, sys
from pathlib import Path

import app.ui.unlock_dialog as unlock_dialog

shown = unlock_dialog.UnlockDialog.showEvent

def show_event(self, event):
    shown(self, event)
    print(json.dumps(sorted(sys.modules)), flush=True)
    os._exit(0)

unlock_dialog.UnlockDialog.showEvent = show_event
from app.ui.main import run_app

run_app(Path(sys.argv[1]))
"""


def _loaded(code: str, *args: str) -> list[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith("[")]
    assert lines, result.stdout + result.stderr
    names = json.loads(lines[-1])
    assert isinstance(names, list)
    return [str(name) for name in names]


def _too_early(names: list[str]) -> list[str]:
    return [n for n in names if any(n == m or n.startswith(m + ".") for m in NOT_AT_START)]


def test_importing_the_app_imports_no_tab_reportlab_holidays_or_keyring() -> None:
    names = _loaded("import json, sys, app.ui.main; print(json.dumps(sorted(sys.modules)))")
    assert "app.ui.unlock_dialog" in names
    assert _too_early(names) == []


def test_the_unlock_window_is_shown_before_they_are_imported(tmp_path: Path) -> None:
    folder = tmp_path / "register"
    created = register_service.create(folder, PASSPHRASE, kdf=FAST_INSECURE_KDF, clock=fixed_clock)
    created.session.close()
    names = _loaded(CHILD, str(folder))
    assert "app.ui.unlock_dialog" in names
    assert _too_early(names) == []


def test_the_unlock_window_of_a_folder_with_failed_unlocks_waits_without_the_database(
    tmp_path: Path,
) -> None:
    """The wait after failed attempts is read from the plain file beside the register, by
    the light module the unlock window uses, with the same answer as the service's."""
    from datetime import timedelta

    from app.db import failed_unlocks
    from app.db.register_folder import looks_like_register, unlock_wait_seconds

    folder = tmp_path / "register"
    created = register_service.create(folder, PASSPHRASE, kdf=FAST_INSECURE_KDF, clock=fixed_clock)
    created.session.close()
    assert looks_like_register(folder)
    assert not looks_like_register(tmp_path / "elsewhere")
    now = fixed_clock()
    for _ in range(6):
        failed_unlocks.record(folder, now)
    later = now + timedelta(seconds=1)
    light = unlock_wait_seconds(folder, later)
    assert light > 0
    assert light == register_service.unlock_wait_seconds(folder, clock=lambda: later)
    assert _too_early(_loaded(CHILD, str(folder))) == []
