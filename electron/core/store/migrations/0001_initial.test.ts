// 0001 starts from version 0. An empty profile is the only version-0 database that exists, so "with data in
// it" here means: migrate, fill every table, migrate again (a no-op that must keep every row), and reopen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getSchemaVersion, migrate } from '../migrate.js';
import { closeDatabase, type SqliteDatabase } from '../openDatabase.js';
import { migration0001Initial } from './0001_initial.js';
import { openTempDatabase, tempDatabase } from './migrationTesting.js';

const fill = (db: SqliteDatabase) => {
  db.prepare("INSERT INTO settings VALUES ('locale', 'th')").run();
  db.prepare(
    `INSERT INTO accounts (email, display_name, imap_host, imap_port, imap_security, smtp_host, smtp_port, smtp_security,
       user, password, created_at) VALUES ('somchai@moph.go.th', 'สมชาย', 'imap.moph.go.th', 993, 'tls',
       'smtp.moph.go.th', 465, 'tls', 'somchai', 'secret', 1)`,
  ).run();
  db.prepare(
    `INSERT INTO folders (account_id, path, name, delimiter, special_use, uid_validity, highest_modseq)
     VALUES (1, 'INBOX', 'Inbox', '/', 'inbox', 4294967295, 9223372036854775807)`,
  ).run();
  db.prepare(
    `INSERT INTO messages (folder_id, uid, date, subject, seen) VALUES (1, 7, 1700000000000, 'เรื่อง ทดสอบ', 0)`,
  ).run();
  db.prepare('INSERT INTO message_sources VALUES (1, ?)').run(Buffer.from('Subject: x\r\n\r\nbody'));
};

void test('0001 creates the schema from version 0 and keeps rows across a re-run and a reopen', (t) => {
  const { open } = tempDatabase(t);
  const db = open();
  assert.equal(getSchemaVersion(db), 0);
  migrate(db, { target: migration0001Initial.version });
  assert.equal(getSchemaVersion(db), 1);
  fill(db);
  assert.deepEqual(migrate(db, { target: 1 }), { from: 1, to: 1 });
  closeDatabase(db);

  const again = open();
  assert.equal(again.prepare('SELECT value FROM settings WHERE key = ?').pluck().get('locale'), 'th');
  assert.equal(again.prepare('SELECT display_name FROM accounts').pluck().get(), 'สมชาย');
  const folder = again
    .prepare('SELECT uid_validity, highest_modseq FROM folders')
    .safeIntegers(true)
    .get() as { uid_validity: bigint; highest_modseq: bigint };
  assert.equal(folder.uid_validity, 4294967295n);
  assert.equal(folder.highest_modseq, 9223372036854775807n);
  assert.equal(again.prepare('SELECT subject FROM messages').pluck().get(), 'เรื่อง ทดสอบ');
  assert.equal(
    Buffer.from(again.prepare('SELECT source FROM message_sources').pluck().get() as Buffer).toString(),
    'Subject: x\r\n\r\nbody',
  );
});

void test('0001 constraints: unique keys, checks, and cascades from account down to sources', (t) => {
  const db = openTempDatabase(t);
  migrate(db, { target: 1 });
  fill(db);
  assert.throws(
    () =>
      db
        .prepare("INSERT INTO folders (account_id, path, name, delimiter) VALUES (1, 'INBOX', 'x', '/')")
        .run(),
    /UNIQUE/,
  );
  assert.throws(
    () => db.prepare('INSERT INTO messages (folder_id, uid, date) VALUES (1, 7, 0)').run(),
    /UNIQUE/,
  );
  assert.throws(
    () => db.prepare('INSERT INTO messages (folder_id, uid, date) VALUES (99, 1, 0)').run(),
    /FOREIGN KEY/,
  );
  assert.throws(() => db.prepare("UPDATE accounts SET imap_security = 'none'").run(), /CHECK/);
  assert.throws(() => db.prepare('UPDATE folders SET uid_validity = 4294967296').run(), /CHECK/);
  // The address is unique regardless of case: one profile cannot hold the same mailbox twice.
  assert.throws(
    () =>
      db
        .prepare(
          `INSERT INTO accounts (email, imap_host, imap_port, imap_security, smtp_host, smtp_port, smtp_security,
             user, password, created_at) VALUES ('SOMCHAI@MOPH.GO.TH', 'h', 1, 'tls', 'h', 1, 'tls', 'u', 'p', 1)`,
        )
        .run(),
    /UNIQUE/,
  );

  db.prepare('DELETE FROM accounts').run();
  for (const table of ['folders', 'messages', 'message_sources']) {
    assert.equal(db.prepare(`SELECT count(*) FROM ${table}`).pluck().get(), 0, table);
  }
});

void test('0001 gives the list query its index', (t) => {
  const db = openTempDatabase(t);
  migrate(db, { target: 1 });
  const plan = db
    .prepare(
      'EXPLAIN QUERY PLAN SELECT id FROM messages WHERE folder_id = 1 ORDER BY date DESC, uid DESC LIMIT 50',
    )
    .all() as { detail: string }[];
  const details = plan.map((p) => p.detail).join(' | ');
  assert.match(details, /messages_folder_date/);
  assert.doesNotMatch(details, /TEMP B-TREE/);
});
