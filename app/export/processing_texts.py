"""What Vakka says about its processing, in the reader's words: one text for each fact, so
that the access answer and the privacy notice say the same thing the same way."""

from __future__ import annotations

from app.domain.kinds import RegisterKind
from app.i18n import N_

PURPOSES: dict[RegisterKind, str] = {
    RegisterKind.PATIENT: N_(
        "Organising and carrying out your health care, and the patient records the law "
        "requires (Act 703/2023; GDPR Article 6(1)(c) and 9(2)(h))."
    ),
    RegisterKind.SOCIAL_CARE: N_(
        "Organising and carrying out your social care service, and the client records the "
        "law requires (Act 703/2023; GDPR Article 6(1)(c) and 9(2)(h))."
    ),
    RegisterKind.OTHER: N_(
        "Providing the service agreed with you: bookings, notes and invoicing (GDPR "
        "Article 6(1)(b))."
    ),
}
BOOKKEEPING = N_(
    "Bookkeeping: invoices and payments are kept as the Accounting Act requires "
    "(GDPR Article 6(1)(c))."
)
RIGHTS = N_(
    "You have the right to have inaccurate data rectified, to have data erased when "
    "there is no longer a ground to keep it, to restrict the processing, and to "
    "object to it. Where processing rests on your consent you may withdraw it at "
    "any time. In social and health care you may prohibit disclosures of your data. "
    "Contact us to use these rights."
)
COMPLAINT = N_(
    "You have the right to lodge a complaint with the supervisory authority, the "
    "Data Protection Ombudsman:"
)
NO_AUTOMATED_DECISIONS = N_("No automated decision-making or profiling is used.")
NO_TRANSFERS = N_(
    "Your data is not transferred outside the European Union or the European "
    "Economic Area. It is kept encrypted on the practitioner's own computer."
)
