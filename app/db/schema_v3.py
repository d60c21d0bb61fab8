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
IDENTITY_GUARDS = ""

# The legal-note confirmation records who confirmed which version of the text.
LEGAL_NOTE_CONFIRMATION = ""

REGISTER_V3 = "\n".join(
    [RECORDS_TIED_TO_RELATIONSHIPS, DISCLOSURE_CHAIN, CODES_NOT_WORDS, LEGAL_NOTE_CONFIRMATION]
)

CLINICAL_V3 = "\n".join([CODES_NOT_WORDS_CLINICAL, NOTE_TIMES, IDENTITY_GUARDS])
