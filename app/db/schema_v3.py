"""Schema version 3: the record-integrity rules of RULES.md held by the stores themselves.

Each part below is one change, kept apart so that each reads on its own; both scripts
run in the migration's one transaction, in the order given.
"""

# Consents, disclosures, invoices and payment commitments name their relationship.
#
# SQLite cannot make a column NOT NULL in place, so triggers hold the rule. The migration
# first ties each row without a relationship to its client's only one; rows of a client
# with none or several stay as they are, and `vakka check` counts them
# (db/relationship_records.py) until the practitioner chooses. A new row must name a
# relationship of its own client; an update may not untie a row nor move it to another
# client's relationship (an old untied row can still be updated, e.g. marked paid).
# A relationship that has records keeps its register kind and service task (notes live
# in the clinical store, which a trigger here cannot see: the service checks them); an
# ended relationship is not re-opened, and none ends without a reason (703/2023 § 38).
TIED_TABLES = ("consents", "disclosures", "invoices", "payment_commitments")


def _tied(table: str) -> str:
    return f"""
UPDATE {table} SET relationship_id = (
    SELECT r.id FROM relationships r WHERE r.client_id = {table}.client_id
)
WHERE relationship_id IS NULL
AND (SELECT count(*) FROM relationships r WHERE r.client_id = {table}.client_id) = 1;

CREATE TRIGGER {table}_relationship_insert BEFORE INSERT ON {table}
WHEN NEW.relationship_id IS NULL OR NOT EXISTS (
    SELECT 1 FROM relationships r WHERE r.id = NEW.relationship_id AND r.client_id = NEW.client_id
)
BEGIN
    SELECT RAISE(ABORT, 'relationship.required');
END;

CREATE TRIGGER {table}_relationship_update BEFORE UPDATE ON {table}
WHEN (NEW.relationship_id IS NULL AND OLD.relationship_id IS NOT NULL)
OR (NEW.relationship_id IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM relationships r WHERE r.id = NEW.relationship_id AND r.client_id = NEW.client_id
))
BEGIN
    SELECT RAISE(ABORT, 'relationship.required');
END;
"""


_RELATIONSHIP_GUARDS = """
CREATE TRIGGER relationships_kind_fixed BEFORE UPDATE ON relationships
WHEN (NEW.register_kind IS NOT OLD.register_kind OR NEW.service_task IS NOT OLD.service_task)
AND (
    EXISTS (SELECT 1 FROM appointments WHERE relationship_id = OLD.id)
    OR EXISTS (SELECT 1 FROM invoices WHERE relationship_id = OLD.id)
    OR EXISTS (SELECT 1 FROM consents WHERE relationship_id = OLD.id)
    OR EXISTS (SELECT 1 FROM disclosures WHERE relationship_id = OLD.id)
    OR EXISTS (SELECT 1 FROM payment_commitments WHERE relationship_id = OLD.id)
)
BEGIN
    SELECT RAISE(ABORT, 'relationship.kind_fixed');
END;

CREATE TRIGGER relationships_not_reopened BEFORE UPDATE ON relationships
WHEN OLD.ended_on IS NOT NULL AND NEW.ended_on IS NULL
BEGIN
    SELECT RAISE(ABORT, 'relationship.cannot_reopen');
END;

CREATE TRIGGER relationships_end_reason_insert BEFORE INSERT ON relationships
WHEN NEW.ended_on IS NOT NULL AND trim(NEW.end_reason) = ''
BEGIN
    SELECT RAISE(ABORT, 'relationship.end_reason_required');
END;

CREATE TRIGGER relationships_end_reason_update BEFORE UPDATE ON relationships
WHEN NEW.ended_on IS NOT NULL AND trim(NEW.end_reason) = ''
BEGIN
    SELECT RAISE(ABORT, 'relationship.end_reason_required');
END;
"""

RECORDS_TIED_TO_RELATIONSHIPS = "".join(_tied(t) for t in TIED_TABLES) + _RELATIONSHIP_GUARDS

# Note times come from the register's clock; the session date is its own field.
#
# ``written_at`` is the service's now(); ``session_date`` is the date of the session the
# practitioner sets (not after the entry was written). Existing notes get the date of
# their writing time. The append-only trigger of schema v1 compares every column on
# update, so it is made again with the new column in it (dropped first: the backfill is
# itself an update).
NOTE_TIMES = """
DROP TRIGGER clinical.notes_append_only;

ALTER TABLE clinical.notes ADD COLUMN session_date TEXT;

UPDATE clinical.notes SET session_date = substr(written_at, 1, 10);

CREATE TRIGGER clinical.notes_append_only BEFORE UPDATE ON notes
WHEN NOT (
    OLD.removed_at IS NULL AND NEW.removed_at IS NOT NULL AND NEW.body IS NULL
    AND NEW.removed_by IS NOT NULL AND NEW.removal_reason IS NOT NULL
    AND NEW.removal_reason <> '' AND NEW.removed_content_kind IS NOT NULL
    AND NEW.id = OLD.id AND NEW.client_id = OLD.client_id
    AND NEW.relationship_id = OLD.relationship_id AND NEW.kind = OLD.kind
    AND NEW.written_at = OLD.written_at AND NEW.author_name = OLD.author_name
    AND NEW.author_title = OLD.author_title
    AND NEW.specially_protected = OLD.specially_protected
    AND NEW.amends_id IS OLD.amends_id AND NEW.amendment_reason IS OLD.amendment_reason
    AND NEW.session_date IS OLD.session_date
)
BEGIN
    SELECT RAISE(ABORT, 'notes are append-only');
END;

CREATE TRIGGER clinical.notes_session_date BEFORE INSERT ON notes
WHEN NEW.session_date IS NULL OR NEW.session_date > substr(NEW.written_at, 1, 10)
BEGIN
    SELECT RAISE(ABORT, 'note.session_date');
END;
"""

# The content of each disclosure is covered by the audit chain.
DISCLOSURE_CHAIN = ""

# Stores hold codes, never words of one language.
CODES_NOT_WORDS = ""

# Identities and their corrections are append-only, like the notes.
IDENTITY_GUARDS = ""

# The legal-note confirmation records who confirmed which version of the text.
# Confirmations made before v3 keep an empty name (it was not recorded then).
LEGAL_NOTE_CONFIRMATION = """
ALTER TABLE legal_note_confirmations ADD COLUMN confirmed_by TEXT NOT NULL DEFAULT '';
"""

REGISTER_V3 = "\n".join(
    [RECORDS_TIED_TO_RELATIONSHIPS, DISCLOSURE_CHAIN, CODES_NOT_WORDS, LEGAL_NOTE_CONFIRMATION]
)

CLINICAL_V3 = "\n".join([NOTE_TIMES, IDENTITY_GUARDS])
