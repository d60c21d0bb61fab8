"""Running the desktop's and the OS scheduler's own commands, injectably.

Every module that talks to the OS (notifications, schedulers) takes a ``Runner``, so
tests check the exact commands and files each platform would get without running them.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass

MISSING = 127  # the shell's exit status for "command not found"


@dataclass(frozen=True)
class Ran:
    returncode: int
    stdout: str = ""
    stderr: str = ""

    @property
    def ok(self) -> bool:
        return self.returncode == 0


Runner = Callable[[Sequence[str], "str | None"], Ran]


def run_command(args: Sequence[str], stdin: str | None = None) -> Ran:
    """Run a command (no shell), with ``stdin`` as its input; a missing program is 127."""
    try:
        done = subprocess.run(
            list(args),
            input=stdin,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            stdin=None if stdin is not None else subprocess.DEVNULL,
        )
    except FileNotFoundError:
        return Ran(MISSING, "", f"{args[0]}: not found")
    except (OSError, subprocess.TimeoutExpired) as error:
        return Ran(1, "", type(error).__name__)
    return Ran(done.returncode, done.stdout, done.stderr)
