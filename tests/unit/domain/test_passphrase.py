"""Tests for app.domain.passphrase: the one strength rule of the CLI and the GUI."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.errors import ValidationError
from app.domain.passphrase import (
    MIN_LENGTH,
    PassphraseStrength,
    passphrase_strength,
    require_acceptable_passphrase,
)


@pytest.mark.parametrize(
    "pw", ["Contract check: a long passphrase 2026", "correct horse battery staple 42"]
)
def test_contract_examples_are_acceptable(pw: str) -> None:
    strength = passphrase_strength(pw)
    assert strength == PassphraseStrength(score=strength.score, acceptable=True, problem_code=None)
    assert strength.score >= 3
    require_acceptable_passphrase(pw)


@pytest.mark.parametrize("pw", ["aaaaaaaaaaaa", "password1234", "qwertyuiop12"])
def test_contract_examples_are_too_weak(pw: str) -> None:
    assert len(pw) == MIN_LENGTH
    strength = passphrase_strength(pw)
    assert strength.score < 3
    assert not strength.acceptable
    assert strength.problem_code == "passphrase.too_weak"
    with pytest.raises(ValidationError) as info:
        require_acceptable_passphrase(pw)
    assert info.value.code == "passphrase.too_weak"
    assert info.value.field == "passphrase"
    assert info.value.params == {}
    assert pw not in str(info.value)


@pytest.mark.parametrize("pw", ["", "x", "Tr0ub4dor&3"])
def test_short_passphrases_are_refused_whatever_their_score(pw: str) -> None:
    strength = passphrase_strength(pw)
    assert strength.problem_code == "passphrase.too_short"
    assert not strength.acceptable
    with pytest.raises(ValidationError) as info:
        require_acceptable_passphrase(pw)
    assert info.value.code == "passphrase.too_short"
    assert info.value.params == {"min_length": MIN_LENGTH}


def test_the_empty_passphrase_scores_zero() -> None:
    assert passphrase_strength("").score == 0


def test_user_inputs_count_as_guessable() -> None:
    pw = "maijameikalainen"
    assert passphrase_strength(pw).acceptable
    strength = passphrase_strength(pw, user_inputs=("Maija", "Meikalainen"))
    assert not strength.acceptable
    assert strength.problem_code == "passphrase.too_weak"


def test_long_passphrases_are_scored_quickly() -> None:
    # zxcvbn 4.5 refuses more than 72 characters by default and is slow on long input.
    pw = "correct horse battery staple 42 " * 300
    start = time.monotonic()
    assert passphrase_strength(pw).acceptable
    assert passphrase_strength("a" * 10_000).problem_code == "passphrase.too_weak"
    assert time.monotonic() - start < 5


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=40))
def test_the_rule_is_consistent(pw: str) -> None:
    strength = passphrase_strength(pw)
    assert 0 <= strength.score <= 4
    assert strength.acceptable == (strength.problem_code is None)
    assert strength.acceptable == (len(pw) >= MIN_LENGTH and strength.score >= 3)
    if len(pw) < MIN_LENGTH:
        assert strength.problem_code == "passphrase.too_short"
