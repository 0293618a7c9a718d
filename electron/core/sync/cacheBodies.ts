// The offline cache (issue 3 §1): after the headers, every body inside the offline window is downloaded,
// newest first, and indexed for search. Each batch is fetched with one `UID FETCH … BODY.PEEK[]` (PEEK: caching
// must never mark mail \Seen), parsed, then committed in ONE transaction that stores the raw sources and their
// index documents together, so a crash leaves a batch all in or all out (bodyWriter.ts). Messages over the
// policy's size cap are left uncached (`cached` stays false and the UI says so); they are opened on demand.
import type { ImapFlow } from 'imapflow';
import type { SyncProgress } from '../../../shared/domain/schemas.js';
import { InThreadDocParser, type DocParser } from '../search/docParser.js';
import type { SearchDoc } from '../search/searchDoc.js';
import type { OfflineCachePolicy, SearchIndex } from '../search/searchIndex.js';
import type { MailStore } from '../store/mailStore.js';
import { bodyWriterOn, type BodyWriter, type CachedBody } from './bodyWriter.js';
import { toUidSet } from './uidSet.js';

export type BodyImapClient = Pick<ImapFlow, 'getMailboxLock' | 'fetch' | 'mailbox'>;

export interface CacheBodiesParams {
  readonly client: BodyImapClient;
  readonly store: MailStore;
  readonly index: SearchIndex;
  readonly accountId: number;
  /** Folder paths in the order to cache them (INBOX first). */
  readonly folders: readonly string[];
  readonly policy: OfflineCachePolicy;
  readonly now: number;
  readonly onProgress?: (p: SyncProgress) => void;
  readonly signal?: AbortSignal;
  /** At most this many messages per FETCH and transaction. */
  readonly batchMessages?: number;
  /** At most about this many bytes (by RFC822.SIZE) per batch, to bound memory. */
  readonly batchBytes?: number;
  /** Where the MIME parsing runs (a DocWorkerPool: another core); default: this thread. */
  readonly parser?: DocParser;
  /** Where each batch is committed (the sync writer thread: another core); default: this thread's connection. */
  readonly writer?: BodyWriter;
}

export interface CacheBodiesResult {
  readonly cached: number;
  /** Asked for but not returned by the server (expunged meanwhile); the next header sync removes them. */
  readonly missing: number;
}

// Larger batches mean fewer commits (each flushes both FTS5 indexes' pending terms into new segments, which
// later merges rewrite); up to PIPELINE_DEPTH batches are in memory at once (the pipeline), hence the byte cap.
// The cap counts about five times over: PIPELINE_DEPTH batches, the copy the parser thread gets, and the dead
// copies V8 frees only at its next full GC. Measured with attachment-heavy mail (67 KB a message on average),
// 24 MB batches peaked at ~375 MB RSS, 8 MB at ~300 MB, at the same speed; with text-only mail (22 KB a
// message) 8 MB ends a batch at about 360 messages instead of 400, with no measurable difference either.
export const DEFAULT_BODY_BATCH = 400;
export const DEFAULT_BODY_BATCH_BYTES = 8 * 1024 * 1024;
/** Batches between their FETCH and the end of their commit: one streaming in, one being parsed, one being written. */
const PIPELINE_DEPTH = 3;

interface Batch {
  readonly items: readonly { readonly id: number; readonly uid: number }[];
}

function batches(list: readonly { id: number; uid: number; size: number }[], maxCount: number, maxBytes: number): Batch[] {
  const out: Batch[] = [];
  let items: { id: number; uid: number }[] = [];
  let bytes = 0;
  for (const m of list) {
    if (items.length > 0 && (items.length >= maxCount || bytes + m.size > maxBytes)) {
      out.push({ items });
      items = [];
      bytes = 0;
    }
    items.push({ id: m.id, uid: m.uid });
    bytes += m.size;
  }
  if (items.length > 0) out.push({ items });
  return out;
}

/** Documents by ascending message id, the order they must reach the index in (see commitBodies). */
const byAscendingId = <T>(entries: Iterable<readonly [number, T]>): (readonly [number, T])[] =>
  [...entries].sort((a, b) => a[0] - b[0]);

/** The index document of one cached source (see DocParser.parse); null when the message is gone from the store. */
async function docFor(store: MailStore, parser: DocParser, id: number, source: Uint8Array): Promise<SearchDoc | null> {
  const stored = store.getMessage(id);
  if (!stored) return null;
  const { messageIdHeader: _h, ...summary } = stored;
  // An unparsable message resolves to its header-only document and is marked indexed anyway (has_body = 1),
  // so a message the parser cannot read is not retried forever.
  return parser.parse(source, { ...summary, cached: true });
}

/** Every source of a batch handed to the parser at once (a pool gets them in one message). */
async function docsFor(
  store: MailStore,
  parser: DocParser,
  sources: ReadonlyMap<number, Uint8Array>,
): Promise<Map<number, SearchDoc | null>> {
  const entries = [...sources];
  const docs = await Promise.all(entries.map(([id, source]) => docFor(store, parser, id, source)));
  return new Map(entries.map(([id], i) => [id, docs[i] ?? null]));
}

/** One `UID FETCH … BODY.PEEK[]` for a batch: the sources by message id (a UID the server no longer has is absent). */
async function fetchSources(client: BodyImapClient, batch: Batch): Promise<Map<number, Uint8Array>> {
  const byUid = new Map(batch.items.map((m) => [m.uid, m.id]));
  const sources = new Map<number, Uint8Array>();
  for await (const msg of client.fetch(toUidSet([...byUid.keys()]), { uid: true, source: true }, { uid: true })) {
    const id = byUid.get(msg.uid);
    if (id !== undefined && msg.source) {
      sources.set(id, new Uint8Array(msg.source.buffer, msg.source.byteOffset, msg.source.byteLength));
    }
  }
  return sources;
}

interface ParsedBatch {
  readonly sources: ReadonlyMap<number, Uint8Array>;
  readonly docs: ReadonlyMap<number, SearchDoc | null>;
}

export async function cacheBodies(params: CacheBodiesParams): Promise<CacheBodiesResult> {
  const { client, store, index, accountId, signal } = params;
  const parser = params.parser ?? new InThreadDocParser();
  const writer = params.writer ?? bodyWriterOn(store, index);
  const maxCount = Math.max(1, params.batchMessages ?? DEFAULT_BODY_BATCH);
  const maxBytes = Math.max(1, params.batchBytes ?? DEFAULT_BODY_BATCH_BYTES);
  const work = params.folders.flatMap((path) => {
    const folder = store.findFolderByPath(accountId, path);
    return folder ? [{ folder, pending: index.listUncached(folder.id, params.policy, params.now) }] : [];
  });
  const total = work.reduce((n, w) => n + w.pending.length, 0);
  let done = 0;
  let cached = 0;
  let missing = 0;
  const emit = (folderPath: string): void =>
    params.onProgress?.({ accountId, folderPath, phase: 'bodies', done, total });

  for (const { folder, pending } of work) {
    if (pending.length === 0) continue;
    signal?.throwIfAborted();
    const lock = await client.getMailboxLock(folder.path, { readOnly: true });
    // The FETCH in flight, if any: it must end before the mailbox lock is released.
    let fetching: Promise<unknown> | null = null;
    // The commit in flight, if any: the folder is done only once it has ended.
    let writing: Promise<void> | null = null;
    try {
      // A UID only names a message under the UIDVALIDITY it was stored with (RFC 3501 §2.3.1.1).
      if (!client.mailbox || client.mailbox.uidValidity !== folder.state.uidValidity) continue;
      emit(folder.path);
      // A three-stage pipeline: while batch N is committed by the writer (on another thread when it is the sync
      // writer thread), batch N+1 is parsed by the parser (another thread when it is a pool) and batch N+2
      // streams in from the server. Only one FETCH is ever in flight on the connection, started after the
      // previous one has fully arrived; only one commit is in flight, and at most PIPELINE_DEPTH batches are
      // held between their FETCH and the end of their commit.
      const list = batches(pending, maxCount, maxBytes);
      // Indexed by batch; an entry is dropped once handed to the writer, or every source of the folder would
      // stay reachable until its end (the whole mailbox, for a large INBOX).
      const parsed: (Promise<ParsedBatch> | undefined)[] = [];
      let written = 0;
      let failed = false;
      const startFetches = (): void => {
        const i = parsed.length;
        const batch = list[i];
        if (!batch || fetching || failed || signal?.aborted || i - written >= PIPELINE_DEPTH) return;
        const fetched = fetchSources(client, batch);
        fetching = fetched;
        const result = fetched.then(
          (sources) => {
            fetching = null;
            startFetches();
            return docsFor(store, parser, sources).then((docs) => ({ sources, docs }));
          },
          (e: unknown) => {
            failed = true;
            throw e;
          },
        );
        // Handled when awaited; this only keeps an abort between two batches from being reported as unhandled.
        result.catch(() => undefined);
        parsed.push(result);
      };
      startFetches();
      for (let i = 0; i < list.length; i++) {
        const batch = list[i];
        const next = parsed[i];
        if (!batch || !next) throw new Error(`cacheBodies: batch ${i} was never fetched`);
        parsed[i] = undefined;
        const { sources, docs } = await next;
        // The previous commit must have succeeded before this batch is committed after it.
        if (writing) await writing;
        signal?.throwIfAborted();
        const bodies: CachedBody[] = [...sources].map(([id, source]) => ({ id, source, doc: docs.get(id) ?? null }));
        writing = writer.writeBodies(bodies).then(
          () => {
            written = i + 1;
            cached += sources.size;
            missing += batch.items.length - sources.size;
            done += batch.items.length;
            emit(folder.path);
            startFetches();
          },
          (e: unknown) => {
            failed = true;
            throw e;
          },
        );
        // Handled when awaited (before the next commit, or at the end of the folder).
        writing.catch(() => undefined);
      }
      if (writing) await writing;
    } finally {
      // An abort or a failed write leaves the prefetch running: let it end before the mailbox lock is released,
      // and a commit still running end before the caller goes on. (Parses still running finish on their own;
      // their results are dropped.)
      const inFlight = fetching as Promise<unknown> | null;
      if (inFlight) await inFlight.catch(() => undefined);
      if (writing) await writing.catch(() => undefined);
      lock.release();
    }
  }
  return { cached, missing };
}

/**
 * Indexes bodies that are cached but not yet in the index (opened in the reader, cached before 0002, or all of
 * them after SearchIndex.clear). The work is listed once; a message removed meanwhile is skipped, one cached
 * meanwhile is listed by the next call (every sync ends with one). Pipelined like cacheBodies: while batch N
 * is written, the parser works on the next ones, so it never waits for the write.
 */
export async function indexCachedBodies(
  store: MailStore,
  index: SearchIndex,
  accountId: number,
  signal?: AbortSignal,
  parser: DocParser = new InThreadDocParser(),
): Promise<number> {
  const ids = index.listCachedWithoutBody(accountId, Number.MAX_SAFE_INTEGER);
  // Indexed by batch; an entry is dropped once written, so sources and documents do not pile up.
  const parsed: (Promise<[number, SearchDoc | null][]> | undefined)[] = [];
  const load = (from: number): void => {
    const jobs: Promise<[number, SearchDoc | null]>[] = [];
    for (const id of ids.slice(from, from + DEFAULT_BODY_BATCH)) {
      const source = store.getRawSource(id);
      if (source) jobs.push(docFor(store, parser, id, source).then((doc): [number, SearchDoc | null] => [id, doc]));
    }
    const batch = Promise.all(jobs);
    batch.catch(() => undefined); // handled when awaited; an abort must not leave it unhandled
    parsed.push(batch);
  };
  let indexed = 0;
  for (let i = 0; i * DEFAULT_BODY_BATCH < ids.length; i++) {
    // Up to PIPELINE_DEPTH - 1 batches handed to the parser ahead of the one being written.
    while (parsed.length < i + PIPELINE_DEPTH && parsed.length * DEFAULT_BODY_BATCH < ids.length) {
      signal?.throwIfAborted();
      load(parsed.length * DEFAULT_BODY_BATCH);
    }
    const next = parsed[i];
    parsed[i] = undefined;
    const docs = next ? await next : [];
    signal?.throwIfAborted();
    index.cacheTransaction(() => {
      for (const [id, doc] of byAscendingId(docs)) if (doc) index.putDoc(id, doc, true);
    });
    indexed += docs.filter(([, doc]) => doc).length;
  }
  return indexed;
}
