"""`vakka county-delivery`: the packet for the county, and the confirmation of delivery.

    vakka county-delivery --relationship ID --out DIR [--lang fi|sv|en]
    vakka county-delivery --relationship ID --confirm --on DATE --how TEXT --to TEXT

Exit codes as the contract says: 0 done, 1 refused or failed with nothing changed,
2 usage. Nothing printed names the client: the packet's files are named by its id.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.cli_types import AddCommand, PathType
from app.domain.errors import UsageError
from app.domain.validation import parse_date
from app.i18n.formats import format_date

EXIT_OK = 0

if TYPE_CHECKING:  # app.cli imports this module
    from app.cli import Cli


def _check_usage(args: argparse.Namespace) -> None:
    if args.confirm:
        if args.out is not None or None in (args.on, args.how, args.to):
            raise UsageError("cli.county_delivery_confirm_usage")
    elif args.out is None or any(v is not None for v in (args.on, args.how, args.to)):
        raise UsageError("cli.county_delivery_packet_usage")


def cmd_county_delivery(cli: Cli, args: argparse.Namespace) -> int:
    from app.services import county_delivery

    _check_usage(args)
    delivered_on = parse_date(args.on, "delivered_on") if args.confirm else None
    session = cli.unlock(args)
    try:
        if delivered_on is not None:
            county_delivery.confirm_delivery(
                session, args.relationship, delivered_on, args.how, args.to
            )
            cli.say(
                cli.gettext(
                    "Delivery confirmed on {date}. The records of the relationship are now due "
                    "for destruction: run 'vakka purge'."
                ).format(date=format_date(delivered_on, cli.lang))
            )
            return EXIT_OK
        packet = county_delivery.delivery_packet(
            session, args.relationship, args.out, lang=args.lang,
            include_secure_address=args.include_secure_address,
        )  # fmt: skip
        pdf, data = county_delivery.packet_files(args.out, packet.packet_id)
        cli.say(cli.gettext("Delivery packet written:"))
        cli.say(f"  {pdf}")
        cli.say(f"  {data}")
        cli.say(
            cli.gettext(
                "When the county has received it, confirm the delivery: "
                "vakka county-delivery --relationship {id} --confirm --on DATE --how TEXT --to TEXT"
            ).format(id=args.relationship)
        )
    finally:
        session.close()
    return EXIT_OK


def add_commands(cli: Cli, command: AddCommand, path_type: PathType) -> None:
    _ = cli.gettext
    p = command(
        "county-delivery",
        _("the delivery packet of a county-controlled relationship, or confirm its delivery"),
        cmd_county_delivery,
    )
    p.add_argument(
        "--relationship", required=True, type=int, metavar="ID", help=_("the relationship's id")
    )
    p.add_argument(
        "--out", metavar="DIR", type=path_type, help=_("the folder to write the packet to")
    )
    p.add_argument(
        "--lang", choices=("fi", "sv", "en"), default="fi", help=_("the packet's language")
    )
    p.add_argument(
        "--include-secure-address",
        action="store_true",
        help=_("include the address of a client with a secure address (asked first)"),
    )
    p.add_argument(
        "--confirm", action="store_true", help=_("confirm that the county received the packet")
    )
    p.add_argument("--on", metavar="DATE", help=_("the date of delivery"))
    p.add_argument("--how", metavar="TEXT", help=_("how it was delivered"))
    p.add_argument("--to", metavar="TEXT", help=_("to whom it was delivered"))
