// 0011 migrates a filled database of the version before it: documents indexed before stay found and none is
// pending; afterwards a document stored with a TermSink waits in search_pending until its terms are written,
// and leaves it when its message goes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MessageSearch } from '../../search/messageSearch.js';
import { SearchIndex } from '../../search/searchIndex.js';
import { TermWriter } from '../../search/termWriter.js';
import type { SqliteDatabase } from '../openDatabase.js';
import { checkSearchIndexes, insertAccountAndInbox, migrateFilled } from './migrationTesting.js';

const found = (db: SqliteDatabase, q: string): number[] =>
  new MessageSearch(db).search({ query: q, limit: 50, offset: 0 }).items.map((i) => i.id).sort((a, b) => a - b);

void test('0011 keeps every indexed document found, lists none as pending, and then tracks new ones', (t) => {
  const db = migrateFilled(t, '0011_search_pending', (old) => {
    insertAccountAndInbox(old);
    for (const id of [1, 2, 3]) {
      old.prepare('INSERT INTO messages (id, folder_id, uid, date, subject) VALUES (?, 1, ?, ?, ?)').run(id, id, id, `m${id}`);
    }
    // The version before writes a document and its terms in one transaction, through SearchIndex's statements.
    const cols = ['subject', 'sender', 'recipients', 'body', 'attachments'].join(', ');
    old.prepare(`INSERT INTO search_docs (message_id, has_body, ${cols}) VALUES (1, 1, 'ประชุมงบประมาณ', '', '', 'budget', '')`).run();
    old.prepare(`INSERT INTO search_tri (rowid, ${cols}) VALUES (1, 'ประชุมงบประมาณ', '', '', '', '')`).run();
    old.prepare(`INSERT INTO search_words (rowid, ${cols}) VALUES (1, '', '', '', 'budget', '')`).run();
    old.prepare(`INSERT INTO search_tails (message_id, ${cols}) VALUES (1, 'ณ', '', '', '', '')`).run();
  });
  assert.deepEqual(found(db, 'งบประมาณ'), [1]);
  assert.deepEqual(found(db, 'budget'), [1]);
  assert.equal(db.prepare('SELECT count(*) FROM search_pending').pluck().get(), 0);

  const index = new SearchIndex(db, { writeTerms: () => Promise.resolve() });
  index.cacheTransaction(() => {
    index.putDoc(2, { subject: 'ครุภัณฑ์', sender: '', recipients: '', body: 'quarterly', attachments: '', classification: 'none' }, true);
    index.putDoc(3, { subject: 'เยียวยา', sender: '', recipients: '', body: 'procurement', attachments: '', classification: 'none' }, true);
  });
  assert.deepEqual(db.prepare('SELECT message_id FROM search_pending ORDER BY 1').pluck().all(), [2, 3]);
  db.prepare('DELETE FROM messages WHERE id = 3').run();
  assert.deepEqual(db.prepare('SELECT message_id FROM search_pending').pluck().all(), [2], 'gone with its message');
  assert.equal(new TermWriter(db).writeAll(), 1);
  assert.deepEqual(found(db, 'ครุภัณฑ์'), [2]);
  assert.deepEqual(found(db, 'quarterly'), [2]);
  assert.deepEqual(found(db, 'procurement'), []);
  checkSearchIndexes(db);
});
