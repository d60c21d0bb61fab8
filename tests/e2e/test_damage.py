"""Damaged files (issue 13 item 2): each damage has its own clear message, `vakka check`
and an unlocking command exit 4 without a traceback, and nothing is changed on disk.

Complements test_cli_exit_codes.py (random header bytes, a rewritten key file, a random
middle page) with single flipped bits, truncations, a damaged audit head, the key file
copies and the unlock window. Every file is hashed before and after each command.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.db.keyfile import FAST_INSECURE_KDF
from app.services import register as register_service
from app.services.demo import populate_demo
from app.services.preferences import Preferences
from app.ui.main import VakkaApp
from app.ui.texts import set_ui_language
from tests.conftest import PASSPHRASE, fixed_clock
from tests.e2e.cli_helpers import assert_no_traceback, run_vakka
from tests.gui.test_unlock_and_lock import _dialog_ready, _type_and_open

PAGE = 4096
KEY_FILES = ("vakka.key", "vakka.key.bak")

Damage = Callable[[Path], None]


# The register's own files; the OS lock file (empty) and the due summary (counts only,
# rewritten at close) are not evidence and may change.
REGISTER_FILES = ("register.db", "clinical.db", *KEY_FILES, "audit.head")


def _hashes(folder: Path) -> dict[str, str]:
    return {
        name: hashlib.sha256((folder / name).read_bytes()).hexdigest()
        for name in REGISTER_FILES
        if (folder / name).exists()
    }


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("damage") / "register"
    created = register_service.create(folder, PASSPHRASE, kdf=FAST_INSECURE_KDF, clock=fixed_clock)
    try:
        populate_demo(created.session, clients=30)
    finally:
        created.session.close()
    for store in ("register.db", "clinical.db"):
        assert (folder / store).stat().st_size >= 8 * PAGE, "several pages of data"
    return folder


@pytest.fixture
def folder(template: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "register"
    shutil.copytree(template, copy)
    return copy


def flip_bit(name: str, page: int | None = None) -> Damage:
    """One bit flipped inside page ``page`` (default: the middle page), past its header."""

    def damage(folder: Path) -> None:
        path = folder / name
        data = bytearray(path.read_bytes())
        number = (len(data) // PAGE) // 2 if page is None else page
        data[number * PAGE + 1000] ^= 0x01
        path.write_bytes(bytes(data))

    return damage


def truncate(*names: str, keep: float = 0.5) -> Damage:
    def damage(folder: Path) -> None:
        for name in names:
            path = folder / name
            data = path.read_bytes()
            path.write_bytes(data[: int(len(data) * keep)])

    return damage


def delete(*names: str) -> Damage:
    def damage(folder: Path) -> None:
        for name in names:
            (folder / name).unlink()

    return damage


def flip_key_files(folder: Path) -> None:
    """Key files are one small JSON text: a bit flipped in the middle of each copy."""
    for name in KEY_FILES:
        path = folder / name
        data = bytearray(path.read_bytes())
        data[len(data) // 2] ^= 0x01
        path.write_bytes(bytes(data))


DAMAGED_STORE = "A file of the register ({store}) is damaged and cannot be opened"
# (damage, its message, whether an unlocking command already refuses: a damaged middle
# page is found only by check's cipher_integrity_check, ARCHITECTURE.md)
CASES: dict[str, tuple[Damage, str, bool]] = {
    "register-middle-page": (
        flip_bit("register.db"),
        "Pages of the register store (register.db) are damaged",
        False,
    ),
    "clinical-middle-page": (
        flip_bit("clinical.db"),
        "Pages of the patient-record store (clinical.db) are damaged",
        False,
    ),
    "register-first-page": (flip_bit("register.db", 0), DAMAGED_STORE, True),
    "clinical-first-page": (flip_bit("clinical.db", 0), DAMAGED_STORE, True),
    "register-truncated": (truncate("register.db"), DAMAGED_STORE, True),
    "clinical-truncated": (truncate("clinical.db"), DAMAGED_STORE, True),
    "register-emptied": (truncate("register.db", keep=0), DAMAGED_STORE, True),
    "clinical-emptied": (truncate("clinical.db", keep=0), DAMAGED_STORE, True),
    "register-torn-last-page": (truncate("register.db", keep=0.999), "(register.db)", False),
    "key-files-truncated": (truncate(*KEY_FILES), "The register's key file is damaged", True),
    "key-files-flipped": (flip_key_files, "The register's key file is damaged", True),
    "key-files-deleted": (delete(*KEY_FILES), "The register's key file is missing", True),
    "audit-head-truncated": (
        truncate("audit.head"),
        "The audit log's head file (audit.head) is damaged",
        False,
    ),
    "audit-head-deleted": (
        delete("audit.head"),
        "The audit log's head file (audit.head) is missing",
        False,
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_damage_has_its_own_message_and_changes_nothing(folder: Path, case: str) -> None:
    damage, message, refused_at_unlock = CASES[case]
    damage(folder)
    before = _hashes(folder)
    store = "clinical.db" if case.startswith("clinical") else "register.db"

    checked = run_vakka("check", "--register", str(folder))
    assert_no_traceback(checked)
    assert checked.returncode == 4, (checked.returncode, checked.stderr)
    assert message.format(store=store) in checked.stderr, checked.stderr
    assert "unexpected problem" not in checked.stderr
    assert _hashes(folder) == before

    if refused_at_unlock:
        listed = run_vakka("clients", "--register", str(folder))
        assert_no_traceback(listed)
        assert listed.returncode == 4, (listed.returncode, listed.stderr)
        assert message.format(store=store) in listed.stderr, listed.stderr
        assert _hashes(folder) == before


@pytest.mark.parametrize("name", KEY_FILES)
@pytest.mark.parametrize("damage", ["truncated", "deleted"])
def test_one_damaged_key_file_copy_is_repaired_from_the_other(
    folder: Path, name: str, damage: str
) -> None:
    """Two copies exist so that one can fail (ARCHITECTURE.md): check mends it from the
    other, says so, and exits 0; both copies damaged are the exit-4 cases above."""
    other = next(n for n in KEY_FILES if n != name)
    (truncate(name) if damage == "truncated" else delete(name))(folder)
    kept = (folder / other).read_bytes()
    result = run_vakka("check", "--register", str(folder))
    assert_no_traceback(result)
    assert result.returncode == 0, result.stderr
    assert "was repaired" in result.stderr
    assert (folder / name).read_bytes() == kept == (folder / other).read_bytes()


@pytest.fixture
def vakka(qtbot: QtBot, qapp: QApplication, folder: Path) -> VakkaApp:
    set_ui_language("en")
    app = VakkaApp(qapp, folder, Preferences())
    qtbot.addWidget(app.window)
    yield app
    app.shutdown()


@pytest.mark.parametrize("case", ["register-truncated", "clinical-first-page", "key-files-deleted"])
def test_the_unlock_window_names_the_damage(
    qtbot: QtBot, vakka: VakkaApp, folder: Path, case: str
) -> None:
    damage, message, _refused = CASES[case]
    damage(folder)
    before = _hashes(folder)
    vakka.begin()
    qtbot.waitUntil(lambda: _dialog_ready(vakka))
    _type_and_open(qtbot, vakka, PASSPHRASE)
    dialog = vakka.unlock_dialog
    assert dialog is not None
    store = "clinical.db" if case.startswith("clinical") else "register.db"
    qtbot.waitUntil(lambda: message.format(store=store) in dialog.message.text(), timeout=10_000)
    assert dialog.isVisible()
    assert not vakka.window.isVisible()
    assert _hashes(folder) == before
