"""Clients and contact persons: invented names, addresses, phone numbers and e-mails.

A client belongs to a language group (Finnish, Swedish-speaking, international, Sámi,
Cyrillic), which picks the names, the town and the contact language. E-mail addresses
are only at example.fi and example.com.
"""

from __future__ import annotations

import unicodedata

from app.domain.kinds import ConsentKind, ContactLanguage
from app.domain.models import Client, Consent, ContactPerson
from app.services.demo.draw import Draw
from app.services.demo.names import (
    CYRILLIC_FIRST,
    CYRILLIC_LAST,
    CYRILLIC_LATIN,
    FI_FIRST,
    FI_LAST,
    FI_STREETS,
    FI_TOWNS,
    INTL_FIRST,
    INTL_LAST,
    LATIN_EXTRA,
    PHONE_PREFIXES,
    SAMI_FIRST,
    SAMI_LAST,
    SAMI_STREETS,
    SAMI_TOWNS,
    SV_FIRST,
    SV_LAST,
    SV_STREETS,
    SV_TOWNS,
)
from app.services.demo.plan import ClientPlan, ConsentPlan

LANGUAGE_GROUPS = ("fi", "sv", "intl", "sami", "cyrillic")
_GROUP_WEIGHTS = (78, 9, 6, 3, 4)


def person(d: Draw, roles: set[str]) -> Client:
    """A client with name, address and at least a phone number or an e-mail address."""
    rng = d.rng
    forced = [g for g in LANGUAGE_GROUPS if g in roles]
    group = forced[0] if forced else rng.choices(LANGUAGE_GROUPS, _GROUP_WEIGHTS)[0]
    first, last, language = name(d, group)
    street, postal, city, municipality = address(d, group)
    client = Client(
        first_name=first,
        last_name=last,
        street_address=street,
        postal_code=postal,
        city=city,
        municipality=municipality,
        phone=phone(d) if rng.random() < 0.93 else "",
        email=email(d, first, last) if rng.random() < 0.75 else "",
        contact_language=language,
        secure_address="secure" in roles,
    )
    if not (client.phone or client.email):
        client.phone = phone(d)
    return client


def name(d: Draw, group: str) -> tuple[str, str, ContactLanguage]:
    """(first name, last name, contact language) for a language group."""
    rng = d.rng
    if group == "sv":
        return rng.choice(SV_FIRST), rng.choice(SV_LAST), ContactLanguage.SV
    if group == "intl":
        lang = ContactLanguage.EN if rng.random() < 0.6 else ContactLanguage.OTHER
        return rng.choice(INTL_FIRST), rng.choice(INTL_LAST), lang
    if group == "sami":
        lang = ContactLanguage.FI if rng.random() < 0.7 else ContactLanguage.OTHER
        return rng.choice(SAMI_FIRST), rng.choice(SAMI_LAST), lang
    if group == "cyrillic":
        first, female = rng.choice(CYRILLIC_FIRST)
        male_last, female_last = rng.choice(CYRILLIC_LAST)
        lang = rng.choices(
            (ContactLanguage.OTHER, ContactLanguage.EN, ContactLanguage.FI), (6, 2, 2)
        )[0]
        return first, female_last if female else male_last, lang
    return rng.choice(FI_FIRST), rng.choice(FI_LAST), ContactLanguage.FI


def address(d: Draw, group: str) -> tuple[str, str, str, str]:
    """(street address, postal code, city, municipality) for a language group."""
    rng = d.rng
    if group == "sv":
        towns, streets = SV_TOWNS, SV_STREETS
    elif group == "sami":
        towns, streets = SAMI_TOWNS, SAMI_STREETS
    else:
        towns, streets = FI_TOWNS, FI_STREETS
    postal, city, municipality = rng.choice(towns)
    street = f"{rng.choice(streets)} {rng.randint(1, 60)}"
    if rng.random() < 0.45:
        street += f" {rng.choice('ABCD')} {rng.randint(1, 30)}"
    return street, postal, city, municipality


def phone(d: Draw) -> str:
    """A Finnish mobile number."""
    rng = d.rng
    return f"{rng.choice(PHONE_PREFIXES)} {rng.randint(100, 999)} {rng.randint(0, 9999):04d}"


def email(d: Draw, first: str, last: str) -> str:
    """An address at example.fi or example.com made from the name."""
    rng = d.rng
    f, s = ascii_letters(first) or "asiakas", ascii_letters(last) or "esimerkki"
    local = rng.choice((f"{f}.{s}", f"{f}{s}{rng.randint(1, 99)}", f"{f[0]}.{s}", f"{f}.{s}"))
    return f"{local}@{rng.choice(('example.fi', 'example.fi', 'example.com'))}"


def ascii_letters(text: str) -> str:
    """Lower-case ASCII letters and digits of a name, for an e-mail address."""
    out = []
    for ch in text.lower():
        if ch in CYRILLIC_LATIN:
            out.append(CYRILLIC_LATIN[ch])
        elif ch in LATIN_EXTRA:
            out.append(LATIN_EXTRA[ch])
        else:
            out.append(unicodedata.normalize("NFKD", ch))
    return "".join(ch for ch in "".join(out) if ch.isascii() and ch.isalnum())


def contact_persons_of(d: Draw, plan: ClientPlan) -> None:
    """Guardians of a minor; for some adults a named close person, with a consent."""
    rng = d.rng
    last = plan.client.last_name
    first_rel = plan.relationships[0]
    if first_rel.rel.minor:
        for relation in rng.sample(("huoltaja (äiti)", "huoltaja (isä)"), rng.randint(1, 2)):
            first_names = (
                SV_FIRST if plan.client.contact_language is ContactLanguage.SV else FI_FIRST
            )
            plan.contact_persons.append(
                ContactPerson(
                    client_id="",
                    name=f"{rng.choice(first_names)} {last}",
                    relation=relation,
                    phone=phone(d),
                )
            )
    elif rng.random() < 0.15:
        consent_on = first_rel.rel.started_on
        close_person = f"{rng.choice(FI_FIRST)} {rng.choice((last, rng.choice(FI_LAST)))}"
        plan.contact_persons.append(
            ContactPerson(
                client_id="",
                name=close_person,
                relation=rng.choice(("puoliso", "läheinen", "sisar", "aikuinen lapsi")),
                phone=phone(d),
                consent_on=consent_on,
            )
        )
        consent = ConsentPlan(
            Consent(
                client_id="",
                kind=ConsentKind.CONSENT,
                scope="Yhteydenpito nimettyyn läheiseen",
                given_on=consent_on,
                recipient=close_person,
            )
        )
        draw = rng.random()
        last_day = first_rel.last_day(d.today)
        if draw < 0.25:
            consent.withdrawn_on = d.between(consent_on, last_day)
        elif draw < 0.4:
            consent.new_scope = "Yhteydenpito nimettyyn läheiseen vain ajanvarausasioissa"
        first_rel.consents.append(consent)
