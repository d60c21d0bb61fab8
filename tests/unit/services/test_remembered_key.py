"""The OS keyring: safe backends only; the key opens the register store but not the clinical one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

from app.db.vault import Secret
from app.domain.errors import WrongSecretError
from app.services import register as register_service
from app.services import remembered_key
from app.services.session import Session
from tests.conftest import PASSPHRASE


class MemoryKeyring(KeyringBackend):
    """An in-memory stand-in for an OS keychain."""

    priority = 1  # type: ignore[assignment]
    vakka_trusted_for_tests = True

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


class PlaintextKeyring(MemoryKeyring):
    vakka_trusted_for_tests = False


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    old = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(old)


def test_remembered_key_opens_register_but_not_clinical(
    new_register: tuple[Session, str], register_folder: Path, memory_keyring: MemoryKeyring
) -> None:
    session, _ = new_register
    register_id = session.register.register_id
    assert remembered_key.remember(register_id, session.register.data_key_for_keyring())
    stored = next(iter(memory_keyring.store.values()))
    assert PASSPHRASE not in stored
    session.close()
    key = remembered_key.recall(register_id)
    assert key is not None
    # Even when asked for, the keyring's key does not open the clinical store.
    reopened = register_service.unlock(register_folder, Secret(data_key=key), clinical=True)
    try:
        assert not reopened.register.clinical_open
        with pytest.raises(WrongSecretError):
            reopened.register.unlock_clinical(Secret(data_key=key))
        reopened.register.unlock_clinical(Secret(passphrase=PASSPHRASE))
        assert reopened.register.clinical_open
    finally:
        reopened.close()
    remembered_key.forget(register_id)
    assert remembered_key.recall(register_id) is None


def test_plaintext_backend_is_refused(new_register: tuple[Session, str]) -> None:
    old = keyring.get_keyring()
    backend = PlaintextKeyring()
    keyring.set_keyring(backend)
    try:
        assert not remembered_key.available()
        assert not remembered_key.remember("abc", b"k" * 32)
        assert backend.store == {}
    finally:
        keyring.set_keyring(old)


def test_no_keyring_is_unavailable_not_an_error() -> None:
    from keyring.backends.fail import Keyring as FailKeyring

    old = keyring.get_keyring()
    keyring.set_keyring(FailKeyring())
    try:
        assert not remembered_key.available()
        assert remembered_key.recall("abc") is None
        assert remembered_key.remember("abc", b"k" * 32) is False
    finally:
        keyring.set_keyring(old)
