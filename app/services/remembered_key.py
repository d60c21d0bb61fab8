"""Opt-in "remember on this computer": the data key in the OS keyring.

Only the operating system's own keychains count as safe (Secret Service, KWallet,
macOS Keychain, Windows Credential Locker); a plaintext or file-based fallback such
as keyrings.alt is refused, and where there is no safe backend the option is simply
unavailable. The keyring holds the data key only, never a passphrase; it opens the
register store but not the clinical store, and does not bypass the idle lock.
"""

from __future__ import annotations

import contextlib
from typing import Any

import keyring
import keyring.errors

SERVICE = "Vakka register"
_SAFE_MODULES = (
    "keyring.backends.SecretService",
    "keyring.backends.libsecret",
    "keyring.backends.kwallet",
    "keyring.backends.macOS",
    "keyring.backends.Windows",
)


def _is_safe(backend: Any) -> bool:
    inner = getattr(backend, "backends", None)
    if inner is not None:  # the chainer: safe only if every backend in the chain is
        return bool(inner) and all(_is_safe(b) for b in inner)
    if getattr(type(backend), "vakka_trusted_for_tests", False):
        return True
    return type(backend).__module__.startswith(_SAFE_MODULES)


def available() -> bool:
    """Whether a safe OS keyring exists here."""
    try:
        return _is_safe(keyring.get_keyring())
    except Exception:  # a broken keyring configuration means "not available"
        return False


def remember(register_id: str, data_key: bytes) -> bool:
    """Store the key; False (not an error) when no safe keyring is available."""
    if not available():
        return False
    try:
        keyring.set_password(SERVICE, register_id, data_key.hex())
    except keyring.errors.KeyringError:
        return False
    return True


def recall(register_id: str) -> bytes | None:
    if not available():
        return None
    try:
        value = keyring.get_password(SERVICE, register_id)
    except keyring.errors.KeyringError:
        return None
    if value is None:
        return None
    try:
        key = bytes.fromhex(value)
    except ValueError:
        return None
    return key if len(key) == 32 else None


def forget(register_id: str) -> None:
    if not available():
        return
    with contextlib.suppress(keyring.errors.KeyringError):
        keyring.delete_password(SERVICE, register_id)
