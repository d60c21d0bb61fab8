"""Cold start to the unlock window, against a bare PySide6 dialog started the same way.

Each start is a new interpreter (``python -c``) under ``QT_QPA_PLATFORM=offscreen``, timed
from the parent's spawn to the child's exit, which the child calls as soon as its window
has been shown and the event loop has run once. Byte code is cached (as an installed app
has it) in a folder of the benchmark's own; a first start of each kind warms it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.stats import median

BARE_DIALOG = r"""
import os, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog

app = QApplication(sys.argv)
dialog = QDialog()
dialog.show()
QTimer.singleShot(0, lambda: os._exit(0))
app.exec()
"""

VAKKA_UNLOCK_WINDOW = r"""
import os, sys
from pathlib import Path
from PySide6.QtCore import QTimer
import app.ui.unlock_dialog as unlock_dialog

shown = unlock_dialog.UnlockDialog.showEvent

def show_event(self, event):
    shown(self, event)
    QTimer.singleShot(0, lambda: os._exit(0))

unlock_dialog.UnlockDialog.showEvent = show_event
from app.ui.main import run_app

run_app(Path(sys.argv[1]))
"""


def child_environment(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        PYTHONPYCACHEPREFIX=str(home / "pycache"),
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_STATE_HOME=str(home / ".local" / "state"),
    )
    return env


def _start(code: str, env: dict[str, str], *args: str) -> float:
    begun = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", code, *args],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=120,
    )
    return time.perf_counter() - begun


def measure_start(register: Path, home: Path, repeats: int) -> dict[str, float]:
    """Medians of ``repeats`` alternating starts of each kind, and their ratio."""
    env = child_environment(home)
    _start(BARE_DIALOG, env)
    _start(VAKKA_UNLOCK_WINDOW, env, str(register))
    bare: list[float] = []
    vakka: list[float] = []
    for _ in range(repeats):
        bare.append(_start(BARE_DIALOG, env))
        vakka.append(_start(VAKKA_UNLOCK_WINDOW, env, str(register)))
    # Pairs started back to back share the machine's load of the moment (2 busy cores
    # here): the median of the pairs' ratios is steadier than a ratio of medians.
    return {
        "start_unlock_window_s": median(vakka),
        "start_bare_dialog_s": median(bare),
        "start_ratio": median([v / b for v, b in zip(vakka, bare, strict=True)]),
    }
