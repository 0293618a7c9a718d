// 0012 migrates a filled database of the version before it: the Message-ID index goes, and the reply check
// still finds the original, threaded or not, without that index.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OriginalClassificationLookup } from '../../send/originalClassification.js';
import { insertAccountAndInbox, migrateFilled } from './migrationTesting.js';

void test('0012 drops the index of messages by Message-ID and the original of a reply is still found', (t) => {
  const db = migrateFilled(t, '0012_drop_message_id_index', (old) => {
    insertAccountAndInbox(old);
    const insert = old.prepare('INSERT INTO messages (id, folder_id, uid, message_id, date, subject, thread_id) VALUES (?, 1, ?, ?, 1, ?, ?)');
    // Threaded as the sync writer threads (its own Message-ID in thread_msgids), and one stored without a thread.
    insert.run(1, 1, '<threaded@moph.go.th>', '[ลับ] ประชุม', 1);
    old.prepare("INSERT INTO thread_msgids (account_id, msgid, thread_id) VALUES (1, '<threaded@moph.go.th>', 1)").run();
    insert.run(2, 2, '<alone@moph.go.th>', '[ลับมาก] งบประมาณ', null);
  });
  const indexes = db.prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'messages'").pluck().all();
  assert.ok(!indexes.includes('messages_message_id'));
  assert.ok(indexes.includes('messages_thread'), 'the thread index the lookup reads stays');
  const lookup = new OriginalClassificationLookup(db);
  assert.equal(lookup.find('<threaded@moph.go.th>', []), 'confidential');
  assert.equal(lookup.find(undefined, ['<x@y>', '<alone@moph.go.th>']), 'secret');
  assert.equal(lookup.find('<unknown@moph.go.th>', []), null);
});
