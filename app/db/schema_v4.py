"""Schema version 4: requests handled as structured decisions, and the sources of data.

- A request names who asked (the client, a guardian, a representative), the registers it
  concerns (empty: every register of the client), the day the client was told of an
  extension, the decision, the delivery (when, how, in which language) and the answer's
  packet id and digest (SHA-256 of its canonical JSON).
- ``request_withheld`` holds the parts of an answer withheld under Tietosuojalaki § 34
  or GDPR art. 15(4): which record, why, and whether the reasons may be given (§ 34(3)).
- A relationship records where the client's data came from (art. 15(1)(g)).
- Covering indexes for the due computation's grouped reads (issue 12): the notes and the
  appointments are counted by client, relationship and day without reading every row.
"""

REGISTER_V4 = """
ALTER TABLE requests ADD COLUMN requester TEXT NOT NULL DEFAULT 'client'
    CHECK (requester IN ('client', 'guardian', 'representative'));
ALTER TABLE requests ADD COLUMN requester_name TEXT NOT NULL DEFAULT '';
ALTER TABLE requests ADD COLUMN registers TEXT NOT NULL DEFAULT '';
ALTER TABLE requests ADD COLUMN extension_told_on TEXT;
ALTER TABLE requests ADD COLUMN decision TEXT
    CHECK (decision IS NULL OR decision IN ('granted', 'partly_refused', 'refused', 'forwarded'));
ALTER TABLE requests ADD COLUMN delivered_on TEXT;
ALTER TABLE requests ADD COLUMN delivered_how TEXT
    CHECK (delivered_how IS NULL OR delivered_how IN ('in_person', 'post', 'secure_email', 'other'));
ALTER TABLE requests ADD COLUMN delivered_language TEXT NOT NULL DEFAULT '';
ALTER TABLE requests ADD COLUMN ombudsman_delivery INTEGER NOT NULL DEFAULT 0;
ALTER TABLE requests ADD COLUMN packet_id TEXT NOT NULL DEFAULT '';
ALTER TABLE requests ADD COLUMN answer_digest TEXT NOT NULL DEFAULT '';

CREATE TABLE request_withheld (
    id INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES requests(id),
    part TEXT NOT NULL,
    reason TEXT NOT NULL
        CHECK (reason IN ('health_or_care', 'rights_of_others', 'third_party', 'minor_prohibition')),
    reasons_given INTEGER NOT NULL DEFAULT 1,
    explanation TEXT NOT NULL DEFAULT '',
    UNIQUE (request_id, part)
);
CREATE INDEX request_withheld_request ON request_withheld(request_id);

ALTER TABLE relationships ADD COLUMN source TEXT NOT NULL DEFAULT 'client'
    CHECK (source IN ('client', 'referrer', 'county', 'kela', 'guardian', 'other'));
ALTER TABLE relationships ADD COLUMN source_name TEXT NOT NULL DEFAULT '';

CREATE INDEX appointments_retention ON appointments(client_id, relationship_id, created_at);
"""

CLINICAL_V4 = """
CREATE INDEX clinical.notes_retention
    ON notes(client_id, relationship_id, statement_copy, written_at);
"""
