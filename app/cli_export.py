"""`vakka export-all`: every register, for handing over when the practice ceases.

    vakka export-all --out DIR [--lang fi|sv|en]

DIR must not exist yet: the export is made beside it and renamed to it when complete.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from app.cli_types import AddCommand, PathType

EXIT_OK = 0

if TYPE_CHECKING:  # app.cli imports this module
    from app.cli import Cli


def cmd_export_all(cli: Cli, args: argparse.Namespace) -> int:
    from app.i18n.kind_labels import kind_label
    from app.services import hand_over

    def progress(done: int, total: int) -> None:
        if sys.stderr.isatty():
            print(f"\r{done}/{total}", end="", file=sys.stderr, flush=True)

    session = cli.unlock(args)
    try:
        result = hand_over.export_all(session, args.out, args.lang, progress)
    finally:
        session.close()
    if sys.stderr.isatty():
        print(file=sys.stderr)
    cli.say(cli.gettext("Export written: {path}").format(path=result.folder))
    for kind, count in result.counts.items():
        if count:
            cli.say(f"  {kind_label(kind, cli.lang)}: {count}")
    cli.say(cli.gettext("Read covering-letter.pdf in it: it says where each part goes."))
    return EXIT_OK


def add_commands(cli: Cli, command: AddCommand, path_type: PathType) -> None:
    _ = cli.gettext
    p = command(
        "export-all",
        _("every register, for handing over when the practice ceases"),
        cmd_export_all,
    )
    p.add_argument(
        "--out", required=True, metavar="DIR", type=path_type, help=_("a new folder to write")
    )
    p.add_argument("--lang", choices=("fi", "sv", "en"), default="fi", help=_("the language"))
