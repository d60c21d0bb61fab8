"""The desktop notification of `vakka due --notify`: no names, no counts of clients.

Linux: ``notify-send`` where it is installed, else the org.freedesktop.Notifications
D-Bus call through ``gdbus``, else the same call made in-process with jeepney (a
dependency of keyring). macOS: ``osascript``. Windows: a PowerShell toast. Each
platform's command is built by a small pure function, so tests check them all.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass

from app.services.reminders.commands import Ran, Runner, run_command

APP_NAME = "Vakka"
Which = Callable[[str], "str | None"]


@dataclass(frozen=True)
class Notification:
    title: str
    body: str


def notify_send_command(note: Notification) -> list[str]:
    return ["notify-send", f"--app-name={APP_NAME}", "--icon=dialog-information", note.title,
            note.body]  # fmt: skip


def gdbus_command(note: Notification) -> list[str]:
    """org.freedesktop.Notifications.Notify(app, replaces, icon, summary, body, actions,
    hints, timeout) on the session bus."""
    return [
        "gdbus", "call", "--session",
        "--dest", "org.freedesktop.Notifications",
        "--object-path", "/org/freedesktop/Notifications",
        "--method", "org.freedesktop.Notifications.Notify",
        APP_NAME, "0", "dialog-information", note.title, note.body, "[]", "{}", "-1",
    ]  # fmt: skip


def _applescript_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def osascript_command(note: Notification) -> list[str]:
    script = (
        f"display notification {_applescript_string(note.body)} "
        f"with title {_applescript_string(note.title)}"
    )
    return ["osascript", "-e", script]


def _powershell_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def powershell_command(note: Notification) -> list[str]:
    """A toast through the Windows Runtime (PowerShell 5, built into Windows 10 and 11)."""
    xml = (
        "<toast><visual><binding template='ToastGeneric'>"
        f"<text>{_xml_text(note.title)}</text><text>{_xml_text(note.body)}</text>"
        "</binding></visual></toast>"
    )
    script = "; ".join(
        [
            "[Windows.UI.Notifications.ToastNotificationManager, Windows.UI.Notifications, "
            "ContentType = WindowsRuntime] > $null",
            "[Windows.Data.Xml.Dom.XmlDocument, Windows.Data.Xml.Dom.XmlDocument, "
            "ContentType = WindowsRuntime] > $null",
            "$xml = New-Object Windows.Data.Xml.Dom.XmlDocument",
            f"$xml.LoadXml({_powershell_string(xml)})",
            "$toast = [Windows.UI.Notifications.ToastNotification]::new($xml)",
            "[Windows.UI.Notifications.ToastNotificationManager]::CreateToastNotifier("
            f"{_powershell_string(APP_NAME)}).Show($toast)",
        ]
    )
    return ["powershell", "-NoProfile", "-NonInteractive", "-WindowStyle", "Hidden",
            "-Command", script]  # fmt: skip


def notification_commands(note: Notification, platform: str, which: Which) -> list[list[str]]:
    """The commands to try, in order, on ``platform`` (sys.platform's values)."""
    if platform == "darwin":
        return [osascript_command(note)]
    if platform.startswith("win"):
        return [powershell_command(note)]
    commands = []
    if which("notify-send"):
        commands.append(notify_send_command(note))
    if which("gdbus"):
        commands.append(gdbus_command(note))
    return commands


def _jeepney_notify(note: Notification) -> bool:
    """The D-Bus call without any helper program (jeepney comes with keyring)."""
    try:
        from jeepney import DBusAddress, new_method_call
        from jeepney.io.blocking import open_dbus_connection
    except ImportError:
        return False
    address = DBusAddress(
        "/org/freedesktop/Notifications",
        bus_name="org.freedesktop.Notifications",
        interface="org.freedesktop.Notifications",
    )
    message = new_method_call(
        address, "Notify", "susssasa{sv}i",
        (APP_NAME, 0, "dialog-information", note.title, note.body, [], {}, -1),
    )  # fmt: skip
    try:
        with open_dbus_connection(bus="SESSION") as connection:
            connection.send_and_get_reply(message, timeout=10)
    except Exception:  # no session bus, no notification service: not shown
        return False
    return True


def notify(
    note: Notification,
    runner: Runner = run_command,
    platform: str = sys.platform,
    which: Which = shutil.which,
    fallback: Callable[[Notification], bool] = _jeepney_notify,
) -> bool:
    """Show the notification; whether the desktop took it."""
    for command in notification_commands(note, platform, which):
        result: Ran = runner(command, None)
        if result.ok:
            return True
    if platform.startswith("linux") or platform.startswith("freebsd"):
        return fallback(note)
    return False
