// ThreadedSyncWriter against the real encrypted database: batches (headers and bodies) committed by the
// thread's own connection are seen by the core's, in order, one transaction each; a failed batch leaves nothing
// behind; a thread that cannot start hands its batches to the core's connection; a thread that dies fails what
// it had not answered; the core's connection copies the thread's commits into the database file behind it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { isCodedError } from '../../../shared/contract/result.js';
import type { SyncHeader } from '../sync/headerWriter.js';
import { migrate } from './migrate.js';
import { closeDatabase, openDatabase, type SqliteDatabase } from './openDatabase.js';
import { SqliteMailStore } from './sqliteMailStore.js';
import {
  SYNC_WRITER_AUTOCHECKPOINT_PAGES,
  ThreadedSyncWriter,
  syncWriterScript,
  type ThreadedSyncWriterOptions,
} from './threadedSyncWriter.js';

function setup(t: { after: (fn: () => void | Promise<void>) => void }, extra: Partial<ThreadedSyncWriterOptions> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'raksa-threadwriter-'));
  const file = join(dir, 'raksa.db');
  const key = randomBytes(32);
  const db = openDatabase(file, key);
  migrate(db);
  const store = new SqliteMailStore(db);
  const account = store.addAccount({
    email: 'a@example.go.th', displayName: '', user: 'a', password: 'x',
    imap: { host: '127.0.0.1', port: 993, security: 'tls' }, smtp: { host: '127.0.0.1', port: 465, security: 'tls' },
  });
  store.replaceFolders(account.id, [{ path: 'INBOX', name: 'INBOX', delimiter: '/', specialUse: 'inbox', subscribed: true }]);
  const folderId = store.findFolderByPath(account.id, 'INBOX')?.id ?? 0;
  let started = 0;
  const script = syncWriterScript();
  const writer = new ThreadedSyncWriter({
    db, file, key,
    createWorker: (data) => {
      started++;
      return new Worker(script.path, { workerData: { ...script.workerData, ...data } });
    },
    ...extra,
  });
  t.after(async () => {
    await writer.close();
    closeDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  });
  const subjects = (): Map<number, string> =>
    new Map(db.prepare<[], { uid: number; subject: string }>('SELECT uid, subject FROM messages').all().map((r) => [r.uid, r.subject]));
  return { db, file, store, writer, folderId, accountId: account.id, subjects, started: () => started };
}

const header = (uid: number, subject: string, extra: Partial<SyncHeader> = {}): SyncHeader => ({
  uid, messageId: `<m${uid}@go.th>`, date: 1_700_000_000_000 + uid, from: { name: 'ก', address: 'a@go.th' }, to: [], cc: [],
  subject, flags: ['\\Seen'], size: 1, hasAttachments: false, inReplyTo: null, references: [], ...extra,
});

void test('batches are committed by the thread, in the order given, and seen by the core connection', async (t) => {
  const { db, writer, folderId, accountId, subjects, started, store } = setup(t);
  // Not awaited in between: the thread must still apply them in this order (the second renames uid 2).
  const first = writer.commit(folderId, { headers: [header(1, 'หนึ่ง'), header(2, 'สอง')] });
  const second = writer.commit(folderId, { headers: [header(2, 'สอง (แก้)'), header(3, 'Re: หนึ่ง', { inReplyTo: '<m1@go.th>' })] });
  const checkpoint = writer.commit(folderId, { checkpoint: { uidNext: 4 } });
  await Promise.all([first, second, checkpoint]);
  assert.equal(writer.threaded, true);
  assert.equal(started(), 1);
  assert.deepEqual(subjects(), new Map([[1, 'หนึ่ง'], [2, 'สอง (แก้)'], [3, 'Re: หนึ่ง']]));
  assert.equal(store.findFolderByPath(accountId, 'INBOX')?.state.uidNext, 4);
  // Threads were chosen on the thread's connection: the reply joined its parent.
  const thread = db.prepare<[number], number>('SELECT thread_id FROM messages WHERE uid = ?').pluck();
  assert.equal(thread.get(3), thread.get(1));
  assert.notEqual(thread.get(2), thread.get(1));
  // Flag state is read on the core's connection and reflects the thread's writes.
  assert.deepEqual(writer.flagState(folderId).get(1), JSON.stringify(['\\Seen']));
});

void test('a failing batch rejects, writes none of its rows, and later batches still commit', async (t) => {
  const { writer, folderId, subjects } = setup(t);
  // uid 0 violates the CHECK on messages.uid: the whole batch is rolled back, uid 5 included.
  const bad = writer.commit(folderId, { headers: [header(5, 'ห้า'), header(0, 'ศูนย์')] });
  const good = writer.commit(folderId, { headers: [header(6, 'หก')] });
  await assert.rejects(bad, (e: unknown) => e instanceof Error && /CHECK/iu.test(e.message));
  await good;
  assert.deepEqual(subjects(), new Map([[6, 'หก']]));
  assert.equal(writer.threaded, true);
});

void test('a thread that cannot open the database: the batches are written on the core connection, in order', async (t) => {
  const { writer, folderId, subjects } = setup(t, { key: randomBytes(32) }); // not the database's key
  await Promise.all([
    writer.commit(folderId, { headers: [header(1, 'a')] }),
    writer.commit(folderId, { headers: [header(1, 'b'), header(2, 'c')] }),
  ]);
  assert.equal(writer.threaded, false);
  assert.deepEqual(subjects(), new Map([[1, 'b'], [2, 'c']]));
});

void test('a thread that cannot be created at all: the core connection writes', async (t) => {
  const { writer, folderId, subjects } = setup(t, {
    createWorker: () => {
      throw new Error('no threads here');
    },
  });
  await writer.commit(folderId, { headers: [header(9, 'เก้า')] });
  assert.equal(writer.threaded, false);
  assert.deepEqual(subjects(), new Map([[9, 'เก้า']]));
});

void test('a thread that dies with a batch in flight fails that batch; the next batch starts a new thread', async (t) => {
  let made = 0;
  const script = syncWriterScript();
  const { writer, folderId, subjects } = setup(t, {
    createWorker: (data) => {
      made++;
      // The first thread comes up, then dies on the first batch it receives without committing it.
      if (made === 1) {
        return new Worker(
          `const { parentPort } = require('node:worker_threads');
           parentPort.on('message', () => process.exit(3));
           parentPort.postMessage({ t: 'ready' });`,
          { eval: true },
        );
      }
      return new Worker(script.path, { workerData: { ...script.workerData, ...data } });
    },
  });
  await assert.rejects(writer.commit(folderId, { headers: [header(1, 'lost')] }), (e: unknown) => isCodedError(e) && e.code === 'STORE_UNAVAILABLE');
  await writer.commit(folderId, { headers: [header(2, 'kept')] });
  assert.equal(made, 2);
  assert.equal(writer.threaded, true);
  assert.deepEqual(subjects(), new Map([[2, 'kept']]));
});

void test('after close, commits are refused', async (t) => {
  const { writer, folderId } = setup(t);
  await writer.commit(folderId, { headers: [header(1, 'x')] });
  await writer.close();
  await assert.rejects(writer.commit(folderId, { headers: [header(2, 'y')] }), (e: unknown) => isCodedError(e) && e.code === 'STORE_UNAVAILABLE');
});

void test('an idle thread ends; the next commit starts a new one and sees everything committed before', async (t) => {
  const { writer, folderId, subjects, started } = setup(t, { idleMs: 30 });
  await writer.commit(folderId, { headers: [header(1, 'ก่อน')] });
  await new Promise((r) => setTimeout(r, 300));
  await writer.commit(folderId, { headers: [header(2, 'หลัง'), header(1, 'ก่อน (แก้)')] });
  assert.equal(started(), 2);
  assert.equal(writer.threaded, true);
  assert.deepEqual(subjects(), new Map([[1, 'ก่อน (แก้)'], [2, 'หลัง']]));
});

void test('a checkpoint ends the thread sooner than other commits do', async (t) => {
  const { writer, folderId, started } = setup(t, { idleMs: 10_000, idleAfterCheckpointMs: 20 });
  await writer.commit(folderId, { headers: [header(1, 'a')] });
  await new Promise((r) => setTimeout(r, 200));
  await writer.commit(folderId, { headers: [header(2, 'b')] });
  assert.equal(started(), 1, 'a header batch keeps the thread for idleMs');
  await writer.commit(folderId, { checkpoint: { uidNext: 3 } });
  await new Promise((r) => setTimeout(r, 200));
  await writer.commit(folderId, { headers: [header(3, 'c')] });
  assert.equal(started(), 2, 'after a checkpoint the thread ended');
});

void test('commits made back to back keep one thread', async (t) => {
  const { writer, folderId, started } = setup(t, { idleMs: 30 });
  for (let i = 1; i <= 5; i++) await writer.commit(folderId, { headers: [header(i, `${i}`)] });
  assert.equal(started(), 1);
});

// Body cache batches (bodyWriter.ts) go to the same thread, in the same order as header batches.

/** A source of about `kb` KB, its own ArrayBuffer (as a downloaded message is), Thai text in its body. */
const source = (uid: number, kb = 2): Uint8Array =>
  new Uint8Array(
    Buffer.from(
      `Subject: ${uid}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nงบประมาณ ${uid} ${'ข้อความ '.repeat(kb * 40)}\r\n`,
    ),
  );
const doc = (uid: number) => ({
  subject: `เรื่อง ${uid}`, sender: 'a@go.th', recipients: '', body: `งบประมาณ ฉบับที่ ${uid}`, attachments: '',
  classification: 'none' as const,
});
const idsOf = (db: SqliteDatabase): Map<number, number> =>
  new Map(db.prepare<[], { uid: number; id: number }>('SELECT uid, id FROM messages').all().map((r) => [r.uid, r.id]));

void test('body batches: sources and documents committed by the thread, after the header batches sent before them', async (t) => {
  const { db, writer, folderId, store } = setup(t);
  await writer.commit(folderId, { headers: [header(1, 'หนึ่ง'), header(2, 'สอง')] });
  const ids = idsOf(db);
  const [id1 = 0, id2 = 0] = [ids.get(1), ids.get(2)];
  const sources = new Map([[id1, source(1)], [id2, source(2)]]);
  const copies = new Map([...sources].map(([id, s]) => [id, Buffer.from(s)]));
  // Not awaited in between: the header batch renaming uid 2 is committed after the bodies, as sent.
  const bodies = writer.writeBodies([...sources].map(([id, s], i) => ({ id, source: s, doc: i === 0 ? doc(1) : null })));
  const rename = writer.commit(folderId, { headers: [header(2, 'สอง (แก้)')] });
  await Promise.all([bodies, rename]);
  assert.equal(writer.threaded, true);
  for (const [id, copy] of copies) assert.deepEqual(Buffer.from(store.getRawSource(id) ?? []), copy, `source of ${id}`);
  // A message without a document (it left the store meanwhile, say) has its source cached and no document.
  const docs = db.prepare<[], { message_id: number; body: string; has_body: number }>('SELECT message_id, body, has_body FROM search_docs').all();
  assert.deepEqual(docs, [{ message_id: id1, body: 'งบประมาณ ฉบับที่ 1', has_body: 1 }]);
  assert.deepEqual(db.prepare('SELECT rowid FROM search_tri WHERE search_tri MATCH ?').pluck().all('"ฉบับที่"'), [id1]);
  assert.equal(db.prepare<[number], string>('SELECT subject FROM messages WHERE id = ?').pluck().get(id2), 'สอง (แก้)');
});

void test('a body batch naming a message that is gone rejects and writes nothing of the batch', async (t) => {
  const { db, writer, folderId, store } = setup(t);
  await writer.commit(folderId, { headers: [header(1, 'a')] });
  const id = idsOf(db).get(1) ?? 0;
  await assert.rejects(
    writer.writeBodies([{ id, source: source(1), doc: doc(1) }, { id: id + 1000, source: source(2), doc: null }]),
    (e: unknown) => isCodedError(e) && e.code === 'NOT_FOUND',
  );
  assert.equal(store.getRawSource(id), null);
  assert.equal(db.prepare('SELECT count(*) FROM search_docs').pluck().get(), 0);
  // The thread goes on with the next batch.
  await writer.writeBodies([{ id, source: source(1), doc: doc(1) }]);
  assert.ok(store.getRawSource(id));
});

void test('a thread that cannot open the database: body batches are written whole on the core connection', async (t) => {
  const { db, writer, folderId, store } = setup(t, { key: randomBytes(32) }); // not the database's key
  await writer.commit(folderId, { headers: [header(1, 'a')] });
  const id = idsOf(db).get(1) ?? 0;
  const s = source(1, 20);
  const copy = Buffer.from(s);
  await writer.writeBodies([{ id, source: s, doc: doc(1) }]);
  assert.equal(writer.threaded, false);
  assert.deepEqual(Buffer.from(store.getRawSource(id) ?? []), copy);
  assert.equal(db.prepare('SELECT has_body FROM search_docs WHERE message_id = ?').pluck().get(id), 1);
});

void test('what the thread commits of bodies reaches the database file behind it, not only at its own checkpoints', async (t) => {
  const { db, writer, folderId, file } = setup(t);
  const start = statSync(file).size;
  await writer.commit(folderId, { headers: Array.from({ length: 40 }, (_, i) => header(i + 1, `${i + 1}`)) });
  await new Promise((r) => setImmediate(r));
  await new Promise((r) => setImmediate(r));
  // Header batches are left to the thread's own checkpoints: the core thread is busy parsing in that phase.
  const before = statSync(file).size;
  assert.equal(before, start, 'a header batch is not copied behind the thread');
  const ids = idsOf(db);
  const bodies = [...ids].map(([uid, id]) => ({ id, source: source(uid, 32), doc: doc(uid) }));
  const bytes = bodies.reduce((n, b) => n + b.source.byteLength, 0);
  await writer.writeBodies(bodies);
  // The thread checkpoints only at SYNC_WRITER_AUTOCHECKPOINT_PAGES (far more than this batch): what reached
  // the file was copied by the core's connection once the commit was answered.
  assert.ok(bytes < SYNC_WRITER_AUTOCHECKPOINT_PAGES * 4096, 'the batch stays below the thread\'s own checkpoint');
  await new Promise((r) => setImmediate(r));
  await new Promise((r) => setImmediate(r));
  const grown = statSync(file).size - before;
  assert.ok(grown >= bytes, `the database file grew by ${grown} bytes for ${bytes} bytes of sources`);
});
