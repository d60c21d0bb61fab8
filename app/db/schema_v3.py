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
