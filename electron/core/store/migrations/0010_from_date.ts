// Version 10: `from:ADDRESS` reads its messages newest first straight from an index. The index of 0002 held
// the address alone, so a sender with 9,000 messages cost 9,000 row lookups and a sort for a 50-row page
// (~20–40 ms at 100,000 messages); with the date after the address the page is the first 50 index entries
// and the count reads the index alone (messageSearch.ts). Same partial condition as before: most of the
// lookups are for real senders, and a message without a From address is never found by from:.
import type { Migration } from './migration.js';

export const migration0010FromDate: Migration = {
  version: 10,
  name: '0010_from_date',
  up(db) {
    db.exec(`
      DROP INDEX messages_from_addr;
      CREATE INDEX messages_from_date ON messages (from_addr COLLATE NOCASE, date DESC, uid DESC)
        WHERE from_addr IS NOT NULL;
    `);
  },
};
