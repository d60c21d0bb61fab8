"""Windows: a Task Scheduler task that runs `vakka due --notify` daily (``schtasks``).

Built and tested as the command lines it would run. The task's command (/TR) is one
string with the program quoted; Windows limits it to 261 characters.
"""

from __future__ import annotations

import subprocess

from app.services.reminders.scheduler import HOUR, Host, Job, Status, run_all

NAME = "taskscheduler"
TR_LIMIT = 261


def task_name(job: Job) -> str:
    return f"Vakka\\due{job.suffix}"


def task_command(job: Job) -> str:
    """The /TR string, quoted the way Windows parses command lines."""
    return subprocess.list2cmdline(list(job.command))


def create_command(job: Job) -> list[str]:
    return ["schtasks", "/Create", "/F", "/SC", "DAILY", "/ST", f"{HOUR:02d}:00",
            "/TN", task_name(job), "/TR", task_command(job)]  # fmt: skip


def query_command(job: Job) -> list[str]:
    return ["schtasks", "/Query", "/TN", task_name(job)]


def delete_command(job: Job) -> list[str]:
    return ["schtasks", "/Delete", "/F", "/TN", task_name(job)]


class TaskScheduler:
    name = NAME

    def __init__(self, host: Host) -> None:
        self.host = host

    def install(self, job: Job) -> Status:
        if len(task_command(job)) > TR_LIMIT:
            return Status(NAME, False, False, task_name(job), (), ("scheduler.command_too_long",))
        failure = run_all(self.host.runner, [create_command(job)])
        if failure is not None:
            return Status(
                NAME, False, False, task_name(job), (), ("scheduler.enable_failed",), failure
            )
        return self.status(job)

    def status(self, job: Job) -> Status:
        installed = self.host.runner(query_command(job), None).ok
        return Status(NAME, installed, installed, task_name(job), job.command if installed else ())

    def remove(self, job: Job) -> Status:
        detail = ""
        if self.host.runner(query_command(job), None).ok:
            detail = run_all(self.host.runner, [delete_command(job)]) or ""
        return Status(NAME, False, False, task_name(job), (), (), detail)
