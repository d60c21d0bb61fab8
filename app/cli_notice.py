"""`vakka privacy-notice`: the privacy notice of one register kind, as PDF or HTML.

    vakka privacy-notice --out FILE [--register-kind patient|social_care|other]
                         [--lang fi|sv|en] [--format pdf|html]

Without --register-kind the notice is of the register kind of the practice's first
service (patient when there is none); without --format, a FILE ending in .html or .htm
gets HTML, anything else PDF.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.cli_types import AddCommand, PathType
from app.domain.kinds import RegisterKind

EXIT_OK = 0

if TYPE_CHECKING:  # app.cli imports this module
    from app.cli import Cli


def cmd_privacy_notice(cli: Cli, args: argparse.Namespace) -> int:
    from app.services import privacy_notice
    from app.services import register as register_service

    fmt = args.format or ("html" if args.out.suffix.lower() in (".html", ".htm") else "pdf")
    session = cli.unlock(args, clinical=False)
    try:
        kind = args.register_kind
        if kind is None:
            services = register_service.services(session)
            kind = services[0].register_kind if services else RegisterKind.PATIENT
        path = privacy_notice.write_notice(session, args.out, RegisterKind(kind), args.lang, fmt)
    finally:
        session.close()
    cli.say(cli.gettext("Privacy notice written: {path}").format(path=path))
    return EXIT_OK


def add_commands(cli: Cli, command: AddCommand, path_type: PathType) -> None:
    _ = cli.gettext
    p = command(
        "privacy-notice",
        _("the privacy notice of a register, as PDF or HTML"),
        cmd_privacy_notice,
    )
    p.add_argument("--out", required=True, metavar="FILE", type=path_type, help=_("the file"))
    p.add_argument(
        "--register-kind",
        choices=[k.value for k in RegisterKind],
        help=_("the register (default: that of the practice's first service)"),
    )
    p.add_argument("--lang", choices=("fi", "sv", "en"), default="fi", help=_("the language"))
    p.add_argument("--format", choices=("pdf", "html"), help=_("PDF or HTML (default: by FILE)"))
