"""The ``vakka`` command: automation, scheduled reminders and the desktop app's launcher.

Talks only to the services. Exit codes follow the command-line contract: 0 ok,
1 failure (nothing changed), 2 usage, 3 wrong passphrase or recovery code,
4 register damaged, 5 register in use, 10 (``due``) something calls for action.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import secrets
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from app import __version__
from app.cli_access import add_commands as add_access_commands
from app.cli_county import add_commands as add_county_commands
from app.cli_due import add_commands as add_reminder_commands
from app.cli_export import add_commands as add_export_commands
from app.cli_import import add_commands as add_import_commands
from app.cli_invoice import add_commands as add_invoice_commands
from app.cli_notice import add_commands as add_notice_commands
from app.cli_types import Handler
from app.crashlog import log_bug
from app.db.errors import as_user_error
from app.db.vault import Secret
from app.domain.errors import VakkaError, ValidationError
from app.hardening import disable_core_dumps
from app.i18n import message_for, system_language, tr, use_catalog_for_argparse
from app.i18n.formats import format_date
from app.i18n.messages import field_label
from app.paths import default_register_folder, log_folder, user_path
from app.services.session import Session

if TYPE_CHECKING:
    from app.services.purge import PurgePlan

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


class Cli:
    """One invocation: its language, its output streams and its secrets."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.gettext = tr(lang).gettext
        self.ngettext = tr(lang).ngettext

    def say(self, text: str) -> None:
        print(text, file=sys.stdout, flush=True)

    def confirm(self, question: str) -> bool:
        """Ask on the terminal; only "y" or "yes" (or their translations) say yes."""
        try:
            answer = input(question)
        except EOFError:
            return False
        yes = {"y", "yes", self.gettext("y"), self.gettext("yes")}
        return answer.strip().casefold() in {word.casefold() for word in yes}

    def warn(self, text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    def error_text(self, error: VakkaError) -> str:
        text = message_for(error, self.lang)
        if isinstance(error, ValidationError) and error.field:
            text = f"{field_label(error.field, self.lang)}: {text}"
        return text

    def secret(self, allow_recovery: bool = True) -> Secret:
        """The passphrase (VAKKA_PASSPHRASE or a prompt) or the recovery code."""
        if allow_recovery and os.environ.get("VAKKA_RECOVERY_CODE"):
            return Secret(recovery_code=os.environ["VAKKA_RECOVERY_CODE"])
        passphrase = os.environ.get("VAKKA_PASSPHRASE")
        if passphrase is None:
            passphrase = self._prompt(self.gettext("Passphrase: "))
        return Secret(passphrase=passphrase)

    def new_passphrase(self, env: str) -> str:
        """A new passphrase from ``env`` or asked twice at the terminal."""
        value = os.environ.get(env)
        if value is not None:
            return value
        first = self._prompt(self.gettext("New passphrase (at least 12 characters): "))
        second = self._prompt(self.gettext("The new passphrase again: "))
        if first != second:
            raise VakkaError("passphrase.mismatch")
        return first

    def unlock(
        self,
        args: argparse.Namespace,
        secret: Secret | None = None,
        clinical: bool = True,
        allow_read_only: bool = False,
    ) -> Session:
        """Open the register named by ``args``; warns when the audit log needs checking.

        ``allow_read_only``: a register that cannot be written opens read-only (check,
        backup); otherwise it is refused with a message that says why and what to do.
        """
        from app.services import register

        session = register.unlock(
            _register_folder(args),
            secret or self.secret(),
            clinical,
            allow_read_only=allow_read_only,
        )
        failed = register.failed_unlocks_notice(session).count
        if failed:
            self.warn(
                tr(self.lang)
                .ngettext(
                    "{count} failed attempt to open the register since you last opened it.",
                    "{count} failed attempts to open the register since you last opened it.",
                    failed,
                )
                .format(count=failed)
            )
        for code in session.register.audit_head_problems:
            self.warn(message_for(VakkaError(code), self.lang))
            self.warn(self.gettext("Run 'vakka check' and keep the register as it is."))
        older = register.older_state(session)
        if older is not None:
            self.warn(
                self.gettext(
                    "This register is older than this computer last saw it on {date}: then its "
                    "log had {seen} entries, now {now}. Run 'vakka check'."
                ).format(
                    date=format_date(older.seen_at.date(), self.lang),
                    seen=older.seen_entries,
                    now=older.entries_now,
                )
            )
        if register.recovery_code_unconfirmed(session) and not _shows_the_code(args):
            self.warn(
                self.gettext(
                    "A new recovery code was made but never confirmed as kept. Show it and "
                    "keep it now: vakka recovery-code --show"
                )
            )
        return session

    def _prompt(self, label: str) -> str:
        if not sys.stdin.isatty():
            raise VakkaError("cli.passphrase_needed")
        return getpass.getpass(label)


def _shows_the_code(args: argparse.Namespace) -> bool:
    return getattr(args, "handler", None) is cmd_recovery_code


def _register_folder(args: argparse.Namespace) -> Path:
    value = getattr(args, "register", None)
    return user_path(value) if value is not None else default_register_folder()


# --- commands -----------------------------------------------------------------------


def cmd_init(cli: Cli, args: argparse.Namespace) -> int:
    from app.services import register

    folder = _register_folder(args)
    sheet = _sheet_path(args)
    passphrase = os.environ.get("VAKKA_PASSPHRASE")
    if passphrase is None:
        passphrase = cli.new_passphrase("VAKKA_PASSPHRASE")
    created = register.create(folder, passphrase)
    try:
        cli.say(cli.gettext("Register created in {folder}").format(folder=folder))
        _hand_over_code(cli, created.session, created.recovery_code, sheet)
    finally:
        created.session.close()
    return EXIT_OK


def _sheet_path(args: argparse.Namespace) -> Path | None:
    sheet = user_path(args.sheet) if getattr(args, "sheet", None) is not None else None
    if sheet is not None and not sheet.parent.is_dir():
        raise ValidationError("cli.sheet_folder_missing", field="sheet")
    if sheet is not None and (not sheet.name or sheet.is_dir()):
        # Refused before a new recovery code is made, not after.
        raise ValidationError("io.is_a_folder", field="sheet")
    return sheet


def _hand_over_code(cli: Cli, session: Session, code: str, sheet: Path | None) -> None:
    """Print the code (before anything else can fail, so it is never lost), then the sheet."""
    cli.say(cli.gettext("Recovery code (shown only now; write it down and keep it safe):"))
    cli.say(code)
    if sheet is not None:
        from app.export.emergency_sheet import write_emergency_sheet

        write_emergency_sheet(sheet, code, session.register.register_id, session.today(), cli.lang)
        cli.say(cli.gettext("Emergency sheet written to {path}").format(path=sheet))


def cmd_recovery_code(cli: Cli, args: argparse.Namespace) -> int:
    from app.services import register

    sheet = _sheet_path(args)
    passphrase = cli.secret(allow_recovery=False).passphrase or ""
    session = cli.unlock(args, Secret(passphrase=passphrase), clinical=False)
    try:
        if args.new:
            code = register.new_recovery_code(session, passphrase)
        else:
            code = register.show_recovery_code(session, passphrase)
        _hand_over_code(cli, session, code, sheet)
        # Printed (and the sheet written): the practitioner has it now.
        register.confirm_recovery_code(session)
        if args.new:
            cli.say(
                cli.gettext(
                    "The old recovery code and its emergency sheets no longer open the register; "
                    "backups made before this still open with them."
                )
            )
    finally:
        session.close()
    return EXIT_OK


def cmd_demo(cli: Cli, args: argparse.Namespace) -> int:
    from app.services import register
    from app.services.demo import populate_demo

    folder = _register_folder(args)
    passphrase = os.environ.get("VAKKA_PASSPHRASE")
    made_up = passphrase is None
    if passphrase is None:
        passphrase = "-".join(secrets.choice(_DEMO_WORDS) for _ in range(5))
    created = register.create(folder, passphrase)
    try:

        def progress(done: int, total: int) -> None:
            if sys.stderr.isatty():
                print(f"\r{done}/{total}", end="", file=sys.stderr, flush=True)

        summary = populate_demo(created.session, clients=args.clients, progress=progress)
    finally:
        created.session.close()
    if sys.stderr.isatty():
        print(file=sys.stderr)
    cli.say(
        cli.gettext("Demo register with {count} invented clients created in {folder}").format(
            count=summary.clients, folder=folder
        )
    )
    if made_up:
        cli.say(cli.gettext("Passphrase: {passphrase}").format(passphrase=passphrase))
    cli.say(cli.gettext("Recovery code: {code}").format(code=created.recovery_code))
    return EXIT_OK


_DEMO_WORDS = (
    "kuusi", "koivu", "järvi", "saari", "lumi", "tuuli", "kallio", "niitty", "pilvi", "virta",
    "sammal", "kaisla", "routa", "helle", "usva", "kajo", "aalto", "ranta", "metsä", "tähti",
)  # fmt: skip


def cmd_check(cli: Cli, args: argparse.Namespace) -> int:
    from app.domain.errors import RegisterDamagedError
    from app.services import register

    session = cli.unlock(args, allow_read_only=True)
    try:
        if register.is_open_read_only(session):
            cli.warn(cli.gettext("The register is read-only: checked without changing anything."))
        older = register.older_state(session)
        if older is not None and args.accept_older:
            register.accept_older_state(session)
            cli.say(
                cli.gettext("The older state of the register is accepted and recorded in its log.")
            )
        problems = register.check(session)
        notices = register.check_notices(session)
    finally:
        session.close()
    for notice in notices:
        cli.warn(message_for(notice, cli.lang))
    if not problems:
        cli.say(cli.gettext("The register is intact: every page, the key file and the audit log."))
        return EXIT_OK
    for code in problems:
        cli.warn(message_for(VakkaError(code), cli.lang))
    cli.warn(message_for(RegisterDamagedError("check.failed"), cli.lang))
    return RegisterDamagedError.exit_code


def cmd_passphrase(cli: Cli, args: argparse.Namespace) -> int:
    from app.domain.passphrase import require_acceptable_passphrase
    from app.services import register

    secret = cli.secret()
    new = cli.new_passphrase("VAKKA_NEW_PASSPHRASE")
    require_acceptable_passphrase(new)
    session = cli.unlock(args, secret, clinical=False)
    try:
        register.change_passphrase(session, new)
    finally:
        session.close()
    cli.say(
        cli.gettext("Passphrase changed. Backups made before this still open with the old one.")
    )
    return EXIT_OK


def cmd_clients(cli: Cli, args: argparse.Namespace) -> int:
    from app.db.audit import AuditEvent
    from app.services import clients

    session = cli.unlock(args, clinical=False)
    try:
        rows = clients.search_clients(session, args.search or "")
        with session.transaction():
            session.log(AuditEvent("clients.list", data_kind="client_list", purpose="export"))
    finally:
        session.close()
    if args.json:
        data = [
            {
                "id": row.client_number,
                "name": row.name,
                "controller": row.controller.value,
                "active": row.active,
                "phone": row.phone,
                "email": row.email,
                "register_kinds": [kind.value for kind in row.register_kinds],
            }
            for row in rows
        ]
        cli.say(json.dumps(data, ensure_ascii=False, indent=2))
        return EXIT_OK
    for row in rows:
        state = cli.gettext("active") if row.active else cli.gettext("ended")
        cli.say(f"{row.client_number:>6}  {row.name}  ({state})")
    cli.say(
        tr(cli.lang)
        .ngettext("{count} client", "{count} clients", len(rows))
        .format(count=len(rows))
    )
    return EXIT_OK


def cmd_backup(cli: Cli, args: argparse.Namespace) -> int:
    from app.services import register
    from app.services.backup import create_backup

    session = cli.unlock(args, allow_read_only=True)
    try:
        read_only = register.is_open_read_only(session)
        info = create_backup(session, user_path(args.out), overwrite=args.force)
    finally:
        session.close()
    if read_only:
        cli.warn(
            cli.gettext(
                "The register is read-only: the backup was made without recording it "
                "in the register's log."
            )
        )
    cli.say(
        cli.gettext("Backup written and verified: {path} ({size} bytes)").format(
            path=info.path, size=info.size
        )
    )
    cli.say(cli.gettext("It opens with the passphrase and recovery code in use today."))
    if info.source_problems:
        for code in info.source_problems:
            cli.warn(message_for(VakkaError(code), cli.lang))
        cli.warn(
            cli.gettext(
                "The backup is a faithful copy; the register itself has the problems above."
            )
        )
    return EXIT_OK


def cmd_restore(cli: Cli, args: argparse.Namespace) -> int:
    from app.services.backup import restore_backup

    target = user_path(args.register)
    problems = restore_backup(user_path(args.file), target, cli.secret())
    if problems:
        for code in problems:
            cli.warn(message_for(VakkaError(code), cli.lang))
        return 4
    cli.say(cli.gettext("Backup restored and checked in {folder}").format(folder=target))
    return EXIT_OK


def cmd_purge(cli: Cli, args: argparse.Namespace) -> int:
    """Destroy what is due (RULES.md "Retention"); counts only, never names."""
    from app.i18n.codes import category_label
    from app.services import purge

    record_path = _output_path(args.record, "cli.record_folder_missing", "record")
    if not args.dry_run and not args.yes and not sys.stdin.isatty():
        raise VakkaError("purge.confirmation_needed")
    session = cli.unlock(args)
    try:
        plan = purge.plan_purge(session)
        if plan.clinical_locked:
            cli.warn(cli.gettext("The patient records are locked: their categories were left out."))
        if plan.empty:
            cli.say(cli.gettext("Nothing is due for destruction."))
            _say_kept(cli, plan)
            return EXIT_OK
        cli.say(cli.gettext("Due for destruction:"))
        for category, count in plan.counts().items():
            cli.say(f"  {category_label(category, cli.lang)}: {count}")
        _say_kept(cli, plan)
        if args.dry_run:
            return EXIT_OK
        if not args.yes and not _confirmed(cli):
            cli.say(cli.gettext("Nothing was destroyed."))
            return EXIT_FAILURE

        def progress(done: int, total: int) -> None:
            if sys.stderr.isatty():
                print(f"\r{done}/{total}", end="", file=sys.stderr, flush=True)

        record = purge.run_purge(session, plan, progress=progress)
        if sys.stderr.isatty():
            print(file=sys.stderr)
        cli.say(cli.gettext("Records destroyed:"))
        for entry in record.entries:
            cli.say(f"  {category_label(entry.category, cli.lang)}: {entry.count}")
        if not record.compacted:
            cli.warn(message_for(VakkaError("purge.not_compacted"), cli.lang))
        cli.say(purge.backup_notice(cli.lang))
        _say_holding_backups(cli, session, record.purged_at)
        if record_path is not None and record.entries:
            purge.write_record_pdf(session, record, record_path, cli.lang)
            cli.say(cli.gettext("Purge record written to {path}").format(path=record_path))
    finally:
        session.close()
    return EXIT_OK


def _say_holding_backups(cli: Cli, session: Session, purged_at: str) -> None:
    """The managed backups that still hold what was destroyed, and when each goes."""
    from datetime import datetime

    from app.services import managed_backups

    holding = managed_backups.holding_purged(session, datetime.fromisoformat(purged_at))
    if holding:
        cli.say(cli.gettext("Backups in your backup folder that still hold the destroyed data:"))
    for item in holding:
        made = format_date(item.backup.made_at.date(), cli.lang)
        if item.rotates_out_on is None:
            cli.say(
                "  " + cli.gettext("made {made}, kept by the rotation for now").format(made=made)
            )
        else:
            went = format_date(item.rotates_out_on.date(), cli.lang)
            cli.say(
                "  "
                + cli.gettext("made {made}, deleted by the rotation on {date}").format(
                    made=made, date=went
                )
            )


def _say_kept(cli: Cli, plan: PurgePlan) -> None:
    """What stays although its date has come, and why (counts only)."""
    from app.i18n.codes import kept_reason_label

    kept = plan.kept_counts()
    if kept:
        cli.say(cli.gettext("Kept:"))
    for reason, count in kept.items():
        cli.say(f"  {kept_reason_label(reason, cli.lang)}: {count}")


def _confirmed(cli: Cli) -> bool:
    return cli.confirm(cli.gettext("Destroy these records now? This cannot be undone. [y/N] "))


def _output_path(value: Path | None, missing_code: str, field: str) -> Path | None:
    path = user_path(value) if value is not None else None
    if path is not None and not path.parent.is_dir():
        raise ValidationError(missing_code, field=field)
    return path


def cmd_open_app(cli: Cli, args: argparse.Namespace) -> int:
    from app.ui.main import run_app

    return run_app(_register_folder(args))


# --- parsing ------------------------------------------------------------------------


def _add_register_option(parser: argparse.ArgumentParser, cli: Cli) -> None:
    parser.add_argument(
        "--register",
        metavar="DIR",
        type=_path_type(cli),
        default=argparse.SUPPRESS,
        help=cli.gettext("the register folder (default: the user data folder)"),
    )


def _path_type(cli: Cli) -> Callable[[str], Path]:
    """An argparse type: a path that cannot be one (a NUL, ~nouser) is a usage error (exit 2)."""

    def convert(text: str) -> Path:
        try:
            return user_path(text)
        except VakkaError as error:
            raise argparse.ArgumentTypeError(cli.error_text(error)) from None

    return convert


def build_parser(cli: Cli) -> argparse.ArgumentParser:
    _ = cli.gettext
    parser = argparse.ArgumentParser(
        prog="vakka", description=_("Vakka: an encrypted client register for solo practitioners.")
    )
    parser.add_argument("--version", action="version", version=f"vakka {__version__}")
    _add_register_option(parser, cli)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help_text: str, handler: Handler) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        _add_register_option(p, cli)
        p.set_defaults(handler=handler)
        return p

    p = command("init", _("create a register; prints the recovery code once"), cmd_init)
    p.add_argument(
        "--sheet",
        metavar="FILE.pdf",
        type=_path_type(cli),
        help=_("also write the emergency sheet there"),
    )
    p = command("demo", _("create a register filled with invented clients"), cmd_demo)
    p.add_argument("--clients", type=int, default=200, metavar="N", help=_("how many clients"))
    p = command(
        "check", _("check every page of both stores, the key file and the audit log"), cmd_check
    )
    p.add_argument(
        "--accept-older",
        action="store_true",
        help=_("accept a register older than this computer last saw (an older copy put back)"),
    )
    command("passphrase", _("change the passphrase"), cmd_passphrase)
    p = command(
        "recovery-code",
        _("a new recovery code (re-encrypts both stores), or the current one shown again"),
        cmd_recovery_code,
    )
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--new", action="store_true", help=_("make a new code; the old one stops working")
    )
    which.add_argument(
        "--show", action="store_true", help=_("show the code in force (needs the passphrase)")
    )
    p.add_argument(
        "--sheet",
        metavar="FILE.pdf",
        type=_path_type(cli),
        help=_("also write the emergency sheet there"),
    )
    p = command("clients", _("list every client, ended relationships too"), cmd_clients)
    p.add_argument("--search", metavar="TEXT", help=_("only clients matching the text"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p = command("backup", _("write an encrypted, verified backup"), cmd_backup)
    p.add_argument(
        "--out",
        required=True,
        metavar="FILE",
        type=_path_type(cli),
        help=_("the backup file to write"),
    )
    p.add_argument(
        "--force",
        action="store_true",
        help=_("replace an existing backup file (never a link, a folder or a device)"),
    )
    p = command("purge", _("destroy the records whose retention period has ended"), cmd_purge)
    p.add_argument("--dry-run", action="store_true", help=_("only show what would be destroyed"))
    p.add_argument("--yes", action="store_true", help=_("do not ask for confirmation"))
    p.add_argument(
        "--record",
        metavar="FILE.pdf",
        type=_path_type(cli),
        help=_("also write the purge record there (PDF)"),
    )
    p = command("restore", _("restore a backup into a new register folder"), cmd_restore)
    p.add_argument("file", metavar="FILE", type=_path_type(cli), help=_("the backup file"))
    add_reminder_commands(cli, command, _path_type(cli))
    add_county_commands(cli, command, _path_type(cli))
    add_access_commands(cli, command, _path_type(cli))
    add_notice_commands(cli, command, _path_type(cli))
    add_import_commands(cli, command, _path_type(cli))
    add_export_commands(cli, command, _path_type(cli))
    add_invoice_commands(cli, command, _path_type(cli))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    disable_core_dumps()
    _prepare_streams()
    cli = Cli(system_language())
    use_catalog_for_argparse()
    parser = build_parser(cli)
    args = parser.parse_args(argv)
    if getattr(args, "clients", 1) < 1:
        parser.error(cli.gettext("the number of clients must be at least 1"))
    if getattr(args, "handler", None) is cmd_restore and not getattr(args, "register", None):
        parser.error(cli.gettext("restore needs the new register folder: --register DIR"))
    handler = getattr(args, "handler", cmd_open_app)
    try:
        code = int(handler(cli, args))
    except KeyboardInterrupt:
        cli.warn(cli.gettext("Interrupted."))
        code = EXIT_FAILURE
    except Exception as raw:
        error = as_user_error(raw)
        if error is not None:
            cli.warn(cli.error_text(error))
            return error.exit_code
        # A bug: a calm message and a log line without personal data.
        path = log_bug(log_folder(), raw)
        cli.warn(
            cli.gettext("Vakka ran into an unexpected problem. What was saved before is safe.")
            + (" " + cli.gettext("Details: {path}").format(path=path) if path else "")
        )
        code = EXIT_FAILURE
    return code


def _prepare_streams() -> None:
    """Names in any script print even where the terminal's encoding cannot show them."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def gui_main() -> int:
    """The ``vakka-app`` entry point: opens the desktop app only."""
    disable_core_dumps()
    cli = Cli(system_language())
    parser = argparse.ArgumentParser(prog="vakka-app")
    parser.add_argument("--register", metavar="DIR", default=None)
    args, _unknown = parser.parse_known_args()
    try:
        folder = _register_folder(args)
    except VakkaError as error:
        # A GUI script has no console: the message goes to a window too.
        cli.warn(cli.error_text(error))
        from app.ui.main import show_startup_error

        show_startup_error(cli.error_text(error))
        return error.exit_code
    from app.ui.main import run_app

    return run_app(folder)


if __name__ == "__main__":
    sys.exit(main())
