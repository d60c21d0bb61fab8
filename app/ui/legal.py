"""The legal note the product carries (PRODUCT.md), in the UI's language."""

from __future__ import annotations

from app.i18n import N_
from app.ui.texts import _

LEGAL_NOTE = N_(
    "Act 703/2023 § 67 requires a private provider that processes patient records or social "
    "care client records in an information system to join the national Kanta services, and "
    "§§ 80–85 require such systems to be registered and to carry a conformity statement. There "
    "is no grace period for health care. Vakka is not a Kanta-connected or registered system. "
    "For social and health care clients it keeps the administrative register — contact details, "
    "appointments, billing, payment commitments, consents, requests and logs — and records where "
    "the client records themselves are kept (on paper or in a Kanta-connected system). Keeping "
    "their notes in Vakka is off by default and can be switched on only after you confirm that "
    "you have checked your obligations (the confirmation is recorded). For services outside "
    "social and health care (coaching, work supervision) Vakka keeps the notes. Confirm the "
    "classification of your own use with THL or the supervisory authority."
)


def legal_note_text() -> str:
    return _(LEGAL_NOTE)
