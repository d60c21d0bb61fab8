"""Consents and disclosures: Kela's sharing permission and feedback, a coaching client's
consent to health data, an occasional statement to occupational health, child welfare
notifications, and the prohibitions of minors and adults.

A disclosure that rests on a consent points at it by index; the writer records it
before any withdrawal or new version of that consent.
"""

from __future__ import annotations

from datetime import timedelta

from app.domain.kinds import ConsentKind
from app.domain.models import Consent, Disclosure
from app.services.demo.draw import Draw
from app.services.demo.names import COUNTIES
from app.services.demo.plan import ConsentPlan, DisclosurePlan, RelationshipPlan
from app.services.demo.practice import CHILD_WELFARE_WORK, COACHING, PSYCHOTHERAPY


def consents_of(d: Draw, rp: RelationshipPlan, roles: set[str]) -> None:
    """The consents, permissions and prohibitions of a relationship, and disclosures."""
    rng = d.rng
    rel = rp.rel
    last = rp.last_day(d.today)
    if rp.service.kela:
        kela = ConsentPlan(
            Consent(
                client_id="",
                kind=ConsentKind.SHARING_PERMISSION,
                scope="Hoitopalautteen ja lausuntojen toimittaminen Kelalle "
                "kuntoutuspsykoterapiaa varten",
                given_on=rel.started_on,
                recipient="Kela",
            )
        )
        rp.consents.append(kela)
        for commitment in rp.commitments:
            sent = commitment.valid_until - timedelta(days=30)
            if sent <= last and sent >= rel.started_on:
                rp.disclosures.append(
                    DisclosurePlan(
                        Disclosure(
                            client_id="",
                            disclosed_on=sent,
                            recipient="Kela",
                            data_disclosed="Hoitopalaute kuntoutuspsykoterapiasta",
                            purpose="Kuntoutuspsykoterapian jatkohakemus",
                        ),
                        consent_index=len(rp.consents) - 1,
                    )
                )
        if rp.ended_on is not None and rng.random() < 0.15:
            kela.withdrawn_on = rp.ended_on
    if rp.service is COACHING and rng.random() < 0.5:
        rel.health_data_consent_on = rel.started_on
        rp.consents.append(
            ConsentPlan(
                Consent(
                    client_id="",
                    kind=ConsentKind.CONSENT,
                    scope="Terveystietojen käsittely valmennuksen toteuttamiseksi "
                    "(EU:n yleinen tietosuoja-asetus, 9 art. 2 kohta a)",
                    given_on=rel.started_on,
                ),
                withdrawn_on=d.between(rel.started_on, last) if rng.random() < 0.1 else None,
            )
        )
    if rp.service is PSYCHOTHERAPY and rng.random() < 0.06:
        given = d.between(rel.started_on, last)
        rp.consents.append(
            ConsentPlan(
                Consent(
                    client_id="",
                    kind=ConsentKind.SHARING_PERMISSION,
                    scope="Lausunto työkyvystä työterveyshuoltoon",
                    given_on=given,
                    recipient="Työterveyshuolto (esimerkki)",
                )
            )
        )
        rp.disclosures.append(
            DisclosurePlan(
                Disclosure(
                    client_id="",
                    disclosed_on=given,
                    recipient="Työterveyshuolto (esimerkki)",
                    data_disclosed="Lausunto työkyvystä",
                    purpose="Työkyvyn arviointi",
                ),
                consent_index=len(rp.consents) - 1,
            )
        )
    if rp.service is CHILD_WELFARE_WORK and rng.random() < 0.5:
        rp.disclosures.append(
            DisclosurePlan(
                Disclosure(
                    client_id="",
                    disclosed_on=d.between(rel.started_on, last),
                    recipient=f"{rng.choice(COUNTIES)}, lastensuojelu",
                    data_disclosed="Lastensuojeluilmoitus",
                    purpose="Lapsen tuen tarpeen selvittäminen",
                    legal_basis="Lastensuojelulaki (417/2007) 25 § (ilmoitusvelvollisuus)",
                )
            )
        )
    if "minor_prohibition" in roles or (
        rel.minor and rel.minor_allows_guardian_disclosure is False
    ):
        rp.consents.append(
            ConsentPlan(
                Consent(
                    client_id="",
                    kind=ConsentKind.PROHIBITION,
                    scope="Kielto luovuttaa tietoja huoltajille",
                    given_on=rel.started_on,
                    recipient="Huoltajat",
                )
            )
        )
    elif rng.random() < 0.04:
        rp.consents.append(
            ConsentPlan(
                Consent(
                    client_id="",
                    kind=ConsentKind.PROHIBITION,
                    scope="Kielto luovuttaa tietoja omaisille",
                    given_on=rel.started_on,
                ),
                withdrawn_on=d.between(rel.started_on, last) if rng.random() < 0.3 else None,
            )
        )
