"""`vakka reminders install | status | remove`: the daily `vakka due --notify` in the OS
scheduler — a systemd user timer on Linux (cron where systemd is not running but cron
is there), Task Scheduler on Windows, a launchd agent on macOS.

Everything the OS is asked goes through a ``Runner`` and every path comes from the
``Host``, so tests check what each platform would get: the Linux files are written for
real into the test's own folders, the other platforms' files and commands are checked
as they would be written and run.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from app.services.reminders.commands import Runner, run_command

# The daily check runs at this hour (local time); a missed run happens at the next boot
# or login (systemd Persistent=true, launchd and Task Scheduler catch up likewise).
HOUR = 9


@dataclass(frozen=True)
class Host:
    """What the scheduler modules may know of the machine (all injectable)."""

    platform: str = sys.platform
    env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    runner: Runner = run_command
    which: Callable[[str], str | None] = shutil.which
    systemd_booted: Callable[[], bool] = lambda: Path("/run/systemd/system").is_dir()
    uid: Callable[[], int] = lambda: os.getuid() if hasattr(os, "getuid") else 0

    @property
    def home(self) -> Path:
        return Path(self.env.get("HOME") or Path.home())

    @property
    def config_home(self) -> Path:
        value = self.env.get("XDG_CONFIG_HOME")
        return Path(value) if value and Path(value).is_absolute() else self.home / ".config"


@dataclass(frozen=True)
class Job:
    """What the scheduler runs: the command line (absolute), its language, its name."""

    command: tuple[str, ...]
    language: str
    key: str  # "" for the default register, else a short digest of its folder

    @property
    def suffix(self) -> str:
        return f"-{self.key}" if self.key else ""


def due_job(register: Path | None, language: str, executable: str = sys.executable) -> Job:
    """`python -m app.cli due --notify [--register DIR]` with absolute paths.

    On Windows the windowless ``pythonw.exe`` beside the interpreter is used where it
    exists, so no console window flashes up every day.
    """
    exe = Path(executable).absolute()
    if exe.name.lower() == "python.exe" and (exe.parent / "pythonw.exe").exists():
        exe = exe.parent / "pythonw.exe"
    command = [str(exe), "-m", "app.cli", "due", "--notify"]
    key = ""
    if register is not None:
        folder = str(Path(register).absolute())
        command += ["--register", folder]
        key = hashlib.sha256(folder.encode("utf-8")).hexdigest()[:8]
    return Job(tuple(command), language, key)


@dataclass(frozen=True)
class Status:
    """What `reminders status` says: the scheduler, whether the daily check is there and
    running, what it runs, and problem codes (translated by the CLI)."""

    scheduler: str
    installed: bool
    active: bool
    location: str = ""
    command: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    detail: str = ""  # the scheduler's own words about a failure (untranslated)


class Scheduler(Protocol):
    name: str

    def install(self, job: Job) -> Status: ...

    def status(self, job: Job) -> Status: ...

    def remove(self, job: Job) -> Status: ...


def scheduler_for(host: Host) -> Scheduler:
    """The OS's scheduler: systemd (when it runs, or when there is no cron either: then
    the timer files are written and status says systemd is not running), cron, launchd
    or Task Scheduler."""
    from app.services.reminders import cron, launchd, systemd, taskscheduler

    if host.platform == "darwin":
        return launchd.Launchd(host)
    if host.platform.startswith("win"):
        return taskscheduler.TaskScheduler(host)
    if not host.systemd_booted() and host.which("crontab"):
        return cron.Cron(host)
    return systemd.Systemd(host)


def install(job: Job, host: Host | None = None) -> Status:
    return scheduler_for(host or Host()).install(job)


def status(job: Job, host: Host | None = None) -> Status:
    return scheduler_for(host or Host()).status(job)


def remove(job: Job, host: Host | None = None) -> Status:
    return scheduler_for(host or Host()).remove(job)


def first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def run_all(runner: Runner, commands: Sequence[Sequence[str]]) -> str | None:
    """Run commands in order; the first failure's message, or None when all succeeded."""
    for command in commands:
        result = runner(command, None)
        if not result.ok:
            return first_line(result.stderr) or f"{command[0]}: exit {result.returncode}"
    return None
