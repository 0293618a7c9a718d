// Version 12: the index of messages by their Message-ID header goes. Threading has looked Message-IDs up in
// thread_msgids since 0006, which holds every synced message's own ID, so the index only served the reply
// check's lookup of the original (originalClassification.ts, now through thread_msgids). Its keys are long
// random strings: a first sync of 100,000 headers inserted each one at a random leaf and rewrote those pages
// at every commit, ~16% of the sync writer's CPU (4.4–4.9 s with it, 3.7–3.9 s without, same data, three
// pairs; docs/benchmarks.md, session 7).
import type { Migration } from './migration.js';

export const migration0012DropMessageIdIndex: Migration = {
  version: 12,
  name: '0012_drop_message_id_index',
  up(db) {
    db.exec('DROP INDEX messages_message_id');
  },
};
