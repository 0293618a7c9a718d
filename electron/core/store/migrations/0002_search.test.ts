// 0002 starts from a version-1 database with messages, a cached source and folders in it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getSchemaVersion, migrate } from '../migrate.js';
import { closeDatabase, type SqliteDatabase } from '../openDatabase.js';
import { migration0002Search } from './0002_search.js';
import { checkSearchIndexes, insertAccountAndInbox, openTempDatabase, tempDatabase } from './migrationTesting.js';

const fillVersion1 = (db: SqliteDatabase) => {
  insertAccountAndInbox(db);
  const insert = db.prepare(
    `INSERT INTO messages (folder_id, uid, date, subject, from_name, from_addr, to_json, cc_json, seen, cached)
     VALUES (1, ?, ?, ?, ?, ?, ?, '[]', 0, ?)`,
  );
  insert.run(1, 1_700_000_000_000, '[ลับมาก] แผนงานนักเรียนทุน', 'สมชาย ใจดี', 'somchai@moph.go.th',
    JSON.stringify([{ name: 'Alice', address: 'alice@example.go.th' }]), 1);
  insert.run(2, 1_700_000_100_000, 'Budget review', null, 'finance@cgd.go.th', '[]', 0);
  db.prepare('INSERT INTO message_sources VALUES (1, ?)').run(Buffer.from('Subject: x\r\n\r\nbody'));
};

void test('0002 migrates a version-1 database with rows: keeps them, classifies, indexes their headers', (t) => {
  const { open } = tempDatabase(t);
  const db = open();
  migrate(db, { target: 1 });
  fillVersion1(db);
  assert.deepEqual(migrate(db, { target: migration0002Search.version }), { from: 1, to: 2 });
  assert.equal(getSchemaVersion(db), 2);
  closeDatabase(db);

  const again = open();
  assert.deepEqual(again.prepare('SELECT uid FROM messages ORDER BY uid').pluck().all(), [1, 2]);
  assert.equal(
    Buffer.from(again.prepare('SELECT source FROM message_sources').pluck().get() as Buffer).toString(),
    'Subject: x\r\n\r\nbody',
  );
  assert.deepEqual(again.prepare('SELECT classification FROM messages ORDER BY uid').pluck().all(), [
    'secret',
    'none',
  ]);
  // Header-only documents, pending their body.
  assert.deepEqual(again.prepare('SELECT has_body FROM search_docs ORDER BY message_id').pluck().all(), [0, 0]);
  const tri = (q: string) =>
    again.prepare('SELECT rowid FROM search_tri WHERE search_tri MATCH ? ORDER BY rowid').pluck().all(q);
  const words = (q: string) =>
    again.prepare('SELECT rowid FROM search_words WHERE search_words MATCH ? ORDER BY rowid').pluck().all(q);
  assert.deepEqual(tri('"เรียน"'), [1], 'Thai substring inside นักเรียน');
  assert.deepEqual(tri('sender : "ใจดี"'), [1]);
  assert.deepEqual(words('recipients : "alice"'), [1]);
  assert.deepEqual(words('"budg"*'), [2]);
  assert.deepEqual(words('sender : "cgd"'), [2]);
});

void test('0002 keeps the index equal to the documents: deletes cascade from messages, updates re-index', (t) => {
  const db = openTempDatabase(t);
  migrate(db, { target: 1 });
  fillVersion1(db);
  migrate(db, { target: 2 });
  db.prepare("UPDATE search_docs SET body = 'ประชุมสาธารณสุขจังหวัด', has_body = 1 WHERE message_id = 2").run();
  const tri = (q: string) => db.prepare('SELECT rowid FROM search_tri WHERE search_tri MATCH ?').pluck().all(q);
  assert.deepEqual(tri('"สาธารณ"'), [2]);
  assert.throws(() => db.prepare("UPDATE messages SET classification = 'restricted'").run(), /CHECK/);
  db.prepare('DELETE FROM folders').run();
  assert.equal(db.prepare('SELECT count(*) FROM search_docs').pluck().get(), 0);
  assert.deepEqual(tri('"สาธารณ"'), []);
  assert.deepEqual(tri('"เรียน"'), []);
  // FTS5's own consistency check between the index and its content table.
  checkSearchIndexes(db);
});
