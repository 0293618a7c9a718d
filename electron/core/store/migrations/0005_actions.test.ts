// 0005 migrates from the version before it (whatever MIGRATIONS lists there) with rows in place: every row
// survives, the queue starts empty, and its rows follow their account, folder and message on delete.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSampleRowsKept, insertSampleRows, migrateFilled } from './migrationTesting.js';

void test('0005 adds the action queue to a filled database of the previous version, keeping every row', (t) => {
  const db = migrateFilled(t, '0005_actions', (old) => {
    insertSampleRows(old);
    old.prepare("INSERT INTO folders (account_id, path, name, delimiter) VALUES (1, 'Trash', 'Trash', '/')").run();
    old.prepare("INSERT INTO messages (folder_id, uid, date, subject) VALUES (1, 2, 0, 'second')").run();
  });
  assertSampleRowsKept(db);
  assert.deepEqual(db.prepare('SELECT subject FROM messages ORDER BY uid').pluck().all(), ['เรื่อง ทดสอบ', 'second']);
  assert.equal(db.prepare('SELECT count(*) FROM action_queue').pluck().get(), 0);

  const enqueue = db.prepare(
    "INSERT INTO action_queue (account_id, kind, folder_path, uid_validity, payload, created_at) VALUES (1, ?, 'INBOX', 7, '{}', 0)",
  );
  const a1 = Number(enqueue.run('move').lastInsertRowid);
  assert.throws(() => enqueue.run('rename'), /CHECK/);
  db.prepare('INSERT INTO action_hidden (folder_id, uid, action_id) VALUES (1, 1, ?)').run(a1);
  db.prepare('INSERT INTO action_placeholders (message_id, action_id, source_uid, origin_folder_id, origin_uid) VALUES (2, ?, 2, 1, 2)').run(a1);

  // AUTOINCREMENT: a deleted id is never handed out again, so queue order is creation order.
  db.prepare('DELETE FROM action_queue WHERE id = ?').run(a1);
  assert.equal(db.prepare('SELECT count(*) FROM action_hidden').pluck().get(), 0, 'hidden UIDs go with their action');
  assert.equal(db.prepare('SELECT count(*) FROM action_placeholders').pluck().get(), 0);
  assert.equal(db.prepare('SELECT count(*) FROM messages').pluck().get(), 2, 'messages stay');
  const a2 = Number(enqueue.run('flags').lastInsertRowid);
  assert.ok(a2 > a1);

  // An account's removal takes its queue with it.
  db.prepare('DELETE FROM accounts').run();
  assert.equal(db.prepare('SELECT count(*) FROM action_queue').pluck().get(), 0);
});
