// 0006 migrates from the version before it (whatever the migration list has there) with rows in place: every
// row survives, each stored message becomes a conversation, a reply stored with its parent joins it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { insertAccountAndInbox, migrateFilled } from './migrationTesting.js';

void test('0006 adds threads to a filled database of the previous version, keeping every row', (t) => {
  const db = migrateFilled(t, '0006_threads', (old) => {
    insertAccountAndInbox(old);
    const add = old.prepare('INSERT INTO messages (folder_id, uid, message_id, in_reply_to, date, subject) VALUES (1, ?, ?, ?, ?, ?)');
    add.run(1, '<p@x>', null, 1, 'งบประมาณ');
    add.run(2, '<r@x>', '<p@x>', 2, 'Re: งบประมาณ');
    add.run(3, null, null, 3, 'อื่น');
  });
  const rows = db.prepare('SELECT uid, subject, thread_id, refs FROM messages ORDER BY uid').all() as { uid: number; subject: string; thread_id: number; refs: null }[];
  assert.deepEqual(rows.map((r) => r.subject), ['งบประมาณ', 'Re: งบประมาณ', 'อื่น']);
  assert.equal(rows[0]?.thread_id, rows[1]?.thread_id, 'the reply joins its parent');
  assert.notEqual(rows[2]?.thread_id, rows[0]?.thread_id);
  assert.equal(db.prepare('SELECT count(*) FROM thread_msgids').pluck().get(), 2);
  // Thread ids follow the account: removing it removes its Message-ID map.
  db.prepare('DELETE FROM accounts').run();
  assert.equal(db.prepare('SELECT count(*) FROM thread_msgids').pluck().get(), 0);
});
