"""A key file with a good checksum but absurd contents is damaged (exit 4), never a crash.

The checksum has no key, so anyone can write one: every number and field is checked
before scrypt or AES-GCM sees it.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.db import keyfile
from app.db.keyfile import (
    FAST_INSECURE_KDF,
    PRODUCTION_KDF,
    KeyFile,
    KeyFilePair,
    wrap_data_key,
)
from app.domain.errors import RegisterDamagedError

PASS = "a passphrase for the key file tests"
DATA_KEY = bytes(range(32))


def _valid_body() -> dict[str, Any]:
    body = json.loads(
        wrap_data_key(DATA_KEY, PASS, "abcdef0123456789", FAST_INSECURE_KDF).to_bytes()
    )
    assert isinstance(body, dict)
    return body


VALID = _valid_body()


def _resealed(body: dict[str, Any]) -> bytes:
    """The body with a correct checksum, as anyone can compute it."""
    unsigned = {k: v for k, v in body.items() if k != "checksum"}
    canonical = json.dumps(unsigned, sort_keys=True, separators=(",", ":")).encode("utf-8")

    unsigned["checksum"] = hashlib.sha256(canonical).hexdigest()
    return json.dumps(unsigned).encode("utf-8")


def _with_kdf(**changes: object) -> bytes:
    body = json.loads(json.dumps(VALID))
    body["kdf"].update(changes)
    return _resealed(body)


def _with(**changes: object) -> bytes:
    body = json.loads(json.dumps(VALID))
    body.update(changes)
    return _resealed(body)


def test_a_resealed_valid_file_still_opens() -> None:
    parsed = KeyFile.from_bytes(_with())
    assert parsed.unwrap(PASS) == DATA_KEY


@pytest.mark.parametrize(
    "changes",
    [
        {"n": 3},
        {"n": 0},
        {"n": -1024},
        {"n": 2**64},
        {"n": 2**9},
        {"n": 2**23},
        {"n": 2**17 + 1},
        {"n": True},
        {"n": 1024.0},
        {"n": "1024"},
        {"n": None},
        {"n": [1024]},
        {"r": 0},
        {"r": -8},
        {"r": 33},
        {"r": False},
        {"r": 8.5},
        {"p": 0},
        {"p": 17},
        {"p": 2**40},
        {"p": True},
        {"n": 2**22, "r": 8},  # 4 GiB of memory
        {"n": 2**20, "r": 8, "p": 16},  # too much work
    ],
    ids=repr,
)
def test_absurd_kdf_parameters_are_damage(changes: dict[str, object]) -> None:
    with pytest.raises(RegisterDamagedError) as caught:
        KeyFile.from_bytes(_with_kdf(**changes))
    assert caught.value.code == "register.key_file_damaged"


@pytest.mark.parametrize(
    "changes",
    [
        {"salt": ""},
        {"salt": "AAAA"},
        {"nonce": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},
        {"nonce": ""},
        {"wrapped_key": ""},
        {"wrapped_key": "AAAA"},
        {"key_check": "AAAA"},
        {"key_check": 16},
        {"register_id": 12345},
        {"register_id": ""},
        {"register_id": None},
        {"kdf": "scrypt"},
        {"kdf": [1, 2, 3]},
        {"kdf": {"name": "scrypt"}},
    ],
    ids=repr,
)
def test_wrong_field_sizes_and_types_are_damage(changes: dict[str, object]) -> None:
    with pytest.raises(RegisterDamagedError) as caught:
        KeyFile.from_bytes(_with(**changes))
    assert caught.value.code == "register.key_file_damaged"


def test_the_real_parameters_are_inside_the_bounds() -> None:
    for kdf in (FAST_INSECURE_KDF, PRODUCTION_KDF):
        assert keyfile.checked_kdf(kdf.n, kdf.r, kdf.p) == kdf


def test_deeply_nested_json_is_damage() -> None:
    with pytest.raises(RegisterDamagedError):
        KeyFile.from_bytes(b"[" * 100_000 + b"]" * 100_000)


def test_unlock_with_absurd_parameters_in_both_copies_is_damage(tmp_path: Path) -> None:
    pair = KeyFilePair(tmp_path / "vakka.key")
    for path in (pair.primary, pair.backup):
        path.write_bytes(_with_kdf(n=3))
    with pytest.raises(RegisterDamagedError) as caught:
        pair.unwrap(PASS)
    assert caught.value.code == "register.key_file_damaged"


_NUMBERS = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.integers(min_value=0, max_value=2**24),
    st.sampled_from([2**k for k in range(0, 70)]),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.none(),
    st.text(max_size=5),
)


@settings(max_examples=300, deadline=None)
@given(n=_NUMBERS, r=_NUMBERS, p=_NUMBERS)
def test_fuzzed_kdf_parameters_are_in_range_or_damage(n: object, r: object, p: object) -> None:
    try:
        parsed = KeyFile.from_bytes(_with_kdf(n=n, r=r, p=p))
    except RegisterDamagedError as error:
        assert error.code == "register.key_file_damaged"
        return
    kdf = parsed.kdf
    assert all(type(v) is int for v in (kdf.n, kdf.r, kdf.p))
    assert 2**10 <= kdf.n <= 2**22 and kdf.n & (kdf.n - 1) == 0
    assert 1 <= kdf.r <= 32 and 1 <= kdf.p <= 16
    assert 128 * kdf.n * kdf.r <= 1 << 30
