// syncFolder against a scripted IMAP client and the real encrypted store in a temp dir: batch order,
// all-or-nothing batches on failure, removals, flag changes and UIDVALIDITY resets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FetchMessageObject, MailboxObject } from 'imapflow';
import type { SyncProgress } from '../../../shared/domain/schemas.js';
import { growingBatches, syncFolder, type SyncImapClient } from './syncFolder.js';
import { storeWithInbox } from './syncTesting.js';

interface FakeMessage {
  uid: number;
  flags: string[];
  /** The Date header; null: missing (default: a date derived from the UID). */
  date?: Date | null;
  /** INTERNALDATE (default: 1 January 2025). */
  arrival?: Date;
}

function parseSet(set: string): (uid: number) => boolean {
  const ranges = set.split(',').map((p) => {
    const [a, b] = p.split(':');
    const lo = Number(a);
    const hi = b === undefined ? lo : b === '*' ? Infinity : Number(b);
    return [Math.min(lo, hi), Math.max(lo, hi)] as const;
  });
  return (uid) => ranges.some(([lo, hi]) => uid >= lo && uid <= hi);
}

class FakeImap {
  messages: FakeMessage[] = [];
  uidValidity = 7n;
  readOnlyOpens = 0;
  fetchRanges: string[] = [];
  /** Every FETCH's query items, in order. */
  fetchQueries: string[][] = [];
  /** Header fetch number (1-based) that fails midway, to simulate a dropped connection. */
  failOnHeaderFetch = 0;
  private headerFetches = 0;
  readonly client: SyncImapClient & { mailbox: MailboxObject | false } = {
    mailbox: false,
    getMailboxLock: async (path, opts) => {
      if (opts?.readOnly) this.readOnlyOpens++;
      const uidNext = Math.max(0, ...this.messages.map((m) => m.uid)) + 1;
      this.client.mailbox = { path: String(path), delimiter: '/', flags: new Set(), uidValidity: this.uidValidity, uidNext, exists: this.messages.length };
      return Promise.resolve({ path: String(path), release: () => undefined });
    },
    fetch: (range, query) =>
      this.fetch(typeof range === 'string' ? range : '', query.envelope === true, query.internalDate === true, query),
  };

  private async *fetch(range: string, headers: boolean, internalDate: boolean, query: object): AsyncGenerator<FetchMessageObject, void, undefined> {
    this.fetchRanges.push(range);
    this.fetchQueries.push(Object.keys(query).sort());
    const inSet = parseSet(range);
    const n = headers ? ++this.headerFetches : 0;
    let yielded = 0;
    for (const m of [...this.messages].sort((a, b) => a.uid - b.uid)) {
      if (!inSet(m.uid)) continue;
      await Promise.resolve(); // a network read between responses
      if (n > 0 && n === this.failOnHeaderFetch && yielded === 2) throw Object.assign(new Error('socket closed'), { code: 'NoConnection' });
      yielded++;
      yield {
        seq: 0,
        uid: m.uid,
        flags: new Set(m.flags),
        ...(headers
          ? {
              size: 100,
              envelope: {
                subject: `เรื่อง ${m.uid}`,
                ...(m.date === null ? {} : { date: m.date ?? new Date(1_700_000_000_000 + m.uid * 60_000) }),
                from: [{ name: 'ก', address: 'a@go.th' }],
              },
              bodyStructure: { type: 'text/plain' },
            }
          : {}),
        ...(internalDate ? { internalDate: m.arrival ?? new Date('2025-01-01T00:00:00Z') } : {}),
      };
    }
  }
}

function setup(t: { after: (fn: () => void) => void }) {
  const { store, accountId, folderId } = storeWithInbox(t, 'raksa-syncfolder-');
  const imap = new FakeImap();
  imap.messages = Array.from({ length: 25 }, (_, i) => ({ uid: i + 1, flags: [] }));
  const run = (extra: { onProgress?: (p: SyncProgress) => void; signal?: AbortSignal } = {}) =>
    syncFolder({ client: imap.client, store, accountId, folderPath: 'INBOX', batchSize: 10, ...extra });
  return { store, imap, folderId, run };
}

void test('new headers are fetched newest first in batches, with monotonic progress', async (t) => {
  const { store, imap, folderId, run } = setup(t);
  const progress: SyncProgress[] = [];
  const r = await run({ onProgress: (p) => progress.push(p) });
  assert.equal(r.added, 25);
  assert.equal(imap.readOnlyOpens, 1, 'EXAMINE, never SELECT');
  assert.deepEqual(imap.fetchRanges, ['1:*', '16:25', '6:15', '1:5']);
  assert.deepEqual(progress.map((p) => [p.done, p.total]), [[0, 25], [10, 25], [20, 25], [25, 25]]);
  assert.equal(store.listUids(folderId).length, 25);
  assert.equal(store.listMessages(folderId, 0, 1).items[0]?.subject, 'เรื่อง 25');
  const again = await run();
  assert.equal(again.added, 0, 'idempotent');
  assert.equal(store.listUids(folderId).length, 25);
});

void test('a batch that fails midway leaves nothing of itself; the next run completes', async (t) => {
  const { store, imap, folderId, run } = setup(t);
  imap.failOnHeaderFetch = 2;
  await assert.rejects(run(), /socket closed/);
  assert.deepEqual(store.listUids(folderId), [16, 17, 18, 19, 20, 21, 22, 23, 24, 25], 'only the first, committed batch');
  imap.failOnHeaderFetch = 0;
  const r = await run();
  assert.equal(r.added, 15);
  assert.equal(store.listUids(folderId).length, 25);
});

void test('removed messages disappear and flag changes are picked up', async (t) => {
  const { store, imap, folderId, run } = setup(t);
  await run();
  imap.messages = imap.messages.filter((m) => m.uid !== 3 && m.uid !== 20);
  imap.messages.find((m) => m.uid === 5)!.flags = ['\\Seen', '\\Flagged'];
  const r = await run();
  assert.equal(r.removed, 2);
  assert.equal(r.flagsUpdated, 1);
  const uids = store.listUids(folderId);
  assert.ok(!uids.includes(3) && !uids.includes(20));
  const m5 = store.listMessages(folderId, 0, 100).items.find((m) => m.uid === 5);
  assert.equal(m5?.unread, false);
  assert.equal(m5?.flagged, true);
});

void test('a new UIDVALIDITY drops the cache and refetches everything', async (t) => {
  const { store, imap, folderId, run } = setup(t);
  await run();
  imap.uidValidity = 8n;
  imap.messages = [{ uid: 1, flags: [] }];
  const r = await run();
  assert.equal(r.added, 1);
  assert.deepEqual(store.listUids(folderId), [1]);
});

void test('an aborted signal stops before the next batch', async (t) => {
  const { store, folderId, run } = setup(t);
  const ctl = new AbortController();
  await assert.rejects(
    run({ signal: ctl.signal, onProgress: (p) => (p.done === 10 ? ctl.abort() : undefined) }),
    (e: unknown) => (e as Error).name === 'AbortError',
  );
  assert.equal(store.listUids(folderId).length, 10);
});

void test('INTERNALDATE is fetched only for messages without a usable Date header, and stands in for it', async (t) => {
  const { store, imap, folderId, run } = setup(t);
  const arrival = new Date('2024-06-01T08:00:00Z');
  imap.messages[4] = { uid: 5, flags: [], date: null, arrival };
  imap.messages[20] = { uid: 21, flags: [], date: null, arrival };
  await run();
  const withDate = imap.fetchQueries.filter((q) => q.includes('internalDate'));
  assert.deepEqual(withDate, [['internalDate', 'uid'], ['internalDate', 'uid']], 'one small FETCH per batch that had an undated message');
  assert.ok(imap.fetchQueries.filter((q) => q.includes('envelope')).every((q) => !q.includes('internalDate')));
  assert.deepEqual(imap.fetchRanges.filter((_, i) => imap.fetchQueries[i]?.includes('internalDate')), ['21', '5']);
  const items = store.listMessages(folderId, 0, 100).items;
  assert.equal(items.find((m) => m.uid === 5)?.date, arrival.getTime());
  assert.equal(items.find((m) => m.uid === 21)?.date, arrival.getTime());
  assert.equal(items.find((m) => m.uid === 6)?.date, 1_700_000_000_000 + 6 * 60_000);
  assert.equal(items.length, 25);
});

void test('header batches start small and double up to the cap; fixed when the cap is the first size', () => {
  const uids = Array.from({ length: 25 }, (_, i) => 25 - i);
  const sizes = (first: number, max: number): number[] => growingBatches(uids, first, max).map((b) => b.length);
  assert.deepEqual(sizes(2, 8), [2, 4, 8, 8, 3]);
  assert.deepEqual(sizes(10, 10), [10, 10, 5]);
  assert.deepEqual(growingBatches(uids, 2, 8).flat(), uids, 'every UID once, in order (newest first)');
  assert.deepEqual(growingBatches([], 500, 4000), []);
});

void test('without a batch size, the first batch is DEFAULT_BATCH_SIZE and later ones grow', async (t) => {
  const { imap, store, folderId } = setup(t);
  imap.messages = Array.from({ length: 1600 }, (_, i) => ({ uid: i + 1, flags: [] }));
  const progress: number[] = [];
  await syncFolder({
    client: imap.client, store, accountId: store.listAccounts()[0]!.id, folderPath: 'INBOX',
    onProgress: (p) => progress.push(p.done),
  });
  assert.deepEqual(progress, [0, 500, 1500, 1600]);
  assert.equal(store.listUids(folderId).length, 1600);
});
