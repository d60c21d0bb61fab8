"""Small helpers shared by the tests (no fixtures: those live in the conftest files)."""

from __future__ import annotations

CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def temporary_hetu(ddmmyy: str, sign: str, individual: int) -> str:
    """DDMMYY + century sign + ZZZ + check character (DDMMYYZZZ mod 31).

    Only temporary codes (individual number 900–999) are ever made: they are never
    issued to people.
    """
    assert 900 <= individual <= 999
    check = CHECK_CHARACTERS[int(f"{ddmmyy}{individual:03d}") % 31]
    return f"{ddmmyy}{sign}{individual:03d}{check}"
