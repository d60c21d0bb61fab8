"""Linux without systemd: a line in the user's crontab, found again by its marker comment.

Read with ``crontab -l``, written back whole with ``crontab -`` (other lines kept as they
are). Cron starts jobs without the desktop's environment, so the line names the session
bus of the user's desktop and the language chosen at install time; its output goes to
/dev/null (cron would mail it).
"""

from __future__ import annotations

import shlex

from app.services.reminders.scheduler import HOUR, Host, Job, Status, first_line

NAME = "cron"


def marker(job: Job) -> str:
    return f"# vakka-due{job.suffix} (vakka reminders)"


def cron_line(job: Job, uid: int) -> str:
    bus = f"DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/{uid}/bus"
    words = ["env", bus, f"LANGUAGE={job.language}", *job.command]
    # % is a newline in a crontab line unless escaped.
    command = " ".join(shlex.quote(w) for w in words).replace("%", "\\%")
    return f"0 {HOUR} * * * {command} >/dev/null 2>&1 {marker(job)}"


def without_job(crontab: str, job: Job) -> list[str]:
    return [line for line in crontab.splitlines() if not line.endswith(marker(job))]


class Cron:
    name = NAME

    def __init__(self, host: Host) -> None:
        self.host = host

    def _read(self) -> tuple[str | None, str]:
        """The crontab's text ("" when the user has none), or None and why not."""
        result = self.host.runner(["crontab", "-l"], None)
        if result.ok:
            return result.stdout, ""
        if "no crontab" in result.stderr.lower():
            return "", ""
        return None, first_line(result.stderr) or "crontab -l failed"

    def _write(self, lines: list[str]) -> str:
        text = "\n".join(lines) + "\n" if lines else ""
        result = self.host.runner(["crontab", "-"], text)
        return "" if result.ok else first_line(result.stderr) or "crontab - failed"

    def install(self, job: Job) -> Status:
        current, why = self._read()
        if current is None:
            return Status(NAME, False, False, "crontab", (), ("scheduler.cron_failed",), why)
        lines = [*without_job(current, job), cron_line(job, self.host.uid())]
        failure = self._write(lines)
        if failure:
            return Status(NAME, False, False, "crontab", (), ("scheduler.cron_failed",), failure)
        return self.status(job)

    def status(self, job: Job) -> Status:
        current, why = self._read()
        if current is None:
            return Status(NAME, False, False, "crontab", (), ("scheduler.cron_failed",), why)
        installed = any(line.endswith(marker(job)) for line in current.splitlines())
        return Status(NAME, installed, installed, "crontab", job.command if installed else ())

    def remove(self, job: Job) -> Status:
        current, why = self._read()
        if current is None:
            return Status(NAME, False, False, "crontab", (), ("scheduler.cron_failed",), why)
        if any(line.endswith(marker(job)) for line in current.splitlines()):
            failure = self._write(without_job(current, job))
            if failure:
                return Status(
                    NAME, True, True, "crontab", job.command, ("scheduler.cron_failed",), failure
                )
        return Status(NAME, False, False, "crontab")
