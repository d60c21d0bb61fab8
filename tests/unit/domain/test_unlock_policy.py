"""The wait after repeated failed unlocks: free at first, then 2, 4, 8 … s, at most 60 s."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from app.domain.unlock_policy import MAX_WAIT_SECONDS, seconds_left, wait_after

NOW = datetime(2026, 11, 23, 9, 30).astimezone()


def test_the_wait_grows_and_is_capped() -> None:
    assert [wait_after(n) for n in range(10)] == [0, 0, 0, 2, 4, 8, 16, 32, 60, 60]
    assert wait_after(10**9) == MAX_WAIT_SECONDS


def test_seconds_left_counts_down_from_the_last_failure() -> None:
    assert seconds_left(3, NOW, NOW) == 2
    assert seconds_left(3, NOW, NOW + timedelta(seconds=1.5)) == 1
    assert seconds_left(3, NOW, NOW + timedelta(seconds=2)) == 0
    assert seconds_left(5, NOW, NOW + timedelta(seconds=3)) == 5
    assert seconds_left(2, NOW, NOW) == 0
    assert seconds_left(7, None, NOW) == 0


def test_a_clock_set_back_waits_the_full_time() -> None:
    assert seconds_left(4, NOW, NOW - timedelta(hours=1)) == 4


@given(failures=st.integers(min_value=0, max_value=10**6), seconds=st.floats(-1e6, 1e6))
def test_seconds_left_stays_within_the_wait(failures: int, seconds: float) -> None:
    left = seconds_left(failures, NOW, NOW + timedelta(seconds=seconds))
    assert 0 <= left <= wait_after(failures) <= MAX_WAIT_SECONDS
