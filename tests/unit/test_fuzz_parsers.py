"""Every input parser on random input (issue 13 item 5): only the project's own errors
(VakkaError and its kinds) come out, never another exception.

Already fuzzed elsewhere and not repeated here: the CSV reader on random bytes and
random tables (tests/unit/services/test_client_import.py) and the key file's KDF
parameters (tests/unit/db/test_keyfile_params.py).
"""

from __future__ import annotations

import contextlib
import io
import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from app.db.keyfile import KeyFile
from app.db.vault import Secret
from app.domain import client_import as import_rules
from app.domain.errors import VakkaError, ValidationError
from app.domain.hetu import parse_hetu
from app.domain.reminders import parse_day_months
from app.domain.validation import (
    parse_date,
    validate_business_id,
    validate_email,
    validate_phone,
    validate_postal_code,
)
from app.services import backup
from app.services import client_import as import_service
from app.services.session import Session
from app.ui.dialogs.form_helpers import parse_typed_date, parse_typed_time
from app.ui.dialogs.invoice_dialog import parse_euros, parse_vat
from tests.conftest import PASSPHRASE

FUZZ = settings(max_examples=300, deadline=None)
# Text people type: digits (also other scripts' and superscripts), separators, letters.
TYPED = st.text(
    alphabet=st.sampled_from("0123456789²³¹١٢٣٤۵߃𝟘 .,:;-+/–—_€%AaBbXYZeEé\u00a0\t\n"), max_size=16
) | st.text(max_size=16)


@FUZZ
@given(TYPED)
def test_hetu(text: str) -> None:
    with contextlib.suppress(ValidationError):
        parse_hetu(text)


@FUZZ
@given(TYPED)
@example("².3.")  # a digit by isdigit() that int() refuses (found by this test)
def test_dates_times_and_review_days(text: str) -> None:
    assert parse_typed_date(text) is None or parse_typed_date(text).year >= 1
    parse_typed_time(text)
    for parse in (parse_date, parse_day_months):
        with contextlib.suppress(ValidationError):
            parse(text)


@FUZZ
@given(TYPED)
def test_money_and_vat(text: str) -> None:
    cents = parse_euros(text)
    assert cents is None or cents >= 0
    permille = parse_vat(text)
    assert permille is None or 0 <= permille <= 1000


@FUZZ
@given(TYPED | st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ234567-0189 ", max_size=70))
def test_recovery_code(text: str) -> None:
    from app.domain.recovery_code import decode_recovery_code

    with contextlib.suppress(VakkaError):
        assert len(decode_recovery_code(text)) == 32


@FUZZ
@given(TYPED)
def test_contact_fields(text: str) -> None:
    for validate in (validate_business_id, validate_email, validate_phone, validate_postal_code):
        with contextlib.suppress(ValidationError):
            validate(text)


@FUZZ
@given(st.binary(max_size=600) | st.text(max_size=300).map(str.encode))
def test_key_file_bytes(data: bytes) -> None:
    with contextlib.suppress(VakkaError):
        KeyFile.from_bytes(data)


@FUZZ
@given(
    st.lists(st.text(max_size=14), min_size=1, max_size=6),
    st.lists(st.lists(st.text(max_size=14), max_size=7), max_size=5),
)
def test_import_columns_and_rows(headers: list[str], rows: list[list[str]]) -> None:
    """Any header row and cells, through the mapping and the row checks."""
    try:
        mapping = import_rules.map_columns(headers)
    except ValidationError:
        return
    with contextlib.suppress(VakkaError):
        import_rules.check_rows(list(enumerate(rows, start=2)), mapping, [])


_CSV_BYTES = (
    st.binary(max_size=300)
    | st.lists(
        st.lists(st.text(max_size=10) | st.sampled_from(["Etunimi", "Sukunimi", "Email"]),
                 max_size=4),
        max_size=5,
    ).map(lambda rows: "\n".join(";".join(r) for r in rows).encode("utf-8"))
)  # fmt: skip


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(_CSV_BYTES)
def test_import_preview_of_any_file(session: Session, tmp_path: Path, data: bytes) -> None:
    """A file of any bytes through the import's preview on a real register."""
    file = tmp_path / "clients.csv"
    file.write_bytes(data)
    with contextlib.suppress(VakkaError):
        import_service.preview(session, file)


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
_MANIFESTS = st.fixed_dictionaries(
    {"format": st.just(backup.FORMAT) | st.text(max_size=6)},
    optional={"version": _JSON, "files": _JSON | st.dictionaries(
        st.sampled_from(["register.db", "vakka.key", "../x", "other"]), _JSON, max_size=3
    )},
)  # fmt: skip
BACKUPS = (
    st.binary(max_size=400)
    | _MANIFESTS.map(lambda m: _zip({backup.MANIFEST: json.dumps(m).encode()}))
    | st.binary(max_size=200).map(lambda b: _zip({backup.MANIFEST: b, "register.db": b}))
)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(BACKUPS)
def test_backup_file_bytes(tmp_path: Path, data: bytes) -> None:
    """Random bytes, and zip files with random manifests, restored as a backup."""
    file = tmp_path / "backup.vakka"
    file.write_bytes(data)
    target = tmp_path / "restored"
    with contextlib.suppress(VakkaError):
        backup.restore_backup(file, target, Secret(passphrase=PASSPHRASE))
    assert not target.exists()


@pytest.fixture
def cli_register(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from app.db.keyfile import FAST_INSECURE_KDF
    from app.services import register as register_service
    from tests.conftest import fixed_clock

    folder = tmp_path / "register"
    register_service.create(
        folder, PASSPHRASE, kdf=FAST_INSECURE_KDF, clock=fixed_clock
    ).session.close()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("VAKKA_PASSPHRASE", PASSPHRASE)
    return folder


# Not `demo` (slow by design), not `reminders` (the OS scheduler), never no command at
# all (that opens the desktop app).
_SKIPPED = {"demo", "reminders"}
_VALUES = st.sampled_from(
    ["", "x", "fi", "sv", "en", "pdf", "html", "patient", "1", "-1", "0", "99999999999999999999",
     "a=b", "Etunimi=first_name", "out.pdf", "out.ics", "register", ".", "..", "/",
     "nowhere/x.csv", "\x00", "~nobody/x", "ä" * 300, "-x", "---", "=", "%s", "{0}"]
) | st.text(max_size=10)  # fmt: skip


def _commands() -> dict[str, list[tuple[str, bool]]]:
    """Each command's options, from the real parser: (option or "" for a positional,
    whether it takes a value)."""
    import argparse

    from app.cli import Cli, build_parser

    parser = build_parser(Cli("en"))
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {
        name: [
            (action.option_strings[-1] if action.option_strings else "", action.nargs != 0)
            for action in command._actions
            if not isinstance(action, argparse._HelpAction)
        ]
        for name, command in sub.choices.items()
        if name not in _SKIPPED
    }


COMMANDS = _commands()


@st.composite
def _argv(draw: st.DrawFn) -> list[str]:
    command = draw(st.sampled_from(sorted(COMMANDS)))
    argv = [command]
    for option, takes_value in draw(st.lists(st.sampled_from(COMMANDS[command]), max_size=5)):
        argv += [option] if option else []
        argv += [draw(_VALUES)] if takes_value else []
    if draw(st.booleans()):
        argv.insert(draw(st.integers(0, len(argv))), draw(_VALUES | st.just("--help")))
    return argv


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(_argv())
def test_cli_arguments(cli_register: Path, argv: list[str]) -> None:
    """Random argument lists end with an exit code and a message, never a traceback."""
    from app.cli import main

    if not argv[0] or argv[0].startswith("-"):
        return  # no command: the desktop app would open
    argv = [*argv, "--register", str(cli_register)]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exit_:  # argparse: usage errors (2), --help and --version (0)
            code = exit_.code if isinstance(exit_.code, int) else 2
    event(f"exit {code}")
    assert code in (0, 1, 2, 3, 4, 5, 10), (argv, code)
    assert "Traceback" not in err.getvalue()
    assert "unexpected problem" not in err.getvalue(), (argv, err.getvalue())


# Files read beside the stores before (or without) the passphrase: the audit head, the due
# summary, the failed-unlock count; random bytes and random JSON (with Infinity, NaN and
# deep nesting, which json.loads accepts).
_DEEP = st.integers(1, 3).map(lambda n: ("[" * (n * 50_000) + "]" * (n * 50_000)).encode())
_FILE_BODIES = (
    st.binary(max_size=300)
    | _JSON.map(lambda v: json.dumps(v).encode())
    | st.dictionaries(
        st.sampled_from(["seq", "hash", "mac", "format", "version", "computed_at", "purge",
                         "count", "times", "next_purge_review", "backup_folder_seen_on"]),
        _JSON | st.sampled_from([float("inf"), float("nan"), "2026-11-23", "vakka-due-summary", 1]),
        max_size=6,
    ).map(lambda d: json.dumps(d).encode())
    | _DEEP
)  # fmt: skip


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(_FILE_BODIES)
def test_files_beside_the_stores(tmp_path: Path, data: bytes) -> None:
    from app.db import audit, failed_unlocks
    from app.services.reminders.summary import read_summary

    for name in ("audit.head", "summary.json", failed_unlocks.FILE_NAME):
        (tmp_path / name).write_bytes(data)
    audit.read_head(tmp_path / "audit.head")
    read_summary(tmp_path)
    failed_unlocks.read(tmp_path)
