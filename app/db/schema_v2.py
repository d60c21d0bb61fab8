"""Schema version 2: full-text search over the notes in the clinical store.

``clinical.notes_fts`` is an FTS5 index with external content (``content='notes'``): it
holds the index only, never a second copy of the note text, and lives in clinical.db
beside the notes, so it is encrypted, locked and backed up with them.

Tokenizer ``unicode61 remove_diacritics 0``: Unicode case folding (Ä = ä, Cyrillic too)
but ä, ö and å stay letters of their own, as they are in Finnish and Swedish: "vaara"
(danger) is not "väärä" (wrong), "sää" (weather) is not "saa" (may). With the default
(remove_diacritics 1) a search for "saa" would also find every "sää" and "vaara" every
"väärä". The price: a search typed without ä/ö/å finds only words written without them.

Triggers keep the index in step with the notes:
- a new note (or amendment) is indexed as it is inserted;
- the only update the notes allow is the removal marker (body becomes NULL): the old
  text is deleted from the index and the row re-indexed with its new (empty) body, so
  the index and its per-row sizes stay consistent with the content table;
- a purge deletes notes: their text is deleted from the index too.
An FTS5 delete leaves the words in the index's segments until they are merged, so
removing content and purging also run ``INSERT INTO notes_fts(notes_fts) VALUES
('optimize')`` (RULES.md: full-text indexes are optimized so the words go too).

The existing notes are indexed by 'rebuild' inside the migration's one transaction.
"""

REGISTER_V2 = ""

CLINICAL_V2 = """
CREATE VIRTUAL TABLE clinical.notes_fts USING fts5(
    body,
    content = 'notes',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 0'
);

INSERT INTO clinical.notes_fts(notes_fts) VALUES ('rebuild');

CREATE TRIGGER clinical.notes_fts_insert AFTER INSERT ON notes
BEGIN
    INSERT INTO notes_fts(rowid, body) VALUES (NEW.id, NEW.body);
END;

CREATE TRIGGER clinical.notes_fts_update AFTER UPDATE ON notes
BEGIN
    INSERT INTO notes_fts(notes_fts, rowid, body) VALUES ('delete', OLD.id, OLD.body);
    INSERT INTO notes_fts(rowid, body) VALUES (NEW.id, NEW.body);
END;

CREATE TRIGGER clinical.notes_fts_delete AFTER DELETE ON notes
BEGIN
    INSERT INTO notes_fts(notes_fts, rowid, body) VALUES ('delete', OLD.id, OLD.body);
END;
"""
