"""``populate_demo``: plan the practice from the seed, then write it through the services."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Final

from app.services.demo.planner import plan_practice
from app.services.demo.practice import demo_practice
from app.services.demo.summary import Counts, DemoSummary
from app.services.demo.writer import credit_one_invoice, write_client, write_practice
from app.services.session import Session

Progress = Callable[[int, int], None]

DEFAULT_CLIENTS: Final = 200
DEFAULT_SEED: Final = 2026
# Clients written per transaction: one commit (and fsync) per batch instead of per call.
BATCH_SIZE: Final = 20


def populate_demo(
    session: Session,
    clients: int = DEFAULT_CLIENTS,
    seed: int = DEFAULT_SEED,
    progress: Progress | None = None,
) -> DemoSummary:
    """Fill an (empty) register with a synthetic practice of ``clients`` clients.

    Deterministic for a seed and a day: the same names, dates and texts every time.
    Needs the clinical store unlocked (identities and notes go there).
    """
    if clients < 0:
        raise ValueError("clients must be zero or more")
    session.require_clinical()
    rng = random.Random(seed)
    today, now = session.today(), session.now()
    counts = Counts()

    practice = demo_practice()
    service_ids = write_practice(session, practice)
    plans = plan_practice(rng, today, now, practice.practitioner_name, clients, service_ids)

    if progress is not None:
        progress(0, clients)
    for start in range(0, clients, BATCH_SIZE):
        batch = plans[start : start + BATCH_SIZE]
        with session.transaction():
            for plan in batch:
                write_client(session, plan, counts)
        if progress is not None:
            progress(start + len(batch), clients)
    # After every numbered invoice is written, so that its number is the next free one.
    with session.transaction():
        credit_one_invoice(session, counts)
    return counts.summary()
