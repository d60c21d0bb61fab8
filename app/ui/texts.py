"""The UI's language: the shared gettext catalogs plus Qt's own qtbase translations.

The language is chosen once at start (preferences, else the system's); a change in
the settings takes effect at the next start. Widgets call ``_()`` when they are built.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from app.i18n import normalize_language, system_language, tr

_state = {"lang": "en"}
_installed: list[QTranslator] = []
_QT_LOCALES = {"fi": "fi_FI", "sv": "sv_FI", "en": "en_GB"}


def ui_language() -> str:
    return _state["lang"]


def _(message: str) -> str:
    return tr(_state["lang"]).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return tr(_state["lang"]).ngettext(singular, plural, count)


def ui_locale() -> QLocale:
    """fi_FI and sv_FI (plain "sv" would be Sweden, with ISO dates)."""
    return QLocale(_QT_LOCALES[_state["lang"]])


def set_ui_language(preference: str, app: QCoreApplication | None = None) -> str:
    """Choose the language ("system", fi, sv or en) and load Qt's translations for it."""
    lang = system_language() if preference == "system" else normalize_language(preference)
    _state["lang"] = lang
    QLocale.setDefault(ui_locale())
    if app is not None:
        while _installed:
            app.removeTranslator(_installed.pop())
        if lang != "en":
            translator = QTranslator(app)
            folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            if translator.load(f"qtbase_{lang}", folder):
                app.installTranslator(translator)
                _installed.append(translator)
    return lang


def format_date(value: object) -> str:
    """d.M.yyyy in Finnish and Swedish; the locale's short date in English."""
    from datetime import date

    from app.i18n.formats import format_date as format_for_reader

    if isinstance(value, date):
        return format_for_reader(value, _state["lang"])
    return ""


def format_money(cents: int | None) -> str:
    """1 234,50 € in fi/sv (Qt puts a no-break space before the thousands)."""
    if cents is None:
        return ""
    return ui_locale().toCurrencyString(cents / 100, "€")


def format_time(value: object) -> str:
    """9.00 in Finnish and Swedish, 9:00 in English (app.i18n.formats)."""
    from datetime import datetime, time

    from app.i18n.formats import format_time as format_for_reader

    if isinstance(value, datetime | time):
        return format_for_reader(value, _state["lang"])
    return ""
