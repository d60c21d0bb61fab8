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
"""

from __future__ import annotations

import dataclasses
import random
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Final

from app.domain.hetu import century_signs, temporary_hetu
from app.domain.kinds import (
    AppointmentStatus,
    ConsentKind,
    ContactLanguage,
    Controller,
    HoldGround,
    IdentityMethod,
    IssuerKind,
    NoteKind,
    PayerKind,
    RecordsKept,
    RegisterKind,
    RemovedContentKind,
    RequestKind,
    ServiceTask,
)
from app.domain.models import (
    Appointment,
    Client,
    Consent,
    ContactPerson,
    Disclosure,
    Invoice,
    InvoiceLine,
    Note,
    PaymentCommitment,
    Practice,
    Relationship,
    Service,
)
from app.domain.request_rules import is_working_day, request_deadline
from app.services import (
    appointments,
    billing,
    clients,
    clinical,
    consents,
    holds,
    register,
    relationships,
    requests,
)
from app.services.session import Session

Progress = Callable[[int, int], None]

DEFAULT_CLIENTS: Final = 200
DEFAULT_SEED: Final = 2026
# Clients written per transaction: one commit (and fsync) per batch instead of per call.
BATCH_SIZE: Final = 20

_BUSINESS_ID_WEIGHTS: Final = (7, 9, 10, 5, 8, 4, 2)


@dataclass(frozen=True)
class DemoSummary:
    """What ``populate_demo`` wrote, counted as it was written."""

    clients: int
    relationships: int
    ended_relationships: int
    county_relationships: int
    minor_relationships: int
    secure_address_clients: int
    contact_persons: int
    identities: int
    appointments: int
    invoices: int
    paid_invoices: int
    payment_commitments: int
    consents: int
    disclosures: int
    requests: int
    open_requests: int
    legal_holds: int
    notes: int
    amendments: int
    removal_markers: int


# --- check characters ---------------------------------------------------------------


def business_id_with_check_digit(base: str) -> str | None:
    """'1234567' -> '1234567-1'; None when no check digit exists (remainder 1)."""
    if len(base) != 7 or not base.isdigit():
        raise ValueError("a business ID base is seven digits")
    remainder = sum(int(d) * w for d, w in zip(base, _BUSINESS_ID_WEIGHTS, strict=True)) % 11
    if remainder == 1:
        return None
    return f"{base}-{0 if remainder == 0 else 11 - remainder}"


def _business_id(base: int) -> str:
    """The first valid business ID at or after ``base``."""
    while (result := business_id_with_check_digit(f"{base:07d}")) is None:
        base += 1
    return result


# --- invented vocabulary ----------------------------------------------------------------

FI_FIRST: Final[tuple[str, ...]] = (
    "Aino", "Matti", "Laura", "Juha", "Emilia", "Mikko", "Sanna", "Timo", "Elina", "Antti",
    "Helmi", "Eero", "Leena", "Ville", "Kaisa", "Jussi", "Noora", "Pekka", "Siiri", "Onni",
    "Venla", "Eino", "Tiina", "Heikki", "Veera", "Lauri", "Aada", "Olli", "Minna", "Kalle",
    "Iida", "Arttu", "Riikka", "Sami", "Hanna", "Tuomas", "Outi", "Janne", "Pirjo", "Aleksi",
)  # fmt: skip
FI_LAST: Final[tuple[str, ...]] = (
    "Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine",
    "Heikkinen", "Koskinen", "Järvinen", "Lehtonen", "Lehtinen", "Saarinen", "Salminen",
    "Heinonen", "Niemi", "Heikkilä", "Kinnunen", "Salonen", "Turunen", "Salo", "Laitinen",
    "Tuominen", "Rantanen", "Karjalainen", "Jokinen", "Mattila", "Savolainen", "Lahtinen",
    "Ahonen", "Kallio", "Leppänen", "Hiltunen", "Väisänen", "Peltonen", "Räsänen",
)  # fmt: skip
SV_FIRST: Final[tuple[str, ...]] = (
    "Elsa", "Axel", "Ebba", "Hugo", "Linnea", "Oskar", "Stina", "Henrik", "Maja", "Johan",
    "Frida", "Mikael", "Alva", "Gustav", "Greta", "Anders", "Ida", "Fredrik",
)  # fmt: skip
SV_LAST: Final[tuple[str, ...]] = (
    "Lindqvist", "Holmström", "Nyberg", "Sjöberg", "Westerlund", "Lindholm", "Grönroos",
    "Blomqvist", "Forsman", "Ekström", "Sundberg", "Åberg", "Lindroos", "Björkman",
)  # fmt: skip
INTL_FIRST: Final[tuple[str, ...]] = (
    "Amina", "Omar", "Sofia", "David", "Maria", "Ahmed", "Fatima", "Lucas", "Chen", "Priya",
    "Daniel", "Leila", "Yusuf", "Ana", "Tomasz", "Grace",
)  # fmt: skip
INTL_LAST: Final[tuple[str, ...]] = (
    "Hassan", "Ali", "Smith", "Nguyen", "Kowalski", "Rodriguez", "Müller", "Okafor",
    "Ahmadi", "Silva", "Novak", "Jensen", "Fernández", "Mohamed", "Wang",
)  # fmt: skip
SAMI_FIRST: Final[tuple[str, ...]] = (
    "Ánde", "Máret", "Niillas", "Sárá", "Biret", "Áslat", "Elle", "Juhán", "Ristin",
    "Ovllá", "Heaikka", "Inger",
)  # fmt: skip
SAMI_LAST: Final[tuple[str, ...]] = (
    "Guttorm",
    "Aikio",
    "Länsman",
    "Magga",
    "Näkkäläjärvi",
    "Valle",
    "Sara",
)
# (first name, is female)
CYRILLIC_FIRST: Final = (
    ("Ольга", True), ("Иван", False), ("Наталья", True), ("Дмитрий", False),
    ("Анна", True), ("Сергей", False), ("Екатерина", True), ("Алексей", False),
    ("Мария", True), ("Михаил", False),
)  # fmt: skip
# (male form, female form)
CYRILLIC_LAST: Final = (
    ("Петров", "Петрова"), ("Смирнов", "Смирнова"), ("Иванов", "Иванова"),
    ("Кузнецов", "Кузнецова"), ("Соколов", "Соколова"), ("Попов", "Попова"),
    ("Волков", "Волкова"),
)  # fmt: skip
_CYRILLIC_LATIN: Final = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
}  # fmt: skip
_LATIN_EXTRA: Final = {"ŋ": "ng", "đ": "d", "ŧ": "t", "ß": "ss", "ø": "o", "æ": "ae"}

# (postal code, city as written in the address, municipality)
FI_TOWNS: Final[tuple[tuple[str, str, str], ...]] = (
    ("33100", "Tampere", "Tampere"), ("33200", "Tampere", "Tampere"),
    ("33500", "Tampere", "Tampere"), ("33720", "Tampere", "Tampere"),
    ("33470", "Ylöjärvi", "Ylöjärvi"), ("37100", "Nokia", "Nokia"),
    ("36200", "Kangasala", "Kangasala"), ("37500", "Lempäälä", "Lempäälä"),
    ("38200", "Sastamala", "Sastamala"),
    ("13100", "Hämeenlinna", "Hämeenlinna"), ("00100", "Helsinki", "Helsinki"),
    ("00530", "Helsinki", "Helsinki"), ("02100", "Espoo", "Espoo"),
    ("01300", "Vantaa", "Vantaa"), ("20100", "Turku", "Turku"),
    ("40100", "Jyväskylä", "Jyväskylä"), ("15100", "Lahti", "Lahti"),
    ("28100", "Pori", "Pori"), ("90100", "Oulu", "Oulu"), ("70100", "Kuopio", "Kuopio"),
)  # fmt: skip
SV_TOWNS: Final[tuple[tuple[str, str, str], ...]] = (
    ("65100", "Vasa", "Vasa"), ("68600", "Jakobstad", "Jakobstad"),
    ("10600", "Ekenäs", "Raseborg"), ("06100", "Borgå", "Borgå"),
    ("22100", "Mariehamn", "Mariehamn"), ("00100", "Helsingfors", "Helsingfors"),
    ("20100", "Åbo", "Åbo"), ("66900", "Nykarleby", "Nykarleby"),
)  # fmt: skip
SAMI_TOWNS: Final[tuple[tuple[str, str, str], ...]] = (
    ("99800", "Ivalo", "Inari"), ("99870", "Inari", "Inari"), ("99980", "Utsjoki", "Utsjoki"),
    ("99400", "Enontekiö", "Enontekiö"), ("99600", "Sodankylä", "Sodankylä"),
)  # fmt: skip
FI_STREETS: Final[tuple[str, ...]] = (
    "Hämeenkatu", "Koivukuja", "Rantatie", "Kirkkokatu", "Puistotie", "Satakunnankatu",
    "Pihlajatie", "Kalevantie", "Myllypurontie", "Kuusikatu", "Rajatie", "Asemakatu",
    "Sammonkatu", "Tuomikuja", "Järvenrannantie", "Lehtolantie",
)  # fmt: skip
SV_STREETS: Final[tuple[str, ...]] = (
    "Strandvägen", "Kyrkogatan", "Skolgatan", "Storgatan", "Björkvägen", "Åsvägen",
    "Hamngatan", "Kvarngatan",
)  # fmt: skip
SAMI_STREETS: Final[tuple[str, ...]] = (
    "Ivalontie",
    "Saariseläntie",
    "Jokitie",
    "Tunturitie",
    "Kaamasentie",
)
PHONE_PREFIXES: Final = ("040", "041", "044", "045", "050")

COUNTIES: Final = (
    "Pirkanmaan hyvinvointialue",
    "Kanta-Hämeen hyvinvointialue",
    "Keski-Suomen hyvinvointialue",
)
EMPLOYERS: Final = (
    ("Esimerkkiyhtiö Oy", 1572860),
    ("Harjoitus Ky", 2718281),
    ("Malli ja Kumppanit Oy", 1414213),
    ("Testilän Palvelut Oy", 1732050),
)

PRACTITIONER_NAME: Final = "Eeva Esimerkki"
PRACTITIONER_TITLE: Final = "psykoterapeutti (ET), sosionomi (AMK)"
PRACTICE_STREET: Final = "Esimerkkikatu 1 A 2"
PRACTICE_PLACE: Final = f"Vastaanotto, {PRACTICE_STREET}, Tampere"
REMOTE_PLACE: Final = "Etävastaanotto (videoyhteys)"
HOME_VISIT: Final = "Kotikäynti"
PAPER_ARCHIVE: Final = "Paperiarkisto, lukittu kaappi vastaanotolla"
OTHER_SYSTEM: Final = "Kanta-liitetty potilastietojärjestelmä (esimerkkijärjestelmä)"

SLOTS: Final = (
    time(8, 0), time(9, 0), time(10, 0), time(11, 0),
    time(12, 30), time(13, 30), time(14, 30), time(16, 0),
)  # fmt: skip


@dataclass(frozen=True)
class _ServiceDef:
    name: str
    kind: RegisterKind
    task: ServiceTask | None
    minutes: int
    fee_cents: int
    vat_permille: int
    style: str  # "therapy", "family" or "coaching": which note texts fit
    protected: bool = False  # psychotherapy: specially protected entries
    kela: bool = False  # Kela rehabilitation psychotherapy


PSYCHOTHERAPY: Final = _ServiceDef(
    "Psykoterapia", RegisterKind.PATIENT, None, 45, 11000, 0, "therapy", protected=True
)
KELA_PSYCHOTHERAPY: Final = _ServiceDef(
    "Kelan kuntoutuspsykoterapia",
    RegisterKind.PATIENT,
    None,
    45,
    10500,
    0,
    "therapy",
    protected=True,
    kela=True,
)
FAMILY_WORK: Final = _ServiceDef(
    "Perhetyö",
    RegisterKind.SOCIAL_CARE,
    ServiceTask.FAMILIES_WITH_CHILDREN,
    90,
    9000,
    0,
    "family",
)
CHILD_WELFARE_WORK: Final = _ServiceDef(
    "Lastensuojelun perhetyö",
    RegisterKind.SOCIAL_CARE,
    ServiceTask.CHILD_WELFARE,
    90,
    9500,
    0,
    "family",
)
SUPERVISED_MEETINGS: Final = _ServiceDef(
    "Valvotut tapaamiset", RegisterKind.SOCIAL_CARE, ServiceTask.FAMILY_LAW, 120, 12000, 0, "family"
)
ADULT_SUPPORT: Final = _ServiceDef(
    "Aikuisten tukikäynnit",
    RegisterKind.SOCIAL_CARE,
    ServiceTask.ADULT_SERVICES,
    60,
    8000,
    0,
    "family",
)
DISABILITY_SUPPORT: Final = _ServiceDef(
    "Tuettu arki (vammaispalvelut)",
    RegisterKind.SOCIAL_CARE,
    ServiceTask.DISABILITY,
    60,
    8000,
    0,
    "family",
)
COACHING: Final = _ServiceDef("Valmennus", RegisterKind.OTHER, None, 60, 8500, 255, "coaching")
WORK_SUPERVISION: Final = _ServiceDef(
    "Työnohjaus", RegisterKind.OTHER, None, 90, 12000, 255, "coaching"
)
SERVICE_DEFS: Final = (
    PSYCHOTHERAPY,
    KELA_PSYCHOTHERAPY,
    FAMILY_WORK,
    CHILD_WELFARE_WORK,
    SUPERVISED_MEETINGS,
    ADULT_SUPPORT,
    DISABILITY_SUPPORT,
    COACHING,
    WORK_SUPERVISION,
)
_SERVICE_WEIGHTS: Final = (28, 17, 9, 5, 3, 6, 2, 18, 12)

_OPENERS: Final = {
    "therapy": (
        "Asiakas saapui sovitusti ajoissa.",
        "Käynti toteutui etäyhteydellä, yhteys toimi hyvin.",
        "Asiakas kertoi viikon sujuneen vaihtelevasti.",
        "Tapaamisen alussa käytiin läpi edellisen kerran teemat.",
        "Asiakas vaikutti tänään levänneeltä.",
        "Asiakas kertoi aluksi kuulumisiaan.",
    ),
    "family": (
        "Kotikäynnillä olivat paikalla molemmat vanhemmat ja lapset.",
        "Tapaaminen pidettiin perheen kotona.",
        "Perhe oli valmistautunut tapaamiseen hyvin.",
        "Tapaamisen alussa kuultiin perheen viikon kuulumiset.",
        "Asiakas kertoi arjen sujuneen edellistä viikkoa paremmin.",
    ),
    "coaching": (
        "Tapaamisen aluksi käytiin läpi edellisellä kerralla sovitut kokeilut.",
        "Asiakas toi tapaamiseen ajankohtaisen kysymyksen työstään.",
        "Tapaaminen pidettiin etäyhteydellä.",
        "Aloitettiin lyhyellä tilannekatsauksella.",
    ),
}
_MIDDLES: Final = {
    "therapy": (
        "Keskusteltiin keinoista jännityksen säätelyyn arjessa.",
        "Asiakas kuvasi nukkuneensa aiempaa paremmin.",
        "Tarkasteltiin työhön liittyviä kuormitustekijöitä.",
        "Harjoiteltiin yhdessä rauhoittavaa hengitysharjoitusta.",
        "Pohdittiin, millaiset tilanteet herättävät huolta ja miten niihin voi valmistautua.",
        "Käsiteltiin vuorovaikutusta läheisten kanssa.",
        "Asiakas toi esiin toiveen säännöllisemmästä päivärytmistä.",
        "Tunnistettiin yhdessä voimavaroja, jotka ovat auttaneet aiemmin.",
        "Mieliala on pysynyt tasaisena edelliseen käyntiin verrattuna.",
        "Käytiin läpi kotitehtävänä pidettyä havaintopäiväkirjaa.",
        "Keskusteltiin itsemyötätunnosta ja omista vaatimuksista.",
        "Asiakas kertoi liikkuneensa ulkona useammin kuin aiemmin.",
    ),
    "family": (
        "Perheen kanssa sovittiin yhteisistä iltarutiineista.",
        "Vanhemmat kokivat tilanteen rauhoittuneen kotona.",
        "Lapsi osallistui tapaamiseen piirtämällä.",
        "Käytiin läpi viikon arkea ja koulunkäyntiä.",
        "Harjoiteltiin ristiriitatilanteiden sopimista.",
        "Tarkistettiin asiakassuunnitelman tavoitteet.",
        "Vanhempien kanssa mietittiin keinoja jaksamisen tueksi.",
        "Sovittiin viikkokalenterin kokeilemisesta.",
        "Keskusteltiin harrastusmahdollisuuksista lähialueella.",
        "Kodin arjen rytmi on selkiytynyt.",
    ),
    "coaching": (
        "Valmennuksessa tarkasteltiin ajanhallinnan keinoja.",
        "Pohdittiin työyhteisön roolijakoja.",
        "Asetettiin seuraavan jakson tavoitteet.",
        "Harjoiteltiin priorisointia viikkosuunnitelman avulla.",
        "Käsiteltiin palautteen antamista ja vastaanottamista.",
        "Tunnistettiin työn sujumista edistäviä tekijöitä.",
        "Keskusteltiin palautumisesta työpäivän jälkeen.",
    ),
}
_CLOSERS: Final = (
    "Sovittiin kotitehtäväksi päiväkirjan pitäminen.",
    "Seuraavalla kerralla jatketaan samasta teemasta.",
    "Jatketaan suunnitelman mukaisesti.",
    "Seuraava tapaaminen sovittiin tavalliseen aikaan.",
    "Tavoitteena on vahvistaa keinoja arjen hallintaan.",
)
_GOALS: Final = {
    "therapy": (
        "mielialan vakautuminen",
        "jännityksen hallinta sosiaalisissa tilanteissa",
        "unen ja päivärytmin palautuminen",
        "työkyvyn tukeminen",
        "ihmissuhteiden ristiriitojen käsittely",
    ),
    "family": (
        "arjen rutiinien vahvistaminen",
        "vanhemmuuden tukeminen",
        "lapsen koulunkäynnin tukeminen",
        "perheen vuorovaikutuksen parantaminen",
        "vanhempien jaksamisen tukeminen",
    ),
    "coaching": (
        "ajanhallinnan kehittäminen",
        "työn ja vapaa-ajan tasapaino",
        "esihenkilötyön selkiyttäminen",
        "oman osaamisen tunnistaminen",
    ),
}
_AMENDMENTS: Final = (
    (
        "Korjaus: käynti toteutui etäyhteydellä, ei vastaanotolla.",
        "Käyntimuoto oli kirjattu väärin",
    ),
    ("Korjaus: kotitehtäväksi sovittiin viikkosuunnitelma, ei päiväkirjaa.", "Kirjausvirhe"),
    ("Korjaus: tapaamisessa oli mukana vain toinen vanhemmista.", "Läsnäolijat korjattu"),
    ("Korjaus: seuraava käynti sovittiin kahden viikon päähän.", "Sovittu aika korjattu"),
)
_REMOVALS: Final = (
    (RemovedContentKind.THIRD_PARTY, "Ei tarpeellinen asiakkaan palvelun kannalta"),
    (RemovedContentKind.UNNECESSARY, "Poistettu asiakkaan oikaisupyynnön perusteella"),
)
_END_REASONS: Final = (
    "Tavoitteet saavutettu",
    "Asiakkaan toiveesta",
    "Muutto toiselle paikkakunnalle",
    "Siirtyi toiseen palveluun",
    "Jakso päättyi suunnitellusti",
)


# --- the plan -------------------------------------------------------------------------------


@dataclass
class _NotePlan:
    note: Note
    amendment: tuple[str, str] | None = None  # (body, reason)
    removal: tuple[RemovedContentKind, str] | None = None  # (content kind, reason)


@dataclass
class _ConsentPlan:
    consent: Consent
    withdrawn_on: date | None = None
    new_scope: str | None = None  # a later version with this scope


@dataclass
class _DisclosurePlan:
    disclosure: Disclosure
    consent_index: int | None = None


@dataclass
class _AppointmentPlan:
    appointment: Appointment
    commitment_index: int | None = None


@dataclass
class _InvoicePlan:
    invoice: Invoice
    paid_on: date | None


@dataclass
class _RelationshipPlan:
    rel: Relationship
    service: _ServiceDef
    ended_on: date | None = None
    end_reason: str = ""
    payer: tuple[PayerKind, str, str, str] | None = None  # kind, name, address, business id
    commitments: list[PaymentCommitment] = field(default_factory=list)
    appointments: list[_AppointmentPlan] = field(default_factory=list)
    invoices: list[_InvoicePlan] = field(default_factory=list)
    consents: list[_ConsentPlan] = field(default_factory=list)
    disclosures: list[_DisclosurePlan] = field(default_factory=list)
    notes: list[_NotePlan] = field(default_factory=list)

    def last_day(self, today: date) -> date:
        return self.ended_on or today


@dataclass
class _RequestPlan:
    kind: RequestKind
    received_on: date
    details: str
    identity: tuple[IdentityMethod, date] | None = None
    extension_reason: str = ""
    closed: tuple[str, date] | None = None  # outcome, closed on


@dataclass
class _ClientPlan:
    client: Client
    birth_date: date
    hetu: str | None = None
    death_date: date | None = None
    contact_persons: list[ContactPerson] = field(default_factory=list)
    relationships: list[_RelationshipPlan] = field(default_factory=list)
    requests: list[_RequestPlan] = field(default_factory=list)
    hold: tuple[HoldGround, date, str] | None = None

    @property
    def needs_identity(self) -> bool:
        return any(rp.rel.register_kind is not RegisterKind.OTHER for rp in self.relationships)


def _add_years(day: date, years: int) -> date:
    """Calendar years; 29 February lands on 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _ascii(text: str) -> str:
    out = []
    for ch in text.lower():
        if ch in _CYRILLIC_LATIN:
            out.append(_CYRILLIC_LATIN[ch])
        elif ch in _LATIN_EXTRA:
            out.append(_LATIN_EXTRA[ch])
        else:
            out.append(unicodedata.normalize("NFKD", ch))
    return "".join(ch for ch in "".join(out) if ch.isascii() and ch.isalnum())


def _fi_date(day: date) -> str:
    return f"{day.day}.{day.month}.{day.year}"


class _Planner:
    """Draws the whole practice from one random generator, before anything is written."""

    def __init__(self, rng: random.Random, today: date, now: datetime, practitioner: str) -> None:
        self.rng = rng
        self.today = today
        self.now = now
        self.tz = now.tzinfo
        self.practitioner = practitioner
        self.used_hetus: set[str] = set()
        self.used_slots: set[tuple[date, time]] = set()

    # --- small draws ---

    def days_ago(self, low: int, high: int) -> date:
        return self.today - timedelta(days=self.rng.randint(low, high))

    def between(self, start: date, end: date) -> date:
        if end <= start:
            return start
        return start + timedelta(days=self.rng.randint(0, (end - start).days))

    def working_day_between(self, start: date, end: date) -> date:
        day = self.between(start, end)
        for _ in range(6):
            if is_working_day(day):
                break
            day = self.between(start, end)
        return day

    def at(self, day: date, slot: time) -> datetime:
        return datetime.combine(day, slot, tzinfo=self.tz)

    def phone(self) -> str:
        rng = self.rng
        return f"{rng.choice(PHONE_PREFIXES)} {rng.randint(100, 999)} {rng.randint(0, 9999):04d}"

    def email(self, first: str, last: str) -> str:
        rng = self.rng
        f, s = _ascii(first) or "asiakas", _ascii(last) or "esimerkki"
        local = rng.choice((f"{f}.{s}", f"{f}{s}{rng.randint(1, 99)}", f"{f[0]}.{s}", f"{f}.{s}"))
        return f"{local}@{rng.choice(('example.fi', 'example.fi', 'example.com'))}"

    def address(self, group: str) -> tuple[str, str, str, str]:
        rng = self.rng
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

    def name(self, group: str) -> tuple[str, str, ContactLanguage]:
        rng = self.rng
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

    def hetu(self, birth: date) -> str:
        rng = self.rng
        signs = century_signs(birth.year)  # the basic sign first, then the extra ones
        basic, extra = signs[0], signs[1:]
        while True:
            sign = rng.choice(extra) if rng.random() < 0.1 and extra else basic
            code = temporary_hetu(birth, rng.randint(900, 999), sign)
            if code not in self.used_hetus:
                self.used_hetus.add(code)
                return code

    def note_text(self, style: str) -> str:
        rng = self.rng
        middles = rng.sample(_MIDDLES[style], rng.randint(1, 3))
        return " ".join([rng.choice(_OPENERS[style]), *middles, rng.choice(_CLOSERS)])

    # --- the client ---

    def client(self, roles: set[str]) -> _ClientPlan:
        rng = self.rng
        groups = ("fi", "sv", "intl", "sami", "cyrillic")
        forced = [g for g in groups if g in roles]
        group = forced[0] if forced else rng.choices(groups, (78, 9, 6, 3, 4))[0]
        first, last, language = self.name(group)
        street, postal, city, municipality = self.address(group)
        client = Client(
            first_name=first,
            last_name=last,
            street_address=street,
            postal_code=postal,
            city=city,
            municipality=municipality,
            phone=self.phone() if rng.random() < 0.93 else "",
            email=self.email(first, last) if rng.random() < 0.75 else "",
            contact_language=language,
            secure_address="secure" in roles,
        )
        if not (client.phone or client.email):
            client.phone = self.phone()
        plan = _ClientPlan(client=client, birth_date=self.today)
        self.relationships_of(plan, roles)
        if plan.needs_identity and ("deceased" in roles or rng.random() < 0.9):
            plan.hetu = self.hetu(plan.birth_date)
        self.contact_persons_of(plan)
        self.requests_of(plan, roles)
        if "hold" in roles:
            plan.hold = (
                HoldGround.DISPUTE,
                self.days_ago(30, 200),
                "Laskutusta koskeva erimielisyys on kesken; asiakirjat säilytetään, "
                "kunnes asia on ratkaistu (keksitty esimerkki).",
            )
        return plan

    def relationships_of(self, plan: _ClientPlan, roles: set[str]) -> None:
        rng = self.rng
        today = self.today
        service = rng.choices(SERVICE_DEFS, _SERVICE_WEIGHTS)[0]
        controller_county = ""
        minor = "minor" in roles
        # (started, ended) of the first relationship
        if "very_old" in roles or "deceased" in roles:
            service = KELA_PSYCHOTHERAPY if "very_old" in roles else PSYCHOTHERAPY
            started = self.days_ago(13 * 365, 15 * 365)
            ended: date | None = started + timedelta(days=rng.randint(300, 700))
        elif "hold" in roles:
            service = PSYCHOTHERAPY
            ended = self.days_ago(3 * 365, 5 * 365)
            started = ended - timedelta(days=rng.randint(200, 900))
        elif "county" in roles:
            index = int(next(r for r in roles if r.startswith("county:")).split(":")[1])
            service = (FAMILY_WORK, PSYCHOTHERAPY, ADULT_SUPPORT)[index % 3]
            controller_county = COUNTIES[0] if index < 2 else rng.choice(COUNTIES)
            started = self.days_ago(200, 500)
            ended = self.days_ago(60, 120) if index == 0 else None
        elif minor:
            service = (CHILD_WELFARE_WORK, PSYCHOTHERAPY, FAMILY_WORK)[rng.randrange(3)]
            if "minor_prohibition" in roles:
                service = CHILD_WELFARE_WORK
            started = self.days_ago(30, 600)
            ended = None if rng.random() < 0.7 else self.between(started, today)
        else:
            started, ended = self.timeline()
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
        plan.birth_date = _add_years(started, -age) - timedelta(days=rng.randint(0, 360))
        if "deceased" in roles:
            plan.death_date = ended
        first = self.relationship(plan, service, started, ended, controller_county, roles)
        if "deceased" in roles:
            first.end_reason = "Asiakas on kuollut"
        plan.relationships.append(first)
        # A few clients come back for another service.
        if not roles and rng.random() < 0.08:
            second = rng.choice((COACHING, WORK_SUPERVISION, PSYCHOTHERAPY, ADULT_SUPPORT))
            started2, ended2 = self.timeline()
            if _add_years(plan.birth_date, 18) <= started2:
                plan.relationships.append(
                    self.relationship(plan, second, started2, ended2, "", set())
                )

    def timeline(self) -> tuple[date, date | None]:
        """Ended long ago, ended lately, or still going on."""
        rng = self.rng
        status = rng.choices(("old", "recent", "active"), (25, 20, 55))[0]
        if status == "old":
            ended = self.days_ago(2 * 365 + 15, 9 * 365)
            return ended - timedelta(days=rng.randint(60, 3 * 365)), ended
        if status == "recent":
            ended = self.days_ago(7, 700)
            return ended - timedelta(days=rng.randint(60, 3 * 365)), ended
        return self.days_ago(7, 5 * 365), None

    def relationship(
        self,
        plan: _ClientPlan,
        service: _ServiceDef,
        started: date,
        ended: date | None,
        county: str,
        roles: set[str],
    ) -> _RelationshipPlan:
        rng = self.rng
        kind = service.kind
        records_kept = RecordsKept.VAKKA
        location = ""
        if not county:
            draw = rng.random()
            if kind is RegisterKind.PATIENT and draw < 0.15:
                records_kept, location = RecordsKept.OTHER_SYSTEM, OTHER_SYSTEM
            elif kind is not RegisterKind.OTHER and draw > 0.85:
                records_kept, location = RecordsKept.PAPER, PAPER_ARCHIVE
        gdpr = date(2018, 5, 25)
        notice_on: date | None = max(started, gdpr)
        if notice_on is not None and notice_on > (ended or self.today):
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
        rp = _RelationshipPlan(rel=rel, service=service, ended_on=ended)
        if ended is not None:
            rp.end_reason = rng.choice(_END_REASONS)
        if service is WORK_SUPERVISION and rng.random() < 0.6:
            name, base = rng.choice(EMPLOYERS)
            rp.payer = (
                PayerKind.OTHER,
                name,
                "Esimerkkikatu 10, 33100 Tampere",
                _business_id(base),
            )
        self.commitments_of(rp)
        self.past_appointments_of(rp)
        self.consents_of(rp, roles)
        self.notes_of(rp)
        return rp

    def commitments_of(self, rp: _RelationshipPlan) -> None:
        rng = self.rng
        last = rp.last_day(self.today)
        if rp.service.kela:
            start = rp.rel.started_on
            while start <= last and len(rp.commitments) < 3:
                until = _add_years(start, 1) - timedelta(days=1)
                rp.commitments.append(
                    PaymentCommitment(
                        client_id="",
                        issuer_kind=IssuerKind.KELA,
                        valid_from=start,
                        valid_until=until,
                        issuer_name="Kela",
                        decision_number=f"K{start.year}-{rng.randint(0, 999999):06d}",
                        visits_granted=rng.choice((20, 30, 40)),
                    )
                )
                start = until + timedelta(days=1)
        elif rp.rel.controller is Controller.COUNTY:
            start = rp.rel.started_on
            rp.commitments.append(
                PaymentCommitment(
                    client_id="",
                    issuer_kind=IssuerKind.COUNTY,
                    valid_from=start,
                    valid_until=max(last, _add_years(start, 1) - timedelta(days=1)),
                    issuer_name=rp.rel.county_name,
                    decision_number=f"HVA/{start.year}/{rng.randint(100, 9999)}",
                    visits_granted=rng.randint(12, 24),
                    visits_used_before=rng.choice((0, 0, 2)),
                )
            )

    def link_commitment(self, rp: _RelationshipPlan, day: date) -> int | None:
        """The commitment covering ``day`` that still has visits left, if any."""
        for index, commitment in enumerate(rp.commitments):
            if not commitment.valid_from <= day <= commitment.valid_until:
                continue
            linked = sum(1 for a in rp.appointments if a.commitment_index == index)
            granted = commitment.visits_granted or 0
            if commitment.visits_used_before + linked < granted:
                return index
        return None

    def appointment(
        self, rp: _RelationshipPlan, starts_at: datetime, status: AppointmentStatus
    ) -> _AppointmentPlan:
        rng = self.rng
        service = rp.service
        remote = service.style != "family" and rng.random() < 0.2
        if remote:
            place = REMOTE_PLACE
        elif service.style == "family" and rng.random() < 0.6:
            place = HOME_VISIT
        else:
            place = PRACTICE_PLACE
        appointment = Appointment(
            client_id="",
            relationship_id=0,
            starts_at=starts_at,
            duration_min=service.minutes,
            service=service.name,
            place=place,
            remote=remote,
            status=status,
            fee_cents=service.fee_cents,
        )
        plan = _AppointmentPlan(appointment)
        if status in (AppointmentStatus.DONE, AppointmentStatus.BOOKED):
            plan.commitment_index = self.link_commitment(rp, starts_at.date())
        return plan

    def free_slot(self, day: date) -> time | None:
        for _ in range(4):
            slot = self.rng.choice(SLOTS)
            if (day, slot) not in self.used_slots:
                self.used_slots.add((day, slot))
                return slot
        return None

    def past_appointments_of(self, rp: _RelationshipPlan) -> None:
        rng = self.rng
        first = rp.rel.started_on
        last = min(rp.last_day(self.today), self.today - timedelta(days=1))
        if last < first:
            return
        low, high = {"therapy": (4, 14), "family": (3, 10), "coaching": (2, 8)}[rp.service.style]
        wanted = min(rng.randint(low, high), (last - first).days // 7 + 1)
        days = sorted({self.working_day_between(first, last) for _ in range(wanted)} | {first})
        for index, day in enumerate(days):
            slot = self.free_slot(day)
            if slot is None:
                continue
            status = AppointmentStatus.DONE
            if index > 0:
                status = rng.choices(
                    (
                        AppointmentStatus.DONE,
                        AppointmentStatus.CANCELLED,
                        AppointmentStatus.NO_SHOW,
                    ),
                    (86, 8, 6),
                )[0]
            rp.appointments.append(self.appointment(rp, self.at(day, slot), status))

    def consents_of(self, rp: _RelationshipPlan, roles: set[str]) -> None:
        rng = self.rng
        rel = rp.rel
        last = rp.last_day(self.today)
        if rp.service.kela:
            kela = _ConsentPlan(
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
                        _DisclosurePlan(
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
                _ConsentPlan(
                    Consent(
                        client_id="",
                        kind=ConsentKind.CONSENT,
                        scope="Terveystietojen käsittely valmennuksen toteuttamiseksi "
                        "(EU:n yleinen tietosuoja-asetus, 9 art. 2 kohta a)",
                        given_on=rel.started_on,
                    ),
                    withdrawn_on=self.between(rel.started_on, last) if rng.random() < 0.1 else None,
                )
            )
        if rp.service is PSYCHOTHERAPY and rng.random() < 0.06:
            given = self.between(rel.started_on, last)
            rp.consents.append(
                _ConsentPlan(
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
                _DisclosurePlan(
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
                _DisclosurePlan(
                    Disclosure(
                        client_id="",
                        disclosed_on=self.between(rel.started_on, last),
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
                _ConsentPlan(
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
                _ConsentPlan(
                    Consent(
                        client_id="",
                        kind=ConsentKind.PROHIBITION,
                        scope="Kielto luovuttaa tietoja omaisille",
                        given_on=rel.started_on,
                    ),
                    withdrawn_on=self.between(rel.started_on, last) if rng.random() < 0.3 else None,
                )
            )

    def notes_of(self, rp: _RelationshipPlan) -> None:
        """The plan, session notes, a Kela statement and an end summary (notes in Vakka only)."""
        if rp.rel.records_kept is not RecordsKept.VAKKA:
            return
        rng = self.rng
        style = rp.service.style
        started_at = self.at(rp.rel.started_on, time(17, 0))
        goal = rng.choice(_GOALS[style])
        self.add_note(
            rp,
            NoteKind.PLAN,
            f"Suunnitelma: tavoitteena {goal}. Tapaamisia noin "
            f"{rng.choice(('kerran viikossa', 'joka toinen viikko', 'kerran kuukaudessa'))}. "
            "Edistymistä arvioidaan yhdessä puolen vuoden välein.",
            started_at,
        )
        for plan in rp.appointments:
            appointment = plan.appointment
            if appointment.status is not AppointmentStatus.DONE or rng.random() > 0.85:
                continue
            written = appointment.starts_at + timedelta(minutes=appointment.duration_min + 10)
            self.add_note(rp, NoteKind.SESSION_NOTE, self.note_text(style), written)
            if rng.random() < 0.05:
                self.add_note(
                    rp,
                    NoteKind.PHONE_CONTACT,
                    "Puhelu asiakkaan kanssa: siirrettiin seuraavaa tapaamista toiveen mukaan.",
                    written + timedelta(days=2),
                )
        if rp.service.kela:
            for disclosure in rp.disclosures:
                self.add_note(
                    rp,
                    NoteKind.STATEMENT,
                    "Hoitopalaute Kelalle: kuntoutuspsykoterapia on edennyt suunnitellusti, "
                    "ja jatkoa suositellaan.",
                    self.at(disclosure.disclosure.disclosed_on, time(16, 0)),
                )
        if style == "family" and rng.random() < 0.05:
            self.add_note(
                rp,
                NoteKind.THIRD_PARTY_DOCUMENT,
                "Erillinen asiakirja: asiakkaan läheistä koskeva tieto kirjattu erikseen.",
                started_at + timedelta(days=14),
            )
        if rp.ended_on is not None:
            self.add_note(
                rp,
                NoteKind.SUMMARY,
                f"Loppuyhteenveto: tavoitteena oli {goal}. {rng.choice(_MIDDLES[style])} "
                f"Asiakkuus päättyi: {rp.end_reason.lower()}.",
                self.at(rp.ended_on, time(17, 30)),
            )

    def add_note(self, rp: _RelationshipPlan, kind: NoteKind, body: str, at: datetime) -> None:
        if at > self.now:
            return
        rng = self.rng
        note = Note(
            client_id="",
            relationship_id=0,
            register_kind=rp.rel.register_kind,
            kind=kind,
            body=body,
            written_at=at,  # the service records its own clock; the plan's time dates the session
            author_name=self.practitioner,
            author_title=PRACTITIONER_TITLE,
            specially_protected=rp.service.protected,
            session_date=at.date(),
        )
        plan = _NotePlan(note)
        draw = rng.random()
        if draw < 0.04:
            plan.amendment = rng.choice(_AMENDMENTS)
        elif draw > 0.985:
            plan.removal = rng.choice(_REMOVALS)
        rp.notes.append(plan)

    def contact_persons_of(self, plan: _ClientPlan) -> None:
        rng = self.rng
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
                        phone=self.phone(),
                    )
                )
        elif rng.random() < 0.15:
            consent_on = first_rel.rel.started_on
            name = f"{rng.choice(FI_FIRST)} {rng.choice((last, rng.choice(FI_LAST)))}"
            plan.contact_persons.append(
                ContactPerson(
                    client_id="",
                    name=name,
                    relation=rng.choice(("puoliso", "läheinen", "sisar", "aikuinen lapsi")),
                    phone=self.phone(),
                    consent_on=consent_on,
                )
            )
            consent = _ConsentPlan(
                Consent(
                    client_id="",
                    kind=ConsentKind.CONSENT,
                    scope="Yhteydenpito nimettyyn läheiseen",
                    given_on=consent_on,
                    recipient=name,
                )
            )
            draw = rng.random()
            last_day = first_rel.last_day(self.today)
            if draw < 0.25:
                consent.withdrawn_on = self.between(consent_on, last_day)
            elif draw < 0.4:
                consent.new_scope = "Yhteydenpito nimettyyn läheiseen vain ajanvarausasioissa"
            first_rel.consents.append(consent)

    def requests_of(self, plan: _ClientPlan, roles: set[str]) -> None:
        rng = self.rng
        today = self.today
        if "request_near" in roles:
            received = today - timedelta(days=24)
            for _ in range(60):
                if 0 <= (request_deadline(received) - today).days <= 5:
                    break
                received -= timedelta(days=1)
            plan.requests.append(
                _RequestPlan(RequestKind.ACCESS, received, "Asiakas pyytää kopion tiedoistaan.")
            )
        if "request_fresh" in roles:
            plan.requests.append(
                _RequestPlan(
                    RequestKind.RECTIFICATION,
                    today - timedelta(days=2),
                    "Asiakas pyytää korjaamaan osoitetietonsa ja yhden kirjauksen.",
                    identity=(IdentityMethod.STRONG_ELECTRONIC, today - timedelta(days=1)),
                )
            )
        if "request_extended" in roles:
            plan.requests.append(
                _RequestPlan(
                    RequestKind.ACCESS,
                    today - timedelta(days=12),
                    "Asiakas pyytää kaikki tietonsa useasta asiakkuudesta.",
                    identity=(IdentityMethod.IN_PERSON_ID_DOCUMENT, today - timedelta(days=10)),
                    extension_reason="Aineisto on laaja ja koskee useaa asiakkuutta; "
                    "asiakkaalle on ilmoitettu jatkoajasta.",
                )
            )
        if "request_closed" in roles:
            received = self.days_ago(60, 4 * 365)
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
                _RequestPlan(
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

    def book_agenda(self, plans: Sequence[_ClientPlan]) -> None:
        """Next appointments of current clients: today, this week and a few weeks on."""
        rng = self.rng
        candidates = [
            rp
            for plan in plans
            for rp in plan.relationships
            if rp.ended_on is None and rng.random() < 0.8
        ]
        rng.shuffle(candidates)
        days = [self.today]
        day = self.today
        while len(days) < 30:
            day += timedelta(days=1)
            if is_working_day(day):
                days.append(day)
        slots = [(d, s) for d in days for s in SLOTS if (d, s) not in self.used_slots]
        pending = iter(candidates)
        for d, s in slots:
            if rng.random() < 0.2:
                continue
            rp = next(pending, None)
            if rp is None:
                break
            starts_at = self.at(d, s)
            done = starts_at + timedelta(minutes=rp.service.minutes) <= self.now
            status = AppointmentStatus.DONE if done else AppointmentStatus.BOOKED
            plan = self.appointment(rp, starts_at, status)
            rp.appointments.append(plan)
            self.used_slots.add((d, s))
            if done and rp.rel.records_kept is RecordsKept.VAKKA:
                written = starts_at + timedelta(minutes=rp.service.minutes + 10)
                self.add_note(rp, NoteKind.SESSION_NOTE, self.note_text(rp.service.style), written)

    def invoices_of(self, plan: _ClientPlan, rp: _RelationshipPlan) -> None:
        """One invoice per payer and month, issued at the start of the next month."""
        rng = self.rng
        client = plan.client
        groups: dict[tuple[int, int, int | None], list[_AppointmentPlan]] = {}
        for ap in rp.appointments:
            status = ap.appointment.status
            if status is AppointmentStatus.DONE or (
                status is AppointmentStatus.NO_SHOW and ap.commitment_index is None
            ):
                when = ap.appointment.starts_at
                groups.setdefault((when.year, when.month, ap.commitment_index), []).append(ap)
        for (year, month, commitment_index), group in groups.items():
            issued = date(year + month // 12, month % 12 + 1, 1)
            if issued > self.today:
                continue
            if commitment_index is not None:
                commitment = rp.commitments[commitment_index]
                kind = (
                    PayerKind.KELA
                    if commitment.issuer_kind is IssuerKind.KELA
                    else PayerKind.COUNTY
                )
                payer = (kind, commitment.issuer_name, "", "")
            elif rp.payer is not None:
                payer = rp.payer
            else:
                address = f"{client.street_address}, {client.postal_code} {client.city}"
                payer = (PayerKind.CLIENT, client.display_name, address, "")
            lines = []
            for ap in group:
                appointment = ap.appointment
                label = rp.service.name
                if appointment.status is AppointmentStatus.NO_SHOW:
                    label = f"Peruuttamaton poisjäänti ({rp.service.name})"
                lines.append(
                    InvoiceLine(
                        description=f"{label} {_fi_date(appointment.starts_at.date())}",
                        unit_price_cents=appointment.fee_cents or rp.service.fee_cents,
                        vat_rate_permille=rp.service.vat_permille,
                    )
                )
            due = issued + timedelta(days=14)
            age = (self.today - issued).days
            chance = 0.97 if age > 60 else (0.8 if due < self.today else 0.3)
            paid_on = None
            if rng.random() < chance:
                paid_on = min(self.today, issued + timedelta(days=rng.randint(2, 25)))
            rp.invoices.append(
                _InvoicePlan(
                    Invoice(
                        number="",
                        issued_on=issued,
                        due_on=due,
                        payer_kind=payer[0],
                        payer_name=payer[1],
                        payer_address=payer[2],
                        payer_business_id=payer[3],
                        lines=lines,
                    ),
                    paid_on,
                )
            )


def demo_practice() -> Practice:
    return Practice(
        name="Praktiikka Esimerkki",
        business_id=_business_id(3141592),
        street_address=PRACTICE_STREET,
        postal_code="33100",
        city="Tampere",
        phone="040 123 4567",
        email="vastaanotto@example.fi",
        practitioner_name=PRACTITIONER_NAME,
        practitioner_title=PRACTITIONER_TITLE,
        privacy_contact=f"{PRACTITIONER_NAME}, 040 123 4567, tietosuoja@example.fi",
        home_municipality="Tampere",
        fiscal_year_start_month=1,
        systems_used="Vakka (asiakasrekisteri); Kanta-liitetty potilastietojärjestelmä osalle "
        "potilasasiakirjoista; lukittu paperiarkisto",
    )


def _roles(rng: random.Random, clients: int) -> list[set[str]]:
    """Special parts for some clients, so that every feature has data at any size."""
    roles: list[set[str]] = [set() for _ in range(clients)]
    order = list(range(clients))
    rng.shuffle(order)
    wanted: list[str] = []
    wanted += [f"county:{i}" for i in range(max(1, min(4, clients // 50)))]
    wanted += ["minor_prohibition"]
    wanted += ["minor"] * max(1, clients // 15)
    wanted += ["secure"] * max(1, clients // 80)
    wanted += ["very_old"] * max(1, clients // 40)
    wanted += ["hold", "deceased", "request_near", "request_fresh", "request_extended"]
    wanted += ["request_closed"] * max(2, clients // 50)
    for index, role in zip(order, wanted, strict=False):
        roles[index].add(role)
        if role.startswith("county:"):
            roles[index].add("county")
        if role == "minor_prohibition":
            roles[index].update(("minor", "active"))
    # Language groups, from the other end so that they combine with the roles above.
    for index, group in zip(reversed(order), ("sami", "cyrillic", "sv", "intl"), strict=False):
        roles[index].add(group)
    return roles


class _Counts:
    def __init__(self) -> None:
        self.values: dict[str, int] = dict.fromkeys(
            (f.name for f in dataclasses.fields(DemoSummary)), 0
        )

    def add(self, name: str, amount: int = 1) -> None:
        self.values[name] += amount

    def summary(self) -> DemoSummary:
        return DemoSummary(**self.values)


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
    counts = _Counts()

    practice = demo_practice()
    with session.transaction():
        register.save_practice(session, practice)
        for service in SERVICE_DEFS:
            register.add_service(session, Service(service.name, service.kind, service.task))
        # The demo confirms the legal note for its invented practice (recorded in the
        # name of the invented practitioner), so that its sote notes can be shown.
        for kind in (RegisterKind.PATIENT, RegisterKind.SOCIAL_CARE):
            relationships.confirm_legal_note(session, kind)
    service_ids = {s.name: s.id for s in register.services(session)}

    planner = _Planner(rng, today, now, practice.practitioner_name)
    plans = [planner.client(roles) for roles in _roles(rng, clients)]
    planner.book_agenda(plans)
    for plan in plans:
        for rp in plan.relationships:
            rp.rel.service_id = service_ids.get(rp.service.name)
            rp.appointments.sort(key=lambda ap: ap.appointment.starts_at)
            rp.notes.sort(key=lambda np: np.note.written_at)
            planner.invoices_of(plan, rp)
    _number_invoices(plans)

    if progress is not None:
        progress(0, clients)
    for start in range(0, clients, BATCH_SIZE):
        batch = plans[start : start + BATCH_SIZE]
        with session.transaction():
            for plan in batch:
                _write_client(session, plan, counts)
        if progress is not None:
            progress(start + len(batch), clients)
    return counts.summary()


def _number_invoices(plans: Sequence[_ClientPlan]) -> None:
    """Invoice numbers run per year in the order of issue, as a practice numbers them."""
    invoices = [ip.invoice for plan in plans for rp in plan.relationships for ip in rp.invoices]
    # A stable sort keeps the order of clients within a day.
    invoices.sort(key=lambda invoice: invoice.issued_on)
    per_year: dict[int, int] = {}
    for invoice in invoices:
        year = invoice.issued_on.year
        per_year[year] = per_year.get(year, 0) + 1
        invoice.number = f"{year}-{per_year[year]:04d}"


def _write_client(session: Session, plan: _ClientPlan, counts: _Counts) -> None:
    client = clients.add_client(session, plan.client)
    cid = client.id
    assert cid is not None
    counts.add("clients")
    counts.add("secure_address_clients", int(client.secure_address))
    for person in plan.contact_persons:
        person.client_id = cid
        clients.add_contact_person(session, person)
        counts.add("contact_persons")
    for rp in plan.relationships:
        _write_relationship(session, cid, rp, counts)
    if plan.needs_identity:
        # After the relationships: a hetu is taken only for a patient or social care client.
        name = f"{client.last_name} {client.first_name}"
        clinical.set_identity(
            session,
            cid,
            name,
            hetu=plan.hetu,
            birth_date=None if plan.hetu else plan.birth_date,
            death_date=plan.death_date,
        )
        counts.add("identities")
    for rq in plan.requests:
        request = requests.record_request(session, cid, rq.kind, rq.received_on, rq.details)
        assert request.id is not None
        counts.add("requests")
        if rq.identity is not None:
            method, checked_on = rq.identity
            requests.record_identity_check(
                session, request.id, method, PRACTITIONER_NAME, checked_on
            )
        if rq.extension_reason:
            requests.extend_deadline(session, request.id, rq.extension_reason)
        if rq.closed is not None:
            outcome, closed_on = rq.closed
            requests.close_request(session, request.id, outcome, closed_on)
        else:
            counts.add("open_requests")
    if plan.hold is not None:
        ground, placed_on, description = plan.hold
        holds.place_hold(session, cid, ground, placed_on, description)
        counts.add("legal_holds")


def _write_relationship(session: Session, cid: str, rp: _RelationshipPlan, counts: _Counts) -> None:
    rp.rel.client_id = cid
    rel = relationships.start_relationship(session, rp.rel)
    rid = rel.id
    assert rid is not None
    counts.add("relationships")
    counts.add("county_relationships", int(rel.controller is Controller.COUNTY))
    counts.add("minor_relationships", int(rel.minor))
    for commitment in rp.commitments:
        commitment.client_id, commitment.relationship_id = cid, rid
        billing.add_payment_commitment(session, commitment)
        counts.add("payment_commitments")
    for ap in rp.appointments:
        appointment = ap.appointment
        appointment.client_id, appointment.relationship_id = cid, rid
        if ap.commitment_index is not None:
            appointment.payment_commitment_id = rp.commitments[ap.commitment_index].id
        appointments.add_appointment(session, appointment)
        counts.add("appointments")
    for ip in rp.invoices:
        invoice = ip.invoice
        invoice.client_id, invoice.relationship_id = cid, rid
        # The invented practitioner confirms each address: invoices go to the client.
        billing.add_invoice(session, invoice, include_secure_address=True)
        counts.add("invoices")
        if ip.paid_on is not None:
            assert invoice.id is not None
            billing.mark_paid(session, invoice.id, ip.paid_on)
            counts.add("paid_invoices")
    saved_consents: list[Consent] = []
    for cp in rp.consents:
        consent = cp.consent
        consent.client_id, consent.relationship_id = cid, rid
        saved_consents.append(consents.record_consent(session, consent))
        counts.add("consents")
    for dp in rp.disclosures:
        disclosure = dp.disclosure
        disclosure.client_id, disclosure.relationship_id = cid, rid
        if dp.consent_index is not None:
            disclosure.consent_id = saved_consents[dp.consent_index].id
        consents.record_disclosure(session, disclosure)
        counts.add("disclosures")
    # Withdrawals and new versions come after the disclosures that rested on the consent.
    for cp, saved in zip(rp.consents, saved_consents, strict=True):
        assert saved.id is not None
        if cp.new_scope is not None:
            consents.record_consent(
                session,
                Consent(
                    client_id=cid,
                    kind=saved.kind,
                    scope=cp.new_scope,
                    given_on=saved.given_on,
                    recipient=saved.recipient,
                    relationship_id=rid,
                    supersedes_id=saved.id,
                ),
            )
            counts.add("consents")
        if cp.withdrawn_on is not None:
            consents.withdraw_consent(session, saved.id, cp.withdrawn_on)
            counts.add("consents")
    for np in rp.notes:
        note = np.note
        note.client_id, note.relationship_id = cid, rid
        clinical.add_note(session, note)
        assert note.id is not None
        counts.add("notes")
        if np.amendment is not None:
            body, reason = np.amendment
            clinical.amend_note(session, note.id, body, reason, note.author_name, note.author_title)
            counts.add("notes")
            counts.add("amendments")
        if np.removal is not None:
            content_kind, reason = np.removal
            clinical.remove_content(
                session, note.id, content_kind, reason, note.author_name, note.author_title
            )
            counts.add("removal_markers")
    if rp.ended_on is not None:
        relationships.end_relationship(session, rid, rp.ended_on, rp.end_reason)
        counts.add("ended_relationships")
