"""Schema version 1 of both stores.

register.db never holds a hetu or a note; clinical.db holds the identity kept with
the records and the notes. The stores share the opaque client id (random hex).
Money is in cents, dates are ISO text, times ISO local text.
"""

REGISTER_V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE practice (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL DEFAULT '',
    business_id TEXT NOT NULL DEFAULT '',
    street_address TEXT NOT NULL DEFAULT '',
    postal_code TEXT NOT NULL DEFAULT '',
    city TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    practitioner_name TEXT NOT NULL DEFAULT '',
    practitioner_title TEXT NOT NULL DEFAULT '',
    privacy_contact TEXT NOT NULL DEFAULT '',
    home_municipality TEXT NOT NULL DEFAULT '',
    fiscal_year_start_month INTEGER NOT NULL DEFAULT 1 CHECK (fiscal_year_start_month BETWEEN 1 AND 12),
    systems_used TEXT NOT NULL DEFAULT '',
    backup_overdue_days INTEGER NOT NULL DEFAULT 7 CHECK (backup_overdue_days > 0)
);

CREATE TABLE services (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    register_kind TEXT NOT NULL CHECK (register_kind IN ('patient', 'social_care', 'other')),
    service_task TEXT,
    active INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE clients (
    id TEXT PRIMARY KEY,
    client_number INTEGER NOT NULL UNIQUE,
    first_name TEXT NOT NULL DEFAULT '',
    last_name TEXT NOT NULL DEFAULT '',
    nickname TEXT NOT NULL DEFAULT '',
    street_address TEXT NOT NULL DEFAULT '',
    postal_code TEXT NOT NULL DEFAULT '',
    city TEXT NOT NULL DEFAULT '',
    municipality TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    contact_language TEXT NOT NULL DEFAULT 'fi' CHECK (contact_language IN ('fi', 'sv', 'en', 'other')),
    secure_address INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);

CREATE TABLE contact_persons (
    id INTEGER PRIMARY KEY,
    client_id TEXT NOT NULL REFERENCES clients(id),
    name TEXT NOT NULL,
    relation TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    consent_on TEXT
);
CREATE INDEX contact_persons_client ON contact_persons(client_id);

CREATE TABLE relationships (
    id INTEGER PRIMARY KEY,
    client_id TEXT NOT NULL REFERENCES clients(id),
    register_kind TEXT NOT NULL CHECK (register_kind IN ('patient', 'social_care', 'other')),
    service_task TEXT,
    service_id INTEGER REFERENCES services(id),
    controller TEXT NOT NULL DEFAULT 'practice' CHECK (controller IN ('practice', 'county')),
    county_name TEXT NOT NULL DEFAULT '',
    records_kept TEXT NOT NULL CHECK (records_kept IN ('vakka', 'paper', 'other_system')),
    records_location TEXT NOT NULL DEFAULT '',
    started_on TEXT NOT NULL,
    ended_on TEXT,
    end_reason TEXT NOT NULL DEFAULT '',
    privacy_notice_given_on TEXT,
    minor INTEGER NOT NULL DEFAULT 0,
    minor_can_decide INTEGER,
    minor_allows_guardian_disclosure INTEGER,
    minor_prohibition_reasons TEXT NOT NULL DEFAULT '',
    health_data_consent_on TEXT,
    CHECK (ended_on IS NULL OR ended_on >= started_on)
);
CREATE INDEX relationships_client ON relationships(client_id);

CREATE TABLE legal_note_confirmations (
    id INTEGER PRIMARY KEY,
    register_kind TEXT NOT NULL,
    text_version TEXT NOT NULL,
    confirmed_at TEXT NOT NULL
);

CREATE TABLE payment_commitments (
    id INTEGER PRIMARY KEY,
    client_id TEXT NOT NULL REFERENCES clients(id),
    relationship_id INTEGER REFERENCES relationships(id),
    issuer_kind TEXT NOT NULL CHECK (issuer_kind IN ('county', 'kela', 'insurer', 'other')),
    issuer_name TEXT NOT NULL DEFAULT '',
    decision_number TEXT NOT NULL DEFAULT '',
    valid_from TEXT NOT NULL,
    valid_until TEXT NOT NULL,
    visits_granted INTEGER,
    amount_granted_cents INTEGER,
    visits_used_before INTEGER NOT NULL DEFAULT 0,
    CHECK (valid_until >= valid_from)
);
CREATE INDEX payment_commitments_client ON payment_commitments(client_id);

CREATE TABLE appointments (
    id INTEGER PRIMARY KEY,
    client_id TEXT NOT NULL REFERENCES clients(id),
    relationship_id INTEGER NOT NULL REFERENCES relationships(id),
    starts_at TEXT NOT NULL,
    duration_min INTEGER NOT NULL CHECK (duration_min > 0),
    service TEXT NOT NULL DEFAULT '',
    place TEXT NOT NULL DEFAULT '',
    remote INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'booked'
        CHECK (status IN ('booked', 'done', 'cancelled', 'no_show')),
    fee_cents INTEGER,
    payment_commitment_id INTEGER REFERENCES payment_commitments(id),
    created_at TEXT NOT NULL
);
CREATE INDEX appointments_start ON appointments(starts_at);
CREATE INDEX appointments_client ON appointments(client_id);

CREATE TABLE invoices (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    client_id TEXT REFERENCES clients(id),
    relationship_id INTEGER REFERENCES relationships(id),
    issued_on TEXT NOT NULL,
    due_on TEXT NOT NULL,
    payer_kind TEXT NOT NULL CHECK (payer_kind IN ('client', 'kela', 'county', 'insurer', 'other')),
    payer_name TEXT NOT NULL,
    payer_address TEXT NOT NULL DEFAULT '',
    payer_business_id TEXT NOT NULL DEFAULT '',
    paid_on TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX invoices_client ON invoices(client_id);

CREATE TABLE invoice_lines (
    id INTEGER PRIMARY KEY,
    invoice_id INTEGER NOT NULL REFERENCES invoices(id) ON DELETE CASCADE,
    description TEXT NOT NULL,
    quantity INTEGER NOT NULL DEFAULT 1 CHECK (quantity > 0),
    unit_price_cents INTEGER NOT NULL,
    vat_rate_permille INTEGER NOT NULL DEFAULT 0 CHECK (vat_rate_permille >= 0)
);
CREATE INDEX invoice_lines_invoice ON invoice_lines(invoice_id);

CREATE TABLE consents (
    id INTEGER PRIMARY KEY,
    client_id TEXT NOT NULL REFERENCES clients(id),
    relationship_id INTEGER REFERENCES relationships(id),
    kind TEXT NOT NULL CHECK (kind IN ('consent', 'sharing_permission', 'prohibition')),
    scope TEXT NOT NULL,
    recipient TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    supersedes_id INTEGER REFERENCES consents(id),
    given_on TEXT NOT NULL,
    withdrawn_on TEXT,
    replaced_at TEXT,
    recorded_at TEXT NOT NULL
);
CREATE INDEX consents_client ON consents(client_id);

CREATE TABLE disclosures (
    id INTEGER PRIMARY KEY,
    client_id TEXT NOT NULL REFERENCES clients(id),
    relationship_id INTEGER REFERENCES relationships(id),
    disclosed_on TEXT NOT NULL,
    recipient TEXT NOT NULL,
    data_disclosed TEXT NOT NULL,
    purpose TEXT NOT NULL,
    legal_basis TEXT NOT NULL DEFAULT '',
    consent_id INTEGER REFERENCES consents(id),
    recorded_at TEXT NOT NULL,
    CHECK (legal_basis <> '' OR consent_id IS NOT NULL)
);
CREATE INDEX disclosures_client ON disclosures(client_id);

CREATE TABLE requests (
    id INTEGER PRIMARY KEY,
    client_id TEXT NOT NULL REFERENCES clients(id),
    kind TEXT NOT NULL CHECK (kind IN ('access', 'rectification', 'erasure', 'log_information')),
    received_on TEXT NOT NULL,
    due_on TEXT NOT NULL,
    extended_to TEXT,
    extension_reason TEXT NOT NULL DEFAULT '',
    details TEXT NOT NULL DEFAULT '',
    identity_method TEXT,
    identity_checked_by TEXT NOT NULL DEFAULT '',
    identity_checked_on TEXT,
    fee_rule TEXT NOT NULL DEFAULT 'free'
        CHECK (fee_rule IN ('free', 'further_copy_fee', 'manifestly_unfounded')),
    fee_reason TEXT NOT NULL DEFAULT '',
    hetu_in_answer INTEGER NOT NULL DEFAULT 1,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    outcome TEXT,
    closed_on TEXT
);
CREATE INDEX requests_client ON requests(client_id);

CREATE TABLE legal_holds (
    id INTEGER PRIMARY KEY,
    client_id TEXT NOT NULL REFERENCES clients(id),
    ground TEXT NOT NULL CHECK (ground IN ('authority_order', 'dispute', 'legal_claim')),
    description TEXT NOT NULL DEFAULT '',
    placed_on TEXT NOT NULL,
    released_on TEXT
);
CREATE INDEX legal_holds_client ON legal_holds(client_id);

CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('use', 'disclosure')),
    action TEXT NOT NULL,
    client_id TEXT,
    data_kind TEXT NOT NULL DEFAULT '',
    purpose TEXT NOT NULL DEFAULT '',
    user_name TEXT NOT NULL DEFAULT '',
    user_id TEXT NOT NULL DEFAULT '',
    ref TEXT NOT NULL DEFAULT '',
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_log_client ON audit_log(client_id);

CREATE TABLE audit_checkpoints (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    hash TEXT NOT NULL,
    mac TEXT NOT NULL
);

CREATE TABLE purge_log (
    id INTEGER PRIMARY KEY,
    purged_at TEXT NOT NULL,
    category TEXT NOT NULL,
    count INTEGER NOT NULL,
    rule TEXT NOT NULL,
    ids_digest TEXT NOT NULL
);

CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

CLINICAL_V1 = """
CREATE TABLE clinical.identities (
    client_id TEXT PRIMARY KEY,
    name_as_recorded TEXT NOT NULL,
    hetu TEXT,
    hetu_temporary INTEGER NOT NULL DEFAULT 0,
    birth_date TEXT,
    death_date TEXT,
    recorded_at TEXT NOT NULL
);

CREATE TABLE clinical.identity_corrections (
    id INTEGER PRIMARY KEY,
    client_id TEXT NOT NULL,
    field TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT,
    reason TEXT NOT NULL,
    corrected_by TEXT NOT NULL,
    corrector_title TEXT NOT NULL DEFAULT '',
    corrected_at TEXT NOT NULL
);

CREATE TABLE clinical.notes (
    id INTEGER PRIMARY KEY,
    client_id TEXT NOT NULL,
    relationship_id INTEGER NOT NULL,
    register_kind TEXT NOT NULL CHECK (register_kind IN ('patient', 'social_care', 'other')),
    kind TEXT NOT NULL CHECK (kind IN ('session_note', 'plan', 'summary', 'statement',
                                       'phone_contact', 'third_party_document', 'amendment')),
    body TEXT,
    written_at TEXT NOT NULL,
    author_name TEXT NOT NULL,
    author_title TEXT NOT NULL DEFAULT '',
    specially_protected INTEGER NOT NULL DEFAULT 0,
    amends_id INTEGER REFERENCES notes(id),
    amendment_reason TEXT,
    removed_at TEXT,
    removed_by TEXT,
    removed_by_title TEXT,
    removal_reason TEXT,
    removed_content_kind TEXT,
    CHECK (kind <> 'amendment' OR (amends_id IS NOT NULL AND amendment_reason <> ''))
);
CREATE INDEX clinical.notes_client ON notes(client_id);

-- Notes are append-only: the only change allowed is a removal marker that replaces
-- the content (body becomes NULL) and records who, when, why and what kind.
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
)
BEGIN
    SELECT RAISE(ABORT, 'notes are append-only');
END;
"""
