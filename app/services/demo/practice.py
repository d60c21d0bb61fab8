"""The invented practice: its details, practitioner, places, time slots and services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from typing import Final

from app.domain.kinds import RegisterKind, ServiceTask
from app.domain.models import Practice
from app.services.demo.business_id import business_id

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
class ServiceDef:
    name: str
    kind: RegisterKind
    task: ServiceTask | None
    minutes: int
    fee_cents: int
    vat_permille: int
    style: str  # "therapy", "family" or "coaching": which note texts fit
    protected: bool = False  # psychotherapy: specially protected entries
    kela: bool = False  # Kela rehabilitation psychotherapy


PSYCHOTHERAPY: Final = ServiceDef(
    "Psykoterapia", RegisterKind.PATIENT, None, 45, 11000, 0, "therapy", protected=True
)
KELA_PSYCHOTHERAPY: Final = ServiceDef(
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
FAMILY_WORK: Final = ServiceDef(
    "Perhetyö",
    RegisterKind.SOCIAL_CARE,
    ServiceTask.FAMILIES_WITH_CHILDREN,
    90,
    9000,
    0,
    "family",
)
CHILD_WELFARE_WORK: Final = ServiceDef(
    "Lastensuojelun perhetyö",
    RegisterKind.SOCIAL_CARE,
    ServiceTask.CHILD_WELFARE,
    90,
    9500,
    0,
    "family",
)
SUPERVISED_MEETINGS: Final = ServiceDef(
    "Valvotut tapaamiset", RegisterKind.SOCIAL_CARE, ServiceTask.FAMILY_LAW, 120, 12000, 0, "family"
)
ADULT_SUPPORT: Final = ServiceDef(
    "Aikuisten tukikäynnit",
    RegisterKind.SOCIAL_CARE,
    ServiceTask.ADULT_SERVICES,
    60,
    8000,
    0,
    "family",
)
DISABILITY_SUPPORT: Final = ServiceDef(
    "Tuettu arki (vammaispalvelut)",
    RegisterKind.SOCIAL_CARE,
    ServiceTask.DISABILITY,
    60,
    8000,
    0,
    "family",
)
COACHING: Final = ServiceDef("Valmennus", RegisterKind.OTHER, None, 60, 8500, 255, "coaching")
WORK_SUPERVISION: Final = ServiceDef(
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
# How often each of SERVICE_DEFS is drawn for a new client.
SERVICE_WEIGHTS: Final = (28, 17, 9, 5, 3, 6, 2, 18, 12)


def demo_practice() -> Practice:
    """The invented practice whose register `vakka demo` fills."""
    return Practice(
        name="Praktiikka Esimerkki",
        business_id=business_id(3141592),
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
        iban="FI21 1234 5600 0007 85",  # a test account: the check digits are right
        bic="NDEAFIHH",
        vat_registered=True,
        payment_term_days=14,
        systems_used="Vakka (asiakasrekisteri); Kanta-liitetty potilastietojärjestelmä osalle "
        "potilasasiakirjoista; lukittu paperiarkisto",
    )
