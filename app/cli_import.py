"""`vakka import-clients`: clients from a booking system's CSV file.

    vakka import-clients FILE.csv [--map COLUMN=FIELD ...] [--yes]

The file is read and every row checked first; the report names rows by their line and
problem (never a name). Nothing is written until the import is confirmed (--yes, or "y"
on the terminal); then the rows go in one transaction, all or none.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from app.cli_types import AddCommand, PathType
from app.domain.client_import import FIELDS, SKIP
from app.domain.errors import UsageError, VakkaError

EXIT_OK = 0
EXIT_FAILURE = 1

if TYPE_CHECKING:  # app.cli imports this module
    from app.cli import Cli


def _chosen(pairs: list[str]) -> dict[str, str]:
    chosen: dict[str, str] = {}
    for pair in pairs:
        column, sep, name = pair.partition("=")
        if not sep or not column.strip():
            raise UsageError("cli.import_map_usage")
        chosen[column.strip()] = name.strip()
    return chosen


def cmd_import_clients(cli: Cli, args: argparse.Namespace) -> int:
    from app.services import client_import

    chosen = _chosen(args.map or [])
    if not args.yes and not sys.stdin.isatty():
        raise VakkaError("import.confirmation_needed")
    session = cli.unlock(args, clinical=False)
    try:
        plan = client_import.preview(session, args.file, chosen)
        file, checked = plan.file, plan.checked
        rows = len(file.rows)
        read = cli.ngettext(
            '{rows} row read ({encoding}, separated by "{delimiter}").',
            '{rows} rows read ({encoding}, separated by "{delimiter}").',
            rows,
        )
        cli.say(read.format(rows=rows, encoding=file.encoding, delimiter=file.delimiter))
        for index, name in sorted(plan.mapping.items()):
            cli.say(f"  {file.headers[index]} → {name}")
        for row in checked.problems:
            assert row.problem is not None
            cli.say(
                cli.gettext("  line {line}: {problem}").format(
                    line=row.line, problem=cli.error_text(row.problem)
                )
            )
        for row in checked.duplicates:
            kind, _, ref = row.duplicate_of.partition(":")
            text = (
                cli.gettext("  line {line}: the same person as client {number}")
                if kind == "client"
                else cli.gettext("  line {line}: the same person as line {number}")
            )
            cli.say(text.format(line=row.line, number=ref))
        count = len(checked.importable)
        if count == 0:
            cli.say(cli.gettext("Nothing to import."))
            return EXIT_FAILURE
        question = cli.ngettext(
            "Add {count} client now? [y/N] ", "Add {count} clients now? [y/N] ", count
        ).format(count=count)
        if not args.yes and not cli.confirm(question):
            cli.say(cli.gettext("Nothing was imported."))
            return EXIT_FAILURE
        added = client_import.run_import(session, plan)
    finally:
        session.close()
    cli.say(
        cli.ngettext("{count} client added.", "{count} clients added.", added).format(count=added)
    )
    return EXIT_OK


def add_commands(cli: Cli, command: AddCommand, path_type: PathType) -> None:
    _ = cli.gettext
    p = command(
        "import-clients",
        _("add clients from a CSV file exported from a booking system"),
        cmd_import_clients,
    )
    p.add_argument("file", metavar="FILE.csv", type=path_type, help=_("the CSV file"))
    p.add_argument(
        "--map",
        action="append",
        metavar="COLUMN=FIELD",
        help=_("which field a column holds (fields: {fields}; or {skip})").format(
            fields=", ".join(FIELDS), skip=SKIP
        ),
    )
    p.add_argument("--yes", action="store_true", help=_("do not ask for confirmation"))
