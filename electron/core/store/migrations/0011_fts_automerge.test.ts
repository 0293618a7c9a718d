// 0011 migrates a filled database of the version before it: both indexes keep every document and now merge
// SEARCH_AUTOMERGE segments at a time, a setting every later connection reads from the index itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MessageSearch } from '../../search/messageSearch.js';
import { SearchIndex } from '../../search/searchIndex.js';
import type { SqliteDatabase } from '../openDatabase.js';
import { SEARCH_AUTOMERGE } from './0011_fts_automerge.js';
import { checkSearchIndexes, insertAccountAndInbox, migrateFilled } from './migrationTesting.js';

const found = (db: SqliteDatabase, q: string): number[] =>
  new MessageSearch(db).search({ query: q, limit: 50, offset: 0 }).items.map((i) => i.id).sort((a, b) => a - b);
const automerge = (db: SqliteDatabase, table: string): unknown =>
  db.prepare(`SELECT v FROM ${table}_config WHERE k = 'automerge'`).pluck().get();

void test('0011 sets both indexes to merge 8 segments at a time and keeps every document found', (t) => {
  const db = migrateFilled(t, '0011_fts_automerge', (old) => {
    insertAccountAndInbox(old);
    const index = new SearchIndex(old);
    for (let id = 1; id <= 30; id++) {
      old.prepare('INSERT INTO messages (id, folder_id, uid, date, subject) VALUES (?, 1, ?, ?, ?)').run(id, id, id, `m${id}`);
      // One transaction a document: one segment each, so the indexes have merged before the migration.
      index.transaction(() =>
        index.putDoc(id, { subject: `ประชุมงบประมาณ ${id}`, sender: '', recipients: '', body: id % 2 ? 'budget' : 'quarterly', attachments: '', classification: 'none' }, true),
      );
    }
    assert.equal(automerge(old, 'search_tri'), undefined, 'FTS5 default before');
  });
  assert.equal(automerge(db, 'search_tri'), SEARCH_AUTOMERGE);
  assert.equal(automerge(db, 'search_words'), SEARCH_AUTOMERGE);
  assert.equal(found(db, 'งบประมาณ').length, 30);
  assert.equal(found(db, 'budget').length, 15);
  // Writes after it still land and are found.
  const index = new SearchIndex(db);
  for (let id = 31; id <= 50; id++) {
    db.prepare('INSERT INTO messages (id, folder_id, uid, date, subject) VALUES (?, 1, ?, ?, ?)').run(id, id, id, `m${id}`);
    index.transaction(() =>
      index.putDoc(id, { subject: 'ครุภัณฑ์', sender: '', recipients: '', body: 'cybersecurity', attachments: '', classification: 'none' }, true),
    );
  }
  assert.equal(found(db, 'ครุภัณฑ์').length, 20);
  assert.equal(found(db, 'cybersecurity').length, 20);
  checkSearchIndexes(db);
});
