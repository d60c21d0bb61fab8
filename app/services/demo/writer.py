"""The writer: creates the planned practice through the services, and only through them.

No repositories and no SQL here: every record goes through the service that the GUI
and the CLI use, so the demo is held to every rule of the register (a service refuses
what the rules forbid, and the demo would fail rather than hold it).
"""

from __future__ import annotations

from app.domain.kinds import AppointmentStatus, Controller, RegisterKind
from app.domain.models import Consent, Practice, Service
from app.services import (
    appointments,
    billing,
    clients,
    clinical,
    consents,
    holds,
    invoicing,
    register,
    relationships,
    requests,
)
from app.services.demo.plan import ClientPlan, InvoicePlan, RelationshipPlan
from app.services.demo.practice import PRACTITIONER_NAME, SERVICE_DEFS
from app.services.demo.summary import Counts
from app.services.session import Session


def write_practice(session: Session, practice: Practice) -> dict[str, int | None]:
    """The practice, its services and the legal-note confirmations; service ids by name."""
    with session.transaction():
        register.save_practice(session, practice)
        for service in SERVICE_DEFS:
            register.add_service(
                session,
                Service(
                    service.name,
                    service.kind,
                    service.task,
                    vat_rate_permille=service.vat_permille,
                    price_cents=service.fee_cents,
                ),
            )
        # The demo confirms the legal note for its invented practice (recorded in the
        # name of the invented practitioner), so that its sote notes can be shown.
        for kind in (RegisterKind.PATIENT, RegisterKind.SOCIAL_CARE):
            relationships.confirm_legal_note(session, kind)
    return {s.name: s.id for s in register.services(session)}


def write_client(session: Session, plan: ClientPlan, counts: Counts) -> None:
    """The client, contact persons, relationships, identity, requests and hold, in order."""
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
        write_relationship(session, cid, rp, counts)
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


def write_invoice(session: Session, cid: str, rid: int, ip: InvoicePlan, counts: Counts) -> None:
    """An invoice of held visits (each line names its visit), sent on its invoice date
    unless left a draft, paid as planned."""
    invoice = ip.invoice
    invoice.client_id, invoice.relationship_id = cid, rid
    for line, ap in zip(invoice.lines, ip.visits, strict=True):
        if ap.appointment.status is AppointmentStatus.DONE:
            line.appointment_id = ap.appointment.id
    # The invented practitioner confirms each address: invoices go to the client.
    billing.add_invoice(session, invoice, include_secure_address=True)
    assert invoice.id is not None
    counts.add("invoices")
    if not ip.sent:
        counts.add("draft_invoices")
        return
    invoicing.send_invoice(session, invoice.id, invoice.issued_on)
    if ip.paid_on is not None:
        billing.mark_paid(session, invoice.id, ip.paid_on)
        counts.add("paid_invoices")


def credit_one_invoice(session: Session, counts: Counts) -> None:
    """A credit note cancelling the oldest sent, unpaid invoice (its visits are freed)."""
    unpaid = invoicing.unpaid_invoices(session)
    if unpaid:
        oldest = min(unpaid, key=lambda u: (u.invoice.issued_on, u.invoice.id or 0))
        invoicing.credit_invoice(session, oldest.invoice.id or 0)
        counts.add("credit_notes")
        counts.add("invoices")


def write_relationship(session: Session, cid: str, rp: RelationshipPlan, counts: Counts) -> None:
    """A relationship and its records, each through its service, ended last (§ 38)."""
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
        write_invoice(session, cid, rid, ip, counts)
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
