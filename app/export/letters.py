"""The parts every letter from the controller shares (reportlab; never Qt).

A ``LetterWriter`` builds a story in one language: the letterhead with the date, the
addressee, labelled rows, tables, the log information table, the remedies a refusal must
name (GDPR art. 12(4)), and the practitioner's signature. The access answer and the
decisions (app.export.decisions) are written with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Spacer

from app.domain.delivery import LogEntry
from app.domain.models import Consent, Practice
from app.export.pdf_base import CONTENT_WIDTH, get_styles, paragraph, table
from app.i18n import N_, tr
from app.i18n.codes import log_action_label, log_purpose_label
from app.i18n.formats import format_date
from app.i18n.kind_labels import kind_label

LABEL_WIDTH = 52 * mm
GRID = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]
LINED = [
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LEFTPADDING", (0, 0), (-1, -1), 2),
    ("LINEBELOW", (0, 0), (-1, 0), 0.5, "#777777"),
    ("LINEBELOW", (0, 1), (-1, -1), 0.25, "#cccccc"),
]

# The Data Protection Ombudsman (tietosuoja.fi), in each language.
OMBUDSMAN_NAME = N_("Office of the Data Protection Ombudsman")
OMBUDSMAN_ADDRESS = N_(
    "Street address: Lintulahdenkuja 4, 00530 Helsinki\n"
    "Postal address: P.O. Box 800, 00531 Helsinki\n"
    "Email: tietosuoja@om.fi · Switchboard: 029 566 6700 · www.tietosuoja.fi"
)


def when_text(at: str, lang: str) -> str:
    moment = datetime.fromisoformat(at)
    return f"{format_date(moment, lang)} {moment.hour}.{moment.minute:02d}"


class LetterWriter:
    def __init__(self, practice: Practice, lang: str, created_at: datetime) -> None:
        self.practice = practice
        self.lang = lang
        self.created_at = created_at
        translation = tr(lang)
        self._ = translation.gettext
        self.ngettext = translation.ngettext
        self.st = get_styles()
        self.story: list[Flowable] = []

    def text(self, value: Any) -> str:
        if value is None or value == "":
            return "–"
        if isinstance(value, bool):
            return self._("yes") if value else self._("no")
        if isinstance(value, datetime):
            return f"{format_date(value, self.lang)} {value.hour}.{value.minute:02d}"
        if isinstance(value, date):
            return format_date(value, self.lang)
        return str(value)

    def heading(self, text: str) -> None:
        self.story.append(CondPageBreak(30 * mm))
        self.story.append(paragraph(text, self.st.heading))

    def subheading(self, text: str) -> None:
        self.story.append(paragraph(text, self.st.label))

    def para(self, text: str) -> None:
        self.story.append(paragraph(text, self.st.body))

    def small(self, text: str) -> None:
        self.story.append(paragraph(text, self.st.small))

    def pairs(self, rows: Sequence[tuple[str, Any]]) -> None:
        self.story.append(
            table(
                [
                    [paragraph(label, self.st.small), paragraph(self.text(value), self.st.body)]
                    for label, value in rows
                ],
                [LABEL_WIDTH, CONTENT_WIDTH - LABEL_WIDTH],
                GRID,
            )
        )
        self.story.append(Spacer(1, 2 * mm))

    def grid(
        self, headers: Sequence[str], rows: Sequence[Sequence[Any]], widths: Sequence[float]
    ) -> None:
        if not rows:
            self.para(self._("None."))
            return
        scale = CONTENT_WIDTH / sum(widths)
        body = [[paragraph(h, self.st.label) for h in headers]]
        body += [[paragraph(self.text(v), self.st.body) for v in row] for row in rows]
        result = table(body, [w * scale for w in widths], LINED)
        result.repeatRows = 1
        self.story.append(result)
        self.story.append(Spacer(1, 2 * mm))

    def letterhead(self) -> None:
        _ = self._
        p = self.practice
        lines = (
            p.name,
            p.street_address,
            " ".join(y for y in (p.postal_code, p.city) if y),
            " · ".join(y for y in (p.phone, p.email) if y),
            _("Business ID {id}").format(id=p.business_id) if p.business_id else "",
        )
        self.story += [
            table(
                [
                    [
                        paragraph("\n".join(x for x in lines if x), self.st.small),
                        paragraph(self.text(self.created_at.date()), self.st.body),
                    ]
                ],
                [CONTENT_WIDTH * 0.7, CONTENT_WIDTH * 0.3],
                GRID,
            ),
            Spacer(1, 10 * mm),
        ]

    def address(self, lines: Sequence[str]) -> None:
        self.story += [
            paragraph("\n".join(x for x in lines if x), self.st.body),
            Spacer(1, 10 * mm),
        ]

    def title(self, text: str) -> None:
        self.story.append(paragraph(text, self.st.title))

    def signature(self, page_break: bool = True) -> None:
        p = self.practice
        signature = "\n".join(x for x in (p.practitioner_name, p.practitioner_title, p.name) if x)
        self.story += [Spacer(1, 6 * mm), paragraph(signature, self.st.body)]
        if page_break:
            self.story.append(PageBreak())

    def log_table(self, rows: Sequence[LogEntry]) -> None:
        _ = self._
        self.grid(
            [_("When"), _("What"), _("Who"), _("Purpose")],
            [
                [
                    when_text(row.at, self.lang),
                    log_action_label(row.action, self.lang),
                    row.user_name or row.user_id,
                    log_purpose_label(row.purpose, self.lang),
                ]
                for row in rows
            ],
            [3, 4, 3, 3],
        )

    def consents_table(self, consents: Sequence[Consent]) -> None:
        """Consents, permissions and prohibitions, every version (703/2023 § 58(3))."""
        _ = self._
        headers = [_("Kind"), _("Scope"), _("Recipient"), _("Version"), _("Given")]
        headers += [_("Withdrawn"), _("Replaced")]
        rows = [
            (kind_label(c.kind, self.lang), c.scope, c.recipient, c.version, c.given_on,
             c.withdrawn_on, c.replaced_at)
            for c in consents
        ]  # fmt: skip
        self.grid(
            headers,
            rows,
            [2.5, 4, 3, 1.5, 2, 2, 2],
        )

    def ombudsman_contact(self) -> None:
        self.para(f"{self._(OMBUDSMAN_NAME)}\n{self._(OMBUDSMAN_ADDRESS)}")

    def remedies(self) -> None:
        """What every refusal names (GDPR art. 12(4)): the complaint and the court."""
        _ = self._
        self.para(
            _(
                "You have the right to lodge a complaint with the Data Protection Ombudsman "
                "and the right to take the matter to a court (GDPR Articles 12(4), 77 and 79)."
            )
        )
        self.ombudsman_contact()
