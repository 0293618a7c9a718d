// The body pipeline of cacheBodies against a scripted IMAP client and a real encrypted store: batch N is
// written while N+1 is parsed and N+2 streams in, never more than three batches held, one FETCH at a time,
// and every message ends up stored with the document bodyDoc gives it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { MessageSummary } from '../../../shared/domain/schemas.js';
import { readFixture, THAI_FIXTURES, type ThaiFixture } from '../../../test/fixtures/index.js';
import { InThreadDocParser, type DocParser } from '../search/docParser.js';
import { DocWorkerPool } from '../search/docWorkerPool.js';
import { bodyDoc, type SearchDoc } from '../search/searchDoc.js';
import { SearchIndex } from '../search/searchIndex.js';
import { migrate } from '../store/migrate.js';
import { closeDatabase, openDatabase, type SqliteDatabase } from '../store/openDatabase.js';
import { SqliteMailStore } from '../store/sqliteMailStore.js';
import { ThreadedSyncWriter } from '../store/threadedSyncWriter.js';
import { bodyWriterOn, type BodyWriter, type CachedBody } from './bodyWriter.js';
import { cacheBodies, indexCachedBodies, type BodyImapClient, type CacheBodiesParams } from './cacheBodies.js';

const COUNT = 40;
const BATCH = 4;
const fixtureOf = (uid: number): ThaiFixture => THAI_FIXTURES[uid % THAI_FIXTURES.length] as ThaiFixture;

function setup(t: { after: (fn: () => void | Promise<void>) => void }) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'raksa-cachebodies-'));
  const file = path.join(dir, 'raksa.db');
  const key = randomBytes(32);
  const db = openDatabase(file, key);
  t.after(() => {
    closeDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  });
  migrate(db);
  const store = new SqliteMailStore(db);
  const index = new SearchIndex(db);
  const account = store.addAccount({
    email: 'alice@example.go.th',
    displayName: 'Alice',
    user: 'alice',
    password: 'x',
    imap: { host: '127.0.0.1', port: 1, security: 'plain' },
    smtp: { host: '127.0.0.1', port: 1, security: 'plain' },
  });
  store.replaceFolders(account.id, [
    { path: 'INBOX', name: 'INBOX', delimiter: '/', specialUse: 'inbox', subscribed: true },
  ]);
  const folder = store.findFolderByPath(account.id, 'INBOX');
  assert.ok(folder);
  store.setUidValidity(folder.id, 7n);
  store.upsertHeaders(
    folder.id,
    Array.from({ length: COUNT }, (_, i) => {
      const f = fixtureOf(i + 1);
      return {
        uid: i + 1,
        messageId: null,
        date: Date.UTC(2025, 0, 1) + i,
        from: f.from,
        to: [],
        cc: [],
        subject: f.subject,
        flags: [],
        size: readFixture(f).byteLength,
        hasAttachments: false,
        inReplyTo: null,
      };
    }),
  );
  /** cacheBodies over the whole INBOX, nothing left out by policy, in batches of BATCH. */
  const cacheInbox = (params: Pick<CacheBodiesParams, 'client' | 'parser' | 'onProgress' | 'signal' | 'writer'>) =>
    cacheBodies({
      store,
      index,
      accountId: account.id,
      folders: ['INBOX'],
      policy: { windowDays: null, maxMessageBytes: null },
      now: Date.now(),
      batchMessages: BATCH,
      ...params,
    });
  /** The core's writer thread over this database (closed after the test). */
  const writerThread = (): ThreadedSyncWriter => {
    const writer = new ThreadedSyncWriter({ db, file, key });
    t.after(() => writer.close());
    return writer;
  };
  return { db, store, index, accountId: account.id, cacheInbox, writerThread };
}

/** A scripted server: each FETCH streams its messages with a pause between them; everything is recorded. */
function scriptedClient(events: string[], onMessage?: () => void) {
  const state = { inFlight: 0, maxInFlight: 0, fetches: 0, lockHeld: false, fetchingAtRelease: false };
  const client = {
    mailbox: { uidValidity: 7n },
    getMailboxLock: () => {
      state.lockHeld = true;
      return Promise.resolve({
        release: () => {
          state.fetchingAtRelease = state.inFlight > 0;
          state.lockHeld = false;
        },
      });
    },
    async *fetch(range: string) {
      state.inFlight++;
      state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
      const n = ++state.fetches;
      events.push(`fetch ${n}`);
      try {
        const uids = range.split(',').flatMap((part) => {
          const [a, b] = part.split(':').map(Number);
          return Array.from({ length: (b ?? a ?? 0) - (a ?? 0) + 1 }, (_, k) => (a ?? 0) + k);
        });
        for (const uid of uids) {
          await new Promise((r) => setTimeout(r, 2));
          onMessage?.();
          yield { uid, source: readFixture(fixtureOf(uid)) };
        }
      } finally {
        state.inFlight--;
      }
    },
  };
  return { client: client as unknown as BodyImapClient, state };
}

/**
 * Parses one message at a time, each much slower than the server streams one (8 ms against 2 ms), so fetched
 * batches pile up if the pipeline does not bound them, and batch 3 arrives while batch 1 is still parsed.
 */
function slowParser(inner: DocParser, events: string[]): DocParser {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    parse: (source: Uint8Array, summary: MessageSummary): Promise<SearchDoc> => {
      const next = tail.then(async () => {
        await new Promise((r) => setTimeout(r, 8));
        events.push('parsed');
        return inner.parse(source, summary);
      });
      tail = next;
      return next;
    },
    close: () => inner.close(),
  };
}

function assertIndexed(db: SqliteDatabase, store: SqliteMailStore, expected: Map<number, SearchDoc>): void {
  const rows = db
    .prepare<
      [],
      {
        message_id: number;
        subject: string;
        sender: string;
        recipients: string;
        body: string;
        attachments: string;
        has_body: number;
      }
    >(
      'SELECT message_id, subject, sender, recipients, body, attachments, has_body FROM search_docs ORDER BY message_id',
    )
    .all();
  assert.equal(rows.length, expected.size);
  for (const r of rows) {
    const doc = expected.get(r.message_id);
    assert.ok(doc, `message ${r.message_id}`);
    const { classification: _c, ...text } = doc;
    assert.deepEqual(
      {
        subject: r.subject,
        sender: r.sender,
        recipients: r.recipients,
        body: r.body,
        attachments: r.attachments,
      },
      text,
    );
    assert.equal(r.has_body, 1);
    assert.ok(store.getRawSource(r.message_id));
  }
}

async function expectedDocs(store: SqliteMailStore, ids: readonly number[]): Promise<Map<number, SearchDoc>> {
  const out = new Map<number, SearchDoc>();
  for (const id of ids) {
    const m = store.getMessage(id);
    const source = store.getRawSource(id);
    assert.ok(m && source);
    const { messageIdHeader: _h, ...summary } = m;
    out.set(id, await bodyDoc(source, { ...summary, cached: true }));
  }
  return out;
}

for (const kind of ['in-thread', 'worker pool', 'worker pool and writer thread'] as const) {
  void test(`${kind}: three stages overlap, at most three batches held, one FETCH at a time, all indexed`, async (t) => {
    const { db, store, cacheInbox, writerThread } = setup(t);
    const events: string[] = [];
    const { client, state } = scriptedClient(events);
    const inner = kind === 'in-thread' ? new InThreadDocParser() : new DocWorkerPool({ size: 1 });
    t.after(() => inner.close());
    let written = 0;
    let maxHeld = 0;
    const writer = kind === 'worker pool and writer thread' ? writerThread() : undefined;
    const result = await cacheInbox({
      client,
      ...(writer ? { writer } : {}),
      parser: slowParser(inner, events),
      onProgress: (p) => {
        if (p.done === 0) return;
        written++;
        events.push(`written ${written}`);
        // Fetches started and not yet written, counted when a batch has just been written (+1: that one).
        maxHeld = Math.max(maxHeld, state.fetches - written + 1);
      },
    });
    assert.deepEqual(result, { cached: COUNT, missing: 0 });
    assert.equal(written, COUNT / BATCH);
    assert.equal(state.maxInFlight, 1, 'one FETCH at a time');
    assert.ok(maxHeld <= 3, `at most three batches held (saw ${maxHeld})`);
    // The pipeline really is three deep: batch 3 is fetched before batch 1 is written.
    assert.ok(events.indexOf('fetch 3') < events.indexOf('written 1'), events.slice(0, 30).join(', '));
    assert.equal(state.lockHeld, false);
    const ids = db.prepare<[], number>('SELECT id FROM messages ORDER BY id').pluck().all();
    assertIndexed(db, store, await expectedDocs(store, ids));
    if (writer) assert.equal(writer.threaded, true, 'the batches were committed by the thread');
  });
}

/** A BodyWriter that takes `ms` per commit (as a thread would, while this thread goes on) and records them. */
function slowWriter(inner: BodyWriter, events: string[], opts: { ms: number; failAt?: number }) {
  const state = { calls: 0, inFlight: 0, maxInFlight: 0, ids: [] as number[][] };
  const writer: BodyWriter = {
    async writeBodies(bodies: readonly CachedBody[]) {
      const n = ++state.calls;
      state.inFlight++;
      state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
      events.push(`commit ${n} start`);
      try {
        await new Promise((r) => setTimeout(r, opts.ms));
        if (n === opts.failAt) throw new Error(`commit ${n} failed`);
        await inner.writeBodies(bodies);
        state.ids.push(bodies.map((b) => b.id));
        events.push(`commit ${n} end`);
      } finally {
        state.inFlight--;
      }
    },
  };
  return { writer, state };
}

void test('a commit that takes time: the next batches are fetched meanwhile, one commit at a time, in order', async (t) => {
  const { db, store, index, cacheInbox } = setup(t);
  const events: string[] = [];
  const { writer, state } = slowWriter(bodyWriterOn(store, index), events, { ms: 40 });
  // Messages that arrive from the server while a commit is in flight.
  let duringCommit = 0;
  const { client, state: server } = scriptedClient(events, () => {
    if (state.inFlight > 0) duringCommit++;
  });
  const parser = new InThreadDocParser();
  const progress: number[] = [];
  const result = await cacheInbox({ client, parser, writer, onProgress: (p) => progress.push(p.done) });
  assert.deepEqual(result, { cached: COUNT, missing: 0 });
  assert.equal(state.calls, COUNT / BATCH);
  assert.equal(state.maxInFlight, 1, 'one commit at a time');
  assert.equal(server.maxInFlight, 1, 'one FETCH at a time');
  // The server is read during commits: each FETCH after the first three starts as a commit ends and streams
  // during the next one (40 ms against 8 ms), so most messages arrive while a commit is in flight.
  assert.ok(duringCommit >= COUNT / 2, `${duringCommit} of ${COUNT} messages arrived during a commit`);
  // Progress counts only committed batches, in order; the last one ends the folder.
  assert.deepEqual(progress, Array.from({ length: COUNT / BATCH + 1 }, (_, i) => i * BATCH));
  // Newest first (UIDs descending = ids descending here), each batch written by ascending id.
  const ids = state.ids.flat();
  assert.equal(new Set(ids).size, COUNT);
  for (const batch of state.ids) assert.deepEqual(batch, [...batch].sort((a, b) => a - b));
  assert.ok((state.ids[0]?.[0] ?? 0) > (state.ids.at(-1)?.[0] ?? 0), 'newest batch first');
  assertIndexed(db, store, await expectedDocs(store, db.prepare<[], number>('SELECT id FROM messages ORDER BY id').pluck().all()));
});

void test('a failed commit fails the folder: later batches are not committed, and nothing is in flight after', async (t) => {
  const { db, store, index, cacheInbox } = setup(t);
  const events: string[] = [];
  const { client, state: server } = scriptedClient(events);
  const { writer, state } = slowWriter(bodyWriterOn(store, index), events, { ms: 10, failAt: 3 });
  await assert.rejects(cacheInbox({ client, parser: new InThreadDocParser(), writer }), /commit 3 failed/u);
  assert.equal(state.calls, 3, 'no batch is committed after the one that failed');
  assert.equal(state.inFlight, 0);
  assert.equal(server.lockHeld, false);
  assert.equal(server.fetchingAtRelease, false, 'the FETCH in flight ended before the lock was released');
  const cached = db.prepare<[], number>('SELECT count(*) FROM messages WHERE cached = 1').pluck().get();
  assert.equal(cached, 2 * BATCH, 'the two batches committed before it');
});

void test('a written batch is let go: its sources do not stay reachable until the folder ends', async (t) => {
  const { cacheInbox } = setup(t);
  // A full GC on demand, to tell held memory from garbage the collector has simply not reached yet.
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const buffers = new Map<number, WeakRef<ArrayBuffer>>();
  let fetches = 0;
  const firstBatch: number[] = [];
  let heldAtFetch6: number[] | null = null;
  const client = {
    mailbox: { uidValidity: 7n },
    getMailboxLock: () => Promise.resolve({ release: () => undefined }),
    async *fetch(range: string) {
      if (++fetches === 6) {
        // Batch 6 is fetched once batch 3 is written: batch 1's sources are garbage by now.
        await new Promise((r) => setImmediate(r));
        gc();
        heldAtFetch6 = firstBatch.filter((uid) => buffers.get(uid)?.deref());
      }
      for (const part of range.split(',')) {
        const [a = 0, b = a] = part.split(':').map(Number);
        for (let uid = a; uid <= b; uid++) {
          // Its own ArrayBuffer per message (never a slice of a shared pool), watched through a WeakRef.
          const own = new Uint8Array(readFixture(fixtureOf(uid)));
          buffers.set(uid, new WeakRef(own.buffer));
          if (fetches === 1) firstBatch.push(uid);
          yield { uid, source: Buffer.from(own.buffer) };
        }
      }
    },
  } as unknown as BodyImapClient;
  const parser = new InThreadDocParser();
  t.after(() => parser.close());
  const result = await cacheInbox({ client, parser });
  assert.deepEqual(result, { cached: COUNT, missing: 0 });
  assert.equal(firstBatch.length, BATCH);
  assert.deepEqual(heldAtFetch6, [], `batch 1 (uids ${firstBatch.join(', ')}) is no longer reachable`);
});

void test('an abort between batches: nothing half-written, the FETCH in flight ends before the lock is released', async (t) => {
  const { db, cacheInbox } = setup(t);
  const events: string[] = [];
  const { client, state } = scriptedClient(events);
  const pool = new DocWorkerPool({ size: 1 });
  t.after(() => pool.close());
  const abort = new AbortController();
  await assert.rejects(
    cacheInbox({
      client,
      parser: pool,
      signal: abort.signal,
      onProgress: (p) => {
        if (p.done === 2 * BATCH) abort.abort(new Error('stop'));
      },
    }),
    /stop/u,
  );
  assert.equal(state.lockHeld, false);
  assert.equal(state.fetchingAtRelease, false);
  const cached = db.prepare<[], number>('SELECT count(*) FROM messages WHERE cached = 1').pluck().get();
  assert.equal(cached, 2 * BATCH, 'the two written batches, nothing of the ones in flight');
  assert.equal(db.prepare<[], number>('SELECT count(*) FROM search_docs').pluck().get(), 2 * BATCH);
});

void test('indexCachedBodies indexes cached sources through the pool, in overlapping batches', async (t) => {
  const { db, store, index, accountId } = setup(t);
  const ids = db.prepare<[], number>('SELECT id FROM messages ORDER BY id').pluck().all();
  for (const id of ids) store.putRawSource(id, readFixture(fixtureOf(store.getMessage(id)?.uid ?? 0)));
  const pool = new DocWorkerPool({ size: 1 });
  t.after(() => pool.close());
  assert.equal(await indexCachedBodies(store, index, accountId, undefined, pool), COUNT);
  assertIndexed(db, store, await expectedDocs(store, ids));
  assert.equal(await indexCachedBodies(store, index, accountId, undefined, pool), 0);
});

/** The message ids each transaction of `index` hands to putDoc, in call order. */
function recordWrites(index: SearchIndex): number[][] {
  const batches: number[][] = [];
  const put = index.putDoc.bind(index);
  const transaction = index.cacheTransaction.bind(index);
  index.putDoc = (id, doc, hasBody) => {
    batches[batches.length - 1]?.push(id);
    put(id, doc, hasBody);
  };
  index.cacheTransaction = <T>(fn: () => T): T => {
    batches.push([]);
    return transaction(fn);
  };
  return batches;
}
const ascending = (ids: readonly number[]): boolean => ids.every((id, i) => i === 0 || (ids[i - 1] ?? 0) < id);

void test('documents are written in ascending message id order within each transaction, whatever order they come in', async (t) => {
  // FTS5 flushes its pending terms into a new segment whenever a rowid is not above the previous one, so
  // descending ids (newest first by date, or a server answering a FETCH in its own order) cost one segment a
  // message, and the merges after it: an index build took twice as long.
  const { db, store, index, accountId, cacheInbox } = setup(t);
  const writes = recordWrites(index);
  const reversed = {
    mailbox: { uidValidity: 7n },
    getMailboxLock: () => Promise.resolve({ release: () => undefined }),
    // A plain generator: `for await` takes it as it takes imapflow's async one.
    *fetch(range: string) {
      const uids = range.split(',').flatMap((part) => {
        const [a, b] = part.split(':').map(Number);
        return Array.from({ length: (b ?? a ?? 0) - (a ?? 0) + 1 }, (_, k) => (a ?? 0) + k);
      });
      for (const uid of uids.reverse()) yield { uid, source: readFixture(fixtureOf(uid)) };
    },
  } as unknown as BodyImapClient;
  await cacheInbox({ client: reversed });
  assert.equal(writes.flat().length, COUNT);
  assert.ok(writes.every(ascending), `cacheBodies: ${JSON.stringify(writes)}`);

  // indexCachedBodies lists its work newest first (by date, here the highest ids first).
  index.clear();
  writes.length = 0;
  assert.equal(await indexCachedBodies(store, index, accountId), COUNT);
  assert.equal(writes.flat().length, COUNT);
  assert.ok(writes.length > 0 && writes.every((w) => w.length > 1 && ascending(w)), `indexCachedBodies: ${JSON.stringify(writes)}`);
  assertIndexed(db, store, await expectedDocs(store, db.prepare<[], number>('SELECT id FROM messages ORDER BY id').pluck().all()));
});
