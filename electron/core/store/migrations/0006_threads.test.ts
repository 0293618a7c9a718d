// 0006 migrates from the version before it (whatever the migration list has there) with rows in place: every
// row survives, each stored message becomes a conversation, a reply stored with its parent joins it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { getSchemaVersion, migrate } from '../migrate.js';
import { closeDatabase, openDatabase } from '../openDatabase.js';
import { MIGRATIONS } from './index.js';

void test('0006 adds threads to a filled database of the previous version, keeping every row', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'raksa-0006-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const key = randomBytes(32);
  const path = join(dir, 'p.db');
  const migrations = MIGRATIONS;
  const mine = migrations.find((m) => m.name === '0006_threads');
  assert.ok(mine);
  const previous = mine.version - 1;

  let db = openDatabase(path, key);
  migrate(db, { target: previous, migrations });
  assert.equal(getSchemaVersion(db), previous);
  db.prepare(
    `INSERT INTO accounts (email, imap_host, imap_port, imap_security, smtp_host, smtp_port, smtp_security, user,
       password, created_at) VALUES ('a@example.go.th', 'h', 993, 'tls', 'h', 465, 'tls', 'a', 'pw', 1)`,
  ).run();
  db.prepare("INSERT INTO folders (account_id, path, name, delimiter, uid_validity) VALUES (1, 'INBOX', 'INBOX', '/', 7)").run();
  const add = db.prepare('INSERT INTO messages (folder_id, uid, message_id, in_reply_to, date, subject) VALUES (1, ?, ?, ?, ?, ?)');
  add.run(1, '<p@x>', null, 1, 'งบประมาณ');
  add.run(2, '<r@x>', '<p@x>', 2, 'Re: งบประมาณ');
  add.run(3, null, null, 3, 'อื่น');
  closeDatabase(db);

  db = openDatabase(path, key);
  t.after(() => closeDatabase(db));
  assert.deepEqual(migrate(db, { target: mine.version, migrations }), { from: previous, to: mine.version });
  const rows = db.prepare('SELECT uid, subject, thread_id, refs FROM messages ORDER BY uid').all() as { uid: number; subject: string; thread_id: number; refs: null }[];
  assert.deepEqual(rows.map((r) => r.subject), ['งบประมาณ', 'Re: งบประมาณ', 'อื่น']);
  assert.equal(rows[0]?.thread_id, rows[1]?.thread_id, 'the reply joins its parent');
  assert.notEqual(rows[2]?.thread_id, rows[0]?.thread_id);
  assert.equal(db.prepare('SELECT count(*) FROM thread_msgids').pluck().get(), 2);
  // Thread ids follow the account: removing it removes its Message-ID map.
  db.prepare('DELETE FROM accounts').run();
  assert.equal(db.prepare('SELECT count(*) FROM thread_msgids').pluck().get(), 0);
});
