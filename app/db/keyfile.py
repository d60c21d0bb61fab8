"""The key file: the data key wrapped with the passphrase.

Layout (JSON, UTF-8): the KDF and its parameters (scrypt from the standard library),
AES-256-GCM nonce and ciphertext of the data key, a key-check value that lets a
recovery code be verified without trying the stores, and a plain SHA-256 checksum
over all of it. The checksum tells a damaged file (exit 4) from a wrong passphrase
(the GCM tag fails on an intact file: exit 3). Two copies, ``vakka.key`` and
``vakka.key.bak``, each written atomically with the folder fsynced; a passphrase
change rewrites one copy at a time, so a crash leaves at least one copy that opens
with the old or the new passphrase.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from app.domain.errors import RegisterDamagedError, VakkaError, WrongSecretError
from app.files import atomic_write_bytes

FORMAT = "vakka-key-file"
VERSION = 1

# What a key file may ask of scrypt. The checksum has no key, so anyone can write a
# key file with any numbers in it: these bounds keep a crafted or damaged one from
# crashing the unlock or asking for gigabytes of memory (FAST_INSECURE_KDF and
# PRODUCTION_KDF lie well inside them).
MIN_LOG2_N, MAX_LOG2_N = 10, 22
MAX_R, MAX_P = 32, 16
MAX_KDF_MEMORY = 1 << 30  # 128 * n * r bytes
MAX_KDF_WORK = 1 << 32  # 128 * n * r * p: time, bounded like memory
SALT_BYTES, NONCE_BYTES, KEY_CHECK_BYTES = 16, 12, 16
WRAPPED_KEY_BYTES = 32 + 16  # the data key and the GCM tag


@dataclass(frozen=True)
class KdfParams:
    """scrypt cost parameters; memory use is 128 * n * r bytes."""

    n: int = 2**17
    r: int = 8
    p: int = 1

    @property
    def maxmem(self) -> int:
        return 256 * self.n * self.r + 1024 * 1024


def _count(value: object) -> int:
    """An int that JSON wrote as an int (a bool or a float is no count here)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("kdf parameters must be integers")
    return value


def checked_kdf(n: object, r: object, p: object) -> KdfParams:
    """KdfParams from a key file's numbers, or ValueError if they are out of range."""
    params = KdfParams(n=_count(n), r=_count(r), p=_count(p))
    if not 2**MIN_LOG2_N <= params.n <= 2**MAX_LOG2_N or params.n & (params.n - 1):
        raise ValueError("kdf n out of range")
    if not 1 <= params.r <= MAX_R or not 1 <= params.p <= MAX_P:
        raise ValueError("kdf r or p out of range")
    if 128 * params.n * params.r > MAX_KDF_MEMORY:
        raise ValueError("kdf memory out of range")
    if 128 * params.n * params.r * params.p > MAX_KDF_WORK:
        raise ValueError("kdf work out of range")
    return params


def _sized(data: bytes, size: int) -> bytes:
    if len(data) != size:
        raise ValueError("field length")
    return data


PRODUCTION_KDF = KdfParams()
# For tests and benchmarks only: a key file written with these is easy to brute-force.
FAST_INSECURE_KDF = KdfParams(n=2**10, r=8, p=1)


def default_kdf() -> KdfParams:
    """Production parameters unless the test suite asks for cheap ones."""
    if os.environ.get("VAKKA_INSECURE_FAST_KDF") == "1":
        return FAST_INSECURE_KDF
    return PRODUCTION_KDF


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    return base64.b64decode(text.encode("ascii"), validate=True)


def normalize_passphrase(passphrase: str) -> bytes:
    """NFC, so the same passphrase typed on another system derives the same key."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def key_check_value(data_key: bytes) -> bytes:
    return hmac.new(data_key, b"vakka key check v1", hashlib.sha256).digest()[:16]


def _checksum(body: dict[str, Any]) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return hashlib.sha256(canonical).hexdigest()


def _derive(passphrase: str, salt: bytes, kdf: KdfParams) -> bytes:
    return hashlib.scrypt(
        normalize_passphrase(passphrase),
        salt=salt,
        n=kdf.n,
        r=kdf.r,
        p=kdf.p,
        maxmem=kdf.maxmem,
        dklen=32,
    )


@dataclass(frozen=True)
class KeyFile:
    """A parsed, checksum-verified key file (still locked)."""

    register_id: str
    kdf: KdfParams
    salt: bytes
    nonce: bytes
    wrapped_key: bytes
    key_check: bytes

    def unwrap(self, passphrase: str) -> bytes:
        """The data key, or WrongSecretError if the passphrase is not this file's."""
        wrapping_key = _derive(passphrase, self.salt, self.kdf)
        try:
            return AESGCM(wrapping_key).decrypt(self.nonce, self.wrapped_key, self._aad())
        except InvalidTag:
            raise WrongSecretError("register.wrong_passphrase") from None

    def matches(self, data_key: bytes) -> bool:
        return hmac.compare_digest(key_check_value(data_key), self.key_check)

    def _aad(self) -> bytes:
        return f"{FORMAT}/{VERSION}/{self.register_id}".encode()

    def to_bytes(self) -> bytes:
        body: dict[str, Any] = {
            "format": FORMAT,
            "version": VERSION,
            "register_id": self.register_id,
            "kdf": {"name": "scrypt", "n": self.kdf.n, "r": self.kdf.r, "p": self.kdf.p},
            "salt": _b64(self.salt),
            "cipher": "AES-256-GCM",
            "nonce": _b64(self.nonce),
            "wrapped_key": _b64(self.wrapped_key),
            "key_check": _b64(self.key_check),
        }
        body["checksum"] = _checksum(body)
        return (json.dumps(body, indent=2, sort_keys=True) + "\n").encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes) -> KeyFile:
        """Parse and verify the checksum; RegisterDamagedError if anything is off."""
        try:
            body = json.loads(data.decode("utf-8"))
            if not isinstance(body, dict):
                raise ValueError("not an object")
            checksum = body.pop("checksum")
            if checksum != _checksum(body):
                raise ValueError("checksum")
            if body["format"] != FORMAT or body["version"] != VERSION:
                raise ValueError("format")
            kdf = body["kdf"]
            if kdf["name"] != "scrypt":
                raise ValueError("kdf")
            register_id = body["register_id"]
            if not isinstance(register_id, str) or not register_id:
                raise ValueError("register_id")
            return cls(
                register_id=register_id,
                kdf=checked_kdf(kdf["n"], kdf["r"], kdf["p"]),
                salt=_sized(_unb64(body["salt"]), SALT_BYTES),
                nonce=_sized(_unb64(body["nonce"]), NONCE_BYTES),
                wrapped_key=_sized(_unb64(body["wrapped_key"]), WRAPPED_KEY_BYTES),
                key_check=_sized(_unb64(body["key_check"]), KEY_CHECK_BYTES),
            )
        except (ValueError, KeyError, TypeError, UnicodeDecodeError, RecursionError):
            raise RegisterDamagedError("register.key_file_damaged") from None


def wrap_data_key(data_key: bytes, passphrase: str, register_id: str, kdf: KdfParams) -> KeyFile:
    salt = os.urandom(16)
    nonce = os.urandom(12)
    unsigned = KeyFile(register_id, kdf, salt, nonce, b"", key_check_value(data_key))
    wrapping_key = _derive(passphrase, salt, kdf)
    wrapped = AESGCM(wrapping_key).encrypt(nonce, data_key, unsigned._aad())
    return KeyFile(register_id, kdf, salt, nonce, wrapped, key_check_value(data_key))


class KeyFilePair:
    """The two copies of the key file in a register folder."""

    def __init__(self, primary: Path, read_only: bool = False) -> None:
        self.primary = primary
        self.backup = primary.with_name(primary.name + ".bak")
        self.read_only = read_only  # a read-only register: never written, never repaired

    def exists(self) -> bool:
        return self.primary.exists() or self.backup.exists()

    def write(self, key_file: KeyFile) -> None:
        """Primary first, then the copy; each atomic and durable."""
        if self.read_only:
            raise VakkaError("register.read_only")
        data = key_file.to_bytes()
        atomic_write_bytes(self.primary, data)
        atomic_write_bytes(self.backup, data)

    def candidates(self) -> list[KeyFile]:
        """The intact copies, primary first, duplicates removed.

        RegisterDamagedError when neither copy is intact (missing or damaged).
        """
        found: list[KeyFile] = []
        raw_seen: set[bytes] = set()
        for path in (self.primary, self.backup):
            try:
                raw = path.read_bytes()
            except FileNotFoundError:
                continue
            with contextlib.suppress(RegisterDamagedError):
                parsed = KeyFile.from_bytes(raw)
                if raw not in raw_seen:
                    found.append(parsed)
                    raw_seen.add(raw)
        if not found:
            if not self.exists():
                raise RegisterDamagedError("register.key_file_missing")
            raise RegisterDamagedError("register.key_file_damaged")
        return found

    def unwrap(self, passphrase: str) -> tuple[KeyFile, bytes]:
        """The key file that opens with the passphrase, and the data key.

        Both copies are tried, so a passphrase change cut short by a crash still
        opens with the passphrase of whichever copy was written last.
        """
        for candidate in self.candidates():
            try:
                return candidate, candidate.unwrap(passphrase)
            except WrongSecretError:
                continue
        raise WrongSecretError("register.wrong_passphrase")

    def is_intact(self) -> tuple[bool, bool]:
        """Whether (primary, copy) each parse with a good checksum."""
        result = []
        for path in (self.primary, self.backup):
            try:
                KeyFile.from_bytes(path.read_bytes())
                result.append(True)
            except (FileNotFoundError, RegisterDamagedError):
                result.append(False)
        return result[0], result[1]
