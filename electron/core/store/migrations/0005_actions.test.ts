// 0005 migrates from the version before it (whatever MIGRATIONS lists there) with rows in place: every row
// survives, the queue starts empty, and its rows follow their account, folder and message on delete.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { getSchemaVersion, migrate } from '../migrate.js';
import { closeDatabase, openDatabase } from '../openDatabase.js';
import { MIGRATIONS } from './index.js';

void test('0005 adds the action queue to a filled database of the previous version, keeping every row', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'raksa-0005-'));
  const key = randomBytes(32);
  const path = join(dir, 'p.db');
  t.after(() => rmSync(dir, { recursive: true, force: true }));

  const migrations = MIGRATIONS;
  const mine = migrations.find((m) => m.name === '0005_actions');
  assert.ok(mine, '0005 is in the list');
  const previous = mine.version - 1;

  let db = openDatabase(path, key);
  migrate(db, { target: previous, migrations });
  assert.equal(getSchemaVersion(db), previous);
  db.prepare("INSERT INTO settings VALUES ('ui.locale', 'th')").run();
  db.prepare(
    `INSERT INTO accounts (email, imap_host, imap_port, imap_security, smtp_host, smtp_port, smtp_security, user,
       password, created_at) VALUES ('alice@example.go.th', 'h', 993, 'tls', 'h', 465, 'tls', 'alice', 'pw', 1)`,
  ).run();
  db.prepare(
    "INSERT INTO folders (account_id, path, name, delimiter, uid_validity) VALUES (1, 'INBOX', 'Inbox', '/', 7)",
  ).run();
  db.prepare("INSERT INTO folders (account_id, path, name, delimiter) VALUES (1, 'Trash', 'Trash', '/')").run();
  db.prepare("INSERT INTO messages (folder_id, uid, date, subject) VALUES (1, 1, 0, 'เรื่อง ทดสอบ')").run();
  db.prepare("INSERT INTO messages (folder_id, uid, date, subject) VALUES (1, 2, 0, 'second')").run();
  closeDatabase(db);

  db = openDatabase(path, key);
  t.after(() => closeDatabase(db));
  assert.deepEqual(migrate(db, { target: mine.version, migrations }), { from: previous, to: mine.version });
  assert.equal(db.prepare('SELECT value FROM settings').pluck().get(), 'th');
  assert.equal(db.prepare('SELECT email FROM accounts').pluck().get(), 'alice@example.go.th');
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
