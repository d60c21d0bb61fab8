"""The delivery to the county of a county-controlled relationship's client records.

RULES.md "Registers, service kinds and controllers": when a wellbeing services county is
the controller (703/2023 § 13–14), Vakka keeps no retention of its own for that
relationship's client records. At the end, ``delivery_packet`` makes the packet (PDF and
JSON) of the records and their log for the county, logged and recorded as a disclosure
to the county; ``confirm_delivery`` records that the county received it, after which
the retention engine makes the records due at once and the ordinary purge removes them
(with a purge record). The practice's own bookkeeping stays on its own clock.
"""

from __future__ import annotations

import secrets
from datetime import date
from pathlib import Path

from app.db import county_delivery as store
from app.db import repositories as repo
from app.db.audit import AuditEvent
from app.domain.delivery import (
    DISCLOSURE_PURPOSE,
    LEGAL_BASIS,
    DeliveryPacket,
    check_confirmation,
    check_deliverable,
)
from app.domain.errors import NotFoundError, ValidationError
from app.domain.kinds import RegisterKind
from app.domain.models import Disclosure, Relationship
from app.files import write_files_atomically
from app.i18n import normalize_language
from app.services import consents, secure_address
from app.services.session import Session

DATA_KIND = "county_delivery"


def _relationship(session: Session, relationship_id: int) -> Relationship:
    rel = store.relationship(session.conn, relationship_id)
    if rel is None:
        raise NotFoundError("relationship.not_found")
    return rel


def packet_files(out_dir: Path, packet_id: str) -> tuple[Path, Path]:
    """The packet's PDF and JSON: named by the packet id only."""
    base = f"county-delivery-{packet_id}"
    return out_dir / f"{base}.pdf", out_dir / f"{base}.json"


def delivery_packet(
    session: Session,
    relationship_id: int,
    out_dir: Path | None = None,
    lang: str = "fi",
    include_secure_address: bool = False,
) -> DeliveryPacket:
    """The packet of an ended county-controlled relationship; refused (nothing written,
    nothing logged) for an open or a practice-controlled one.

    With ``out_dir`` the PDF (in ``lang``: fi by default, sv or en) and the JSON are written
    there, each atomically, the export logged and recorded as a disclosure to the county
    in the same transaction: if the log cannot be written nothing is left behind.

    A secure-address client's address goes to the county only when the caller asked
    first (``include_secure_address``); otherwise it is refused (RULES.md)."""
    session.require_clinical()
    rel = _relationship(session, relationship_id)
    check_deliverable(rel)
    if out_dir is not None and not Path(out_dir).is_dir():
        raise ValidationError("county_delivery.no_folder", field="out")
    practice = repo.load_practice(session.conn)
    with session.transaction() as conn:
        records = store.records_of(conn, rel)
        client = records.client
        address = " ".join((client.street_address, client.postal_code, client.city))
        secure_address.check_output(
            session, client.id, address, include_secure_address,
            is_the_clients_address=True, field="street_address",
        )  # fmt: skip
        packet = DeliveryPacket(
            packet_id=secrets.token_hex(8),
            created_at=session.now(),
            practice_name=practice.name,
            practitioner_name=practice.practitioner_name,
            records=records,
        )
        if out_dir is not None:
            _write(session, packet, Path(out_dir), normalize_language(lang))
    return packet


def _write(session: Session, packet: DeliveryPacket, out_dir: Path, lang: str) -> None:
    from app.export.county_delivery import packet_json, render_packet_pdf

    rel = packet.records.relationship
    pdf, data = render_packet_pdf(packet, lang), packet_json(packet)
    session.log(
        AuditEvent(
            "export",
            client_id=rel.client_id,
            data_kind=DATA_KIND,
            purpose="export",
            ref=f"{DATA_KIND}:{packet.packet_id}",
        )
    )
    consents.record_disclosure(
        session,
        Disclosure(
            client_id=rel.client_id,
            disclosed_on=session.today(),
            recipient=rel.county_name,
            data_disclosed=f"{DATA_KIND}:{packet.packet_id}",
            purpose=DISCLOSURE_PURPOSE,
            legal_basis=LEGAL_BASIS,
            relationship_id=rel.id,
            health_data=rel.register_kind is not RegisterKind.OTHER,
        ),
    )
    pdf_path, json_path = packet_files(out_dir, packet.packet_id)
    write_files_atomically([(json_path, data), (pdf_path, pdf)])


def confirm_delivery(
    session: Session, relationship_id: int, delivered_on: date, how: str, to_whom: str
) -> Relationship:
    """Record that the county received the packet (when, how, to whom); logged. From then
    on the relationship's client records are due (app.domain.retention) and the purge
    removes them; the practice's bookkeeping stays."""
    rel = _relationship(session, relationship_id)
    check_confirmation(rel, delivered_on, how, to_whom, session.today())
    with session.transaction() as conn:
        store.record_delivery(conn, relationship_id, delivered_on, how.strip(), to_whom.strip())
        session.log(
            AuditEvent(
                "county_delivery.confirm",
                client_id=rel.client_id,
                data_kind=DATA_KIND,
                purpose="retention",
                ref=f"relationship:{relationship_id}",
            )
        )
    confirmed = store.relationship(session.conn, relationship_id)
    assert confirmed is not None
    return confirmed
