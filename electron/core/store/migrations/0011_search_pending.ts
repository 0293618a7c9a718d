// Version 11: documents whose FTS5 rows are still to be written (docs/search.md, "Writing the index").
// Caching a body stores its source and its document (search_docs) in one transaction; the terms of both
// FTS5 indexes and search_tails are written afterwards, from the stored document, by TermWriter: on the
// sync writer thread's connection while the core goes on fetching, or in the same transaction when there
// is no thread. A row here says "this document's terms are not written yet": it is added with the
// document and removed with the terms, in one transaction each, so a crash in between leaves the row, and
// the next pass writes the terms from the document (nothing is parsed again). It leaves with its document.
// Existing documents were indexed in their own transaction (0009), so none is pending.
import type { Migration } from './migration.js';

export const migration0011SearchPending: Migration = {
  version: 11,
  name: '0011_search_pending',
  up(db) {
    db.exec(`
      CREATE TABLE search_pending (
        message_id INTEGER PRIMARY KEY REFERENCES search_docs(message_id) ON DELETE CASCADE
      ) STRICT;
    `);
  },
};
