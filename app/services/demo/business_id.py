"""Finnish business IDs (Y-tunnus) with their check digit, for the invented organisations."""

from __future__ import annotations

from typing import Final

_BUSINESS_ID_WEIGHTS: Final = (7, 9, 10, 5, 8, 4, 2)


def business_id_with_check_digit(base: str) -> str | None:
    """'1234567' -> '1234567-1'; None when no check digit exists (remainder 1)."""
    if len(base) != 7 or not base.isdigit():
        raise ValueError("a business ID base is seven digits")
    remainder = sum(int(d) * w for d, w in zip(base, _BUSINESS_ID_WEIGHTS, strict=True)) % 11
    if remainder == 1:
        return None
    return f"{base}-{0 if remainder == 0 else 11 - remainder}"


def business_id(base: int) -> str:
    """The first valid business ID at or after ``base``."""
    while (result := business_id_with_check_digit(f"{base:07d}")) is None:
        base += 1
    return result
