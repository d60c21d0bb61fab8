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
RECORDS_TIED_TO_RELATIONSHIPS = ""

# Note times come from the register's clock; the session date is its own field.
NOTE_TIMES = ""

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
LEGAL_NOTE_CONFIRMATION = ""

REGISTER_V3 = "\n".join(
    [RECORDS_TIED_TO_RELATIONSHIPS, DISCLOSURE_CHAIN, CODES_NOT_WORDS, LEGAL_NOTE_CONFIRMATION]
)

CLINICAL_V3 = "\n".join([CODES_NOT_WORDS_CLINICAL, NOTE_TIMES, IDENTITY_GUARDS])
