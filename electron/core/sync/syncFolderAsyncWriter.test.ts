// syncFolder with a writer whose commits settle later (threadedSyncWriter.ts): one commit in flight at a time,
// in order; the next batch is fetched while the previous one is being committed; progress counts committed
// batches only; a failed batch stops the sync before any later batch or the checkpoint is written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FetchMessageObject, MailboxObject } from 'imapflow';
import type { SyncProgress } from '../../../shared/domain/schemas.js';
import type { SqliteMailStore } from '../store/sqliteMailStore.js';
import type { HeaderBatch, HeaderWriter } from './headerWriter.js';
import { mailStoreWriter } from './headerWriter.js';
import { syncFolder, type SyncImapClient } from './syncFolder.js';
import { storeWithInbox } from './syncTesting.js';

function fakeImap(count: number, log: string[]) {
  const client: SyncImapClient & { mailbox: MailboxObject | false } = {
    mailbox: false,
    getMailboxLock: (path) => {
      client.mailbox = { path: String(path), delimiter: '/', flags: new Set(), uidValidity: 3n, uidNext: count + 1, exists: count };
      return Promise.resolve({ path: String(path), release: () => undefined });
    },
    fetch: (range) => fetch(typeof range === 'string' ? range : ''),
  };
  async function* fetch(range: string): AsyncGenerator<FetchMessageObject, void, undefined> {
    log.push(`fetch ${range}`);
    const [a, b] = range.split(':');
    const lo = Number(a);
    const hi = b === undefined ? lo : b === '*' ? count : Number(b);
    for (let uid = lo; uid <= hi; uid++) {
      await new Promise((r) => setImmediate(r)); // a network read between responses
      yield {
        seq: uid,
        uid,
        flags: new Set<string>(),
        size: 10,
        envelope: { subject: `s${uid}`, date: new Date(1_700_000_000_000 + uid * 1000), from: [{ name: '', address: 'a@go.th' }] },
        bodyStructure: { type: 'text/plain' },
      };
    }
  }
  return client;
}

/** Writes through the portable writer after a delay, logging when each commit starts and ends. */
function slowWriter(store: SqliteMailStore, log: string[], failOnCommit = 0): HeaderWriter {
  const inner = mailStoreWriter(store);
  let calls = 0;
  let inFlight = 0;
  return {
    updatesFlags: false,
    async commit(folderId: number, batch: HeaderBatch) {
      const n = ++calls;
      const what = batch.headers ? `headers ${batch.headers.length}` : 'checkpoint';
      inFlight++;
      log.push(`start ${what}${inFlight > 1 ? ' (overlapping!)' : ''}`);
      await new Promise((r) => setTimeout(r, 20));
      inFlight--;
      if (n === failOnCommit) {
        log.push(`failed ${what}`);
        throw new Error('disk full');
      }
      await inner.commit(folderId, batch);
      log.push(`end ${what}`);
    },
  };
}

const setup = (t: { after: (fn: () => void) => void }) => storeWithInbox(t, 'raksa-syncasync-');

void test('a deferred writer: one commit at a time, next batch fetched meanwhile, checkpoint last', async (t) => {
  const { store, accountId, folderId } = setup(t);
  const log: string[] = [];
  const client = fakeImap(25, log);
  const progress: SyncProgress[] = [];
  const r = await syncFolder({
    client, store, writer: slowWriter(store, log), accountId, folderPath: 'INBOX', batchSize: 10,
    onProgress: (p) => {
      progress.push(p);
      log.push(`progress ${p.done}`);
    },
  });
  assert.equal(r.added, 25);
  const at = (entry: string, from = 0): number => log.indexOf(entry, from);
  assert.ok(!log.some((l) => l.includes('overlapping')), log.join('\n'));
  // The writer gets the batches newest first, each only after the previous one was committed.
  const writes = log.filter((l) => l.startsWith('start') || l.startsWith('end'));
  assert.deepEqual(writes, [
    'start headers 10', 'end headers 10', 'start headers 10', 'end headers 10', 'start headers 5', 'end headers 5',
    'start checkpoint', 'end checkpoint',
  ]);
  // Overlap: the second batch's FETCH was sent before the first batch had been committed.
  assert.ok(at('fetch 6:15') < at('end headers 10'), log.join('\n'));
  // Progress counts committed batches: each figure comes after the commit it covers.
  const firstEnd = at('end headers 10');
  assert.ok(at('progress 10') > firstEnd);
  assert.ok(at('progress 20') > at('end headers 10', firstEnd + 1));
  assert.ok(at('progress 25') > at('end headers 5') && at('progress 25') < at('start checkpoint'));
  assert.deepEqual(progress.map((p) => p.done), [0, 10, 20, 25]);
  assert.equal(store.listUids(folderId).length, 25);
  assert.equal(store.findFolderByPath(accountId, 'INBOX')?.state.uidNext, 26);
});

void test('a deferred writer that fails a batch: no later batch, no checkpoint, the error comes out', async (t) => {
  const { store, accountId, folderId } = setup(t);
  const log: string[] = [];
  const client = fakeImap(25, log);
  await assert.rejects(
    syncFolder({ client, store, writer: slowWriter(store, log, 2), accountId, folderPath: 'INBOX', batchSize: 10 }),
    /disk full/,
  );
  assert.ok(log.includes('failed headers 10'));
  assert.equal(log.filter((l) => l.startsWith('start')).length, 2, log.join('\n'));
  assert.ok(!log.some((l) => l.includes('checkpoint')));
  // Only the first batch (the newest ten) is stored, and the folder has no checkpoint: the next run redoes it.
  assert.deepEqual([...store.listUids(folderId)].sort((a, b) => a - b), [16, 17, 18, 19, 20, 21, 22, 23, 24, 25]);
  assert.equal(store.findFolderByPath(accountId, 'INBOX')?.state.uidNext, null);
});
