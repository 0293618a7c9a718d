// One folder's header sync (DESIGN.md §4, issue 4 §2). Two ways to learn what changed:
// - CONDSTORE/QRESYNC (RFC 7162), when the server offers it and the folder has a HIGHESTMODSEQ from a sync that
//   completed: `UID FETCH 1:* (FLAGS) (CHANGEDSINCE m)` returns new messages and changed flags only; with QRESYNC
//   the EXAMINE itself reports expunged UIDs (VANISHED (EARLIER)). A message count that does not add up falls
//   back to one `UID SEARCH ALL` to find what went.
// - the RFC 4549 §4.3 fallback: the UIDs and flags of the whole folder, compared with the store.
// Safe to re-run: every write is keyed on (folder, UIDVALIDITY, uid). Safe to interrupt: each batch is one
// transaction, and the checkpoint (UIDNEXT, HIGHESTMODSEQ) is written only after every change it covers is
// committed, so an interrupted sync is simply redone from the previous checkpoint.
import type { FetchMessageObject, ImapFlow } from 'imapflow';
import { CodedError } from '../../../shared/contract/result.js';
import type { SyncProgress } from '../../../shared/domain/schemas.js';
import type { MailStore } from '../store/mailStore.js';
import { envelopeDate, envelopeToHeader } from './envelopeToHeader.js';
import { flagKey, mailStoreWriter, type FlagUpdate, type HeaderWriter, type SyncHeader } from './headerWriter.js';
import { referencesFromHeaderBlock } from './threadKeys.js';
import { toUidSet } from './uidSet.js';

/** The part of ImapFlow that folder sync uses; the optional members are used when present (CONDSTORE, SEARCH). */
export type SyncImapClient = Pick<ImapFlow, 'getMailboxLock' | 'fetch' | 'mailbox'> &
  Partial<Pick<ImapFlow, 'search' | 'on' | 'off' | 'capabilities' | 'enabled'>>;

export interface SyncFolderParams {
  readonly client: SyncImapClient;
  /** Reads (known UIDs) and removals; writes go through `writer`. */
  readonly store: MailStore;
  /** Defaults to the portable writer over `store`. */
  readonly writer?: HeaderWriter & { flagState?(folderId: number): Map<number, string> };
  readonly accountId: number;
  readonly folderPath: string;
  readonly onProgress?: (p: SyncProgress) => void;
  /** Messages in the first header batch (default DEFAULT_BATCH_SIZE); every batch when `maxBatchSize` is not set. */
  readonly batchSize?: number;
  /**
   * Later batches double up to this size (default: MAX_BATCH_SIZE when `batchSize` is not given either, else
   * `batchSize`, i.e. fixed batches).
   */
  readonly maxBatchSize?: number;
  readonly signal?: AbortSignal;
  /** Ignore CONDSTORE/QRESYNC even when offered: the RFC 4549 path (tests, servers with broken modseqs). */
  readonly forceFallback?: boolean;
}

export type SyncMode = 'full' | 'fallback' | 'condstore' | 'qresync' | 'unchanged';

export interface SyncFolderResult {
  readonly folderId: number;
  /** Messages on the server after the sync. */
  readonly total: number;
  readonly added: number;
  readonly flagsUpdated: number;
  readonly removed: number;
  readonly mode: SyncMode;
  /** The folder had no sync state (first sync, or rebuilt after a UIDVALIDITY change): nothing in it is "new mail". */
  readonly initial: boolean;
  /** UIDs added by this run, highest first. */
  readonly addedUids: readonly number[];
}

export const DEFAULT_BATCH_SIZE = 500;
/**
 * The largest header batch. The first batch stays small so the newest mail shows up at once; later ones grow,
 * because every commit rewrites the index pages its rows touch and every FETCH is one more round trip: on a
 * 10,000-message first sync, 500-message batches spent about a third more time in SQLite than 4,000 did.
 * At 100,000 messages 8,000 would write 40 µs a message instead of 52 (random index keys: each commit
 * rewrites nearly every page of those indexes), but the writer thread (threadedSyncWriter.ts) takes that off
 * the critical path, and larger batches held ~40 MB more at once.
 */
export const MAX_BATCH_SIZE = 4000;

/** Consecutive slices of `items`: the first `first` long, each next one twice the last, up to `max`. */
export function growingBatches<T>(items: readonly T[], first: number, max: number): T[][] {
  const out: T[][] = [];
  let size = Math.max(1, Math.floor(first));
  const cap = Math.max(size, Math.floor(max));
  for (let i = 0; i < items.length; i += size, size = Math.min(cap, size * 2)) out.push(items.slice(i, i + size));
  return out;
}

// INTERNALDATE is not asked for here: it only stands in for a missing or unparsable Date header, so it is
// fetched afterwards for those messages alone (usually none), which keeps one more item per message out of
// the FETCH that dominates a first sync.
const HEADER_QUERY = {
  uid: true,
  flags: true,
  envelope: true,
  size: true,
  // has_attachments (the list's paperclip, has:attachment) is read from the MIME structure.
  bodyStructure: true,
  // ENVELOPE has In-Reply-To but not References (RFC 3501 §7.4.2); threading needs both.
  headers: ['references'],
};

function toSyncHeader(msg: FetchMessageObject): SyncHeader {
  // Extends the fresh object instead of copying it with a spread: this runs once per message.
  return Object.assign(envelopeToHeader(msg), { references: referencesFromHeaderBlock(msg.headers) });
}

async function fetchHeaders(client: SyncImapClient, uids: readonly number[]): Promise<SyncHeader[]> {
  const out: SyncHeader[] = [];
  const wanted = new Set(uids);
  const undated = new Map<number, FetchMessageObject>();
  for await (const msg of client.fetch(toUidSet(uids), HEADER_QUERY, { uid: true })) {
    // A server may answer unsolicited FETCHes for other messages; only the asked-for UIDs are stored.
    if (!wanted.has(msg.uid)) continue;
    if (envelopeDate(msg) === null) undated.set(msg.uid, msg);
    else out.push(toSyncHeader(msg));
  }
  if (undated.size > 0) {
    for await (const msg of client.fetch(toUidSet([...undated.keys()]), { uid: true, internalDate: true }, { uid: true })) {
      const m = undated.get(msg.uid);
      if (m && msg.internalDate !== undefined) m.internalDate = msg.internalDate;
    }
    for (const m of undated.values()) out.push(toSyncHeader(m));
  }
  return out;
}

/** UID → FLAGS for `range` (default every message), optionally only those changed since a modseq. */
async function fetchFlags(client: SyncImapClient, range = '1:*', changedSince?: bigint): Promise<Map<number, Set<string>>> {
  const flags = new Map<number, Set<string>>();
  const opts = changedSince === undefined ? { uid: true } : { uid: true, changedSince };
  for await (const msg of client.fetch(range, { uid: true, flags: true }, opts)) flags.set(msg.uid, msg.flags ?? new Set());
  return flags;
}

/** Every UID of the open mailbox: `UID SEARCH ALL` when available (one line), else a FLAGS pass. */
async function serverUids(client: SyncImapClient, exists: number): Promise<Set<number>> {
  if (exists === 0) return new Set();
  if (client.search) {
    const found = await client.search({ all: true }, { uid: true });
    if (found) return new Set(found);
  }
  return new Set((await fetchFlags(client)).keys());
}

interface StoredFlags {
  readonly byUid: Map<number, string>;
  /** The server's flags in the form `byUid` holds. */
  key(flags: ReadonlySet<string>): string;
}

const seenFlagged = (seen: boolean, flagged: boolean): string => `${seen ? 1 : 0}${flagged ? 1 : 0}`;

/** Stored flags per UID, to compare with the server's (the portable store only knows \\Seen and \\Flagged). */
function storedFlags(params: SyncFolderParams, folderId: number): StoredFlags {
  if (params.writer?.flagState) return { byUid: params.writer.flagState(folderId), key: flagKey };
  const byUid = new Map<number, string>();
  for (let offset = 0; ; offset += 1000) {
    const { items, total } = params.store.listMessages(folderId, offset, 1000);
    for (const m of items) byUid.set(m.uid, seenFlagged(!m.unread, m.flagged));
    if (items.length === 0 || offset + items.length >= total) break;
  }
  return { byUid, key: (f) => seenFlagged(f.has('\\Seen'), f.has('\\Flagged')) };
}

function flagChanges(server: ReadonlyMap<number, Set<string>>, known: ReadonlySet<number>, stored: StoredFlags): FlagUpdate[] {
  const out: FlagUpdate[] = [];
  for (const [uid, f] of server) if (known.has(uid) && stored.byUid.get(uid) !== stored.key(f)) out.push({ uid, flags: [...f] });
  return out;
}

export async function syncFolder(params: SyncFolderParams): Promise<SyncFolderResult> {
  const { client, store, accountId, folderPath, signal } = params;
  const writer = params.writer ?? mailStoreWriter(store);
  const batchSize = Math.max(1, Math.floor(params.batchSize ?? DEFAULT_BATCH_SIZE));
  const maxBatchSize = params.maxBatchSize ?? (params.batchSize === undefined ? MAX_BATCH_SIZE : batchSize);
  const emit = (done: number, total: number): void =>
    params.onProgress?.({ accountId, folderPath, phase: 'headers', done, total });

  const folder = store.findFolderByPath(accountId, folderPath);
  if (!folder) throw new CodedError('NOT_FOUND', 'The folder is not in the local folder list.');
  signal?.throwIfAborted();

  const prior = folder.state;
  const qresync = !params.forceFallback && client.enabled?.has('QRESYNC') === true;
  const condstore = !params.forceFallback && (qresync || client.enabled?.has('CONDSTORE') === true);
  // QRESYNC: EXAMINE … (QRESYNC (uidvalidity modseq)) reports what was expunged since, as VANISHED (EARLIER).
  const vanished = new Set<number>();
  const onExpunge = (e: { path: string; uid?: number; vanished: boolean }): void => {
    if (e.vanished && e.uid !== undefined && e.path === folderPath) vanished.add(e.uid);
  };
  const canQresync = qresync && prior.highestModseq !== null && prior.uidValidity !== null;
  if (canQresync) client.on?.('expunge', onExpunge);

  // EXAMINE, not SELECT: a read-only open guarantees sync never changes \Recent or any flag.
  const lock = await client.getMailboxLock(folderPath, {
    readOnly: true,
    ...(canQresync && prior.highestModseq !== null && prior.uidValidity !== null
      ? { changedSince: prior.highestModseq, uidValidity: prior.uidValidity }
      : {}),
  });
  try {
    const mailbox = client.mailbox;
    if (!mailbox) throw new CodedError('PROTOCOL', 'The folder could not be opened.');
    // Drops the folder's cache first when UIDVALIDITY changed (RFC 3501 §2.3.1.1).
    const rebuilt = prior.uidValidity !== null && prior.uidValidity !== mailbox.uidValidity;
    store.setUidValidity(folder.id, mailbox.uidValidity);
    const initial = rebuilt || prior.uidNext === null;
    const serverModseq = condstore && !mailbox.noModseq && mailbox.highestModseq ? mailbox.highestModseq : null;
    const known = new Set(store.listUids(folder.id));

    let mode: SyncMode;
    let fresh: number[];
    let gone: number[];
    let flagUpdates: FlagUpdate[] = [];
    let total: number;

    if (serverModseq !== null && prior.highestModseq !== null && !rebuilt) {
      // RFC 7162 §3.1: every change (new message, flag, expunge) raises HIGHESTMODSEQ.
      const changed =
        serverModseq === prior.highestModseq ? new Map<number, Set<string>>() : await fetchFlags(client, '1:*', prior.highestModseq);
      signal?.throwIfAborted();
      mode = serverModseq === prior.highestModseq ? 'unchanged' : vanished.size > 0 || canQresync ? 'qresync' : 'condstore';
      fresh = [...changed.keys()].filter((u) => !known.has(u)).sort((a, b) => b - a);
      gone = [...vanished].filter((u) => known.has(u));
      flagUpdates = flagChanges(changed, known, storedFlags(params, folder.id));
      // The count must add up; if it does not (CONDSTORE without QRESYNC, or a server that did not report
      // every expunge), one UID SEARCH ALL finds the messages that went.
      if (known.size - gone.length + fresh.length !== mailbox.exists) {
        const all = await serverUids(client, mailbox.exists);
        gone = [...known].filter((u) => !all.has(u));
        fresh = [...all].filter((u) => !known.has(u)).sort((a, b) => b - a);
      }
      total = mailbox.exists;
    } else if (known.size === 0) {
      // Nothing stored: only the list of UIDs is needed, not their flags (those come with the headers).
      mode = 'full';
      const all = await serverUids(client, mailbox.exists);
      fresh = [...all].sort((a, b) => b - a);
      gone = [];
      total = all.size;
    } else {
      mode = 'fallback';
      const server = mailbox.exists === 0 ? new Map<number, Set<string>>() : await fetchFlags(client);
      signal?.throwIfAborted();
      gone = [...known].filter((u) => !server.has(u));
      fresh = [...server.keys()].filter((u) => !known.has(u)).sort((a, b) => b - a);
      flagUpdates = flagChanges(server, known, storedFlags(params, folder.id));
      total = server.size;
    }
    signal?.throwIfAborted();

    if (gone.length > 0) store.removeUids(folder.id, gone);

    // Highest UID first: UIDs grow with arrival (RFC 3501 §2.3.1.1), so the newest mail shows up first and an
    // interrupted sync has stored the most recent part of the mailbox.
    let done = 0;
    emit(done, fresh.length);
    // Pipelined: the next batch's FETCH is sent before this batch is committed, so the server streams while
    // SQLite writes. One FETCH at a time on the connection; a cut fails the pending one before its commit.
    // A writer on another thread commits batch N while this thread parses batch N+1; batch N+1 is handed over
    // only once N is committed (one commit in flight, in order), and progress counts committed batches only.
    const batches = growingBatches(fresh, batchSize, maxBatchSize);
    let next: Promise<SyncHeader[]> | null = null;
    let committing: Promise<void> | null = null;
    const committed = (n: number): void => {
      done += n;
      emit(done, fresh.length);
    };
    /** Waits for the commit in flight, if any (a failure is thrown here). */
    const settleCommit = async (): Promise<void> => {
      const pending = committing;
      committing = null;
      await pending;
    };
    try {
      signal?.throwIfAborted();
      if (batches[0]) next = fetchHeaders(client, batches[0]);
      for (let b = 0; b < batches.length; b++) {
        const current = next;
        next = null;
        if (!current) break;
        const headers = await current;
        signal?.throwIfAborted();
        const following = batches[b + 1];
        if (following) {
          next = fetchHeaders(client, following);
          // Awaited on the next turn; this only keeps a failure during the commit below from going unhandled.
          next.catch(() => undefined);
        }
        await settleCommit();
        const n = batches[b]?.length ?? 0;
        const pending = writer.commit(folder.id, { headers });
        if (pending) {
          committing = pending.then(() => committed(n));
          // Awaited before the next commit; this only keeps a failure from going unhandled meanwhile.
          committing.catch(() => undefined);
        } else committed(n);
      }
      await settleCommit();
    } finally {
      // Let an abandoned prefetch and commit end before the mailbox lock is released.
      if (next) await next.catch(() => undefined);
      if (committing) await committing.catch(() => undefined);
    }

    if (!writer.updatesFlags && flagUpdates.length > 0) {
      // The portable writer only takes whole headers: re-fetch the changed ones.
      for (let i = 0; i < flagUpdates.length; i += batchSize) {
        signal?.throwIfAborted();
        await writer.commit(folder.id, { headers: await fetchHeaders(client, flagUpdates.slice(i, i + batchSize).map((f) => f.uid)) });
      }
    } else {
      for (let i = 0; i < flagUpdates.length; i += batchSize) await writer.commit(folder.id, { flags: flagUpdates.slice(i, i + batchSize) });
    }
    const flagsUpdated = flagUpdates.length;
    flagUpdates = [];

    // Strictly after everything above is committed: the modseq seen at EXAMINE covers exactly those changes.
    await writer.commit(folder.id, {
      checkpoint: { uidNext: mailbox.uidNext, ...(serverModseq !== null ? { highestModseq: serverModseq } : {}) },
    });
    return { folderId: folder.id, total, added: fresh.length, flagsUpdated, removed: gone.length, mode, initial, addedUids: fresh };
  } finally {
    if (canQresync) client.off?.('expunge', onExpunge);
    lock.release();
  }
}
