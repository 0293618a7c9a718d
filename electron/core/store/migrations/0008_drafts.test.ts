// 0008 migrates from the version before it (whatever MIGRATIONS lists there) with rows in place: every row
// survives, drafts can be stored, and removing an account removes its drafts and pending server deletes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { insertAccountAndInbox, migrateFilled } from './migrationTesting.js';

void test('0008 adds drafts to a filled database of the previous version, keeping every row', (t) => {
  const db = migrateFilled(t, '0008_drafts', (old) => {
    insertAccountAndInbox(old);
    old.prepare("INSERT INTO messages (folder_id, uid, message_id, date, subject) VALUES (1, 1, '<p@x>', 1, 'งบประมาณ')").run();
  });
  assert.equal(db.prepare('SELECT subject FROM messages').pluck().get(), 'งบประมาณ');
  db.prepare(
    `INSERT INTO drafts (account_id, compose_json, original_classification, subject, server_path, server_uid_validity,
       server_uid, created_at, updated_at) VALUES (1, '{}', 'secret', 'ร่าง', 'Drafts', 4294967295, 3, 1, 1)`,
  ).run();
  db.prepare("INSERT INTO draft_server_deletes (account_id, path, uid_validity, uid) VALUES (1, 'Drafts', 1, 2)").run();
  assert.throws(() => db.prepare("INSERT INTO drafts (account_id, compose_json, original_classification, created_at, updated_at) VALUES (1, '{}', 'ลับ', 1, 1)").run());
  db.prepare('DELETE FROM accounts').run();
  assert.equal(db.prepare('SELECT count(*) FROM drafts').pluck().get(), 0);
  assert.equal(db.prepare('SELECT count(*) FROM draft_server_deletes').pluck().get(), 0);
});
