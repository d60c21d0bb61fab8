"""Schema version 3: the record-integrity rules of RULES.md held by the stores themselves.

Each part below is one change, kept apart so that each reads on its own; both scripts
run in the migration's one transaction, in the order given.
"""

from app.db.schema_v1 import CLINICAL_V1

# Schema 1's append-only guard of the notes, word for word (the last statement there).
_NOTES_APPEND_ONLY_V1 = CLINICAL_V1[
    CLINICAL_V1.index("CREATE TRIGGER clinical.notes_append_only") :
]

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

-- A copy of a certificate or statement written for others (e.g. Kela): kept 5 years
-- (retention category statement_copies), not with the rest of the records.
ALTER TABLE clinical.notes ADD COLUMN statement_copy INTEGER NOT NULL DEFAULT 0;

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
    AND NEW.statement_copy = OLD.statement_copy
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
DISCLOSURE_CHAIN = """
-- Whom and what a disclosure concerns, for the rules of RULES.md "Minors" (a minor's
-- prohibition prevails over a guardian) and GDPR art. 9(2)(a) (health information of
-- services outside social and health care).
ALTER TABLE disclosures ADD COLUMN to_guardian INTEGER NOT NULL DEFAULT 0;
ALTER TABLE disclosures ADD COLUMN health_data INTEGER NOT NULL DEFAULT 0;

-- The log row of a disclosure carries a digest of its content (app.db.audit), covered by
-- the row's hash; rows written before this version hold none (their hash is unchanged).
ALTER TABLE audit_log ADD COLUMN content_digest TEXT NOT NULL DEFAULT '';

-- A disclosure whose log row holds no digest is vouched for by a seal: its content digest
-- keyed with the register's audit key, like a checkpoint. The disclosures logged before
-- this version are sealed here, as they are now; a disclosure row that no log row names
-- gets no seal, so check reports it. The columns are app.db.audit.DISCLOSURE_CONTENT.
CREATE TABLE disclosure_seals (
    disclosure_id INTEGER PRIMARY KEY,
    digest TEXT NOT NULL,
    mac TEXT NOT NULL
);

INSERT INTO disclosure_seals (disclosure_id, digest, mac)
SELECT id, digest, vakka_disclosure_seal((SELECT value FROM meta WHERE key = 'audit_key'), id, digest)
FROM (
    SELECT d.id AS id,
           vakka_disclosure_digest(d.id, d.client_id, d.disclosed_on, d.recipient,
                                   d.data_disclosed, d.purpose, d.legal_basis, d.consent_id,
                                   d.recorded_at, d.to_guardian, d.health_data) AS digest
    FROM disclosures AS d
    WHERE EXISTS (
        SELECT 1 FROM audit_log AS a WHERE a.kind = 'disclosure' AND a.ref = 'disclosure:' || d.id
    )
);
"""

# Stores hold codes, never words of one language. The register store's codes (log
# purposes, kinds) were codes already: the log shows them translated (app.i18n.codes).
CODES_NOT_WORDS = ""

# The removal markers of notes held the kind of content removed as words, in the language
# of the UI that wrote them (the dialog's suggestions) or the demo's Finnish: the known
# ones become codes (app.domain.kinds.RemovedContentKind). A description someone typed
# themselves is kept as written and shown as written. The notes are append-only, so the
# guard is lifted for this one update and put back exactly as schema 1 made it; this part
# runs first in CLINICAL_V3, before any part that changes that guard.
CODES_NOT_WORDS_CLINICAL = (
    """
DROP TRIGGER clinical.notes_append_only;

UPDATE clinical.notes SET removed_content_kind = CASE
    WHEN removed_content_kind IN ('Unnecessary information', 'Tarpeettomia tietoja',
        'Onödiga uppgifter', 'Tarpeeton yksityiskohta') THEN 'unnecessary'
    WHEN removed_content_kind IN ('Information about a third party',
        'Tietoja kolmannesta osapuolesta', 'Uppgifter om tredje part',
        'Kolmatta osapuolta koskeva tarpeeton tieto') THEN 'third_party'
    WHEN removed_content_kind IN ('Information about another client',
        'Tietoja toisesta asiakkaasta', 'Uppgifter om en annan kund') THEN 'other_client'
    WHEN removed_content_kind IN ('Wrong or mistaken information',
        'Virheellisiä tai erheellisiä tietoja', 'Felaktiga eller missvisande uppgifter')
        THEN 'wrong'
    ELSE removed_content_kind
END
WHERE removed_content_kind IS NOT NULL;

"""
    + _NOTES_APPEND_ONLY_V1
)

# Identities and their corrections are append-only, like the notes.
#
# - A correction row is only ever inserted (for a known part, with a reason); it is
#   never updated, and deleted only once its identity is gone: the purge deletes the
#   identity first and then its corrections, nothing else can delete them.
# - An identity row changes only through a correction: each changed part (name, hetu,
#   birth date, death date) must be matched by the latest correction row of that part,
#   recording exactly this old and this new value. The correction is inserted first
#   (app/db/identities.py: apply_correction). Because the current value always equals
#   the latest correction's new value, a raw UPDATE cannot reuse an earlier correction.
#   The client id and the time of recording never change; the temporary-code flag only
#   with the hetu.
# - Deleting an identity is left to the purge and not guarded, as deleting notes is not
#   (RULES.md: removal markers and the purge are the only ways anything changes or goes).
# Every WHEN below uses IS / EXISTS, which are never NULL: a NULL would let a change pass.
IDENTITY_GUARDS = """
CREATE TRIGGER clinical.identity_corrections_checked BEFORE INSERT ON identity_corrections
WHEN NOT (
    NEW.field IN ('name_as_recorded', 'hetu', 'birth_date', 'death_date')
    AND coalesce(trim(NEW.reason), '') <> ''
    AND NEW.old_value IS NOT NEW.new_value
)
BEGIN
    SELECT RAISE(ABORT, 'an identity correction names its part, a change and a reason');
END;

CREATE TRIGGER clinical.identity_corrections_no_update BEFORE UPDATE ON identity_corrections
BEGIN
    SELECT RAISE(ABORT, 'identity corrections are append-only');
END;

CREATE TRIGGER clinical.identity_corrections_no_delete BEFORE DELETE ON identity_corrections
WHEN EXISTS (SELECT 1 FROM identities WHERE client_id = OLD.client_id)
BEGIN
    SELECT RAISE(ABORT, 'identity corrections are kept as long as the identity');
END;

CREATE TRIGGER clinical.identities_corrected_only BEFORE UPDATE ON identities
WHEN NOT (
    NEW.client_id IS OLD.client_id
    AND NEW.recorded_at IS OLD.recorded_at
    AND (NEW.hetu_temporary IS OLD.hetu_temporary OR NEW.hetu IS NOT OLD.hetu)
    AND (NEW.name_as_recorded IS OLD.name_as_recorded OR EXISTS (
        SELECT 1 FROM identity_corrections AS c
        WHERE c.id = (SELECT max(id) FROM identity_corrections
                      WHERE client_id = OLD.client_id AND field = 'name_as_recorded')
        AND c.old_value IS OLD.name_as_recorded AND c.new_value IS NEW.name_as_recorded
    ))
    AND (NEW.hetu IS OLD.hetu OR EXISTS (
        SELECT 1 FROM identity_corrections AS c
        WHERE c.id = (SELECT max(id) FROM identity_corrections
                      WHERE client_id = OLD.client_id AND field = 'hetu')
        AND c.old_value IS OLD.hetu AND c.new_value IS NEW.hetu
    ))
    AND (NEW.birth_date IS OLD.birth_date OR EXISTS (
        SELECT 1 FROM identity_corrections AS c
        WHERE c.id = (SELECT max(id) FROM identity_corrections
                      WHERE client_id = OLD.client_id AND field = 'birth_date')
        AND c.old_value IS OLD.birth_date AND c.new_value IS NEW.birth_date
    ))
    AND (NEW.death_date IS OLD.death_date OR EXISTS (
        SELECT 1 FROM identity_corrections AS c
        WHERE c.id = (SELECT max(id) FROM identity_corrections
                      WHERE client_id = OLD.client_id AND field = 'death_date')
        AND c.old_value IS OLD.death_date AND c.new_value IS NEW.death_date
    ))
)
BEGIN
    SELECT RAISE(ABORT, 'identities change only through a correction');
END;
"""

# The legal-note confirmation records who confirmed which version of the text.
# Confirmations made before v3 keep an empty name (it was not recorded then).
LEGAL_NOTE_CONFIRMATION = """
ALTER TABLE legal_note_confirmations ADD COLUMN confirmed_by TEXT NOT NULL DEFAULT '';
"""

# What the retention clocks need (app.domain.retention) and the county's receipt.
# The date a disability service need ended and a family-law case's child's birth date
# start the clocks of those social care records; `other` notes may be kept by agreement
# (reference notice 000); a county-controlled relationship's records are removed once
# their delivery to the county is confirmed (date, how, to whom).
RETENTION_FACTS = """
ALTER TABLE relationships ADD COLUMN disability_need_ended_on TEXT;
ALTER TABLE relationships ADD COLUMN family_law_child_born_on TEXT;
ALTER TABLE relationships ADD COLUMN other_notes_kept_by_agreement INTEGER NOT NULL DEFAULT 0;
ALTER TABLE relationships ADD COLUMN delivered_on TEXT;
ALTER TABLE relationships ADD COLUMN delivered_how TEXT NOT NULL DEFAULT '';
ALTER TABLE relationships ADD COLUMN delivered_to TEXT NOT NULL DEFAULT '';
"""

REGISTER_V3 = "\n".join(
    [
        RECORDS_TIED_TO_RELATIONSHIPS,
        DISCLOSURE_CHAIN,
        CODES_NOT_WORDS,
        LEGAL_NOTE_CONFIRMATION,
        RETENTION_FACTS,
    ]
)

CLINICAL_V3 = "\n".join([CODES_NOT_WORDS_CLINICAL, NOTE_TIMES, IDENTITY_GUARDS])
