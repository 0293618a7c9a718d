// How a document's terms reach the index (docs/search.md, "Writing the index"): with no sink they commit with the
// document; with a sink the document is stored and listed as pending, and TermWriter writes its terms later
// from what is stored then, whatever happened meanwhile (replaced, deleted, a crash before the pass).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { migrate } from '../store/migrate.js';
import type { SqliteDatabase } from '../store/openDatabase.js';
import { SqliteMailStore } from '../store/sqliteMailStore.js';
import { tempDatabase } from '../store/migrations/migrationTesting.js';
import { MessageSearch } from './messageSearch.js';
import { SearchIndex, type TermSink } from './searchIndex.js';
import type { SearchDoc } from './searchDoc.js';
import { TermWriter } from './termWriter.js';

const doc = (subject: string, body: string): SearchDoc => ({
  subject, sender: 'สมชาย somchai@moe.go.th', recipients: '', body, attachments: '', classification: 'none',
});

function setup(t: { after: (fn: () => void) => void }) {
  const profile = tempDatabase(t);
  const db = profile.open();
  migrate(db);
  const store = new SqliteMailStore(db);
  const account = store.addAccount({
    email: 'a@example.go.th', displayName: '', user: 'a', password: 'x',
    imap: { host: '127.0.0.1', port: 993, security: 'tls' }, smtp: { host: '127.0.0.1', port: 465, security: 'tls' },
  });
  store.replaceFolders(account.id, [{ path: 'INBOX', name: 'INBOX', delimiter: '/', specialUse: 'inbox', subscribed: true }]);
  const folderId = store.findFolderByPath(account.id, 'INBOX')?.id ?? 0;
  store.upsertHeaders(
    folderId,
    [1, 2, 3].map((uid) => ({
      uid, messageId: null, date: 1_700_000_000_000 + uid, from: null, to: [], cc: [], subject: `m${uid}`, flags: [], size: 1,
      hasAttachments: false, inReplyTo: null,
    })),
  );
  const ids = store.listMessages(folderId, 0, 10).items.map((m) => m.id).sort((a, b) => a - b);
  return { profile, db, store, ids };
}

const found = (db: SqliteDatabase, q: string): number[] =>
  new MessageSearch(db).search({ query: q, limit: 50, offset: 0 }).items.map((i) => i.id).sort((a, b) => a - b);
const pending = (db: SqliteDatabase): number[] =>
  db.prepare<[], number>('SELECT message_id FROM search_pending ORDER BY message_id').pluck().all();

/** A sink that only counts: the terms stay pending until the test writes them. */
const countingSink = (): TermSink & { calls: number } => {
  const sink = {
    calls: 0,
    writeTerms: () => {
      sink.calls++;
      return Promise.resolve();
    },
  };
  return sink;
};

void test('without a sink, the terms commit with their documents', (t) => {
  const { db, ids } = setup(t);
  const index = new SearchIndex(db);
  const [a, b] = ids;
  index.cacheTransaction(() => {
    index.putDoc(a!, doc('ประชุมงบประมาณ', 'budget review ของนักเรียน'), true);
    index.putDoc(b!, doc('Weekly report', 'quarterly'), true);
  });
  assert.deepEqual(found(db, 'เรียน'), [a]);
  assert.deepEqual(found(db, 'quarter'), [b]);
  assert.deepEqual(pending(db), []);
});

void test('putDoc outside SearchIndex.transaction is refused: nothing would write its terms', (t) => {
  const { db, ids } = setup(t);
  assert.throws(() => new SearchIndex(db).putDoc(ids[0]!, doc('x', 'y'), true), /inside SearchIndex\.transaction/u);
});

void test('with a sink, documents wait as pending after the commit, and the sink is asked once per transaction', (t) => {
  const { db, ids } = setup(t);
  const sink = countingSink();
  const index = new SearchIndex(db, sink);
  index.cacheTransaction(() => {
    index.putDoc(ids[0]!, doc('ประชุมงบประมาณ', 'budget'), true);
    index.putDoc(ids[1]!, doc('อื่น', 'quarterly'), true);
  });
  assert.equal(sink.calls, 1);
  assert.deepEqual(pending(db), [ids[0], ids[1]]);
  assert.equal(index.pendingCount(), 2);
  assert.deepEqual(found(db, 'budget'), [], 'not searchable before its terms are written');
  assert.equal(new TermWriter(db).writeAll(), 2);
  assert.deepEqual(found(db, 'budget'), [ids[0]]);
  assert.deepEqual(found(db, 'งบประมาณ'), [ids[0]]);
  assert.deepEqual(pending(db), []);
  // A transaction that stores no document does not bother the sink.
  index.transaction(() => undefined);
  assert.equal(sink.calls, 1);
});

void test('a rolled-back transaction leaves no pending row and asks the sink nothing', (t) => {
  const { db, ids } = setup(t);
  const sink = countingSink();
  const index = new SearchIndex(db, sink);
  assert.throws(() =>
    index.cacheTransaction(() => {
      index.putDoc(ids[0]!, doc('x', 'budget'), true);
      throw new Error('write failed');
    }),
  );
  assert.equal(sink.calls, 0);
  assert.deepEqual(pending(db), []);
  index.cacheTransaction(() => index.putDoc(ids[1]!, doc('y', 'quarterly'), true));
  assert.equal(sink.calls, 1, 'the next transaction is not confused by the failed one');
});

void test('the terms written are those of the document as stored when the pass runs', (t) => {
  const { db, ids } = setup(t);
  const [a, b, c] = ids;
  const index = new SearchIndex(db, countingSink());
  const writer = new TermWriter(db);
  // Indexed once with its header document...
  index.cacheTransaction(() => index.putDoc(a!, doc('หัวเรื่องเดิม', ''), false));
  writer.writeAll();
  assert.deepEqual(found(db, 'เรื่องเดิม'), [a]);
  // ...then replaced twice before any pass: only the last text is found, the first one no longer.
  index.cacheTransaction(() => index.putDoc(a!, doc('ใหม่', 'cybersecurity'), true));
  index.cacheTransaction(() => index.putDoc(a!, doc('ล่าสุด', 'interoperability'), true));
  // b and c are deleted (their messages expunged): b after its terms are written, c while still pending.
  index.cacheTransaction(() => {
    index.putDoc(b!, doc('ลบแล้ว', 'procurement'), true);
    index.putDoc(c!, doc('ลบแล้วเช่นกัน', 'procurement'), true);
  });
  assert.equal(db.transaction(() => writer.writeSome(2))(), 2); // a and b, lowest ids first: c stays pending
  assert.deepEqual(found(db, 'procurement'), [b]);
  db.prepare('DELETE FROM messages WHERE id IN (?, ?)').run(b, c);
  assert.equal(writer.writeAll(), 0, 'deleted documents leave the pending list with them');
  assert.deepEqual(found(db, 'เรื่องเดิม'), []);
  assert.deepEqual(found(db, 'cybersecurity'), []);
  assert.deepEqual(found(db, 'interoperability'), [a]);
  assert.deepEqual(found(db, 'ล่าสุด'), [a]);
  assert.deepEqual(found(db, 'procurement'), []);
  assert.equal(db.prepare('SELECT count(*) FROM search_tails').pluck().get(), 1);
  assert.deepEqual(db.prepare('SELECT rowid FROM search_words_docsize').pluck().all(), [a]);
});

void test('terms left unwritten by a crash are written after reopening, from the stored documents', (t) => {
  const { profile, db, ids } = setup(t);
  const index = new SearchIndex(db, countingSink());
  index.cacheTransaction(() => index.putDoc(ids[0]!, doc('ครุภัณฑ์', 'budget'), true));
  db.close(); // as after a kill: the documents are committed, their terms never were
  const again = profile.open();
  const reopened = new SearchIndex(again, countingSink());
  assert.equal(reopened.pendingCount(), 1);
  assert.equal(new TermWriter(again).writeAll(), 1);
  assert.deepEqual(found(again, 'ครุภัณฑ์'), [ids[0]]);
});

void test('settled() writes the terms here when the sink fails', async (t) => {
  const { db, ids } = setup(t);
  const failing: TermSink = { writeTerms: () => Promise.reject(new Error('thread gone')) };
  const index = new SearchIndex(db, failing);
  index.cacheTransaction(() => index.putDoc(ids[0]!, doc('เยียวยา', 'budget'), true));
  assert.deepEqual(found(db, 'เยียวยา'), []);
  await index.settled();
  assert.deepEqual(found(db, 'เยียวยา'), [ids[0]]);
  assert.deepEqual(pending(db), []);
});
