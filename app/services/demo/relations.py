"""Relationships: which services a client uses, when, under which controller, as a minor.

Each relationship is drawn with its own records (payment commitments, past
appointments, consents and disclosures, notes), in that order.
"""

from __future__ import annotations

from datetime import date, timedelta

from app.domain.kinds import Controller, DataSource, PayerKind, RecordsKept, RegisterKind
from app.domain.models import Relationship
from app.services.demo import agenda, clinical_records, invoicing, sharing
from app.services.demo.business_id import business_id
from app.services.demo.draw import Draw, add_years
from app.services.demo.names import COUNTIES, EMPLOYERS
from app.services.demo.phrases import END_REASONS
from app.services.demo.plan import ClientPlan, RelationshipPlan
from app.services.demo.practice import (
    ADULT_SUPPORT,
    CHILD_WELFARE_WORK,
    COACHING,
    FAMILY_WORK,
    KELA_PSYCHOTHERAPY,
    OTHER_SYSTEM,
    PAPER_ARCHIVE,
    PSYCHOTHERAPY,
    SERVICE_DEFS,
    SERVICE_WEIGHTS,
    WORK_SUPERVISION,
    ServiceDef,
)

# The first day of the GDPR: privacy notices are recorded from then on.
_GDPR: date = date(2018, 5, 25)


def relationships_of(d: Draw, plan: ClientPlan, roles: set[str]) -> None:
    """The client's first relationship (shaped by the roles), sometimes a second one.

    Also sets the birth date, drawn from the age at the first start, and for the
    deceased client the death date.
    """
    rng = d.rng
    today = d.today
    service = rng.choices(SERVICE_DEFS, SERVICE_WEIGHTS)[0]
    controller_county = ""
    minor = "minor" in roles
    # (started, ended) of the first relationship
    if "very_old" in roles or "deceased" in roles:
        service = KELA_PSYCHOTHERAPY if "very_old" in roles else PSYCHOTHERAPY
        started = d.days_ago(13 * 365, 15 * 365)
        ended: date | None = started + timedelta(days=rng.randint(300, 700))
    elif "hold" in roles:
        service = PSYCHOTHERAPY
        ended = d.days_ago(3 * 365, 5 * 365)
        started = ended - timedelta(days=rng.randint(200, 900))
    elif "county" in roles:
        index = int(next(r for r in roles if r.startswith("county:")).split(":")[1])
        service = (FAMILY_WORK, PSYCHOTHERAPY, ADULT_SUPPORT)[index % 3]
        controller_county = COUNTIES[0] if index < 2 else rng.choice(COUNTIES)
        started = d.days_ago(200, 500)
        ended = d.days_ago(60, 120) if index == 0 else None
    elif minor:
        service = (CHILD_WELFARE_WORK, PSYCHOTHERAPY, FAMILY_WORK)[rng.randrange(3)]
        if "minor_prohibition" in roles:
            service = CHILD_WELFARE_WORK
        started = d.days_ago(30, 600)
        ended = None if rng.random() < 0.7 else d.between(started, today)
    else:
        started, ended = timeline(d)
    if "active" in roles:
        ended = None
    if ended is not None and ended > today:
        ended = today
    # The client's age at the start decides minors and Kela's rehabilitation.
    if minor:
        age = 15 if "minor_prohibition" in roles else rng.randint(8, 16)
    else:
        age = rng.randint(19, 74)
        if service.kela and age > 60:
            service = PSYCHOTHERAPY
    plan.birth_date = add_years(started, -age) - timedelta(days=rng.randint(0, 360))
    if "deceased" in roles:
        plan.death_date = ended
    first = relationship(d, plan, service, started, ended, controller_county, roles)
    if "deceased" in roles:
        first.end_reason = "Asiakas on kuollut"
    plan.relationships.append(first)
    # A few clients come back for another service.
    if not roles and rng.random() < 0.08:
        second = rng.choice((COACHING, WORK_SUPERVISION, PSYCHOTHERAPY, ADULT_SUPPORT))
        started2, ended2 = timeline(d)
        if add_years(plan.birth_date, 18) <= started2:
            plan.relationships.append(relationship(d, plan, second, started2, ended2, "", set()))


def timeline(d: Draw) -> tuple[date, date | None]:
    """Ended long ago, ended lately, or still going on."""
    rng = d.rng
    status = rng.choices(("old", "recent", "active"), (25, 20, 55))[0]
    if status == "old":
        ended = d.days_ago(2 * 365 + 15, 9 * 365)
        return ended - timedelta(days=rng.randint(60, 3 * 365)), ended
    if status == "recent":
        ended = d.days_ago(7, 700)
        return ended - timedelta(days=rng.randint(60, 3 * 365)), ended
    return d.days_ago(7, 5 * 365), None


REFERRERS = ("Työterveys Esimerkki Oy, työterveyslääkäri", "Kuvitteellinen terveysasema")


def _source(kind: RegisterKind, county: str, age: int, started: date) -> tuple[DataSource, str]:
    """Where the data came from (art. 15(1)(g)). Chosen from the start date, not drawn:
    the demo's other random choices stay as they were."""
    if county:
        return DataSource.COUNTY, county
    if age < 18:
        return DataSource.GUARDIAN, ""
    pick = started.toordinal() % 10
    if kind is RegisterKind.PATIENT and pick < 2:
        return DataSource.KELA, "Kela"
    if pick < 5:
        return DataSource.REFERRER, REFERRERS[pick % 2]
    return DataSource.CLIENT, ""


def relationship(
    d: Draw,
    plan: ClientPlan,
    service: ServiceDef,
    started: date,
    ended: date | None,
    county: str,
    roles: set[str],
) -> RelationshipPlan:
    """A relationship: register kind, where records are kept, minor's decisions, payer.

    Then its records: commitments, past appointments, consents and notes.
    """
    rng = d.rng
    kind = service.kind
    records_kept = RecordsKept.VAKKA
    location = ""
    if not county:
        draw = rng.random()
        if kind is RegisterKind.PATIENT and draw < 0.15:
            records_kept, location = RecordsKept.OTHER_SYSTEM, OTHER_SYSTEM
        elif kind is not RegisterKind.OTHER and draw > 0.85:
            records_kept, location = RecordsKept.PAPER, PAPER_ARCHIVE
    notice_on: date | None = max(started, _GDPR)
    if notice_on is not None and notice_on > (ended or d.today):
        notice_on = None
    rel = Relationship(
        client_id="",
        register_kind=kind,
        records_kept=records_kept,
        started_on=started,
        service_task=service.task,
        controller=Controller.COUNTY if county else Controller.PRACTICE,
        county_name=county,
        records_location=location,
        privacy_notice_given_on=notice_on,
    )
    age_at_start = (started - plan.birth_date).days // 365
    rel.source, rel.source_name = _source(kind, county, age_at_start, started)
    if age_at_start < 18:
        rel.minor = True
        if "minor_prohibition" in roles or age_at_start >= 15:
            can_decide = "minor_prohibition" in roles or rng.random() < 0.8
        elif age_at_start >= 12:
            can_decide = rng.random() < 0.5
        else:
            can_decide = False
        rel.minor_can_decide = can_decide
        if can_decide:
            allows = "minor_prohibition" not in roles and rng.random() < 0.6
            rel.minor_allows_guardian_disclosure = allows
            if not allows and kind is RegisterKind.SOCIAL_CARE:
                rel.minor_prohibition_reasons = (
                    "Nuori ei halua, että tapaamisten sisältö kerrotaan huoltajille; "
                    "hänet on arvioitu riittävän kypsäksi päättämään asiasta."
                )
    rp = RelationshipPlan(rel=rel, service=service, ended_on=ended)
    if ended is not None:
        rp.end_reason = rng.choice(END_REASONS)
    if service is WORK_SUPERVISION and rng.random() < 0.6:
        name, base = rng.choice(EMPLOYERS)
        rp.payer = (
            PayerKind.OTHER,
            name,
            "Esimerkkikatu 10, 33100 Tampere",
            business_id(base),
        )
    invoicing.commitments_of(d, rp)
    agenda.past_appointments_of(d, rp)
    sharing.consents_of(d, rp, roles)
    clinical_records.notes_of(d, rp)
    return rp
