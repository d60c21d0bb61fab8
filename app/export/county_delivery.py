"""The delivery packet for the county as PDF (fi, sv or en) and JSON.

The county is the controller of these records (703/2023 § 13–14): the packet carries
them in full, the identity code included. The running header and the PDF metadata hold
only the generic title; the file names use the packet id. Specially protected entries
are marked. The JSON uses the models' field names (docs/county_delivery.md), dates and
times in ISO 8601.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from app.domain.delivery import FORMAT, FORMAT_VERSION, DeliveryPacket
from app.export.pdf_base import CONTENT_WIDTH, get_styles, paragraph, render_pdf, table
from app.i18n import N_, normalize_language, tr
from app.i18n.formats import format_date
from app.i18n.messages import FIELD_LABELS, field_label

TITLE = N_("Delivery packet for the county")
_LABEL_WIDTH = 50 * mm
_TABLE_STYLE = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]


def _iso(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def packet_dict(packet: DeliveryPacket) -> dict[str, Any]:
    records = dataclasses.asdict(packet.records)
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "packet_id": packet.packet_id,
        "created_at": packet.created_at,
        "county_name": packet.county_name,
        "practice_name": packet.practice_name,
        "practitioner_name": packet.practitioner_name,
        **records,
    }


def packet_json(packet: DeliveryPacket) -> bytes:
    text = json.dumps(packet_dict(packet), default=_iso, ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


def _text(value: Any, lang: str) -> str:
    _ = tr(lang).gettext
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime):
        return f"{format_date(value, lang)} {value.hour}.{value.minute:02d}"
    if isinstance(value, date):
        return format_date(value, lang)
    return str(value)


def _label(name: str, lang: str) -> str:
    """The field's label in ``lang`` with its JSON name, or the JSON name alone."""
    if name in FIELD_LABELS:
        return f"{field_label(name, lang)} ({name})"
    return name


def _fields(obj: Any, lang: str, skip: Sequence[str] = ()) -> list[Flowable]:
    st = get_styles()
    rows = [
        [
            paragraph(_label(f.name, lang), st.small),
            paragraph(_text(getattr(obj, f.name), lang), st.body),
        ]
        for f in dataclasses.fields(obj)
        if f.name not in skip
    ]
    return [
        table(rows, [_LABEL_WIDTH, CONTENT_WIDTH - _LABEL_WIDTH], _TABLE_STYLE),
        Spacer(1, 2 * mm),
    ]


def _section(title: str, items: Sequence[Any], lang: str, story: list[Flowable]) -> None:
    st = get_styles()
    story.append(paragraph(title, st.heading))
    if not items:
        story.append(paragraph(tr(lang).gettext("None."), st.body))
    for item in items:
        story.extend(_fields(item, lang))


def packet_story(packet: DeliveryPacket, lang: str) -> list[Flowable]:
    _ = tr(lang).gettext
    st = get_styles()
    rec = packet.records
    head = [
        (_("County (controller)"), packet.county_name),
        (_("Practice"), packet.practice_name),
        (_("Practitioner"), packet.practitioner_name),
        (_("Packet ID"), packet.packet_id),
        (_("Made on"), _text(packet.created_at, lang)),
    ]
    story: list[Flowable] = [
        paragraph(_(TITLE), st.title),
        paragraph(
            _(
                "The client records of a relationship whose controller is the county "
                "(703/2023 § 13–14), with their log."
            ),
            st.subtitle,
        ),
        Spacer(1, 3 * mm),
        table(
            [[paragraph(k, st.label), paragraph(v, st.body)] for k, v in head],
            [_LABEL_WIDTH, CONTENT_WIDTH - _LABEL_WIDTH],
            _TABLE_STYLE,
        ),
    ]
    _section(_("Client relationship"), [rec.relationship], lang, story)
    _section(_("Contact details"), [rec.client], lang, story)
    _section(_("Contact persons"), rec.contact_persons, lang, story)
    _section(_("Identity"), [rec.identity] if rec.identity else [], lang, story)
    _section(_("Identity corrections"), rec.identity_corrections, lang, story)
    _section(_("Appointments"), rec.appointments, lang, story)
    _section(_("Consents, permissions and prohibitions"), rec.consents, lang, story)
    _section(_("Disclosures"), rec.disclosures, lang, story)
    _section(_("Requests"), rec.requests, lang, story)
    story.append(paragraph(_("Entries"), st.heading))
    if not rec.notes:
        story.append(paragraph(_("None."), st.body))
    for note in rec.notes:
        if note.specially_protected:
            story.append(paragraph(_("Specially protected entry"), st.label))
        if note.removed:
            story.append(paragraph(_("Content removed (removal marker)"), st.label))
        if note.amends_id is not None:
            story.append(paragraph(_("Amendment of an entry"), st.label))
        story.extend(_fields(note, lang))
    _section(_("Log"), rec.log, lang, story)
    story.append(
        paragraph(
            _(
                "Invoices and payment commitments are the practice's own bookkeeping and are "
                "not part of this packet."
            ),
            st.small,
        )
    )
    return story


def render_packet_pdf(packet: DeliveryPacket, lang: str) -> bytes:
    lang = normalize_language(lang)
    return render_pdf(packet_story(packet, lang), title=tr(lang).gettext(TITLE), lang=lang)
