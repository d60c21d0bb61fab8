"""The synthetic practice that ``vakka demo`` creates.

Everything here is invented: the practice, the people (names combined at random from
common first names and surnames), addresses, phone numbers, e-mail addresses (only at
example.fi and example.com) and note texts. Identity codes are temporary codes only
(individual number 900–999, RULES.md), never codes that could belong to a person.

The data is made in two steps. First a plan is drawn from ``random.Random(seed)``
alone, so the same seed always gives the same practice whatever the database does.
Then the plan is written through the services, so every rule of the register is
respected; many service calls share one transaction for speed (``transaction()`` is
re-entrant). Dates are relative to ``session.today()``: the register gets retention
work on day one (relationships that ended more than two years ago, invoices older than
seven years, payment commitments that ended more than ten years ago) as well as current
clients with appointments today and this week.

Records that the services date themselves (the creation time of appointments and
invoices, amendments and removal markers, the audit log) carry the time of the demo
run: the clock is never turned back, so the audit chain stays in time order.

The package, one job per module:

- ``names``, ``phrases``, ``practice``: the invented vocabulary as data (people and
  places; note texts; the practice, its places and its services);
- ``draw`` (the planner's shared helpers), ``plan`` (what will be written) and
  ``planner`` (the order of the draws);
- one generator per kind of record: ``people`` (clients and contact persons),
  ``relations`` (relationships), ``agenda`` (appointments), ``invoicing`` (payment
  commitments and invoices), ``sharing`` (consents and disclosures),
  ``requests_and_holds``, ``clinical_records`` (identities and notes);
- ``writer``: everything written through the services, never a repository or SQL;
- ``populate``: ``populate_demo`` itself.
"""

from __future__ import annotations

from app.services.demo.business_id import business_id_with_check_digit
from app.services.demo.populate import (
    BATCH_SIZE,
    DEFAULT_CLIENTS,
    DEFAULT_SEED,
    Progress,
    populate_demo,
)
from app.services.demo.practice import demo_practice
from app.services.demo.summary import DemoSummary

__all__ = [
    "BATCH_SIZE",
    "DEFAULT_CLIENTS",
    "DEFAULT_SEED",
    "DemoSummary",
    "Progress",
    "business_id_with_check_digit",
    "demo_practice",
    "populate_demo",
]
