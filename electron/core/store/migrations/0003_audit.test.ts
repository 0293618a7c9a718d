// 0003 migrates from the version before it (whatever MIGRATIONS lists there) with rows in place: every row
// survives, the audit table starts empty and enforces append-only and chaining.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AUDIT_GENESIS_HASH, migration0003Audit } from './0003_audit.js';
import { assertSampleRowsKept, insertSampleRows, migrateFilled } from './migrationTesting.js';

void test('0003 adds the audit table to a filled database of the previous version, keeping every row', (t) => {
  const db = migrateFilled(t, migration0003Audit.name, insertSampleRows);
  assertSampleRowsKept(db);
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
