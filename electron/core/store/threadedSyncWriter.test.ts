// ThreadedSyncWriter against the real encrypted database: batches committed by the thread's own connection are
// seen by the core's, in order, one transaction each; a failed batch leaves nothing behind; a thread that
// cannot start hands its batches to the core's connection; a thread that dies fails what it had not answered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { isCodedError } from '../../../shared/contract/result.js';
import type { SyncHeader } from '../sync/headerWriter.js';
import { migrate } from './migrate.js';
import { closeDatabase, openDatabase } from './openDatabase.js';
import { SqliteMailStore } from './sqliteMailStore.js';
import { ThreadedSyncWriter, syncWriterScript, type ThreadedSyncWriterOptions } from './threadedSyncWriter.js';

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
  return { db, store, writer, folderId, accountId: account.id, subjects, started: () => started };
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
