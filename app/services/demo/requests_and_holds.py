"""Data subject requests and legal holds.

Some clients have a request whose deadline is near, a fresh one, one with an extended
deadline and closed ones from earlier years; one client is under a legal hold, so that
the purge review has something to keep.
"""

from __future__ import annotations

from datetime import timedelta

from app.domain.kinds import HoldGround, IdentityMethod, RequestKind
from app.domain.request_rules import request_deadline
from app.services.demo.draw import Draw
from app.services.demo.plan import ClientPlan, RequestPlan


def requests_of(d: Draw, plan: ClientPlan, roles: set[str]) -> None:
    """The requests that the client's roles ask for (most clients have none)."""
    rng = d.rng
    today = d.today
    if "request_near" in roles:
        received = today - timedelta(days=24)
        for _ in range(60):
            if 0 <= (request_deadline(received) - today).days <= 5:
                break
            received -= timedelta(days=1)
        plan.requests.append(
            RequestPlan(RequestKind.ACCESS, received, "Asiakas pyytää kopion tiedoistaan.")
        )
    if "request_fresh" in roles:
        plan.requests.append(
            RequestPlan(
                RequestKind.RECTIFICATION,
                today - timedelta(days=2),
                "Asiakas pyytää korjaamaan osoitetietonsa ja yhden kirjauksen.",
                identity=(IdentityMethod.STRONG_ELECTRONIC, today - timedelta(days=1)),
            )
        )
    if "request_extended" in roles:
        plan.requests.append(
            RequestPlan(
                RequestKind.ACCESS,
                today - timedelta(days=12),
                "Asiakas pyytää kaikki tietonsa useasta asiakkuudesta.",
                identity=(IdentityMethod.IN_PERSON_ID_DOCUMENT, today - timedelta(days=10)),
                extension_reason="Aineisto on laaja ja koskee useaa asiakkuutta; "
                "asiakkaalle on ilmoitettu jatkoajasta.",
            )
        )
    if "request_closed" in roles:
        received = d.days_ago(60, 4 * 365)
        kind = rng.choices(
            (
                RequestKind.ACCESS,
                RequestKind.RECTIFICATION,
                RequestKind.ERASURE,
                RequestKind.LOG_INFORMATION,
            ),
            (6, 2, 1, 1),
        )[0]
        plan.requests.append(
            RequestPlan(
                kind,
                received,
                "Asiakkaan kirjallinen pyyntö (keksitty esimerkki).",
                identity=(
                    rng.choice(tuple(IdentityMethod)),
                    received + timedelta(days=rng.randint(0, 5)),
                ),
                closed=(
                    "Vastaus toimitettu asiakkaalle määräajassa.",
                    received + timedelta(days=rng.randint(8, 27)),
                ),
            )
        )


# --- after all clients: the agenda and the invoices ---


def hold_of(d: Draw, plan: ClientPlan, roles: set[str]) -> None:
    """A legal hold for a dispute, for the client who has the "hold" role."""
    if "hold" in roles:
        plan.hold = (
            HoldGround.DISPUTE,
            d.days_ago(30, 200),
            "Laskutusta koskeva erimielisyys on kesken; asiakirjat säilytetään, "
            "kunnes asia on ratkaistu (keksitty esimerkki).",
        )
