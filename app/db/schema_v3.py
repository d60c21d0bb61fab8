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
IDENTITY_GUARDS = ""

# The legal-note confirmation records who confirmed which version of the text.
LEGAL_NOTE_CONFIRMATION = ""

REGISTER_V3 = "\n".join(
    [RECORDS_TIED_TO_RELATIONSHIPS, DISCLOSURE_CHAIN, CODES_NOT_WORDS, LEGAL_NOTE_CONFIRMATION]
)

CLINICAL_V3 = "\n".join([NOTE_TIMES, IDENTITY_GUARDS])
