// 0004 migrates from the version before it (whatever MIGRATIONS lists there) with rows in place: every row
// survives, the outbox starts empty, enforces its states and goes with its account.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { getSchemaVersion, migrate } from '../migrate.js';
import { closeDatabase, openDatabase } from '../openDatabase.js';
import { migration0004Outbox } from './0004_outbox.js';
import { MIGRATIONS } from './index.js';
import type { Migration } from './migration.js';

const before: readonly Migration[] = MIGRATIONS.slice(0, MIGRATIONS.indexOf(migration0004Outbox));

void test(`0004 adds the outbox to a filled database of version ${before.length}, keeping every row`, (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'raksa-0004-'));
  const key = randomBytes(32);
  const path = join(dir, 'p.db');
  t.after(() => rmSync(dir, { recursive: true, force: true }));

  let db = openDatabase(path, key);
  migrate(db, { target: before.length, migrations: before });
  assert.equal(getSchemaVersion(db), before.length);
  db.prepare("INSERT INTO settings VALUES ('ui.locale', 'th')").run();
  db.prepare(
    `INSERT INTO accounts (email, imap_host, imap_port, imap_security, smtp_host, smtp_port, smtp_security, user,
       password, created_at) VALUES ('alice@example.go.th', 'h', 993, 'tls', 'h', 465, 'tls', 'alice', 'pw', 1)`,
  ).run();
  db.prepare("INSERT INTO folders (account_id, path, name, delimiter) VALUES (1, 'INBOX', 'Inbox', '/')").run();
  db.prepare("INSERT INTO messages (folder_id, uid, date, subject) VALUES (1, 1, 0, 'เรื่อง ทดสอบ')").run();
  closeDatabase(db);

  db = openDatabase(path, key);
  t.after(() => closeDatabase(db));
  assert.deepEqual(migrate(db, { target: migration0004Outbox.version }), {
    from: before.length,
    to: migration0004Outbox.version,
  });
  assert.equal(db.prepare('SELECT value FROM settings').pluck().get(), 'th');
  assert.equal(db.prepare('SELECT email FROM accounts').pluck().get(), 'alice@example.go.th');
  assert.equal(db.prepare('SELECT subject FROM messages').pluck().get(), 'เรื่อง ทดสอบ');
  assert.equal(db.prepare('SELECT count(*) FROM outbox').pluck().get(), 0);

  const insert = db.prepare(
    `INSERT INTO outbox (account_id, message_id, state, subject, raw, envelope_json, compose_json, classification,
       confirmed_verdict, created_at, updated_at) VALUES (1, ?, ?, 'ทดสอบ', ?, '{}', '{}', 'none', 'allow', 1, 1)`,
  );
  insert.run('<a@example.go.th>', 'queued', Buffer.from('raw'));
  assert.throws(() => insert.run('<b@example.go.th>', 'lost', Buffer.from('raw')), /CHECK/);
  assert.throws(() => insert.run('<a@example.go.th>', 'queued', Buffer.from('raw')), /UNIQUE/);
  assert.deepEqual(db.prepare('SELECT raw FROM outbox').pluck().get(), Buffer.from('raw'));
  db.prepare('DELETE FROM accounts').run();
  assert.equal(db.prepare('SELECT count(*) FROM outbox').pluck().get(), 0);
});
