"""GUI fixtures: a real register on the real worker thread, driven with qtbot."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.db.keyfile import FAST_INSECURE_KDF
from app.db.vault import Secret
from app.services import register as register_service
from app.services.demo import populate_demo
from app.services.preferences import Preferences
from app.services.reminders.commands import Ran
from app.services.reminders.scheduler import Host
from app.ui.clipboard import SecureClipboard
from app.ui.context import UiContext, UiEvents
from app.ui.texts import set_ui_language
from app.ui.worker import Database
from tests.conftest import FIXED_NOW, PASSPHRASE, fixed_clock

DEMO_CLIENTS = 40
TODAY: date = FIXED_NOW.date()


def wait_db(qtbot: QtBot, ctx: UiContext, timeout: int = 10_000) -> None:
    """Wait until every job queued on the worker has finished and its callback ran."""
    qtbot.waitUntil(lambda: not ctx.db.busy, timeout=timeout)


@pytest.fixture(scope="session")
def demo_register_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("gui-demo") / "register"
    created = register_service.create(folder, PASSPHRASE, kdf=FAST_INSECURE_KDF, clock=fixed_clock)
    try:
        populate_demo(created.session, clients=DEMO_CLIENTS)
    finally:
        created.session.close()
    return folder


@pytest.fixture
def demo_folder(demo_register_template: Path, tmp_path: Path) -> Path:
    import shutil

    folder = tmp_path / "register"
    shutil.copytree(demo_register_template, folder)
    return folder


class FakeRunner:
    """The OS scheduler's commands, recorded and answered "ok": no real systemctl runs."""

    def __init__(self) -> None:
        self.commands: list[tuple[str, ...]] = []

    def __call__(self, args: object, stdin: str | None = None) -> Ran:
        self.commands.append(tuple(args))  # type: ignore[call-overload]
        return Ran(0)


def fake_scheduler_host(home: Path, runner: FakeRunner | None = None) -> Host:
    """A Linux host with systemd, its files under ``home``, its commands faked."""
    return Host(
        platform="linux",
        env={"HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config")},
        runner=runner or FakeRunner(),
        which=lambda name: f"/usr/bin/{name}",
        systemd_booted=lambda: True,
    )


@pytest.fixture
def ui_language() -> str:
    return "en"


@pytest.fixture
def ctx(qtbot: QtBot, demo_folder: Path, ui_language: str) -> Iterator[UiContext]:
    """An unlocked demo register (clinical store open) on the worker thread."""
    set_ui_language(ui_language)
    errors: list[BaseException] = []

    def record(error: BaseException) -> None:
        errors.append(error)  # a test that expects none asserts ctx.errors == []

    db = Database(record)
    context = UiContext(
        db=db,
        prefs=Preferences(),
        events=UiEvents(),
        clipboard=SecureClipboard(),
        register_folder=demo_folder,
        scheduler_host=fake_scheduler_host(demo_folder.parent / "home"),
    )
    db.adopt(
        lambda: register_service.unlock(
            demo_folder, Secret(passphrase=PASSPHRASE), clock=fixed_clock
        )
    )
    wait_db(qtbot, context)
    context.errors = errors  # type: ignore[attr-defined]
    yield context
    db.shutdown()
    set_ui_language("en")


@pytest.fixture(autouse=True)
def discard_without_asking(monkeypatch: pytest.MonkeyPatch) -> None:
    """A modal "Throw the typed text away?" would block a test: unless a test answers it
    itself (tests/gui/test_day_without_traps.py), the answer is "discard"."""
    from app.ui.dialogs import form_helpers

    monkeypatch.setattr(form_helpers, "confirm_discard", lambda _parent: True)
