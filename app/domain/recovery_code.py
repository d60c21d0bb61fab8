"""The recovery code: the register's 256-bit data key written for humans.

Base32 (RFC 4648) of the 32 key bytes gives 52 characters; two more characters of
check (from SHA-256 of the key) catch a mistyped code before any store is tried.
The 54 characters are shown in nine groups of six. Because the first 52 characters
are plain base32, the stores open with nothing but ``base64.b32decode`` and a
SQLCipher 4 library (see the README).
"""

from __future__ import annotations

import base64
import hashlib

from app.domain.errors import WrongSecretError

KEY_BYTES = 32
_KEY_CHARS = 52
_CHECK_CHARS = 2
_GROUP = 6
# Characters people confuse with base32 letters (base32 has no 0, 1 or 8).
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})
_ALPHABET = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")


def _check(key: bytes) -> str:
    return base64.b32encode(hashlib.sha256(b"vakka-recovery" + key).digest())[
        :_CHECK_CHARS
    ].decode()


def encode_recovery_code(key: bytes) -> str:
    """The grouped code for a 32-byte data key."""
    if len(key) != KEY_BYTES:
        raise ValueError("the data key must be 32 bytes")
    chars = base64.b32encode(key).decode().rstrip("=") + _check(key)
    return "-".join(chars[i : i + _GROUP] for i in range(0, len(chars), _GROUP))


def decode_recovery_code(text: str) -> bytes:
    """The data key from a code as typed (any case, spaces or dashes, 0/1/8 for O/I/B).

    Raises WrongSecretError("recovery_code.malformed") when the length or the check
    characters do not match, so a typo is told apart from a code of another register.
    """
    chars = "".join(c for c in text.upper() if c.isalnum()).translate(_LOOKALIKES)
    if len(chars) != _KEY_CHARS + _CHECK_CHARS or not set(chars) <= _ALPHABET:
        raise WrongSecretError("recovery_code.malformed")
    key = base64.b32decode(chars[:_KEY_CHARS] + "====")
    if _check(key) != chars[_KEY_CHARS:]:
        raise WrongSecretError("recovery_code.malformed")
    return key
