"""A practice with a bank account and two services, a client, and held visits to invoice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.domain.kinds import AppointmentStatus, ContactLanguage, RecordsKept, RegisterKind
from app.domain.models import Appointment, Client, Practice, Relationship, Service
from app.services import appointments, clients, relationships
from app.services import register as register_service
from app.services.session import Session

IBAN = "FI2112345600000785"


@dataclass
class Visits:
    client: Client
    relationship_id: int
    held: list[Appointment]
    booked: Appointment


def setup_visits(
    session: Session,
    language: ContactLanguage = ContactLanguage.FI,
    vat_registered: bool = True,
    secure_address: bool = False,
) -> Visits:
    register_service.save_practice(
        session,
        Practice(
            name="Valmennus Esimerkki",
            business_id="1234567-1",
            street_address="Esimerkkikatu 1",
            postal_code="00100",
            city="Helsinki",
            practitioner_name="Terttu Testivalmentaja",
            iban=IBAN,
            bic="NDEAFIHH",
            vat_registered=vat_registered,
            payment_term_days=14,
        ),
    )
    register_service.add_service(
        session, Service("Valmennus", RegisterKind.OTHER, vat_rate_permille=255, price_cents=8500)
    )
    client = clients.add_client(
        session,
        Client(
            first_name="Väinö",
            last_name="Kokeilu",
            street_address="Koekuja 3 B 7",
            postal_code="00500",
            city="Helsinki",
            contact_language=language,
            secure_address=secure_address,
        ),
    )
    rel = relationships.start_relationship(
        session,
        Relationship(
            client_id=client.id or "",
            register_kind=RegisterKind.OTHER,
            records_kept=RecordsKept.VAKKA,
            started_on=datetime(2026, 10, 1).date(),
        ),
    )
    held = []
    for day, fee in ((2, None), (9, 7000), (16, None)):
        visit = appointments.add_appointment(
            session,
            Appointment(
                client.id or "", rel.id or 0, datetime(2026, 11, day, 10), 60,
                service="Valmennus", fee_cents=fee,
            ),
        )  # fmt: skip
        held.append(appointments.set_status(session, visit.id or 0, AppointmentStatus.DONE))
    booked = appointments.add_appointment(
        session,
        Appointment(client.id or "", rel.id or 0, datetime(2026, 11, 30, 10), 60,
                    service="Valmennus"),
    )  # fmt: skip
    return Visits(client, rel.id or 0, held, booked)
