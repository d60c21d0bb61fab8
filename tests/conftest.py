"""Shared fixtures: every test gets its own folders, cheap KDF parameters and a fixed clock."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

# pytest-qt has no ini option for the platform; set it before Qt is imported anywhere.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.db.keyfile import FAST_INSECURE_KDF
from app.services import register as register_service
from app.services.session import Session

PASSPHRASE = "Tests use this long passphrase 2026"
FIXED_NOW = datetime(2026, 11, 23, 9, 30).astimezone()


def fixed_clock() -> datetime:
    return FIXED_NOW


@pytest.fixture(autouse=True)
def isolated_environment(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Own HOME, config, data, cache and log folders; English messages; cheap KDF."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    monkeypatch.setenv("LANGUAGE", "en")
    monkeypatch.setenv("VAKKA_INSECURE_FAST_KDF", "1")
    for name in ("VAKKA_PASSPHRASE", "VAKKA_RECOVERY_CODE", "VAKKA_NEW_PASSPHRASE"):
        monkeypatch.delenv(name, raising=False)
    return home


@pytest.fixture
def register_folder(tmp_path: Path) -> Path:
    return tmp_path / "register"


@pytest.fixture
def new_register(register_folder: Path) -> Iterator[tuple[Session, str]]:
    """A freshly created, open register and its recovery code."""
    created = register_service.create(
        register_folder, PASSPHRASE, kdf=FAST_INSECURE_KDF, clock=fixed_clock
    )
    yield created.session, created.recovery_code
    created.session.close()


@pytest.fixture
def session(new_register: tuple[Session, str]) -> Session:
    return new_register[0]
