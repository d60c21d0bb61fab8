"""The clinical store: identity kept with the records, and notes (append-only).

Needs the clinical store unlocked. Viewing notes and revealing a hetu are logged in
the same transaction that reads them: if the log cannot be written, nothing is shown.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date

from app.db import identities, note_drafts
from app.db import repositories as repo
from app.db.audit import AuditEvent
from app.db.note_queries import NOTE_ORDER, notes_matching, optimize_note_index
from app.domain import identity_rules
from app.domain.client_rules import notes_need_confirmation
from app.domain.errors import NotFoundError, ValidationError
from app.domain.hetu import mask_hetu, parse_hetu
from app.domain.identity_rules import check_hetu_allowed
from app.domain.kinds import NoteKind, RecordsKept, RegisterKind, RemovedContentKind
from app.domain.models import ClinicalIdentity, IdentityCorrection, Note, Relationship
from app.domain.note_draft import NoteDraft
from app.domain.relationship_fields import statement_copy_applies
from app.domain.validation import (
    validate_birth_date,
    validate_death_date,
    validate_name,
)
from app.services import relationships
from app.services.session import Session


def set_identity(
    session: Session,
    client_id: str,
    name_as_recorded: str,
    hetu: str | None = None,
    birth_date: date | None = None,
    death_date: date | None = None,
) -> ClinicalIdentity:
    """Record the identity kept with the records; the hetu is validated and gives the birth date.

    A hetu is taken only for a client with a patient or social care relationship
    (Tietosuojalaki § 29). Later changes go through ``correct_identity``.
    """
    session.require_clinical()
    today = session.today()
    identity = ClinicalIdentity(client_id, validate_name(name_as_recorded, "name_as_recorded"))
    if hetu:
        parsed = parse_hetu(hetu)
        identity.hetu = parsed.code
        identity.hetu_temporary = parsed.temporary
        if birth_date is not None and birth_date != parsed.birth_date:
            raise ValidationError("identity.birth_date_mismatch", field="birth_date")
        birth_date = parsed.birth_date
    identity.birth_date = validate_birth_date(birth_date, today) if birth_date else None
    if death_date is not None:
        identity.death_date = validate_death_date(death_date, identity.birth_date, today)
    identity.recorded_at = session.now()
    with session.transaction() as conn:
        if repo.CLIENTS.get(conn, client_id) is None:
            raise NotFoundError("client.not_found")
        if identity.hetu:
            check_hetu_allowed(identities.register_kinds_of(conn, client_id))
        if repo.IDENTITIES.get(conn, client_id) is not None:
            raise ValidationError("identity.exists", field="hetu")
        repo.IDENTITIES.insert(conn, identity)
    return identity


def correct_identity(
    session: Session, client_id: str, field: str, new_value: str, reason: str
) -> ClinicalIdentity:
    """Add or correct one part of the identity (name, hetu, birth date, death date).

    Each change is recorded as a correction that keeps the old value readable with who,
    when and why; a hetu that gives another birth date records both corrections.
    """
    session.require_clinical()
    if not reason.strip():
        raise ValidationError("note.reason_required", field="reason")
    with session.transaction() as conn:
        identity = repo.IDENTITIES.get(conn, client_id)
        if identity is None:
            raise NotFoundError("identity.not_found")
        corrected, changes = identity_rules.correct_identity(
            identity, field, new_value, session.today()
        )
        if field == "hetu":
            check_hetu_allowed(identities.register_kinds_of(conn, client_id))
        practice = repo.load_practice(conn)
        corrected_at = session.now()
        corrections = [
            IdentityCorrection(
                client_id=client_id,
                field=change.field,
                old_value=change.old_value,
                new_value=change.new_value,
                reason=reason.strip(),
                corrected_by=practice.practitioner_name,
                corrector_title=practice.practitioner_title,
                corrected_at=corrected_at,
            )
            for change in changes
        ]
        identities.apply_correction(conn, corrected, corrections)
    return corrected


def identity_masked(session: Session, client_id: str) -> ClinicalIdentity | None:
    """The identity with the hetu masked (birth date part only): safe for the screen."""
    session.require_clinical()
    identity = repo.IDENTITIES.get(session.conn, client_id)
    if identity is None:
        return None
    if identity.hetu:
        identity = dataclasses.replace(identity, hetu=mask_hetu(identity.hetu))
    return identity


def reveal_hetu(session: Session, client_id: str) -> str | None:
    """The full hetu, logged as an explicit reveal."""
    session.require_clinical()
    with session.transaction() as conn:
        identity = repo.IDENTITIES.get(conn, client_id)
        if identity is None or not identity.hetu:
            return None
        session.log(
            AuditEvent("hetu.reveal", client_id=client_id, data_kind="hetu", purpose="care")
        )
    return identity.hetu


def _check_note_allowed(session: Session, note: Note) -> None:
    rel = repo.RELATIONSHIPS.get(session.conn, note.relationship_id)
    if rel is None or rel.client_id != note.client_id:
        raise NotFoundError("relationship.not_found")
    if rel.records_kept is not RecordsKept.VAKKA:
        raise ValidationError("note.records_kept_elsewhere", field="relationship_id")
    if notes_need_confirmation(rel.register_kind) and rel.register_kind not in (
        relationships.confirmed_kinds(session)
    ):
        # The legal note is re-checked at every entry: a newer text needs a new confirmation.
        raise ValidationError("note.legal_note_not_confirmed", field="relationship_id")
    note.register_kind = rel.register_kind


def _author_title(session: Session, kind: RegisterKind, given: str) -> str:
    """The author's professional title: a health care entry and its amendments carry it
    (703/2023 § 27), so they wait until the practice settings have it."""
    title = given.strip()
    if kind is RegisterKind.PATIENT:
        settings_title = repo.load_practice(session.conn).practitioner_title.strip()
        if not settings_title:
            raise ValidationError("note.practitioner_title_required", field="practitioner_title")
        title = title or settings_title
    return title


def _session_date(session: Session, given: date | None) -> date:
    """The date of the session, set by the practitioner (default today), not in the future."""
    if given is None:
        return session.today()
    if given > session.today():
        raise ValidationError("note.session_date_in_future", field="session_date")
    return given


def add_note(session: Session, note: Note) -> Note:
    """Write a new entry. Its time is the register's clock (whatever ``note.written_at``
    says); ``note.session_date`` is the session's date (today when not given)."""
    session.require_clinical()
    if note.kind is NoteKind.AMENDMENT:
        raise ValidationError("note.use_amend", field="kind")
    if not (note.body or "").strip():
        raise ValidationError("note.body_required", field="body")
    if not note.author_name.strip():
        raise ValidationError("note.author_required", field="author_name")
    _check_note_allowed(session, note)
    if note.statement_copy and not statement_copy_applies(note.register_kind, note.kind):
        raise ValidationError("note.statement_copy_only_statement", field="statement_copy")
    note.author_title = _author_title(session, note.register_kind, note.author_title)
    note.session_date = _session_date(session, note.session_date)
    note.written_at = session.now()
    with session.transaction() as conn:
        repo.NOTES.insert(conn, note)
        note_drafts.delete(conn, note.relationship_id)  # the draft became this entry
        session.log(
            AuditEvent(
                "note.write", client_id=note.client_id, data_kind="note", ref=f"note:{note.id}"
            )
        )
    return note


# --- the draft of a note being written ------------------------------------------------


def save_note_draft(session: Session, draft: NoteDraft) -> None:
    """Keep the note being written (one draft per relationship) in the encrypted clinical
    store, so a lock or a closed dialog loses nothing. The patient records' lock saves
    the open notes' drafts before it closes the store. An empty text removes the draft."""
    session.require_clinical()
    rel = repo.RELATIONSHIPS.get(session.conn, draft.relationship_id)
    if rel is None or rel.client_id != draft.client_id:
        raise NotFoundError("relationship.not_found")
    with session.transaction() as conn:
        if draft.body.strip():
            at = session.now().isoformat(timespec="seconds")
            note_drafts.save(conn, draft.relationship_id, draft.client_id, draft.to_json(), at)
        else:
            note_drafts.delete(conn, draft.relationship_id)


def note_draft(session: Session, relationship_id: int) -> NoteDraft | None:
    """The kept draft of a relationship, only while the patient records are open."""
    session.require_clinical()
    value = note_drafts.load(session.conn, relationship_id)
    draft = None if value is None else NoteDraft.from_json(value)
    if draft is None or draft.relationship_id != relationship_id:
        return None
    return draft


def pending_note_drafts(session: Session) -> list[NoteDraft]:
    """Every kept draft whose relationship still exists (to reopen after an unlock), only
    while the patient records are open."""
    session.require_clinical()
    drafts = []
    for value in note_drafts.load_all(session.conn):
        draft = NoteDraft.from_json(value)
        if draft is None:
            continue
        rel = repo.RELATIONSHIPS.get(session.conn, draft.relationship_id)
        if rel is not None and rel.client_id == draft.client_id:
            drafts.append(draft)
    return drafts


def discard_note_draft(session: Session, relationship_id: int) -> None:
    """The practitioner threw the text away: the draft goes (secure_delete overwrites it)."""
    session.require_clinical()
    with session.transaction() as conn:
        note_drafts.delete(conn, relationship_id)


def amend_note(
    session: Session, note_id: int, body: str, reason: str, author_name: str, author_title: str
) -> Note:
    """A correction is a new entry; the original stays readable (decree 94/2022 § 20)."""
    session.require_clinical()
    original = repo.NOTES.get(session.conn, note_id)
    if original is None:
        raise NotFoundError("note.not_found")
    if not reason.strip():
        raise ValidationError("note.reason_required", field="reason")
    if not body.strip():
        raise ValidationError("note.body_required", field="body")
    if not author_name.strip():
        raise ValidationError("note.author_required", field="author_name")
    now = session.now()
    amendment = Note(
        client_id=original.client_id,
        relationship_id=original.relationship_id,
        register_kind=original.register_kind,
        kind=NoteKind.AMENDMENT,
        body=body,
        written_at=now,
        author_name=author_name.strip(),
        author_title=_author_title(session, original.register_kind, author_title),
        specially_protected=original.specially_protected,
        amends_id=original.id,
        amendment_reason=reason.strip(),
        session_date=original.session_date or original.written_at.date(),
    )
    with session.transaction() as conn:
        repo.NOTES.insert(conn, amendment)
        session.log(
            AuditEvent(
                "note.amend",
                client_id=original.client_id,
                data_kind="note",
                ref=f"note:{amendment.id}",
            )
        )
    return amendment


def remove_content(
    session: Session, note_id: int, content_kind: str, reason: str, removed_by: str, title: str
) -> Note:
    """Replace unnecessary content by a marker: what kind, who, when, why."""
    session.require_clinical()
    if not reason.strip():
        raise ValidationError("note.reason_required", field="reason")
    kind = _removed_content_kind(content_kind)
    if not removed_by.strip():
        raise ValidationError("note.author_required", field="removed_by")
    note = repo.NOTES.get(session.conn, note_id)
    if note is None:
        raise NotFoundError("note.not_found")
    if note.removed:
        raise ValidationError("note.already_removed", field="body")
    note.body = None
    note.removed_at = session.now()
    note.removed_by = removed_by.strip()
    note.removed_by_title = title.strip()
    note.removal_reason = reason.strip()
    note.removed_content_kind = kind.value
    with session.transaction() as conn:
        repo.NOTES.update(conn, note)
        # The update trigger deleted the text from the full-text index; optimize merges
        # the index so the removed words leave its pages too (schema_v2).
        optimize_note_index(conn)
        session.log(
            AuditEvent(
                "note.remove", client_id=note.client_id, data_kind="note", ref=f"note:{note.id}"
            )
        )
    return note


def _removed_content_kind(content_kind: str) -> RemovedContentKind:
    """The marker stores a code (RULES.md: stores hold codes, never words)."""
    if not content_kind.strip():
        raise ValidationError("field.required", field="content_kind")
    try:
        return RemovedContentKind(content_kind.strip())
    except ValueError:
        raise ValidationError("note.content_kind_unknown", field="content_kind") from None


def notes_of(session: Session, client_id: str, purpose: str = "care") -> list[Note]:
    """The client's notes in time order, amendments beside their originals; logged."""
    session.require_clinical()
    with session.transaction() as conn:
        notes = repo.NOTES.where(conn, order=NOTE_ORDER, client_id=client_id)
        session.log(
            AuditEvent("notes.view", client_id=client_id, data_kind="notes", purpose=purpose)
        )
    return notes


# --- full-text search (schema v2: clinical.notes_fts) -------------------------------------

# The characters unicode61 keeps in a token: letters, digits (and private use), no "_".
_TOKEN = re.compile(r"[^\W_]+")
MAX_SEARCH_WORDS = 12


def note_search_query(text: str) -> str | None:
    """An FTS5 query for what the user typed: every word must occur, as a word prefix.

    Words are taken as the index's tokenizer takes them, so no FTS5 syntax from the
    user gets through (quotes, NEAR, column filters). Prefixes suit Finnish inflection:
    "masennu" finds "masennus", "masennuksen" and "masennukseen". None when nothing
    searchable was typed.
    """
    words = _TOKEN.findall(text)[:MAX_SEARCH_WORDS]
    if not words:
        return None
    return " ".join(f'"{word}"*' for word in words)


def search_notes(session: Session, client_id: str, text: str, purpose: str = "care") -> list[Note]:
    """The client's notes whose text has every typed word (case-insensitive; ä, ö and å
    are letters of their own), in the order of notes_of. Removed content is not in the
    index. Logged as a view of the notes (ids only: the search text is not logged)."""
    session.require_clinical()
    query = note_search_query(text)
    with session.transaction() as conn:
        notes: list[Note] = []
        if query is not None:
            notes = notes_matching(conn, client_id, query)
        session.log(
            AuditEvent(
                "notes.view", client_id=client_id, data_kind="notes", purpose=purpose, ref="search"
            )
        )
    return notes


# Words in a service's name that say it is psychotherapy or mental health care (fi/sv/en).
_MENTAL_HEALTH_WORDS = ("psyk", "psych", "mielenterv", "mental")


def specially_protected_by_default(rel: Relationship, service_name: str | None) -> bool:
    """Whether a new entry of this relationship starts marked specially protected.

    RULES.md: entries of psychotherapy and mental health care are specially protected.
    For a patient relationship without a service the practitioner's own patient work is
    assumed to be that (the user can untick it); social care and other services are not.
    """
    if rel.register_kind is not RegisterKind.PATIENT:
        return False
    if not service_name:
        return True
    name = service_name.casefold()
    return any(word in name for word in _MENTAL_HEALTH_WORDS)
