// 0008 migrates from the version before it (whatever MIGRATIONS lists there) with rows in place: every row
// survives, drafts can be stored, and removing an account removes its drafts and pending server deletes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { getSchemaVersion, migrate } from '../migrate.js';
import { closeDatabase, openDatabase } from '../openDatabase.js';
import { MIGRATIONS } from './index.js';

void test('0008 adds drafts to a filled database of the previous version, keeping every row', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'raksa-0008-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const key = randomBytes(32);
  const path = join(dir, 'p.db');
  const migrations = MIGRATIONS;
  const mine = migrations.find((m) => m.name === '0008_drafts');
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
  db.prepare("INSERT INTO messages (folder_id, uid, message_id, date, subject) VALUES (1, 1, '<p@x>', 1, 'งบประมาณ')").run();
  closeDatabase(db);

  db = openDatabase(path, key);
  t.after(() => closeDatabase(db));
  assert.deepEqual(migrate(db, { target: mine.version, migrations }), { from: previous, to: mine.version });
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
