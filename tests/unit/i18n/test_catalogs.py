"""The message catalogs are complete, consistent and compiled (ARCHITECTURE.md, Languages).

When a test here fails after you added or changed a string under app/, run
``.venv/bin/python scripts/update_catalogs.py``, translate what it lists in the fi and
sv .po files, and run it again.
"""

from __future__ import annotations

import importlib.util
import io
import shutil
import string
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from app.domain.errors import VakkaError
from app.i18n import LANGUAGES, LOCALE_DIR, message_for, tr
from app.i18n.messages import ERROR_MESSAGES

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "scripts" / "update_catalogs.py"
FIX = "run scripts/update_catalogs.py, translate, and run it again"


def load_script() -> ModuleType:
    name = "vakka_update_catalogs"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / "vakka.po"


def mo_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / "vakka.mo"


def read_catalog(path: Path, lang: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=lang)


def forms(value: str | Sequence[str] | None) -> tuple[str, ...]:
    if value is None:
        return ("",)
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def describe(message: Message) -> str:
    text = repr(forms(message.id)[0])
    return f"{text} (context {message.context!r})" if message.context else text


def placeholders(text: str) -> set[str]:
    """str.format field names; a malformed template (a lone brace) raises ValueError."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def completeness_problems(template: Catalog, catalog: Catalog) -> list[str]:
    """Template msgids missing, empty or fuzzy in ``catalog``, and any other fuzzy entry."""
    problems: list[str] = []
    if catalog.fuzzy:
        problems.append("the whole catalog is marked fuzzy")
    for message in template:
        if not message.id:
            continue
        found = catalog.get(message.id, message.context)
        if found is None:
            problems.append(f"missing: {describe(message)}")
        elif "fuzzy" in found.flags:
            problems.append(f"fuzzy: {describe(message)}")
        elif not all(forms(found.string)):
            problems.append(f"untranslated: {describe(message)}")
    for message in catalog:
        if message.id and "fuzzy" in message.flags and template.get(message.id) is None:
            problems.append(f"fuzzy: {describe(message)}")
    return problems


def placeholder_problems(catalog: Catalog) -> list[str]:
    """Entries whose translation has other {placeholders} than the msgid (or is malformed)."""
    problems: list[str] = []
    for message in catalog:
        if not message.id:
            continue
        ids = forms(message.id)
        for index, text in enumerate(forms(message.string)):
            if not text:
                continue
            # msgstr[0] matches the singular msgid, msgstr[1:] the plural one.
            source = ids[min(index, len(ids) - 1)]
            try:
                wanted, got = placeholders(source), placeholders(text)
            except ValueError as error:
                problems.append(f"{describe(message)}: malformed template ({error})")
                continue
            if wanted != got:
                problems.append(f"{describe(message)}: {sorted(got)} != msgid's {sorted(wanted)}")
    return problems


def compiled(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """The strings of the current source, extracted the way the script extracts them."""
    pot = tmp_path_factory.mktemp("catalogs") / "vakka.pot"
    load_script().extract(pot)
    return read_catalog(pot)


# --- the real catalogs ---


def test_the_source_has_strings(template: Catalog) -> None:
    ids = {forms(m.id)[0] for m in template if m.id}
    # One string of the domain's error messages and one of the PDFs: extraction works.
    assert ERROR_MESSAGES["internal.unknown_code"] in ids
    assert "Emergency sheet" in ids


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalog_is_complete(template: Catalog, lang: str) -> None:
    problems = completeness_problems(template, read_catalog(po_path(lang), lang))
    assert not problems, f"{lang}.po ({FIX}):\n" + "\n".join(problems)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_match(lang: str) -> None:
    problems = placeholder_problems(read_catalog(po_path(lang), lang))
    assert not problems, f"{lang}.po:\n" + "\n".join(problems)


def mo_content(data: bytes) -> object:
    return load_script().mo_content(data)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_mo_is_compiled_from_po(lang: str) -> None:
    expected = mo_content(compiled(read_catalog(po_path(lang), lang)))
    assert mo_content(mo_path(lang).read_bytes()) == expected, f"{lang}.mo is stale: {FIX}"


def test_tr_translates() -> None:
    assert tr("fi").gettext("Emergency sheet") == "Hätäarkki"
    assert tr("sv").gettext("Emergency sheet") == "Nödblad"
    assert tr("en").gettext("Emergency sheet") == "Emergency sheet"
    assert tr("fi_FI.UTF-8").gettext("Page {page} of {pages}").format(page=1, pages=2) == (
        "Sivu 1/2"
    )


def test_message_for_uses_the_catalog() -> None:
    error = VakkaError("no.such.code")
    assert message_for(error, "fi") == "Tapahtui jotain odottamatonta (koodi no.such.code)."
    assert message_for(error, "en") == "Something unexpected happened (code no.such.code)."


def test_update_script_check_passes(capsys: pytest.CaptureFixture[str]) -> None:
    status = load_script().main(["--check"])
    assert status == 0, capsys.readouterr().err


# --- the checks above can fail ---


def test_completeness_check_finds_missing_empty_and_fuzzy() -> None:
    template = Catalog()
    for msgid in ("Kept", "Empty", "Fuzzy", "Missing"):
        template.add(msgid)
    template.add(("{count} client", "{count} clients"))
    catalog = Catalog(locale="fi", fuzzy=False)
    catalog.add("Kept", "Pidetty")
    catalog.add("Empty", "")
    catalog.add("Fuzzy", "Sumea", flags=["fuzzy"])
    catalog.add(("{count} client", "{count} clients"), ("{count} asiakas", ""))
    catalog.add("Gone", "Poissa", flags=["fuzzy"])

    problems = completeness_problems(template, catalog)

    assert sorted(problems) == sorted(
        [
            "untranslated: 'Empty'",
            "fuzzy: 'Fuzzy'",
            "missing: 'Missing'",
            "untranslated: '{count} client'",
            "fuzzy: 'Gone'",
        ]
    )


def test_placeholder_check_finds_differences() -> None:
    catalog = Catalog(locale="fi", fuzzy=False)
    catalog.add("Hello {name}", "Hei {name}")
    catalog.add("Bye {name}", "Hei hei {nimi}")
    catalog.add("Only {code}", "Vain")
    catalog.add("Plain", "Tavallinen {extra}")
    catalog.add("Brace {code}", "Sulje {code")
    catalog.add(("{count} file", "{count} files"), ("{count} tiedosto", "tiedostoja"))

    problems = placeholder_problems(catalog)

    assert [p.split(":")[0] for p in problems] == [
        "'Bye {name}'",
        "'Only {code}'",
        "'Plain'",
        "'Brace {code}'",
        "'{count} file'",
    ]


def test_mo_check_notices_an_edited_po() -> None:
    catalog = read_catalog(po_path("fi"), "fi")
    message = catalog.get("Emergency sheet")
    assert message is not None
    message.string = "Hätälappu"
    assert mo_content(compiled(catalog)) != mo_content(mo_path("fi").read_bytes())


def with_tool_header(data: bytes, tool: bytes) -> bytes:
    """The same compiled catalog as if another version of the tool had written it."""
    start = data.index(b"Generated-By: ")
    end = data.index(b"\n", start)
    assert len(tool) <= end - start, "the test keeps the file's offsets: a header no longer"
    return data[:start] + tool.ljust(end - start) + data[end:]


def test_mo_check_ignores_the_generating_tool() -> None:
    data = mo_path("sv").read_bytes()
    other = with_tool_header(data, b"Generated-By: Babel 9.9.9")
    assert other != data
    assert mo_content(other) == mo_content(data)


def test_mo_check_notices_a_changed_translation_and_header() -> None:
    data = mo_path("sv").read_bytes()
    changed = data.replace("Nödblad".encode(), "Nödlapp".encode())
    assert changed != data
    assert mo_content(changed) != mo_content(data)
    language = data.replace(b"Language: sv", b"Language: fi")
    assert language != data
    assert mo_content(language) != mo_content(data)


def test_script_check_ignores_the_tool_but_not_a_stale_mo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    script = load_script()
    locale = tmp_path / "locale"
    shutil.copytree(LOCALE_DIR, locale)
    monkeypatch.setattr(script, "LOCALE_DIR", locale)
    fi_mo = locale / "fi" / "LC_MESSAGES" / "vakka.mo"
    original = fi_mo.read_bytes()

    fi_mo.write_bytes(with_tool_header(original, b"Generated-By: Babel 0.1"))
    assert script.main(["--check"]) == 0, capsys.readouterr().err

    fi_mo.write_bytes(original.replace("Hätäarkki".encode(), "Hätäarkko".encode()))
    assert script.main(["--check"]) == 1
    assert "out of date" in capsys.readouterr().err
