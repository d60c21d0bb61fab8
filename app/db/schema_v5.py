"""Schema version 5: the practitioner's day (issue 11).

- The practice has its bank account (IBAN, BIC), whether it charges VAT (a practice below
  the VAT threshold charges none) and its payment term.
- A service has its VAT rate (0 for health care by a registered professional, AVL § 34)
  and its usual price.
- A cancelled visit keeps who cancelled it, why and when; visits booked as a recurring
  series share a series id.
- An invoice line may name the visit it charges (the link is cleared when the visit's
  own period ends and the purge removes it: the line stays for the bookkeeping); an
  invoice is a draft until it is sent
  (``sent_on``), after which only its payment is recorded and a credit note
  (``credit_of``) corrects it. Invoices issued before version 5 count as sent.
- Note drafts move from the register store's settings into the clinical store, beside
  the notes they will become.
"""

REGISTER_V5 = """
ALTER TABLE practice ADD COLUMN iban TEXT NOT NULL DEFAULT '';
ALTER TABLE practice ADD COLUMN bic TEXT NOT NULL DEFAULT '';
ALTER TABLE practice ADD COLUMN vat_registered INTEGER NOT NULL DEFAULT 1
    CHECK (vat_registered IN (0, 1));
ALTER TABLE practice ADD COLUMN payment_term_days INTEGER NOT NULL DEFAULT 14
    CHECK (payment_term_days BETWEEN 0 AND 365);

ALTER TABLE services ADD COLUMN vat_rate_permille INTEGER NOT NULL DEFAULT 0
    CHECK (vat_rate_permille BETWEEN 0 AND 1000);
ALTER TABLE services ADD COLUMN price_cents INTEGER
    CHECK (price_cents IS NULL OR price_cents >= 0);

ALTER TABLE appointments ADD COLUMN cancelled_by TEXT NOT NULL DEFAULT ''
    CHECK (cancelled_by IN ('', 'client', 'practitioner'));
ALTER TABLE appointments ADD COLUMN cancel_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE appointments ADD COLUMN cancelled_at TEXT;
ALTER TABLE appointments ADD COLUMN series_id TEXT NOT NULL DEFAULT '';
CREATE INDEX appointments_series ON appointments(series_id) WHERE series_id <> '';

ALTER TABLE invoices ADD COLUMN sent_on TEXT;
ALTER TABLE invoices ADD COLUMN credit_of INTEGER REFERENCES invoices(id);
UPDATE invoices SET sent_on = issued_on;
CREATE INDEX invoices_credit_of ON invoices(credit_of) WHERE credit_of IS NOT NULL;

ALTER TABLE invoice_lines ADD COLUMN appointment_id INTEGER
    REFERENCES appointments(id) ON DELETE SET NULL;
CREATE INDEX invoice_lines_appointment ON invoice_lines(appointment_id)
    WHERE appointment_id IS NOT NULL;

-- A sent invoice is final: its lines are not added to or changed, and of the invoice
-- itself only the payment may change. Deleting stays possible: the purge removes
-- invoices whose bookkeeping period has ended.
CREATE TRIGGER invoice_lines_sent_insert BEFORE INSERT ON invoice_lines
WHEN (SELECT sent_on FROM invoices WHERE id = NEW.invoice_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'invoice.already_sent');
END;

CREATE TRIGGER invoice_lines_sent_update BEFORE UPDATE ON invoice_lines
WHEN (SELECT sent_on FROM invoices WHERE id = OLD.invoice_id) IS NOT NULL
AND NOT (  -- the one change allowed: the purged visit's link cleared
    NEW.appointment_id IS NULL AND NEW.invoice_id IS OLD.invoice_id
    AND NEW.description IS OLD.description AND NEW.quantity IS OLD.quantity
    AND NEW.unit_price_cents IS OLD.unit_price_cents
    AND NEW.vat_rate_permille IS OLD.vat_rate_permille
)
BEGIN
    SELECT RAISE(ABORT, 'invoice.already_sent');
END;

CREATE TRIGGER invoices_sent_update BEFORE UPDATE ON invoices
WHEN OLD.sent_on IS NOT NULL AND (
    NEW.number IS NOT OLD.number OR NEW.client_id IS NOT OLD.client_id
    OR NEW.relationship_id IS NOT OLD.relationship_id OR NEW.issued_on IS NOT OLD.issued_on
    OR NEW.due_on IS NOT OLD.due_on OR NEW.payer_kind IS NOT OLD.payer_kind
    OR NEW.payer_name IS NOT OLD.payer_name OR NEW.payer_address IS NOT OLD.payer_address
    OR NEW.payer_business_id IS NOT OLD.payer_business_id
    OR NEW.sent_on IS NOT OLD.sent_on OR NEW.credit_of IS NOT OLD.credit_of
)
BEGIN
    SELECT RAISE(ABORT, 'invoice.already_sent');
END;
"""

CLINICAL_V5 = """
CREATE TABLE clinical.note_drafts (
    relationship_id INTEGER PRIMARY KEY,
    client_id TEXT NOT NULL,
    draft TEXT NOT NULL,
    saved_at TEXT NOT NULL
);
CREATE INDEX clinical.note_drafts_client ON note_drafts(client_id);

INSERT INTO clinical.note_drafts (relationship_id, client_id, draft, saved_at)
SELECT CAST(substr(key, 12) AS INTEGER), coalesce(json_extract(value, '$.client_id'), ''),
       value, strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')
FROM main.settings
WHERE substr(key, 1, 11) = 'note_draft:' AND json_valid(value);
DELETE FROM main.settings WHERE substr(key, 1, 11) = 'note_draft:';
"""
