// Version 9: each FTS5 index holds only the script it serves (electron/core/search/indexText.ts; docs/search.md,
// "Two indexes, split by script"). Until 0008 both indexes read every column of search_docs through
// triggers; the trigram index then held Latin text no query used it for, and the word index held every Thai
// run as one long token. Indexing was most of the cost of caching a message.
// The indexes become contentless (content=''): what they hold is no longer a copy of search_docs, so they
// cannot read it as external content. contentless_delete=1 lets a row go by its rowid alone, so a message
// removed by sync still leaves its index rows through one SQL trigger; inserts are written by
// SearchIndex.putDoc, which shapes the text. search_tails now holds the last two characters of the text the
// trigram index was given (what a short query's vocabulary lookup cannot see), also written by putDoc.
// Snippets and the LIKE fallback keep reading search_docs, which is unchanged.
import type { SqliteDatabase } from '../openDatabase.js';
import { lastTwo, SEARCH_COLUMNS, trigramText, wordText, type SearchDocRow } from '../../search/indexText.js';
import type { Migration } from './migration.js';

const COLUMNS = SEARCH_COLUMNS.join(', ');
const PLACEHOLDERS = SEARCH_COLUMNS.map(() => '?').join(', ');

/** Re-indexes every existing document into the new tables, one page at a time. */
const reindex = (db: SqliteDatabase): void => {
  const page = db.prepare<[number], SearchDocRow>(
    `SELECT message_id, ${COLUMNS} FROM search_docs WHERE message_id > ? ORDER BY message_id LIMIT 1000`,
  );
  const tri = db.prepare(`INSERT INTO search_tri (rowid, ${COLUMNS}) VALUES (?, ${PLACEHOLDERS})`);
  const words = db.prepare(`INSERT INTO search_words (rowid, ${COLUMNS}) VALUES (?, ${PLACEHOLDERS})`);
  const tails = db.prepare(`INSERT INTO search_tails (message_id, ${COLUMNS}) VALUES (?, ${PLACEHOLDERS})`);
  for (let last = 0; ; ) {
    const rows = page.all(last);
    if (rows.length === 0) return;
    for (const r of rows) {
      const t = SEARCH_COLUMNS.map((c) => trigramText(r[c]));
      tri.run(r.message_id, ...t);
      words.run(r.message_id, ...SEARCH_COLUMNS.map((c) => wordText(r[c])));
      tails.run(r.message_id, ...t.map(lastTwo));
      last = r.message_id;
    }
  }
};

export const migration0009SearchSplit: Migration = {
  version: 9,
  name: '0009_search_split',
  up(db) {
    db.exec(`
      DROP TRIGGER search_tri_ai;
      DROP TRIGGER search_tri_ad;
      DROP TRIGGER search_tri_au;
      DROP TRIGGER search_words_ai;
      DROP TRIGGER search_words_ad;
      DROP TRIGGER search_words_au;
      DROP TRIGGER search_tails_ai;
      DROP TRIGGER search_tails_au;
      DROP TABLE search_tri;
      DROP TABLE search_words;
      DELETE FROM search_tails;

      CREATE VIRTUAL TABLE search_tri USING fts5(
        ${COLUMNS}, content = '', contentless_delete = 1, tokenize = 'trigram'
      );
      CREATE VIRTUAL TABLE search_words USING fts5(
        ${COLUMNS}, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
      );
      -- A document removed (its message expunged, its folder or account gone) leaves both indexes with it;
      -- its tails row goes by the foreign key's cascade.
      CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN
        DELETE FROM search_tri WHERE rowid = old.message_id;
        DELETE FROM search_words WHERE rowid = old.message_id;
      END;
    `);
    reindex(db);
  },
};
