// 0009 migrates a filled database of the version before it: every document is re-indexed with each index
// holding only its script, the tails follow the trigram text, and later writes and deletes keep all of it in
// step (the indexes are contentless now, so nothing but SearchIndex.putDoc and the delete trigger fills them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getSchemaVersion, migrate } from '../migrate.js';
import type { SqliteDatabase } from '../openDatabase.js';
import { MessageSearch } from '../../search/messageSearch.js';
import { SearchIndex } from '../../search/searchIndex.js';
import { lastTwo, trigramText } from '../../search/indexText.js';
import { MIGRATIONS } from './index.js';
import { checkSearchIndexes, databaseBefore, insertAccountAndInbox, migrationNamed } from './migrationTesting.js';

const { mine, previous } = migrationNamed('0009_search_split');

const DOCS: readonly [number, string, string][] = [
  // [message id, subject, body]
  [1, 'ประชุมงบประมาณ Q1', 'Budget review ของนักเรียน ด่วนที่สุด'],
  [2, 'Weekly report', 'ประชุม\u200Bสำนักงาน quarterly'],
  [3, 'ประชุม 2567 สำนักงาน', 'ไม่มีอะไร'],
  [4, 'ประชุม\nสำนักงาน', 'interoperability ฎี'],
];

const setup = (t: { after: (fn: () => void) => void }): SqliteDatabase => {
  const db = databaseBefore(t, mine.name);
  insertAccountAndInbox(db);
  for (const [id, subject, body] of DOCS) {
    db.prepare("INSERT INTO messages (id, folder_id, uid, date, subject) VALUES (?, 1, ?, ?, ?)").run(id, id, id, subject);
    // The schema of 0008 indexes documents through its triggers.
    db.prepare(
      "INSERT INTO search_docs (message_id, has_body, subject, sender, recipients, body, attachments) VALUES (?, 1, ?, 'สมชาย somchai@moe.go.th', '', ?, 'สรุปงบ.pdf')",
    ).run(id, subject, body);
  }
  return db;
};

const uids = (db: SqliteDatabase, query: string): number[] =>
  new MessageSearch(db).search({ query, limit: 50, offset: 0 }).items.map((i) => i.id).sort();
const match = (db: SqliteDatabase, table: string, q: string): number[] =>
  db.prepare<[string], number>(`SELECT rowid FROM ${table} WHERE ${table} MATCH ? ORDER BY rowid`).pluck().all(q);

void test('0009 re-indexes every document of the previous version, each index with its own script', (t) => {
  const db = setup(t);
  assert.deepEqual(uids(db, 'budget'), [1], 'found before the migration');
  assert.deepEqual(migrate(db, { migrations: MIGRATIONS, target: mine.version }), { from: previous, to: mine.version });
  assert.equal(getSchemaVersion(db), mine.version);

  assert.deepEqual(uids(db, 'เรียน'), [1], 'a Thai word inside a compound');
  assert.deepEqual(uids(db, 'budget'), [1]);
  assert.deepEqual(uids(db, 'quarter'), [2], 'English prefix');
  assert.deepEqual(uids(db, 'สรุปงบ'), [1, 2, 3, 4], 'attachment names');
  assert.deepEqual(uids(db, 'somchai'), [1, 2, 3, 4], 'addresses');
  assert.deepEqual(uids(db, 'ฎี'), [4], 'a two-character Thai query at the end of a column');
  // Each index holds only its script.
  assert.deepEqual(match(db, 'search_words', '"งบประมาณ"'), []);
  assert.deepEqual(match(db, 'search_tri', '"udg"'), []);
  assert.deepEqual(match(db, 'search_tri', '"ประมาณ"'), [1]);
  // Invisible breaks are not text; whitespace is one space; other characters break a phrase.
  assert.deepEqual(uids(db, 'ประชุมสำนักงาน'), [2]);
  assert.deepEqual(uids(db, '"ประชุม สำนักงาน"'), [4]);
  // The tails are those of the trigram text.
  const tails = db.prepare<[], { message_id: number; subject: string; body: string }>(
    'SELECT message_id, subject, body FROM search_tails ORDER BY message_id',
  ).all();
  assert.deepEqual(
    tails,
    DOCS.map(([id, subject, body]) => ({ message_id: id, subject: lastTwo(trigramText(subject)), body: lastTwo(trigramText(body)) })),
  );
  checkSearchIndexes(db);
});

void test('after 0009, replacing and deleting documents keeps both indexes and the tails in step', (t) => {
  const db = setup(t);
  migrate(db, { migrations: MIGRATIONS });
  const index = new SearchIndex(db);
  index.putDoc(1, { subject: 'ใหม่ดี', sender: '', recipients: '', body: 'cybersecurity เนื้อความจบด้วยฎี', attachments: 'ก', classification: 'secret' }, true);
  assert.deepEqual(uids(db, 'budget'), [], 'the replaced words are gone');
  assert.deepEqual(uids(db, 'เรียน'), [], 'the replaced Thai text is gone');
  assert.deepEqual(uids(db, 'cybersecurity'), [1]);
  assert.deepEqual(uids(db, 'ความจบ'), [1]);
  assert.deepEqual(db.prepare('SELECT subject, body, attachments FROM search_tails WHERE message_id = 1').get(), { subject: 'ดี', body: 'ฎี', attachments: 'ก' });
  assert.equal(db.prepare('SELECT classification FROM messages WHERE id = 1').pluck().get(), 'secret');

  db.prepare('DELETE FROM messages WHERE id IN (1, 2)').run();
  assert.deepEqual(uids(db, 'somchai'), [3, 4]);
  assert.deepEqual(match(db, 'search_words', 'cybersecurity OR quarterly'), [], 'deleted from the word index');
  assert.deepEqual(match(db, 'search_tri', '"ความจบ" OR "สำนักงาน"'), [3, 4], 'deleted from the trigram index');
  assert.equal(db.prepare('SELECT count(*) FROM search_tails WHERE message_id IN (1, 2)').pluck().get(), 0);
  checkSearchIndexes(db);
});

void test('SearchIndex.clear empties documents, both indexes and the tails; putDoc fills them again', (t) => {
  const db = setup(t);
  migrate(db, { migrations: MIGRATIONS });
  const index = new SearchIndex(db);
  assert.deepEqual(uids(db, 'somchai'), [1, 2, 3, 4]);
  index.clear();
  for (const table of ['search_docs', 'search_tails']) assert.equal(db.prepare(`SELECT count(*) FROM ${table}`).pluck().get(), 0, table);
  assert.deepEqual(match(db, 'search_tri', '"สรุปงบ"'), []);
  assert.deepEqual(match(db, 'search_words', 'somchai'), []);
  assert.equal(db.prepare('SELECT count(*) FROM messages').pluck().get(), DOCS.length, 'the messages stay');
  index.putDoc(3, { subject: 'ประชุมใหม่', sender: 'somchai', recipients: '', body: '', attachments: '', classification: 'none' }, true);
  assert.deepEqual(uids(db, 'somchai'), [3]);
  assert.deepEqual(uids(db, 'ชุมให'), [3]);
  checkSearchIndexes(db);
});
