"""macOS: a launchd agent in ~/Library/LaunchAgents that runs `vakka due --notify` daily.

Loaded with ``launchctl load -w`` and unloaded with ``launchctl unload -w``; ``launchctl
list LABEL`` tells whether it is loaded. Built and tested as the file and the commands it
would write and run.
"""

from __future__ import annotations

import contextlib
import plistlib
from pathlib import Path

from app.files import atomic_write_bytes
from app.services.reminders.scheduler import HOUR, Host, Job, Status, run_all

NAME = "launchd"


def label(job: Job) -> str:
    return f"fi.vakka.due{job.suffix.replace('-', '.')}"


def agent_plist(job: Job) -> bytes:
    return plistlib.dumps(
        {
            "Label": label(job),
            "ProgramArguments": list(job.command),
            "EnvironmentVariables": {"LANGUAGE": job.language},
            "StartCalendarInterval": {"Hour": HOUR, "Minute": 0},
            "RunAtLoad": False,
            "ProcessType": "Background",
        }
    )


class Launchd:
    name = NAME

    def __init__(self, host: Host) -> None:
        self.host = host

    def path(self, job: Job) -> Path:
        return self.host.home / "Library" / "LaunchAgents" / f"{label(job)}.plist"

    def install(self, job: Job) -> Status:
        path = self.path(job)
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            run_all(self.host.runner, [["launchctl", "unload", "-w", str(path)]])
        atomic_write_bytes(path, agent_plist(job), mode=0o644)
        failure = run_all(self.host.runner, [["launchctl", "load", "-w", str(path)]])
        if failure is not None:
            return self.status(job, ("scheduler.enable_failed",), failure)
        return self.status(job)

    def status(self, job: Job, problems: tuple[str, ...] = (), detail: str = "") -> Status:
        path = self.path(job)
        installed = path.exists()
        loaded = installed and self.host.runner(["launchctl", "list", label(job)], None).ok
        if installed and not loaded and not problems:
            problems = ("scheduler.not_active",)
        return Status(
            NAME, installed, loaded, str(path), job.command if installed else (), problems, detail
        )

    def remove(self, job: Job) -> Status:
        path = self.path(job)
        detail = ""
        if path.exists():
            detail = run_all(self.host.runner, [["launchctl", "unload", "-w", str(path)]]) or ""
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        return Status(NAME, False, False, str(path), (), (), detail)
