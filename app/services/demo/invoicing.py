"""Billing: payment commitments (Kela, county) and the invoices of the visits.

Commitments are drawn with their relationship; invoices only after the agenda is
booked, since a month's invoice covers every visit of the month. Invoice numbers run
per year in the order of issue.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from app.domain.kinds import AppointmentStatus, Controller, IssuerKind, PayerKind
from app.domain.models import Invoice, InvoiceLine, PaymentCommitment
from app.services.demo.draw import Draw, add_years, fi_date
from app.services.demo.plan import AppointmentPlan, ClientPlan, InvoicePlan, RelationshipPlan


def commitments_of(d: Draw, rp: RelationshipPlan) -> None:
    """Kela decisions year by year (at most three), or the county's one commitment."""
    rng = d.rng
    last = rp.last_day(d.today)
    if rp.service.kela:
        start = rp.rel.started_on
        while start <= last and len(rp.commitments) < 3:
            until = add_years(start, 1) - timedelta(days=1)
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
                valid_until=max(last, add_years(start, 1) - timedelta(days=1)),
                issuer_name=rp.rel.county_name,
                decision_number=f"HVA/{start.year}/{rng.randint(100, 9999)}",
                visits_granted=rng.randint(12, 24),
                visits_used_before=rng.choice((0, 0, 2)),
            )
        )


def invoices_of(d: Draw, plan: ClientPlan, rp: RelationshipPlan) -> None:
    """One invoice per payer and month, issued at the start of the next month."""
    rng = d.rng
    client = plan.client
    groups: dict[tuple[int, int, int | None], list[AppointmentPlan]] = {}
    for ap in rp.appointments:
        status = ap.appointment.status
        if status is AppointmentStatus.DONE or (
            status is AppointmentStatus.NO_SHOW and ap.commitment_index is None
        ):
            when = ap.appointment.starts_at
            groups.setdefault((when.year, when.month, ap.commitment_index), []).append(ap)
    for (year, month, commitment_index), group in groups.items():
        issued = date(year + month // 12, month % 12 + 1, 1)
        if issued > d.today:
            continue
        if commitment_index is not None:
            commitment = rp.commitments[commitment_index]
            kind = PayerKind.KELA if commitment.issuer_kind is IssuerKind.KELA else PayerKind.COUNTY
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
                    description=f"{label} {fi_date(appointment.starts_at.date())}",
                    unit_price_cents=appointment.fee_cents or rp.service.fee_cents,
                    vat_rate_permille=rp.service.vat_permille,
                )
            )
        due = issued + timedelta(days=14)
        age = (d.today - issued).days
        # The latest month's invoices are sometimes still drafts, waiting to be sent.
        sent = age > 31 or rng.random() < 0.6
        chance = 0.97 if age > 60 else (0.8 if due < d.today else 0.3)
        paid_on = None
        if sent and rng.random() < chance:
            paid_on = min(d.today, issued + timedelta(days=rng.randint(2, 25)))
        rp.invoices.append(
            InvoicePlan(
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
                visits=list(group),
                sent=sent,
            )
        )


def number_invoices(plans: Sequence[ClientPlan]) -> None:
    """Invoice numbers run per year in the order of issue, as a practice numbers them."""
    invoices = [ip.invoice for plan in plans for rp in plan.relationships for ip in rp.invoices]
    # A stable sort keeps the order of clients within a day.
    invoices.sort(key=lambda invoice: invoice.issued_on)
    per_year: dict[int, int] = {}
    for invoice in invoices:
        year = invoice.issued_on.year
        per_year[year] = per_year.get(year, 0) + 1
        invoice.number = f"{year}-{per_year[year]:04d}"
