"""`vakka invoice-pdf`: one invoice (or credit note) as PDF, in the client's language.

    vakka invoice-pdf --invoice NUMBER --out FILE.pdf [--lang fi|sv|en]

The making of the PDF is logged (ids only). Nothing is marked sent: that is the
practitioner's step in the app.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.cli_types import AddCommand, PathType

EXIT_OK = 0

if TYPE_CHECKING:  # app.cli imports this module
    from app.cli import Cli


def cmd_invoice_pdf(cli: Cli, args: argparse.Namespace) -> int:
    from app.services import invoicing

    session = cli.unlock(args, clinical=False)
    try:
        invoice = invoicing.invoice_by_number(session, args.invoice)
        path = invoicing.write_invoice_pdf(session, invoice.id or 0, args.out, args.lang)
    finally:
        session.close()
    cli.say(cli.gettext("Invoice written: {path}").format(path=path))
    return EXIT_OK


def add_commands(cli: Cli, command: AddCommand, path_type: PathType) -> None:
    _ = cli.gettext
    p = command("invoice-pdf", _("an invoice or credit note as PDF"), cmd_invoice_pdf)
    p.add_argument("--invoice", required=True, metavar="NUMBER", help=_("the invoice number"))
    p.add_argument("--out", required=True, metavar="FILE", type=path_type, help=_("the file"))
    p.add_argument(
        "--lang",
        choices=("fi", "sv", "en"),
        help=_("the language (default: the client's contact language)"),
    )
