"""The daily `vakka due --notify` in each OS scheduler, and the desktop notification.

Every platform is checked by the files it writes and the commands it would run (a fake
runner records them); the Linux files are written for real into the test's own
XDG_CONFIG_HOME and checked with `systemd-analyze verify` where it exists.
"""

from __future__ import annotations

import os
import plistlib
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest

from app.services.reminders import cron, launchd, systemd, taskscheduler
from app.services.reminders.commands import Ran, run_command
from app.services.reminders.notify import Notification, notification_commands, notify
from app.services.reminders.scheduler import Host, Job, due_job, scheduler_for


class FakeRunner:
    """Records every command; answers from a table of (first words) -> Ran."""

    def __init__(self, answers: dict[tuple[str, ...], Ran] | None = None) -> None:
        self.calls: list[tuple[list[str], str | None]] = []
        self.answers = answers or {}

    def __call__(self, args: Sequence[str], stdin: str | None) -> Ran:
        self.calls.append((list(args), stdin))
        for size in range(len(args), 0, -1):
            answer = self.answers.get(tuple(args[:size]))
            if answer is not None:
                return answer
        return Ran(0)

    @property
    def commands(self) -> list[list[str]]:
        return [args for args, _stdin in self.calls]


def host(tmp_path: Path, platform: str, runner: FakeRunner, **kwargs: object) -> Host:
    env = {"HOME": str(tmp_path / "home"), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    return Host(
        platform=platform,
        env=env,
        runner=runner,
        which=kwargs.get("which", lambda name: f"/usr/bin/{name}"),  # type: ignore[arg-type]
        systemd_booted=kwargs.get("booted", lambda: True),  # type: ignore[arg-type]
        uid=lambda: 1000,
    )


JOB = due_job(Path("/srv/reg ister"), "fi", executable="/opt/vakka/bin/python3")


def test_the_job_runs_the_installed_vakka_with_its_register() -> None:
    assert JOB.command == (
        "/opt/vakka/bin/python3", "-m", "app.cli", "due", "--notify",
        "--register", "/srv/reg ister",
    )  # fmt: skip
    assert JOB.key and len(JOB.key) == 8
    default = due_job(None, "sv", executable="/opt/vakka/bin/python3")
    assert "--register" not in default.command and default.suffix == ""


def test_windows_uses_the_windowless_interpreter(tmp_path: Path) -> None:
    (tmp_path / "python.exe").write_bytes(b"")
    (tmp_path / "pythonw.exe").write_bytes(b"")
    job = due_job(None, "fi", executable=str(tmp_path / "python.exe"))
    assert job.command[0] == str(tmp_path / "pythonw.exe")


def test_which_scheduler(tmp_path: Path) -> None:
    runner = FakeRunner()
    assert isinstance(scheduler_for(host(tmp_path, "linux", runner)), systemd.Systemd)
    no_systemd = host(tmp_path, "linux", runner, booted=lambda: False)
    assert isinstance(scheduler_for(no_systemd), cron.Cron)
    neither = host(tmp_path, "linux", runner, booted=lambda: False, which=lambda name: None)
    assert isinstance(scheduler_for(neither), systemd.Systemd)  # files written, says why
    assert isinstance(scheduler_for(host(tmp_path, "darwin", runner)), launchd.Launchd)
    assert isinstance(scheduler_for(host(tmp_path, "win32", runner)), taskscheduler.TaskScheduler)


# --- Linux: systemd ----------------------------------------------------------------------


def test_systemd_writes_the_units_and_enables_the_timer(tmp_path: Path) -> None:
    runner = FakeRunner()
    status = systemd.Systemd(host(tmp_path, "linux", runner)).install(JOB)
    folder = tmp_path / "config" / "systemd" / "user"
    service = folder / f"vakka-due-{JOB.key}.service"
    timer = folder / f"vakka-due-{JOB.key}.timer"
    assert status.installed and status.active and status.problems == ()
    assert status.location == str(timer)
    text = service.read_text(encoding="utf-8")
    assert (
        'ExecStart="/opt/vakka/bin/python3" "-m" "app.cli" "due" "--notify" '
        '"--register" "/srv/reg ister"' in text
    )
    assert "SuccessExitStatus=10" in text
    assert 'Environment="LANGUAGE=fi"' in text
    timer_text = timer.read_text(encoding="utf-8")
    assert "OnCalendar=*-*-* 09:00:00" in timer_text
    assert "Persistent=true" in timer_text
    assert "WantedBy=timers.target" in timer_text
    assert ["systemctl", "--user", "daemon-reload"] in runner.commands
    assert ["systemctl", "--user", "enable", "--now", timer.name] in runner.commands

    removed = systemd.Systemd(host(tmp_path, "linux", runner)).remove(JOB)
    assert not removed.installed
    assert not service.exists() and not timer.exists()
    assert ["systemctl", "--user", "disable", "--now", timer.name] in runner.commands


def test_systemd_quotes_specifiers_and_variables() -> None:
    assert systemd.quote('/a b/%h/$HOME/"x"\\') == '"/a b/%%h/$$HOME/\\"x\\"\\\\"'


def test_without_a_user_manager_the_files_stay_and_status_says_so(tmp_path: Path) -> None:
    runner = FakeRunner(
        {("systemctl", "--user", "show-environment"): Ran(1, "", "Failed to connect to bus")}
    )
    status = systemd.Systemd(host(tmp_path, "linux", runner)).install(JOB)
    assert status.installed and not status.active
    assert status.problems == ("scheduler.systemd_unavailable",)
    assert status.detail == "Failed to connect to bus"
    assert not any("enable" in c for c in runner.commands)


def test_the_real_unit_files_verify(tmp_path: Path) -> None:
    """Written by the real runner into this test's XDG_CONFIG_HOME (whatever systemctl says)."""
    job = due_job(tmp_path / "register", "en")
    real = Host(env={**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "config")})
    status = systemd.Systemd(real).install(job)
    service_path, timer_path = systemd.Systemd(real).paths(job)
    assert status.installed and timer_path.exists() and service_path.exists()
    if not status.active:
        assert "scheduler.systemd_unavailable" in status.problems or status.problems
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed here")
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    result = subprocess.run(
        [analyze, "--user", "verify", str(timer_path), str(service_path)],
        capture_output=True,
        text=True,
        env={**os.environ, "XDG_RUNTIME_DIR": str(runtime)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    systemd.Systemd(real).remove(job)
    assert not timer_path.exists()


# --- Linux without systemd: cron --------------------------------------------------------


def test_cron_keeps_other_lines_and_replaces_its_own(tmp_path: Path) -> None:
    mine = cron.cron_line(JOB, 1000)
    existing = f"MAILTO=me\n0 1 * * * backup.sh\n{mine.replace('09', '10')}\n"
    runner = FakeRunner({("crontab", "-l"): Ran(0, existing)})
    status = cron.Cron(host(tmp_path, "linux", runner)).install(JOB)
    written = next(stdin for args, stdin in runner.calls if args == ["crontab", "-"])
    assert written is not None
    lines = written.splitlines()
    assert lines[:2] == ["MAILTO=me", "0 1 * * * backup.sh"]
    assert lines[2] == mine and len(lines) == 3
    assert mine.startswith("0 9 * * * env DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/1000/bus")
    assert "'/srv/reg ister'" in mine and "LANGUAGE=fi" in mine
    assert mine.endswith(cron.marker(JOB))
    assert status.installed


def test_cron_escapes_percent_and_removes_only_its_line(tmp_path: Path) -> None:
    job = Job(("/usr/bin/python3", "-m", "app.cli", "due", "--notify", "--register", "/r/50%"),
              "en", "abc")  # fmt: skip
    assert "/r/50\\%" in cron.cron_line(job, 1)
    runner = FakeRunner({("crontab", "-l"): Ran(0, f"0 1 * * * other\n{cron.cron_line(job, 1)}\n")})
    cron.Cron(host(tmp_path, "linux", runner)).remove(job)
    written = next(stdin for args, stdin in runner.calls if args == ["crontab", "-"])
    assert written == "0 1 * * * other\n"


def test_cron_without_a_crontab_yet(tmp_path: Path) -> None:
    runner = FakeRunner({("crontab", "-l"): Ran(1, "", "no crontab for me")})
    cron.Cron(host(tmp_path, "linux", runner)).install(JOB)
    written = next(stdin for args, stdin in runner.calls if args == ["crontab", "-"])
    assert written == cron.cron_line(JOB, 1000) + "\n"


# --- macOS: launchd ---------------------------------------------------------------------


def test_launchd_agent_file_and_commands(tmp_path: Path) -> None:
    runner = FakeRunner()
    agent = launchd.Launchd(host(tmp_path, "darwin", runner))
    status = agent.install(JOB)
    path = tmp_path / "home" / "Library" / "LaunchAgents" / f"fi.vakka.due.{JOB.key}.plist"
    assert status.installed and status.active and status.location == str(path)
    plist = plistlib.loads(path.read_bytes())
    assert plist["Label"] == f"fi.vakka.due.{JOB.key}"
    assert plist["ProgramArguments"] == list(JOB.command)
    assert plist["StartCalendarInterval"] == {"Hour": 9, "Minute": 0}
    assert plist["EnvironmentVariables"] == {"LANGUAGE": "fi"}
    assert ["launchctl", "load", "-w", str(path)] in runner.commands
    assert ["launchctl", "list", plist["Label"]] in runner.commands
    agent.remove(JOB)
    assert ["launchctl", "unload", "-w", str(path)] in runner.commands
    assert not path.exists()


# --- Windows: Task Scheduler ------------------------------------------------------------


def test_task_scheduler_commands(tmp_path: Path) -> None:
    # As due_job makes it on Windows (Path.absolute() of a Windows path needs Windows).
    job = Job(
        ("C:\\Py\\pythonw.exe", "-m", "app.cli", "due", "--notify",
         "--register", "C:\\Users\\Terttu\\Vakka reg"),
        "fi", "0123abcd",
    )  # fmt: skip
    runner = FakeRunner()
    tasks = taskscheduler.TaskScheduler(host(tmp_path, "win32", runner))
    status = tasks.install(job)
    create = runner.commands[0]
    assert create[:8] == ["schtasks", "/Create", "/F", "/SC", "DAILY", "/ST", "09:00", "/TN"]
    assert create[8] == f"Vakka\\due-{job.key}"
    assert create[9] == "/TR"
    assert create[10] == (
        'C:\\Py\\pythonw.exe -m app.cli due --notify --register "C:\\Users\\Terttu\\Vakka reg"'
    )
    assert status.installed
    assert ["schtasks", "/Query", "/TN", f"Vakka\\due-{job.key}"] in runner.commands
    tasks.remove(job)
    assert ["schtasks", "/Delete", "/F", "/TN", f"Vakka\\due-{job.key}"] in runner.commands


def test_task_scheduler_refuses_a_command_too_long(tmp_path: Path) -> None:
    job = Job(("C:\\Py\\pythonw.exe", "-m", "app.cli", "due", "--notify", "--register",
               "C:\\" + "x" * 260), "fi", "0123abcd")  # fmt: skip
    runner = FakeRunner()
    status = taskscheduler.TaskScheduler(host(tmp_path, "win32", runner)).install(job)
    assert status.problems == ("scheduler.command_too_long",)
    assert runner.commands == []


# --- notifications ----------------------------------------------------------------------

NOTE = Notification('Vakka: "records" are due', "It's time & <more>")


def test_linux_prefers_notify_send_then_gdbus_then_jeepney() -> None:
    commands = notification_commands(NOTE, "linux", lambda name: f"/usr/bin/{name}")
    assert commands[0][0] == "notify-send" and commands[0][-2:] == [NOTE.title, NOTE.body]
    assert commands[1][:3] == ["gdbus", "call", "--session"]
    assert "org.freedesktop.Notifications.Notify" in commands[1]
    assert notification_commands(NOTE, "linux", lambda name: None) == []

    fallback_calls: list[Notification] = []
    failing = FakeRunner({("notify-send",): Ran(1), ("gdbus",): Ran(1)})
    shown = notify(NOTE, failing, "linux", lambda name: name,
                   fallback=lambda n: fallback_calls.append(n) is None)  # fmt: skip
    assert shown and fallback_calls == [NOTE]
    assert [c[0] for c in failing.commands] == ["notify-send", "gdbus"]


def test_macos_and_windows_commands() -> None:
    mac = notification_commands(NOTE, "darwin", lambda name: None)
    assert mac == [
        [
            "osascript",
            "-e",
            'display notification "It\'s time & <more>" with title "Vakka: \\"records\\" are due"',
        ]
    ]
    windows = notification_commands(NOTE, "win32", lambda name: None)[0]
    assert windows[0] == "powershell" and windows[-2] == "-Command"
    script = windows[-1]
    assert "ToastNotificationManager" in script
    assert "It''s time &amp; &lt;more&gt;" in script  # quoted for PowerShell and XML
    runner = FakeRunner()
    assert notify(NOTE, runner, "darwin", lambda name: None)
    assert runner.commands == mac


def test_the_real_runner_reports_a_missing_program() -> None:
    assert run_command(["vakka-no-such-program-here"], None).returncode == 127
    assert run_command(["cat"], "hello").stdout == "hello"
