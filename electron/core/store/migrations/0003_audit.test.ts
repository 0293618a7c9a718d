// 0003 migrates from the version before it (whatever MIGRATIONS lists there) with rows in place: every row
// survives, the audit table starts empty and enforces append-only and chaining.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { getSchemaVersion, migrate } from '../migrate.js';
import { closeDatabase, openDatabase } from '../openDatabase.js';
import { AUDIT_GENESIS_HASH, migration0003Audit } from './0003_audit.js';
import { MIGRATIONS } from './index.js';

void test('0003 adds the audit table to a filled database of the previous version, keeping every row', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'raksa-0003-'));
  const key = randomBytes(32);
  const path = join(dir, 'p.db');
  t.after(() => rmSync(dir, { recursive: true, force: true }));

  const index = MIGRATIONS.indexOf(migration0003Audit);
  assert.ok(index > 0, '0003 is listed in MIGRATIONS');
  const previous = MIGRATIONS[index - 1]?.version ?? 0;

  let db = openDatabase(path, key);
  migrate(db, { target: previous });
  assert.equal(getSchemaVersion(db), previous);
  db.prepare("INSERT INTO settings VALUES ('ui.locale', 'th')").run();
  db.prepare(
    `INSERT INTO accounts (email, imap_host, imap_port, imap_security, smtp_host, smtp_port, smtp_security, user,
       password, created_at) VALUES ('alice@example.go.th', 'h', 993, 'tls', 'h', 465, 'tls', 'alice', 'pw', 1)`,
  ).run();
  db.prepare(
    "INSERT INTO folders (account_id, path, name, delimiter) VALUES (1, 'INBOX', 'Inbox', '/')",
  ).run();
  db.prepare("INSERT INTO messages (folder_id, uid, date, subject) VALUES (1, 1, 0, 'เรื่อง ทดสอบ')").run();
  closeDatabase(db);

  db = openDatabase(path, key);
  t.after(() => closeDatabase(db));
  assert.deepEqual(migrate(db, { target: migration0003Audit.version }), {
    from: previous,
    to: migration0003Audit.version,
  });
  assert.equal(db.prepare('SELECT value FROM settings').pluck().get(), 'th');
  assert.equal(db.prepare('SELECT email FROM accounts').pluck().get(), 'alice@example.go.th');
  assert.equal(db.prepare('SELECT subject FROM messages').pluck().get(), 'เรื่อง ทดสอบ');
  assert.equal(db.prepare('SELECT count(*) FROM audit_log').pluck().get(), 0);

  const insert = db.prepare(
    "INSERT INTO audit_log (seq, time_ms, kind, entry, prev_hash, hash) VALUES (?, 0, 'warn', '{}', ?, ?)",
  );
  insert.run(1, AUDIT_GENESIS_HASH, 'a'.repeat(64));
  insert.run(2, 'a'.repeat(64), 'b'.repeat(64));
  assert.throws(() => insert.run(3, 'a'.repeat(64), 'c'.repeat(64)), /extend the chain/);
  assert.throws(() => db.prepare("UPDATE audit_log SET kind = 'block'").run(), /append-only/);
  assert.throws(() => db.prepare('DELETE FROM audit_log WHERE seq = 2').run(), /append-only/);
  // Deleting an account leaves the audit log alone: it references addresses, not rows.
  db.prepare('DELETE FROM accounts').run();
  assert.equal(db.prepare('SELECT count(*) FROM audit_log').pluck().get(), 2);
});
