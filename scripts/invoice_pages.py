"""Page images of sample invoices in Finnish and Swedish, for docs/screenshots.

    .venv/bin/python scripts/invoice_pages.py

Makes a register of the invented demo practice in a temporary folder, two invented
clients with held visits (coaching at 25.5 % VAT in Finnish; psychotherapy, exempt under
AVL § 34, in Swedish), invoices the visits, and renders each invoice's first page to
docs/screenshots/invoice-fi.png and invoice-sv.png with ``pdftoppm -png -r 80``
(poppler-utils). The register and the PDFs are not kept.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSPHRASE = "Invoice pages demo passphrase 2026"


def main() -> int:
    os.environ["VAKKA_INSECURE_FAST_KDF"] = "1"
    sys.path.insert(0, str(ROOT))
    from app.db.keyfile import FAST_INSECURE_KDF
    from app.domain.kinds import AppointmentStatus, ContactLanguage, RecordsKept, RegisterKind
    from app.domain.models import Appointment, Client, Relationship, Service
    from app.services import appointments, clients, invoicing, relationships
    from app.services import register as register_service
    from app.services.demo.practice import demo_practice
    from app.services.session import Session

    def visits(session: Session, client: Client, kind: RegisterKind, service: str) -> list[int]:
        if kind is not RegisterKind.OTHER:
            relationships.confirm_legal_note(session, kind)
        rel = relationships.start_relationship(
            session,
            Relationship(
                client_id=client.id or "",
                register_kind=kind,
                records_kept=RecordsKept.PAPER,
                records_location="Lukittu arkisto",
                started_on=session.today() - timedelta(days=60),
            ),
        )
        ids = []
        for weeks in (5, 4, 3, 2):
            start = datetime.combine(session.today() - timedelta(weeks=weeks), datetime.min.time())
            visit = appointments.add_appointment(
                session,
                Appointment(client.id or "", rel.id or 0, start.replace(hour=10), 60, service),
            )
            appointments.set_status(session, visit.id or 0, AppointmentStatus.DONE)
            ids.append(visit.id or 0)
        return ids

    out = ROOT / "docs" / "screenshots"
    with tempfile.TemporaryDirectory(prefix="vakka-invoice-") as work:
        created = register_service.create(
            Path(work) / "register", PASSPHRASE, kdf=FAST_INSECURE_KDF
        )
        session = created.session
        try:
            register_service.save_practice(session, demo_practice())
            for name, kind, rate, price in (
                ("Valmennus", RegisterKind.OTHER, 255, 8500),
                ("Psykoterapia", RegisterKind.PATIENT, 0, 9500),
            ):
                register_service.add_service(
                    session, Service(name, kind, vat_rate_permille=rate, price_cents=price)
                )
            for lang, first, last, street, city, kind, service in (
                ("fi", "Väinö", "Kokeilu", "Koekuja 3 B 7", "00500 Helsinki",
                 RegisterKind.OTHER, "Valmennus"),
                ("sv", "Stina", "Provsson", "Provgränden 2 A 4", "65100 Vasa",
                 RegisterKind.PATIENT, "Psykoterapia"),
            ):  # fmt: skip
                postal, town = city.split(" ", 1)
                client = clients.add_client(
                    session,
                    Client(
                        first_name=first,
                        last_name=last,
                        street_address=street,
                        postal_code=postal,
                        city=town,
                        contact_language=ContactLanguage(lang),
                    ),
                )
                draft = invoicing.draft_from_visits(
                    session, client.id or "", visits(session, client, kind, service)
                )
                pdf = Path(work) / f"invoice-{lang}.pdf"
                invoicing.write_invoice_pdf(session, draft.id or 0, pdf)
                target = out / f"invoice-{lang}"
                subprocess.run(
                    ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile",
                     str(pdf), str(target)],
                    check=True,
                )  # fmt: skip
                print(f"{target}.png")
        finally:
            session.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
