"""The reminder commands of ``vakka``: ``due``, ``reminders`` and ``calendar``.

``due`` without ``--refresh`` needs no passphrase and takes no lock: it reads the summary
that the app and the CLI write beside the stores at every lock and close, brought up to
today (app.services.reminders.summary). Where there is no summary yet (a register made
before this version, or one never closed since) nothing is known: ``due`` says so, asks
for ``vakka due --refresh``, and exits 10 — "look at the register" is the right call to
action for a scheduler, where exit 1 would read as a broken job. ``--json`` then prints
zeros with ``computed_at`` null.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli_types import AddCommand, PathType
from app.domain.errors import NotFoundError, VakkaError
from app.domain.reminders import DueNow
from app.domain.retention import DUE_CATEGORIES
from app.i18n import message_for, tr
from app.i18n.formats import format_date
from app.i18n.messages import category_label
from app.paths import default_register_folder, user_path

EXIT_OK, EXIT_FAILURE, EXIT_DUE = 0, 1, 10

if TYPE_CHECKING:  # app.cli imports this module
    from app.cli import Cli
    from app.services.reminders.scheduler import Status


def _folder(args: argparse.Namespace) -> Path:
    from app.cli import _register_folder  # app.cli imports this module

    return _register_folder(args)


def cmd_due(cli: Cli, args: argparse.Namespace) -> int:
    from app.services import register
    from app.services.reminders import summary

    folder = _folder(args)
    if not register.is_register(folder):
        raise NotFoundError("register.not_found")
    if args.refresh:
        started = datetime.now().astimezone().replace(microsecond=0)
        session = cli.unlock(args)
        session.close()  # closing writes the summary (app.services.session)
        stored = summary.read_summary(folder)
        if stored is None or stored.computed_at < started:
            raise VakkaError("due.summary_not_written")
    else:
        stored = summary.read_summary(folder)
    due = stored.as_of(datetime.now().astimezone()) if stored is not None else None
    if args.json:
        cli.say(json.dumps(_json(due), indent=2))
    else:
        _print(cli, due, stored.clinical_from if stored is not None else None)
    action = due is None or due.calls_for_action
    if args.notify and action:
        _notify(cli, due)
    return EXIT_DUE if action else EXIT_OK


def _json(due: DueNow | None) -> dict[str, object]:
    if due is not None:
        return due.to_json()
    return {
        "purge": {category.value: 0 for category in DUE_CATEGORIES},
        "requests_near_deadline": 0,
        "backup_overdue": False,
        "computed_at": None,
        "next_purge_review": None,
        "purge_review_due": False,
        "backup_folder_unseen_since": None,
    }


def _print(cli: Cli, due: DueNow | None, clinical_from: datetime | None) -> None:
    _ = cli.gettext
    if due is None:
        cli.say(_("Nothing is known yet about what is due: the summary is written when the "
                  "register is locked or closed."))  # fmt: skip
        cli.say(_("Run: vakka due --refresh"))
        return
    if any(due.purge.values()):
        cli.say(_("Records due for destruction:"))
        for category, count in due.purge.items():
            if count:
                cli.say(f"  {category_label(category, cli.lang)}: {count}")
    else:
        cli.say(_("Nothing is due for destruction."))
    cli.say(_("Requests with a deadline within 7 days or past: {count}").format(
        count=due.requests_near_deadline))  # fmt: skip
    cli.say(_("A backup is overdue.") if due.backup_overdue else _("The backup is up to date."))
    if due.backup_folder_unseen_since is not None:
        cli.say(_backup_folder_unseen(cli, due.backup_folder_unseen_since))
    review = format_date(due.next_review_on, cli.lang)
    if due.review_due:
        cli.say(_("A purge review is due (since {date}).").format(date=review))
    else:
        cli.say(_("Next purge review: {date}").format(date=review))
    if due.computed_at is not None:
        cli.say(_("Counted at {date}; later dates are taken into account.").format(
            date=format_date(due.computed_at, cli.lang)))  # fmt: skip
    if clinical_from is None:
        cli.say(_("The patient records and notes have not been counted yet: run "
                  "'vakka due --refresh' with the passphrase."))  # fmt: skip
    elif due.computed_at is not None and clinical_from < due.computed_at:
        cli.say(_("Patient records and notes as counted on {date}, when they were last "
                  "unlocked.").format(date=format_date(clinical_from, cli.lang)))  # fmt: skip


def _backup_folder_unseen(cli: Cli, seen_on: date) -> str:
    return cli.gettext(
        "The backup folder (drive) has not been reachable since {date}: plug the drive in "
        "and open Vakka, or choose another folder."
    ).format(date=format_date(seen_on, cli.lang))


def _notify(cli: Cli, due: DueNow | None) -> None:
    """A notification with no names and no counts of clients."""
    from app.services.reminders.notify import Notification, notify

    _ = cli.gettext
    lines = []
    if due is None:
        title = _("Vakka: open the register to see what is due")
    else:
        if any(due.purge.values()) or due.review_due:
            lines.append(_("Records are due for review."))
        if due.requests_near_deadline:
            lines.append(_("A request's deadline is near."))
        if due.backup_overdue:
            lines.append(_("A backup is overdue."))
        if due.backup_folder_unseen_since is not None:
            lines.append(_backup_folder_unseen(cli, due.backup_folder_unseen_since))
        if any(due.purge.values()) or due.review_due:
            title = _("Vakka: records are due for review")
        elif due.requests_near_deadline:
            title = _("Vakka: a request's deadline is near")
        else:
            title = _("Vakka: a backup is overdue")
    lines.append(_("Open Vakka to see more."))
    if not notify(Notification(title, "\n".join(lines))):
        cli.warn(_("The desktop notification could not be shown."))


def cmd_reminders(cli: Cli, args: argparse.Namespace) -> int:
    from app.services import register
    from app.services.reminders import scheduler

    folder = _folder(args)
    default = default_register_folder()
    job = scheduler.due_job(None if folder.absolute() == default.absolute() else folder, cli.lang)
    if args.action == "install":
        if not register.is_register(folder):
            raise NotFoundError("register.not_found")
        status = scheduler.install(job)
    elif args.action == "remove":
        status = scheduler.remove(job)
    else:
        status = scheduler.status(job)
    _print_status(cli, status, args.action)
    return EXIT_OK


def _print_status(cli: Cli, status: Status, action: str) -> None:
    _ = cli.gettext
    kinds: dict[str, Callable[[], str]] = {
        "systemd": lambda: _("a systemd user timer"),
        "cron": lambda: _("a line in the user's crontab"),
        "launchd": lambda: _("a launchd agent"),
        "taskscheduler": lambda: _("a Task Scheduler task"),
    }
    cli.say(_("Scheduler: {kind}").format(kind=kinds[status.scheduler]()))
    if status.installed:
        state = _("active") if status.active else _("not active")
        cli.say(_("The daily check 'vakka due --notify' is installed ({state}).").format(
            state=state))  # fmt: skip
        cli.say(_("Where: {location}").format(location=status.location))
        cli.say(_("Runs: {command}").format(command=" ".join(status.command)))
    elif action == "remove":
        cli.say(_("The daily check is removed."))
    else:
        cli.say(_("The daily check is not installed."))
    for code in status.problems:
        cli.warn(message_for(VakkaError(code), cli.lang))
    if status.detail:
        cli.warn(status.detail)


def cmd_calendar(cli: Cli, args: argparse.Namespace) -> int:
    from app.services.reminders import ics

    out = user_path(args.out)
    if not out.parent.is_dir():
        raise VakkaError("cli.out_folder_missing")
    session = cli.unlock(args, clinical=False)
    try:
        count = ics.write(session, out, cli.lang)
    finally:
        session.close()
    cli.say(
        tr(cli.lang)
        .ngettext("Calendar written to {path} ({count} event).",
                  "Calendar written to {path} ({count} events).", count)
        .format(path=out, count=count)
    )  # fmt: skip
    return EXIT_OK


def add_commands(cli: Cli, command: AddCommand, path_type: PathType) -> None:
    _ = cli.gettext
    p = command("due", _("what is due: purge, request deadlines, backup (no passphrase)"), cmd_due)
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.add_argument("--refresh", action="store_true", help=_("unlock the register and count again"))
    p.add_argument(
        "--notify",
        action="store_true",
        help=_("also show a desktop notification when something calls for action"),
    )
    p = command("reminders", _("the daily 'vakka due --notify' in the OS scheduler"), cmd_reminders)
    p.add_argument("action", choices=("install", "status", "remove"))
    p = command(
        "calendar",
        _("purge reviews and request deadlines as calendar events (no personal data)"),
        cmd_calendar,
    )
    p.add_argument(
        "--out", required=True, metavar="FILE.ics", type=path_type, help=_("the file to write")
    )
