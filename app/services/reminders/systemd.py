"""Linux: a systemd user timer that runs `vakka due --notify` every day.

Two unit files under ``$XDG_CONFIG_HOME/systemd/user`` (a service and its timer), then
``systemctl --user daemon-reload`` and ``enable --now`` of the timer. Where the user's
systemd does not answer (no systemd, a container, a session without a user manager) the
files stay written and ``status`` says the timer is not active and why.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from app.files import atomic_write_bytes
from app.services.reminders.scheduler import HOUR, Host, Job, Status, first_line, run_all

NAME = "systemd"


def quote(word: str) -> str:
    """One ExecStart word: in double quotes, with systemd's specifiers and variables
    escaped (% as %%, $ as $$) and backslashes and quotes backslashed."""
    escaped = word.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("%", "%%").replace("$", "$$") + '"'


def unit_names(job: Job) -> tuple[str, str]:
    base = f"vakka-due{job.suffix}"
    return f"{base}.service", f"{base}.timer"


def service_unit(job: Job) -> str:
    return "\n".join(
        [
            "[Unit]",
            "Description=Vakka: daily check of what is due (no personal data)",
            "",
            "[Service]",
            "Type=oneshot",
            f"Environment={quote('LANGUAGE=' + job.language)}",
            "ExecStart=" + " ".join(quote(word) for word in job.command),
            "# vakka due exits 10 when something calls for action: that is no failure.",
            "SuccessExitStatus=10",
            "",
        ]
    )


def timer_unit(job: Job) -> str:
    service, _timer = unit_names(job)
    return "\n".join(
        [
            "[Unit]",
            "Description=Vakka: daily check of what is due",
            "",
            "[Timer]",
            f"OnCalendar=*-*-* {HOUR:02d}:00:00",
            "Persistent=true",
            f"Unit={service}",
            "",
            "[Install]",
            "WantedBy=timers.target",
            "",
        ]
    )


class Systemd:
    name = NAME

    def __init__(self, host: Host) -> None:
        self.host = host

    @property
    def folder(self) -> Path:
        return self.host.config_home / "systemd" / "user"

    def paths(self, job: Job) -> tuple[Path, Path]:
        service, timer = unit_names(job)
        return self.folder / service, self.folder / timer

    def systemctl(self, *args: str) -> list[str]:
        return ["systemctl", "--user", *args]

    def install(self, job: Job) -> Status:
        service_path, timer_path = self.paths(job)
        self.folder.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(service_path, service_unit(job).encode("utf-8"), mode=0o644)
        atomic_write_bytes(timer_path, timer_unit(job).encode("utf-8"), mode=0o644)
        failure = self._manager_problem()
        if failure is None:
            enable = self.systemctl("enable", "--now", timer_path.name)
            failure = run_all(self.host.runner, [self.systemctl("daemon-reload"), enable])
            if failure is not None:
                return self.status(job, detail=failure, extra=("scheduler.enable_failed",))
        return self.status(job, detail=failure or "")

    def _manager_problem(self) -> str | None:
        """Why the user's systemd cannot be asked (None: it answers)."""
        if not self.host.which("systemctl"):
            return "systemctl: not found"
        result = self.host.runner(self.systemctl("show-environment"), None)
        return None if result.ok else first_line(result.stderr) or "systemctl --user: no answer"

    def status(self, job: Job, detail: str = "", extra: tuple[str, ...] = ()) -> Status:
        service_path, timer_path = self.paths(job)
        installed = service_path.exists() and timer_path.exists()
        problems = list(extra)
        active = False
        manager = self._manager_problem()
        if manager is not None:
            problems.append("scheduler.systemd_unavailable")
            detail = detail or manager
        elif installed:
            enabled = self.host.runner(self.systemctl("is-enabled", timer_path.name), None)
            running = self.host.runner(self.systemctl("is-active", timer_path.name), None)
            active = enabled.ok and running.ok
            if not active:
                problems.append("scheduler.not_active")
        return Status(
            NAME,
            installed,
            active,
            str(timer_path),
            job.command if installed else (),
            tuple(dict.fromkeys(problems)),
            detail,
        )

    def remove(self, job: Job) -> Status:
        service_path, timer_path = self.paths(job)
        detail = ""
        if self._manager_problem() is None and timer_path.exists():
            detail = (
                run_all(self.host.runner, [self.systemctl("disable", "--now", timer_path.name)])
                or ""
            )
        for path in (timer_path, service_path):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
        if self._manager_problem() is None:
            run_all(self.host.runner, [self.systemctl("daemon-reload")])
        return Status(NAME, False, False, str(timer_path), (), (), detail)
