"""`vakka access-packet`: the answer to a client's access request, as PDF (and JSON).

    vakka access-packet --client ID --out FILE.pdf [--lang fi|sv|en] [--json FILE]

The client's open access request is answered, or one is recorded (received today, the
identity noted as checked by the practitioner), and closed as delivered. Nothing printed
names the client; the packet id and the digest are printed.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.cli_types import AddCommand, PathType

EXIT_OK = 0

if TYPE_CHECKING:  # app.cli imports this module
    from app.cli import Cli


def cmd_access_packet(cli: Cli, args: argparse.Namespace) -> int:
    from app.services import access_answer, clients

    session = cli.unlock(args)
    try:
        client = clients.client_by_number(session, args.client)
        written = access_answer.access_packet(
            session, client.id or "", args.out, args.json, args.lang
        )
    finally:
        session.close()
    cli.say(cli.gettext("Answer written: {path}").format(path=written.pdf))
    if written.json is not None:
        cli.say(cli.gettext("The same content as JSON: {path}").format(path=written.json))
    cli.say(
        cli.gettext("Packet ID {id}, digest (SHA-256) {digest}").format(
            id=written.packet_id, digest=written.digest
        )
    )
    return EXIT_OK


def add_commands(cli: Cli, command: AddCommand, path_type: PathType) -> None:
    _ = cli.gettext
    p = command(
        "access-packet",
        _("the answer to a client's access request (GDPR art. 15) as PDF"),
        cmd_access_packet,
    )
    p.add_argument("--client", required=True, type=int, metavar="ID", help=_("the client number"))
    p.add_argument(
        "--out", required=True, metavar="FILE.pdf", type=path_type, help=_("the PDF to write")
    )
    p.add_argument(
        "--lang",
        choices=("fi", "sv", "en"),
        help=_("the answer's language (default: the client's contact language)"),
    )
    p.add_argument(
        "--json", metavar="FILE", type=path_type, help=_("also write the content as JSON there")
    )
