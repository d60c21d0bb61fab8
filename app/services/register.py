"""Register lifecycle: create, unlock, passphrase change, check, practice details."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from app.db import audit, failed_unlocks, register_folder
from app.db import repositories as repo
from app.db.audit import AuditEvent
from app.db.connection import DatabaseError
from app.db.errors import as_user_error
from app.db.keyfile import KdfParams
from app.db.readonly import is_read_only
from app.db.vault import Clock, RegisterPaths, Secret, create_register, local_now, open_register
from app.domain.errors import NotFoundError, VakkaError, ValidationError, WrongSecretError
from app.domain.kinds import RegisterKind
from app.domain.models import Practice, Service
from app.domain.passphrase import require_acceptable_passphrase
from app.domain.validation import (
    validate_bic,
    validate_business_id,
    validate_email,
    validate_iban,
    validate_name,
)
from app.services import relationships
from app.services.session import FailedUnlocksNotice, Session


@dataclass(frozen=True)
class NewRegister:
    session: Session
    recovery_code: str


def create(
    folder: Path,
    passphrase: str,
    practice: Practice | None = None,
    kdf: KdfParams | None = None,
    clock: Clock = local_now,
) -> NewRegister:
    """A new register; the passphrase must pass the shared strength rule."""
    require_acceptable_passphrase(passphrase)
    register, code = create_register(folder, passphrase, kdf, clock)
    session = Session(register)
    try:
        if practice is not None:
            save_practice(session, practice)
    except BaseException:
        session.close()
        raise
    return NewRegister(session, code)


def unlock(
    folder: Path,
    secret: Secret,
    clinical: bool = True,
    clock: Clock = local_now,
    allow_read_only: bool = False,
) -> Session:
    """Open the register; a wrong passphrase or code is counted beside the stores, and the
    count goes into the audit log at the next successful unlock (see failed_unlocks_notice).
    A register that cannot be written is refused, unless the caller only checks or copies
    it (``allow_read_only``): then it opens read-only, and nothing is counted or logged.
    """
    read_only = allow_read_only and register_is_read_only(folder)
    try:
        register = open_register(
            folder, secret, clinical=clinical, clock=clock, read_only=read_only
        )
    except WrongSecretError as error:
        if _counts_as_a_guess(secret, error) and not read_only:
            # A folder that cannot be written must not hide the real answer (wrong secret).
            with contextlib.suppress(OSError):
                failed_unlocks.record(Path(folder), clock())
        raise
    session = Session(register)
    if read_only:
        return session
    try:
        session.failed_unlocks = _log_failed_unlocks(session)
    except BaseException:
        session.close()
        raise
    # Whether the due summary beside the stores counted them (then a close without
    # changes leaves it as it is instead of recounting the whole register).
    from app.services.reminders.summary import note_unlock

    note_unlock(session)
    return session


def register_is_read_only(folder: Path) -> bool:
    """Whether this process may not write the register folder or its stores."""
    paths = RegisterPaths(Path(folder))
    return is_read_only(paths.folder, paths.store_files())


def is_open_read_only(session: Session) -> bool:
    return session.register.read_only


def _counts_as_a_guess(secret: Secret, error: WrongSecretError) -> bool:
    """A passphrase or recovery code typed wrong; not a stale keyring key or a typo that
    the recovery code's check characters catch (it never reached the key file)."""
    typed = secret.passphrase is not None or secret.recovery_code is not None
    return typed and error.code != "recovery_code.malformed"


def _log_failed_unlocks(session: Session) -> FailedUnlocksNotice:
    """Move the failed attempts recorded while locked into the audit log."""
    folder = session.register.paths.folder
    attempts = failed_unlocks.read(folder)
    if attempts.count == 0:
        return FailedUnlocksNotice()
    notice = FailedUnlocksNotice(attempts.count, attempts.last_at)
    first, last = attempts.first_at, attempts.last_at
    ref = f"count={attempts.count}"
    if first is not None and last is not None:
        ref += f" first={first.isoformat(timespec='seconds')}"
        ref += f" last={last.isoformat(timespec='seconds')}"
    try:
        with session.transaction():
            session.log(
                AuditEvent("unlock.failed", data_kind="unlock", purpose="security", ref=ref)
            )
    except (DatabaseError, OSError):
        return notice  # kept in the file: logged at an unlock that can write
    with contextlib.suppress(OSError):
        failed_unlocks.clear(folder)
    return notice


def failed_unlocks_notice(session: Session) -> FailedUnlocksNotice:
    """What to tell the user after the unlock that opened this session."""
    return session.failed_unlocks


def unlock_wait_seconds(folder: Path, clock: Clock = local_now) -> int:
    """Seconds the app waits before the next unlock attempt (0: none), from the count
    kept beside the register, so restarting the app does not reset it."""
    return register_folder.unlock_wait_seconds(Path(folder), clock())


def change_passphrase(session: Session, new_passphrase: str, kdf: KdfParams | None = None) -> None:
    """Only the key file is rewritten; old backups still open with the old passphrase."""
    session.require_writable()
    require_acceptable_passphrase(new_passphrase)
    session.register.change_passphrase(new_passphrase, kdf)
    with session.transaction():
        session.log(AuditEvent("passphrase.change", data_kind="key_file", purpose="security"))


def new_recovery_code(session: Session, passphrase: str, kdf: KdfParams | None = None) -> str:
    """Rekey both stores; the old recovery code stops opening the register (not old backups).

    The new code counts as unconfirmed until ``confirm_recovery_code``: call it once the
    practitioner has printed, saved or written it down.
    """
    session.require_writable()
    code = session.register.new_recovery_code(passphrase, kdf)
    with session.transaction():
        session.log(AuditEvent("recovery_code.new", data_kind="key_file", purpose="security"))
    return code


def recovery_code_unconfirmed(session: Session) -> bool:
    """Whether the code in force was made but never confirmed as kept (a crash, a kill)."""
    return session.register.recovery_code_unconfirmed()


def confirm_recovery_code(session: Session) -> None:
    session.register.confirm_recovery_code()
    with session.transaction():
        session.log(AuditEvent("recovery_code.confirmed", data_kind="key_file", purpose="security"))


def show_recovery_code(session: Session, passphrase: str) -> str:
    """The recovery code in force, again, for the passphrase holder (logged)."""
    code = session.register.current_recovery_code(passphrase)
    with session.transaction():
        session.log(AuditEvent("recovery_code.shown", data_kind="key_file", purpose="security"))
    return code


def check(session: Session) -> list[str]:
    """Problem codes: damage a backup may have to mend (empty when intact)."""
    return session.register.check()


def check_notices(session: Session) -> list[VakkaError]:
    """What is not damage but is worth saying: what the unlock repaired by itself (a
    key-file copy), and records from before schema v3 that name no relationship yet."""
    notices = [VakkaError(code) for code in session.register.notices()]
    try:
        untied = relationships.records_without_relationship(session)
    except DatabaseError:
        untied = 0  # a damaged page: check() reports the damage, this is only a notice
    if untied:
        notices.append(VakkaError("check.records_without_relationship", count=untied))
    return notices


@dataclass(frozen=True)
class OlderState:
    """The register is older than this computer last saw: when it saw it, and how many
    log entries it then had against how many there are now."""

    seen_at: datetime
    seen_entries: int
    entries_now: int


def older_state(session: Session) -> OlderState | None:
    """Set when an older copy of the register (or of a backup) was put back in place."""
    register = session.register
    if not register.rolled_back or register.seen is None:
        return None
    now = audit.current_head(session.conn, register.audit_key).seq
    return OlderState(register.seen.seen_at, register.seen.head.seq, now)


def accept_older_state(session: Session) -> None:
    """The practitioner accepts the register as it is now; recorded in the log."""
    session.require_writable()
    practitioner = repo.load_practice(session.conn).practitioner_name
    session.register.accept_older_state("accepted", practitioner)


def practice(session: Session) -> Practice:
    return repo.load_practice(session.conn)


def save_practice(session: Session, details: Practice) -> Practice:
    details.name = validate_name(details.name, "name") if details.name.strip() else ""
    if details.business_id.strip():
        details.business_id = validate_business_id(details.business_id)
    if details.email.strip():
        details.email = validate_email(details.email)
    details.iban = validate_iban(details.iban) if details.iban.strip() else ""
    details.bic = validate_bic(details.bic) if details.bic.strip() else ""
    if not 0 <= details.payment_term_days <= 365:
        raise ValidationError("payment_term.invalid", field="payment_term_days")
    with session.transaction() as conn:
        repo.save_practice(conn, details)
    return details


def _check_service(session: Session, service: Service) -> None:
    service.name = validate_name(service.name, "name")
    if not 0 <= service.vat_rate_permille <= 1000:
        raise ValidationError("invoice.vat_rate", field="vat_rate_permille")
    if service.price_cents is not None and service.price_cents < 0:
        raise ValidationError("service.price_negative", field="price_cents")
    if service.register_kind is not RegisterKind.SOCIAL_CARE:
        service.service_task = None
    wanted = service.name.casefold()
    if any(
        other.name.casefold() == wanted and other.id != service.id
        for other in repo.SERVICES.where(session.conn)
    ):
        raise ValidationError("service.duplicate", field="name")


def add_service(session: Session, service: Service) -> Service:
    """A new service the practice offers (also after the first-run wizard)."""
    service.id = None
    _check_service(session, service)
    with session.transaction() as conn:
        repo.SERVICES.insert(conn, service)
    return service


def update_service(session: Session, service: Service) -> Service:
    """Rename a service, or stop or start offering it. Its register kind and service task
    decide the rules and retention periods of the relationships started for it, so they
    change only while no relationship uses the service."""
    stored = repo.SERVICES.get(session.conn, service.id or 0)
    if stored is None:
        raise NotFoundError("service.not_found")
    _check_service(session, service)
    kind_changed = (service.register_kind, service.service_task) != (
        stored.register_kind,
        stored.service_task,
    )
    if kind_changed and repo.RELATIONSHIPS.where(session.conn, service_id=stored.id):
        raise ValidationError("service.kind_in_use", field="register_kind")
    with session.transaction() as conn:
        repo.SERVICES.update(conn, service)
    return service


def services(session: Session) -> list[Service]:
    return repo.SERVICES.where(session.conn, order=("name",))


def is_register(folder: Path) -> bool:
    """Whether ``folder`` holds a register; VakkaError when the file system cannot tell."""
    try:
        return RegisterPaths(Path(folder)).looks_like_register()
    except (OSError, ValueError) as error:
        raise as_user_error(error) or error from None


@dataclass(frozen=True)
class RegisterStatus:
    """What the status bar and the banner show; no personal data."""

    practice_name: str
    clinical_open: bool
    last_backup_at: datetime | None
    requests_near_deadline: int
    # The last day the chosen backup folder (a drive) was reachable, when too long ago.
    backup_folder_unseen_since: date | None = None


def status(session: Session) -> RegisterStatus:
    from app.services.backup import LAST_BACKUP_SETTING
    from app.services.managed_backups import folder_unseen_since
    from app.services.requests import requests_near_deadline

    last = repo.get_setting(session.conn, LAST_BACKUP_SETTING)
    return RegisterStatus(
        practice_name=practice(session).name,
        clinical_open=session.register.clinical_open,
        last_backup_at=datetime.fromisoformat(last) if last else None,
        requests_near_deadline=requests_near_deadline(session),
        backup_folder_unseen_since=folder_unseen_since(session),
    )


def register_id_of(folder: Path) -> str | None:
    """The register's id from its key file (readable while locked), or None."""
    try:
        return RegisterPaths(Path(folder)).key_files.candidates()[0].register_id
    except (VakkaError, OSError, ValueError):
        return None


# --- security operations the app's dialogs call (on the worker thread) ---------------


def verify_secret(session: Session, secret: Secret) -> bool:
    """Whether the passphrase or recovery code is this register's (changes nothing)."""
    return session.register.verify_secret(secret)


def unlock_clinical(session: Session, secret: Secret) -> None:
    """The clinical store opens with the passphrase or the recovery code, never the keyring."""
    session.register.unlock_clinical(secret)


def lock_clinical(session: Session) -> None:
    session.register.lock_clinical()


def clinical_open(session: Session) -> bool:
    return session.register.clinical_open


def register_id(session: Session) -> str:
    return session.register.register_id


def remember_on_this_computer(session: Session) -> bool:
    """Keep the data key in the OS keyring (only where a safe keyring exists)."""
    from app.services import remembered_key

    return remembered_key.remember(
        session.register.register_id, session.register.data_key_for_keyring()
    )
