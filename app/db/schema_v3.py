"""Schema version 3: the record-integrity rules of RULES.md held by the stores themselves.

Each part below is one change, kept apart so that each reads on its own; both scripts
run in the migration's one transaction, in the order given.
"""

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

# Stores hold codes, never words of one language.
CODES_NOT_WORDS = ""

# Identities and their corrections are append-only, like the notes.
IDENTITY_GUARDS = ""

# The legal-note confirmation records who confirmed which version of the text.
LEGAL_NOTE_CONFIRMATION = ""

REGISTER_V3 = "\n".join(
    [RECORDS_TIED_TO_RELATIONSHIPS, DISCLOSURE_CHAIN, CODES_NOT_WORDS, LEGAL_NOTE_CONFIRMATION]
)

CLINICAL_V3 = "\n".join([NOTE_TIMES, IDENTITY_GUARDS])
