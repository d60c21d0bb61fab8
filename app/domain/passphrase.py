"""The one passphrase strength rule, shared by the CLI and the GUI.

A passphrase is acceptable when it has at least ``MIN_LENGTH`` characters and zxcvbn
scores it at least ``MIN_SCORE`` (0–4). This is practice policy, not law.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from app.domain.errors import ValidationError

FIELD: Final = "passphrase"
MIN_LENGTH: Final = 12
MIN_SCORE: Final = 3
# zxcvbn gets slow on long input (and zxcvbn 4.5 refuses input over its max_length);
# a passphrase this long is strong enough that the rest cannot lower its score.
ZXCVBN_MAX_INPUT: Final = 100

ERROR_CODES: Final = frozenset({"passphrase.too_short", "passphrase.too_weak"})


@dataclass(frozen=True)
class PassphraseStrength:
    """The verdict on a passphrase; ``problem_code`` is None when it is acceptable."""

    score: int
    acceptable: bool
    problem_code: str | None


def passphrase_strength(pw: str, user_inputs: Iterable[str] = ()) -> PassphraseStrength:
    """Score a passphrase; ``user_inputs`` (names, the practice's name…) count as guessable."""
    sample = pw[:ZXCVBN_MAX_INPUT]
    if sample:
        from zxcvbn import zxcvbn  # its word lists load in ~50 ms: not at start-up

        result = zxcvbn(sample, user_inputs=list(user_inputs), max_length=ZXCVBN_MAX_INPUT)
        score = int(result["score"])
    else:
        score = 0  # zxcvbn fails on the empty string
    problem: str | None
    if len(pw) < MIN_LENGTH:
        problem = "passphrase.too_short"
    elif score < MIN_SCORE:
        problem = "passphrase.too_weak"
    else:
        problem = None
    return PassphraseStrength(score=score, acceptable=problem is None, problem_code=problem)


def require_acceptable_passphrase(pw: str, user_inputs: Iterable[str] = ()) -> None:
    """Raise ``ValidationError`` (field "passphrase") unless the passphrase is acceptable."""
    strength = passphrase_strength(pw, user_inputs)
    if strength.problem_code == "passphrase.too_short":
        raise ValidationError(strength.problem_code, field=FIELD, min_length=MIN_LENGTH)
    if strength.problem_code is not None:
        raise ValidationError(strength.problem_code, field=FIELD)
