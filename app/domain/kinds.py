"""The fixed vocabularies of the register (stored as their string values)."""

from __future__ import annotations

from enum import StrEnum


class RegisterKind(StrEnum):
    PATIENT = "patient"  # health care: psychotherapy, rehabilitation
    SOCIAL_CARE = "social_care"
    OTHER = "other"  # outside social and health care: coaching, work supervision


class ServiceTask(StrEnum):
    """Social care service tasks; they decide the retention of social care records."""

    FAMILIES_WITH_CHILDREN = "families_with_children"
    ADULT_SERVICES = "adult_services"
    DISABILITY = "disability"
    CHILD_WELFARE = "child_welfare"
    FAMILY_LAW = "family_law"


class Controller(StrEnum):
    PRACTICE = "practice"
    COUNTY = "county"  # a wellbeing services county buys the service (703/2023 § 13–14)


class RecordsKept(StrEnum):
    VAKKA = "vakka"
    PAPER = "paper"
    OTHER_SYSTEM = "other_system"  # a Kanta-connected system


class ContactLanguage(StrEnum):
    FI = "fi"
    SV = "sv"
    EN = "en"
    OTHER = "other"


class AppointmentStatus(StrEnum):
    BOOKED = "booked"
    DONE = "done"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"


class CancelledBy(StrEnum):
    NONE = ""
    CLIENT = "client"
    PRACTITIONER = "practitioner"


class PayerKind(StrEnum):
    CLIENT = "client"
    KELA = "kela"
    COUNTY = "county"
    INSURER = "insurer"
    OTHER = "other"


class IssuerKind(StrEnum):
    COUNTY = "county"
    KELA = "kela"
    INSURER = "insurer"
    OTHER = "other"


class ConsentKind(StrEnum):
    CONSENT = "consent"
    SHARING_PERMISSION = "sharing_permission"  # luovutuslupa
    PROHIBITION = "prohibition"  # kielto


class RequestKind(StrEnum):
    ACCESS = "access"
    RECTIFICATION = "rectification"
    ERASURE = "erasure"
    LOG_INFORMATION = "log_information"


class RequestStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class IdentityMethod(StrEnum):
    IN_PERSON_ID_DOCUMENT = "in_person_id_document"
    STRONG_ELECTRONIC = "strong_electronic"
    KNOWN_SIGNED_LETTER = "known_signed_letter"
    CHECKED_BY_PRACTITIONER = "checked_by_practitioner"


class FeeRule(StrEnum):
    FREE = "free"
    FURTHER_COPY_FEE = "further_copy_fee"  # GDPR art. 15(3)
    MANIFESTLY_UNFOUNDED = "manifestly_unfounded"  # art. 12(5)


class HoldGround(StrEnum):
    AUTHORITY_ORDER = "authority_order"
    DISPUTE = "dispute"
    LEGAL_CLAIM = "legal_claim"  # GDPR art. 17(3)(e)


class NoteKind(StrEnum):
    SESSION_NOTE = "session_note"
    PLAN = "plan"
    SUMMARY = "summary"
    STATEMENT = "statement"
    PHONE_CONTACT = "phone_contact"
    THIRD_PARTY_DOCUMENT = "third_party_document"  # 703/2023 § 28(4)
    AMENDMENT = "amendment"


class RemovedContentKind(StrEnum):
    """What kind of content a removal marker replaced (RULES.md, Notes)."""

    UNNECESSARY = "unnecessary"
    THIRD_PARTY = "third_party"
    OTHER_CLIENT = "other_client"
    WRONG = "wrong"


class LogPurpose(StrEnum):
    """Why data was used, as the use log records it (703/2023 § 10)."""

    CARE = "care"
    STATEMENT = "statement"  # a statement or certificate written for others
    DISCLOSURE = "disclosure"
    EXPORT = "export"
    BACKUP = "backup"
    SECURITY = "security"  # keys and the recovery code
    RETENTION = "retention"  # retention policy changes, purges


class Requester(StrEnum):
    """Who made a request: the data subject, a guardian of a minor, or a representative."""

    CLIENT = "client"
    GUARDIAN = "guardian"
    REPRESENTATIVE = "representative"


class DataSource(StrEnum):
    """Where a client's data came from (GDPR art. 15(1)(g)), recorded on the relationship."""

    CLIENT = "client"
    REFERRER = "referrer"
    COUNTY = "county"
    KELA = "kela"
    GUARDIAN = "guardian"
    OTHER = "other"


class RequestDecision(StrEnum):
    """The outcome of a request (GDPR art. 12, 15–17)."""

    GRANTED = "granted"
    PARTLY_REFUSED = "partly_refused"
    REFUSED = "refused"
    FORWARDED = "forwarded"  # to the county that controls the records


class DeliveryMethod(StrEnum):
    """How an answer reached the client."""

    IN_PERSON = "in_person"
    POST = "post"
    SECURE_EMAIL = "secure_email"
    OTHER = "other"


class WithholdReason(StrEnum):
    """Why part of an answer is withheld."""

    HEALTH_OR_CARE = "health_or_care"  # Tietosuojalaki § 34(1)(1)
    RIGHTS_OF_OTHERS = "rights_of_others"  # Tietosuojalaki § 34(1)(2)
    THIRD_PARTY = "third_party"  # GDPR art. 15(4); 703/2023 § 28(4)
    MINOR_PROHIBITION = "minor_prohibition"  # 703/2023 §§ 34, 40, 50–51, 58
