"""Schema version 3: the record-integrity rules of RULES.md held by the stores themselves.

Each part below is one change, kept apart so that each reads on its own; both scripts
run in the migration's one transaction, in the order given.
"""

# Consents, disclosures, invoices and payment commitments name their relationship.
RECORDS_TIED_TO_RELATIONSHIPS = ""

# Note times come from the register's clock; the session date is its own field.
NOTE_TIMES = ""

# The content of each disclosure is covered by the audit chain.
DISCLOSURE_CHAIN = ""

# Stores hold codes, never words of one language.
CODES_NOT_WORDS = ""

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

CLINICAL_V3 = "\n".join([NOTE_TIMES, IDENTITY_GUARDS])
