#!/usr/bin/env python3
"""Extract, update and compile Vakka's message catalogs (gettext, with Babel).

    .venv/bin/python scripts/update_catalogs.py          # update the files, then report
    .venv/bin/python scripts/update_catalogs.py --check  # change nothing; exit 1 if the
                                                         # catalogs are stale or incomplete

Steps, all done first in a temporary folder:
1. ``pybabel extract`` of the python files under app/ (babel.cfg) into
   app/i18n/locale/vakka.pot. If only the POT-Creation-Date or the Generated-By
   header differs, the old template is kept, so running the script twice (or with
   another Babel) changes nothing.
2. ``pybabel update`` (creating missing catalogs) of the fi, sv and en .po files.
   New msgids close to an old one come in marked fuzzy, with the old msgid kept as
   ``#|`` for the translator.
3. The en catalog is filled: msgstr = msgid wherever it is empty or fuzzy (the
   source strings are English), so it is always complete.
4. ``pybabel compile`` of every catalog to its .mo (fuzzy entries left out).
Then the files that differ (a .mo by its messages and headers, the header naming
the generating tool ignored) are written to the tree (atomically), and the script
lists the msgids in fi and sv that are untranslated or fuzzy and any translation
whose {placeholders} differ from its msgid. ``--check`` writes nothing and exits 1
if anything is listed or a .mo file would change (messages added, removed or
edited without compiling); moved source lines alone do not fail it.
"""

from __future__ import annotations

import argparse
import configparser
import contextlib
import gettext
import io
import os
import shutil
import string
import sys
import tempfile
import tomllib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
MAPPING_FILE = ROOT / "babel.cfg"
LOCALE_DIR = ROOT / "app" / "i18n" / "locale"
DOMAIN = "vakka"
POT_NAME = f"{DOMAIN}.pot"
SOURCE_LANGUAGE = "en"
LANGUAGES: tuple[str, ...] = ("fi", "sv", SOURCE_LANGUAGE)
# The languages people translate; en is filled from the source strings.
TRANSLATED_LANGUAGES: tuple[str, ...] = tuple(x for x in LANGUAGES if x != SOURCE_LANGUAGE)
WIDTH = 76
HEADER_COMMENT = (
    "# Translations template for PROJECT.\n"
    "# After changing strings under app/, run scripts/update_catalogs.py.\n"
    "#"
)


def po_relpath(lang: str) -> Path:
    return Path(lang) / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_relpath(lang: str) -> Path:
    return Path(lang) / "LC_MESSAGES" / f"{DOMAIN}.mo"


def managed_files() -> list[Path]:
    """Every file the script writes, relative to LOCALE_DIR."""
    files = [Path(POT_NAME)]
    for lang in LANGUAGES:
        files += [po_relpath(lang), mo_relpath(lang)]
    return files


def mapping_keywords() -> tuple[list[str], list[str]]:
    """The keywords and comment tags of the python section of babel.cfg."""
    parser = configparser.RawConfigParser()
    parser.read(MAPPING_FILE, encoding="utf-8")
    keywords: list[str] = []
    tags: list[str] = []
    for section in parser.sections():
        if section.split(":", 1)[0].strip() == "python":
            keywords += parser.get(section, "keywords", fallback="").split()
            tags += parser.get(section, "add_comments", fallback="").replace(",", " ").split()
    if not keywords:
        raise SystemExit(f"{MAPPING_FILE.name}: no keywords in the [python: ...] section")
    return keywords, tags


def project_version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        return str(tomllib.load(handle)["project"]["version"])


def pybabel(*args: str) -> None:
    """Run a pybabel command in this process; stop on failure."""
    status = CommandLineInterface().run(["pybabel", "--quiet", *args])  # type: ignore[no-untyped-call]
    if status:
        raise SystemExit(f"pybabel {args[0]} failed ({status})")


@contextlib.contextmanager
def chdir(path: Path) -> Iterator[None]:
    old = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


# Header lines that change with the day or the tool's version, not with the messages.
VOLATILE_HEADERS = (b'"POT-Creation-Date:', b'"Generated-By:')


def without_volatile_headers(data: bytes) -> bytes:
    return b"\n".join(
        line for line in data.splitlines() if not line.startswith(VOLATILE_HEADERS)
    )


def extract(pot: Path) -> None:
    """Extract the source strings under app/ into ``pot``."""
    keywords, tags = mapping_keywords()
    args = ["extract", "-F", str(MAPPING_FILE), "-o", str(pot), "--no-default-keywords"]
    # File names without line numbers: moving code does not churn the catalogs.
    args += ["--add-location", "file"]
    for keyword in keywords:
        args += ["-k", keyword]
    if tags:
        args += ["--add-comments", ",".join(tags)]
    args += [
        "--project",
        "Vakka",
        "--version",
        project_version(),
        "--header-comment",
        HEADER_COMMENT,
        "--width",
        str(WIDTH),
        ".",
    ]
    with chdir(ROOT):
        pybabel(*args)


def fill_source_language(po: Path, lang: str) -> None:
    """Make every msgstr of the source-language catalog equal to its msgid where empty or fuzzy."""
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    for message in catalog:
        if not message.id:
            continue
        if "fuzzy" in message.flags or not all(as_tuple(message.string)):
            if isinstance(message.id, tuple | list):
                forms = max(catalog.num_plurals, 2)
                message.string = (message.id[0], *([message.id[1]] * (forms - 1)))
            else:
                message.string = message.id
            message.flags.discard("fuzzy")
            message.previous_id = []
    catalog.fuzzy = False
    with po.open("wb") as handle:
        write_po(handle, catalog, width=WIDTH, include_previous=True)


def stage_catalogs(stage: Path) -> None:
    """Build every managed file in ``stage`` from the sources and the current catalogs."""
    pot = stage / POT_NAME
    extract(pot)
    current_pot = LOCALE_DIR / POT_NAME
    if current_pot.exists() and without_volatile_headers(
        current_pot.read_bytes()
    ) == without_volatile_headers(pot.read_bytes()):
        shutil.copyfile(current_pot, pot)
    for lang in LANGUAGES:
        current = LOCALE_DIR / po_relpath(lang)
        if current.exists():
            (stage / po_relpath(lang)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(current, stage / po_relpath(lang))
        pybabel(
            "update",
            "--init-missing",
            "--previous",
            "--width",
            str(WIDTH),
            "-i",
            str(pot),
            "-d",
            str(stage),
            "-D",
            DOMAIN,
            "-l",
            lang,
        )
    fill_source_language(stage / po_relpath(SOURCE_LANGUAGE), SOURCE_LANGUAGE)
    for lang in LANGUAGES:
        pybabel("compile", "-d", str(stage), "-D", DOMAIN, "-l", lang)
        if not (stage / mo_relpath(lang)).exists():
            raise SystemExit(f"{lang}: not compiled (is the whole catalog marked fuzzy?)")


def placeholders(text: str) -> set[str]:
    """The str.format field names in ``text``; a malformed template gives {'<malformed>'}."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return {"<malformed>"}


def as_tuple(value: str | Sequence[str] | None) -> tuple[str, ...]:
    """A message's id or string as a tuple of forms (one form unless it has plurals)."""
    if value is None:
        return ("",)
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def describe(message: Message) -> str:
    msgid = message.id if isinstance(message.id, str) else message.id[0]
    return f"{msgid!r}" + (f" (context {message.context!r})" if message.context else "")


@dataclass
class Report:
    untranslated: dict[str, list[str]] = field(default_factory=dict)
    fuzzy: dict[str, list[str]] = field(default_factory=dict)
    placeholder_errors: dict[str, list[str]] = field(default_factory=dict)

    def problems(self) -> bool:
        return any(
            any(v.values()) for v in (self.untranslated, self.fuzzy, self.placeholder_errors)
        )


def inspect(catalog: Catalog, lang: str, report: Report) -> None:
    untranslated = report.untranslated.setdefault(lang, [])
    fuzzy = report.fuzzy.setdefault(lang, [])
    bad = report.placeholder_errors.setdefault(lang, [])
    for message in catalog:
        if not message.id:
            continue
        ids = as_tuple(message.id)
        strings = as_tuple(message.string)
        if "fuzzy" in message.flags:
            fuzzy.append(describe(message))
        elif not all(strings):
            untranslated.append(describe(message))
        for index, text in enumerate(strings):
            if not text:
                continue
            source = ids[min(index, len(ids) - 1)]
            if placeholders(text) != placeholders(source):
                bad.append(
                    f"{describe(message)}: {sorted(placeholders(text))} in the translation, "
                    f"{sorted(placeholders(source))} in the msgid"
                )


def print_report(report: Report) -> None:
    for lang in LANGUAGES:
        for title, entries in (
            ("untranslated", report.untranslated.get(lang, [])),
            ("fuzzy (check each, then remove its fuzzy flag)", report.fuzzy.get(lang, [])),
            ("placeholders differ", report.placeholder_errors.get(lang, [])),
        ):
            if entries:
                print(f"{lang}: {len(entries)} {title}:", file=sys.stderr)
                for entry in entries:
                    print(f"  {entry}", file=sys.stderr)


# The header that names the tool (and its version) which wrote the file: a newer Babel
# writes another one into the same catalog, so it is not part of the content.
TOOL_HEADER = "generated-by"

MoContent = dict[tuple[str | None, tuple[str, ...]], tuple[str, ...]]


def mo_content(data: bytes) -> tuple[dict[str, str], MoContent]:
    """A compiled catalog's headers (less the tool's own) and its messages, read back."""
    headers = gettext.GNUTranslations(io.BytesIO(data)).info()
    headers.pop(TOOL_HEADER, None)
    messages = {
        (message.context, as_tuple(message.id)): as_tuple(message.string)
        for message in read_mo(io.BytesIO(data))
        if message.id
    }
    return headers, messages


def same_content(path: Path, staged: Path) -> bool:
    """Whether a managed file already holds what the stage built (.mo files by content)."""
    if not path.exists():
        return False
    if path.suffix == ".mo":
        return mo_content(path.read_bytes()) == mo_content(staged.read_bytes())
    return without_volatile_headers(path.read_bytes()) == without_volatile_headers(
        staged.read_bytes()
    )


def write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if a catalog is out of date, untranslated or fuzzy",
    )
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="vakka-catalogs-") as tmp:
        stage = Path(tmp)
        stage_catalogs(stage)
        changed = [
            rel for rel in managed_files() if not same_content(LOCALE_DIR / rel, stage / rel)
        ]
        report = Report()
        for lang in LANGUAGES:
            with (stage / po_relpath(lang)).open("rb") as handle:
                inspect(read_po(handle, locale=lang), lang, report)
        if not args.check:
            for rel in changed:
                write_atomically(LOCALE_DIR / rel, (stage / rel).read_bytes())

    print_report(report)
    where = LOCALE_DIR.relative_to(ROOT) if LOCALE_DIR.is_relative_to(ROOT) else LOCALE_DIR
    if args.check:
        # A changed .mo means messages were added, removed or edited; a changed .pot or
        # .po alone means only locations or comments moved, which needs no action.
        stale = any(rel.suffix == ".mo" or not (LOCALE_DIR / rel).exists() for rel in changed)
        for rel in changed:
            what = "out of date" if stale else "locations or comments changed"
            print(f"{what}: {where / rel}", file=sys.stderr)
        if stale or report.problems():
            print(
                "catalogs need work: run scripts/update_catalogs.py, translate, run it again",
                file=sys.stderr,
            )
            return 1
        print("catalogs are complete and compiled")
        return 0
    for rel in changed:
        print(f"updated: {where / rel}")
    if not changed:
        print("catalogs already up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
