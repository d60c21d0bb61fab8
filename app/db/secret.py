"""How the user proves they may open the register (standard library only, so the unlock
window can hold one without importing the database layer)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Secret:
    """How the user proves they may open the register: exactly one of these."""

    passphrase: str | None = None
    recovery_code: str | None = None
    data_key: bytes | None = None  # from the OS keyring
