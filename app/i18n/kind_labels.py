"""The reader's words for the kinds the records hold (enum codes), in one place.

The GUI, the PDFs and the CLI show a stored code through ``kind_label``; the msgids are
the ones the GUI has always used, so their translations are shared.
"""

from __future__ import annotations

from enum import Enum

from app.domain.kinds import (
    AppointmentStatus,
    CancelledBy,
    ConsentKind,
    ContactLanguage,
    Controller,
    DataSource,
    DeliveryMethod,
    FeeRule,
    IdentityMethod,
    IssuerKind,
    NoteKind,
    PayerKind,
    RecordsKept,
    RegisterKind,
    RequestDecision,
    Requester,
    RequestKind,
    RequestStatus,
    ServiceTask,
    WithholdReason,
)
from app.domain.models import Appointment
from app.domain.retention import NotDue
from app.i18n import N_, tr

_LABELS: tuple[tuple[Enum, str], ...] = (
    (RegisterKind.PATIENT, N_("Patient register")),
    (RegisterKind.SOCIAL_CARE, N_("Social care client register")),
    (RegisterKind.OTHER, N_("Client register of other services")),
    (ServiceTask.FAMILIES_WITH_CHILDREN, N_("Services for families with children")),
    (ServiceTask.ADULT_SERVICES, N_("Adult services (working-age, older people, substance abuse)")),
    (ServiceTask.DISABILITY, N_("Disability services")),
    (ServiceTask.CHILD_WELFARE, N_("Child welfare")),
    (ServiceTask.FAMILY_LAW, N_("Family law services")),
    (Controller.PRACTICE, N_("The practice")),
    (Controller.COUNTY, N_("A wellbeing services county (purchased service, voucher, commitment)")),
    (RecordsKept.VAKKA, N_("In Vakka")),
    (RecordsKept.PAPER, N_("On paper")),
    (RecordsKept.OTHER_SYSTEM, N_("In another (Kanta-connected) system")),
    (ContactLanguage.FI, N_("Finnish (suomi)")),
    (ContactLanguage.SV, N_("Swedish (svenska)")),
    (ContactLanguage.EN, N_("English")),
    (ContactLanguage.OTHER, N_("Other")),
    (AppointmentStatus.BOOKED, N_("Booked")),
    (AppointmentStatus.DONE, N_("Done")),
    (AppointmentStatus.CANCELLED, N_("Cancelled")),
    (AppointmentStatus.NO_SHOW, N_("No-show")),
    (CancelledBy.CLIENT, N_("Cancelled by the client")),
    (CancelledBy.PRACTITIONER, N_("Cancelled by the practitioner")),
    (PayerKind.CLIENT, N_("Client")),
    (PayerKind.KELA, N_("Kela")),
    (PayerKind.COUNTY, N_("Wellbeing services county")),
    (PayerKind.INSURER, N_("Insurance company")),
    (PayerKind.OTHER, N_("Other payer")),
    (IssuerKind.COUNTY, N_("Wellbeing services county")),
    (IssuerKind.KELA, N_("Kela")),
    (IssuerKind.INSURER, N_("Insurance company")),
    (IssuerKind.OTHER, N_("Other issuer")),
    (ConsentKind.CONSENT, N_("Consent")),
    (ConsentKind.SHARING_PERMISSION, N_("Data-sharing permission")),
    (ConsentKind.PROHIBITION, N_("Prohibition")),
    (NoteKind.SESSION_NOTE, N_("Session note")),
    (NoteKind.PLAN, N_("Plan")),
    (NoteKind.SUMMARY, N_("Summary")),
    (NoteKind.STATEMENT, N_("Statement")),
    (NoteKind.PHONE_CONTACT, N_("Phone contact")),
    (NoteKind.THIRD_PARTY_DOCUMENT, N_("Separate document about a third party")),
    (NoteKind.AMENDMENT, N_("Amendment")),
    (RequestKind.ACCESS, N_("Access")),
    (RequestKind.RECTIFICATION, N_("Rectification")),
    (RequestKind.ERASURE, N_("Erasure")),
    (RequestKind.LOG_INFORMATION, N_("Log information")),
    (RequestStatus.OPEN, N_("Open")),
    (RequestStatus.CLOSED, N_("Closed")),
    (IdentityMethod.IN_PERSON_ID_DOCUMENT, N_("In person, with an ID document")),
    (IdentityMethod.STRONG_ELECTRONIC, N_("Strong electronic identification")),
    (IdentityMethod.KNOWN_SIGNED_LETTER, N_("A signed letter from a known address")),
    (IdentityMethod.CHECKED_BY_PRACTITIONER, N_("Known to the practitioner")),
    (FeeRule.FREE, N_("Free")),
    (FeeRule.FURTHER_COPY_FEE, N_("Fee for a further copy")),
    (FeeRule.MANIFESTLY_UNFOUNDED, N_("Manifestly unfounded or excessive")),
    (Requester.CLIENT, N_("The client")),
    (Requester.GUARDIAN, N_("A guardian")),
    (Requester.REPRESENTATIVE, N_("A representative")),
    (DataSource.CLIENT, N_("You yourself")),
    (DataSource.REFERRER, N_("A referrer")),
    (DataSource.COUNTY, N_("A wellbeing services county")),
    (DataSource.KELA, N_("Kela")),
    (DataSource.GUARDIAN, N_("Your guardian")),
    (DataSource.OTHER, N_("Another source")),
    (RequestDecision.GRANTED, N_("Granted")),
    (RequestDecision.PARTLY_REFUSED, N_("Partly refused")),
    (RequestDecision.REFUSED, N_("Refused")),
    (RequestDecision.FORWARDED, N_("Forwarded to the controller")),
    (DeliveryMethod.IN_PERSON, N_("Handed over in person")),
    (DeliveryMethod.POST, N_("By post")),
    (DeliveryMethod.SECURE_EMAIL, N_("By secure email")),
    (DeliveryMethod.OTHER, N_("Otherwise")),
    (
        WithholdReason.HEALTH_OR_CARE,
        N_("Giving it could seriously endanger your health or care (Data Protection Act § 34)"),
    ),
    (
        WithholdReason.RIGHTS_OF_OTHERS,
        N_("Giving it could seriously endanger someone else's rights (Data Protection Act § 34)"),
    ),
    (
        WithholdReason.THIRD_PARTY,
        N_("It is information about another person (GDPR Article 15(4); Act 703/2023 § 28(4))"),
    ),
    (
        WithholdReason.MINOR_PROHIBITION,
        N_("The minor has prohibited disclosure to their guardians (Act 703/2023 § 58)"),
    ),
    (NotDue.RELATIONSHIP_OPEN, N_("The client relationship has not ended")),
    (NotDue.NO_RELATIONSHIP, N_("There is no client relationship")),
    (NotDue.NO_BIRTH_DATE, N_("The date of birth is not recorded")),
    (NotDue.NO_DEATH_DATE, N_("Counted from the date of death")),
    (NotDue.NO_NEED_ENDED_DATE, N_("Counted from the day the need for the service ended")),
    (NotDue.NO_CHILD_BIRTH_DATE, N_("Counted from the child's date of birth")),
    (NotDue.NO_SERVICE_TASK, N_("The service task is not recorded")),
    (NotDue.KEPT_BY_AGREEMENT, N_("Kept as agreed with you")),
    (NotDue.REQUEST_OPEN, N_("The request is still open")),
    (NotDue.LEGAL_HOLD, N_("Legal hold")),
    (NotDue.OPEN_REQUEST, N_("Open access, rectification or erasure request")),
    (NotDue.COUNTY_CONTROLLED, N_("The wellbeing services county decides")),
)


# Keyed by (kind, code): the kinds are StrEnums, and members of different kinds with the
# same code ("client", "other", "kela") are equal as strings.
KIND_LABELS: dict[tuple[type, str], str] = {
    (type(member), str(member.value)): text for member, text in _LABELS
}


def kind_label(value: Enum | None, lang: str) -> str:
    """The reader's word for a stored code ("" for None; the code itself if unknown)."""
    if value is None:
        return ""
    template = KIND_LABELS.get((type(value), str(value.value)))
    return tr(lang).gettext(template) if template else str(value.value)


def appointment_status_label(appointment: Appointment, lang: str) -> str:
    """The status of a visit; a cancelled one says who cancelled it and why
    ("Cancelled by the client: flu")."""
    if appointment.status is not AppointmentStatus.CANCELLED:
        return kind_label(appointment.status, lang)
    who = kind_label(appointment.cancelled_by, lang) if appointment.cancelled_by else ""
    who = who or kind_label(appointment.status, lang)
    return f"{who}: {appointment.cancel_reason}" if appointment.cancel_reason else who
