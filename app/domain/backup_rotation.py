"""Which managed backups to keep (issue 13 item 1): the newest of each of the last
DAILY days, WEEKLY ISO weeks and MONTHLY months that have a backup, and always the newest
one. Pure: names and times in, the names to keep out.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

DAILY = 7
WEEKLY = 4
MONTHLY = 12


@dataclass(frozen=True)
class Made:
    name: str
    at: datetime


def _newest_per(made: list[Made], period: Callable[[datetime], Hashable], count: int) -> set[str]:
    """The newest backup of each of the ``count`` most recent periods that have one."""
    chosen: dict[Hashable, Made] = {}
    for backup in sorted(made, key=lambda b: b.at, reverse=True):
        key = period(backup.at)
        if key not in chosen:
            if len(chosen) == count:
                break
            chosen[key] = backup
    return {b.name for b in chosen.values()}


def to_keep(
    made: Iterable[Made], daily: int = DAILY, weekly: int = WEEKLY, monthly: int = MONTHLY
) -> set[str]:
    backups = list(made)
    if not backups:
        return set()
    keep = {max(backups, key=lambda b: b.at).name}
    keep |= _newest_per(backups, lambda at: at.date(), daily)
    keep |= _newest_per(backups, lambda at: at.isocalendar()[:2], weekly)
    keep |= _newest_per(backups, lambda at: (at.year, at.month), monthly)
    return keep


def rotates_out_on(
    made: Iterable[Made], name: str, after: datetime, horizon_days: int = 400
) -> datetime | None:
    """When the rotation will delete backup ``name``, if from ``after`` on one backup is
    made each day (at the same time of day as ``after``); None when it is not deleted
    within ``horizon_days`` (or is not among ``made``)."""
    backups = list(made)
    if name not in {b.name for b in backups}:
        return None
    for day in range(1, horizon_days + 1):
        at = after + timedelta(days=day)
        backups.append(Made(f"\0future-{day}", at))
        kept = to_keep(backups)
        if name not in kept:
            return at
        backups = [b for b in backups if b.name in kept]
    return None
