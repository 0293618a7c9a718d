// Version 11: both FTS5 indexes merge 8 segments of a level at a time instead of FTS5's default 4. The body cache
// commits a batch of about 400 documents at a time, each commit a new segment, and every merge rewrites the
// postings of the segments it takes: with ~500 segments at 100,000 messages, about log4(500) ≈ 4.5 times at 4
// a merge, 3 times at 8. A full offline sync of 10,000 messages ran 6.1–7.0 s instead of 7.0–8.1 s, and
// queries at 100,000 were no slower (docs/benchmarks.md, session 4). The setting is stored in each index's own
// config table, so it holds for every connection, the sync writer thread's included.
import type { Migration } from './migration.js';

/** Segments of one level merged at once (FTS5 `automerge`; FTS5's default is 4). */
export const SEARCH_AUTOMERGE = 8;

export const migration0011FtsAutomerge: Migration = {
  version: 11,
  name: '0011_fts_automerge',
  up(db) {
    // A literal, not a bound parameter: FTS5 refuses a bound value here ("SQL logic error").
    for (const table of ['search_tri', 'search_words']) {
      db.exec(`INSERT INTO ${table} (${table}, rank) VALUES ('automerge', ${SEARCH_AUTOMERGE})`);
    }
  },
};
