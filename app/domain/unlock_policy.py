"""How long the app makes the user wait after repeated failed unlocks (pure rules).

The first attempts are free; from the third failure on, each further try waits
2, 4, 8 … seconds, at most a minute. The count is kept beside the register, so
restarting the app does not reset it; a successful unlock does.
"""

from __future__ import annotations

import math
from datetime import datetime

FREE_FAILURES = 2  # failures before any wait: the wait starts after the third
FIRST_WAIT_SECONDS = 2
MAX_WAIT_SECONDS = 60


def wait_after(failures: int) -> int:
    """Seconds to wait before the next attempt after ``failures`` failures in a row."""
    if failures <= FREE_FAILURES:
        return 0
    exponent = min(failures - FREE_FAILURES - 1, 16)  # no huge powers for huge counts
    return min(FIRST_WAIT_SECONDS * (1 << exponent), MAX_WAIT_SECONDS)


def seconds_left(failures: int, last_failure: datetime | None, now: datetime) -> int:
    """Whole seconds still to wait (0: try now). A clock set back waits the full time."""
    wait = wait_after(failures)
    if wait == 0 or last_failure is None:
        return 0
    elapsed = (now - last_failure).total_seconds()
    if elapsed < 0:
        return wait
    return max(0, min(wait, math.ceil(wait - elapsed)))
