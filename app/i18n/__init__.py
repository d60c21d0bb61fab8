"""Message catalogs shared by every layer (gettext, extracted with Babel).

Source strings are English. Translate the template first, then format it:
``tr("fi").gettext("{count} clients").format(count=3)`` — never an f-string
inside the translation call.
"""

from __future__ import annotations

import gettext
import locale
import os
from functools import cache
from pathlib import Path

from app.domain.errors import VakkaError

LANGUAGES: tuple[str, ...] = ("fi", "sv", "en")
DOMAIN = "vakka"
LOCALE_DIR = Path(__file__).parent / "locale"


def N_(message: str) -> str:
    """Mark a string for extraction without translating it here."""
    return message


def normalize_language(lang: str | None) -> str:
    """Map 'fi_FI.UTF-8', 'sv-FI', 'SV' … to one of LANGUAGES; anything else is English."""
    if not lang:
        return "en"
    code = lang.strip().lower().replace("-", "_").split("_")[0].split(".")[0]
    return code if code in LANGUAGES else "en"


def system_language() -> str:
    """The language the user's environment asks for (LANGUAGE, LC_ALL, LC_MESSAGES, LANG)."""
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return normalize_language(value.split(":")[0])
    try:
        value = locale.getlocale()[0]
    except ValueError:
        value = None
    return normalize_language(value)


@cache
def tr(lang: str) -> gettext.NullTranslations:
    """The catalog for a language; English source strings when there is none."""
    return gettext.translation(
        DOMAIN, localedir=LOCALE_DIR, languages=[normalize_language(lang)], fallback=True
    )


def use_catalog_for_argparse() -> None:
    """argparse translates its own words (usage:, options, errors) through gettext's
    global domain; point that domain at our catalogs (see app.i18n.argparse_words)."""
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)


def message_for(error: VakkaError, lang: str) -> str:
    """The user-facing message of an error, in ``lang``."""
    from app.i18n.messages import ERROR_MESSAGES

    template = ERROR_MESSAGES.get(error.code)
    if template is None:
        template = ERROR_MESSAGES["internal.unknown_code"]
        return tr(lang).gettext(template).format(code=error.code)
    return tr(lang).gettext(template).format(**error.params)
