"""Medians and percentiles of repeated timings."""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable, Sequence


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def percentile(values: Sequence[float], share: float) -> float:
    """The nearest-rank percentile (``share`` 0.95 for p95)."""
    ordered = sorted(values)
    rank = max(math.ceil(share * len(ordered)) - 1, 0)
    return float(ordered[min(rank, len(ordered) - 1)])


def timed(fn: Callable[[], object]) -> float:
    """Seconds ``fn`` took (wall)."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start
