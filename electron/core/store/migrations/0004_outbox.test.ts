// 0004 migrates from the version before it (whatever MIGRATIONS lists there) with rows in place: every row
// survives, the outbox starts empty, enforces its states and goes with its account.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { migration0004Outbox } from './0004_outbox.js';
import { assertSampleRowsKept, insertSampleRows, migrateFilled, migrationNamed } from './migrationTesting.js';

const { previous } = migrationNamed(migration0004Outbox.name);

void test(`0004 adds the outbox to a filled database of version ${previous}, keeping every row`, (t) => {
  const db = migrateFilled(t, migration0004Outbox.name, insertSampleRows);
  assertSampleRowsKept(db);
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
