// The offline cache (issue 3 §1): after the headers, every body inside the offline window is downloaded,
// newest first, and indexed for search. Each batch is fetched with one `UID FETCH … BODY.PEEK[]` (PEEK: caching
// must never mark mail \Seen), parsed, then committed in ONE transaction that stores the raw sources and their
// index documents together, so a crash leaves a batch all in or all out. Messages over the policy's size
// cap are left uncached (`cached` stays false and the UI says so); they are opened on demand instead.
import type { ImapFlow } from 'imapflow';
import type { SyncProgress } from '../../../shared/domain/schemas.js';
import { bodyDoc, headerDoc, type SearchDoc } from '../search/searchDoc.js';
import type { OfflineCachePolicy, SearchIndex } from '../search/searchIndex.js';
import type { MailStore } from '../store/mailStore.js';
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
}

export interface CacheBodiesResult {
  readonly cached: number;
  /** Asked for but not returned by the server (expunged meanwhile); the next header sync removes them. */
  readonly missing: number;
}

// Larger batches mean fewer commits (each flushes both FTS5 indexes' pending terms into new segments, which
// later merges rewrite); two batches are in memory at once (the pipeline), hence the byte cap.
export const DEFAULT_BODY_BATCH = 400;
export const DEFAULT_BODY_BATCH_BYTES = 24 * 1024 * 1024;

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

/** Parses one cached source into its index document; an unparsable message is still findable by its headers. */
async function docFor(store: MailStore, id: number, source: Uint8Array): Promise<SearchDoc | null> {
  const stored = store.getMessage(id);
  if (!stored) return null;
  const { messageIdHeader: _h, ...summary } = stored;
  try {
    return await bodyDoc(source, { ...summary, cached: true });
  } catch {
    // Marked as indexed anyway (has_body = 1), so a message the parser cannot read is not retried forever.
    return headerDoc({ subject: summary.subject, from: summary.from, to: [], cc: [] });
  }
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

export async function cacheBodies(params: CacheBodiesParams): Promise<CacheBodiesResult> {
  const { client, store, index, accountId, signal } = params;
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
    let next: Promise<Map<number, Uint8Array>> | null = null;
    try {
      // A UID only names a message under the UIDVALIDITY it was stored with (RFC 3501 §2.3.1.1).
      if (!client.mailbox || client.mailbox.uidValidity !== folder.state.uidValidity) continue;
      emit(folder.path);
      // A two-stage pipeline: the next batch streams in from the server while this one is parsed and written
      // (the write is synchronous, but the socket keeps filling its buffers meanwhile). Only one FETCH is ever
      // in flight on the connection, started after the previous one has fully arrived.
      const list = batches(pending, maxCount, maxBytes);
      next = list[0] ? fetchSources(client, list[0]) : null;
      for (let i = 0; i < list.length; i++) {
        const batch = list[i];
        const current = next;
        next = null;
        if (!batch || !current) break;
        const sources = await current;
        signal?.throwIfAborted();
        const following = list[i + 1];
        if (following) {
          next = fetchSources(client, following);
          // Handled when awaited; this only keeps an abort between two batches from being reported as unhandled.
          next.catch(() => undefined);
        }
        const docs = new Map<number, SearchDoc | null>();
        for (const [id, source] of sources) docs.set(id, await docFor(store, id, source));
        signal?.throwIfAborted();
        index.cacheTransaction(() => {
          for (const [id, source] of sources) {
            store.putRawSource(id, source);
            const doc = docs.get(id);
            if (doc) index.putDoc(id, doc, true);
          }
        });
        cached += sources.size;
        missing += batch.items.length - sources.size;
        done += batch.items.length;
        emit(folder.path);
      }
    } finally {
      // An abort or a failed write leaves the prefetch running: let it end before the mailbox lock is released.
      if (next) await next.catch(() => undefined);
      lock.release();
    }
  }
  return { cached, missing };
}

/** Indexes bodies that are cached but not yet in the index (opened in the reader, or cached before 0002). */
export async function indexCachedBodies(store: MailStore, index: SearchIndex, accountId: number, signal?: AbortSignal): Promise<number> {
  let indexed = 0;
  const seen = new Set<number>();
  for (;;) {
    const ids = index.listCachedWithoutBody(accountId, 200).filter((id) => !seen.has(id));
    if (ids.length === 0) return indexed;
    const docs: [number, SearchDoc | null][] = [];
    for (const id of ids) {
      signal?.throwIfAborted();
      seen.add(id);
      const source = store.getRawSource(id);
      if (source) docs.push([id, await docFor(store, id, source)]);
    }
    index.cacheTransaction(() => {
      for (const [id, doc] of docs) if (doc) index.putDoc(id, doc, true);
    });
    indexed += docs.length;
  }
}
