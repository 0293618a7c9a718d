// One folder's header sync (DESIGN.md §4, first slice: no CONDSTORE yet, the RFC 4549 style full
// UID/FLAGS pass). Safe to re-run: every write is keyed on (folder, uid). Safe to interrupt: each batch
// is one upsertHeaders call, which the store commits as one transaction, so a batch is all in or all out
// and the next run simply fetches the UIDs that are still missing.
import type { FetchMessageObject, ImapFlow } from 'imapflow';
import { CodedError } from '../../../shared/contract/result.js';
import type { SyncProgress } from '../../../shared/domain/schemas.js';
import type { HeaderUpsert, MailStore } from '../store/mailStore.js';
import { envelopeToHeader } from './envelopeToHeader.js';
import { toUidSet } from './uidSet.js';

/** The part of ImapFlow that folder sync uses; a narrow type keeps the dependency visible. */
export type SyncImapClient = Pick<ImapFlow, 'getMailboxLock' | 'fetch' | 'mailbox'>;

export interface SyncFolderParams {
  readonly client: SyncImapClient;
  readonly store: MailStore;
  readonly accountId: number;
  readonly folderPath: string;
  readonly onProgress?: (p: SyncProgress) => void;
  readonly batchSize?: number;
  readonly signal?: AbortSignal;
}

export interface SyncFolderResult {
  readonly folderId: number;
  /** Messages on the server after the sync. */
  readonly total: number;
  readonly added: number;
  readonly flagsUpdated: number;
  readonly removed: number;
}

export const DEFAULT_BATCH_SIZE = 500;

const HEADER_QUERY = { uid: true, flags: true, envelope: true, size: true, bodyStructure: true, internalDate: true };

const isUnread = (flags: ReadonlySet<string>): boolean => !flags.has('\\Seen');
const isFlagged = (flags: ReadonlySet<string>): boolean => flags.has('\\Flagged');

async function fetchHeaders(client: SyncImapClient, uids: readonly number[]): Promise<HeaderUpsert[]> {
  const out: HeaderUpsert[] = [];
  const wanted = new Set(uids);
  for await (const msg of client.fetch(toUidSet(uids), HEADER_QUERY, { uid: true })) {
    // A server may answer unsolicited FETCHes for other messages; only the asked-for UIDs are stored.
    if (wanted.has(msg.uid)) out.push(envelopeToHeader(msg));
  }
  return out.sort((a, b) => b.uid - a.uid);
}

/** UID → FLAGS for every message of the open mailbox (one `UID FETCH 1:* (UID FLAGS)`). */
async function fetchServerFlags(client: SyncImapClient, exists: number): Promise<Map<number, Set<string>>> {
  const flags = new Map<number, Set<string>>();
  if (exists === 0) return flags;
  const stream: AsyncIterable<FetchMessageObject> = client.fetch('1:*', { uid: true, flags: true }, { uid: true });
  for await (const msg of stream) flags.set(msg.uid, msg.flags ?? new Set());
  return flags;
}

/** UIDs whose unread/flagged state in the store differs from the server's flags. */
function changedFlagUids(store: MailStore, folderId: number, server: ReadonlyMap<number, Set<string>>): number[] {
  const changed: number[] = [];
  const page = 500;
  for (let offset = 0; ; offset += page) {
    const { items, total } = store.listMessages(folderId, offset, page);
    for (const m of items) {
      const f = server.get(m.uid);
      if (f && (isUnread(f) !== m.unread || isFlagged(f) !== m.flagged)) changed.push(m.uid);
    }
    if (items.length === 0 || offset + items.length >= total) break;
  }
  return changed;
}

export async function syncFolder(params: SyncFolderParams): Promise<SyncFolderResult> {
  const { client, store, accountId, folderPath, signal } = params;
  const batchSize = Math.max(1, Math.floor(params.batchSize ?? DEFAULT_BATCH_SIZE));
  const emit = (done: number, total: number): void =>
    params.onProgress?.({ accountId, folderPath, phase: 'headers', done, total });

  const folder = store.findFolderByPath(accountId, folderPath);
  if (!folder) throw new CodedError('NOT_FOUND', 'The folder is not in the local folder list.');
  signal?.throwIfAborted();

  // EXAMINE, not SELECT: a read-only open guarantees sync never changes \Recent or any flag.
  const lock = await client.getMailboxLock(folderPath, { readOnly: true });
  try {
    const mailbox = client.mailbox;
    if (!mailbox) throw new CodedError('PROTOCOL', 'The folder could not be opened.');
    // Drops the folder's cache first when UIDVALIDITY changed (RFC 3501 §2.3.1.1).
    store.setUidValidity(folder.id, mailbox.uidValidity);

    const server = await fetchServerFlags(client, mailbox.exists);
    signal?.throwIfAborted();
    const known = new Set(store.listUids(folder.id));

    const gone = [...known].filter((uid) => !server.has(uid));
    if (gone.length > 0) store.removeUids(folder.id, gone);

    // Highest UID first: UIDs grow with arrival (RFC 3501 §2.3.1.1), so the newest mail shows up first
    // and an interrupted sync has stored the most recent part of the mailbox.
    const fresh = [...server.keys()].filter((uid) => !known.has(uid)).sort((a, b) => b - a);
    let done = 0;
    emit(done, fresh.length);
    for (let i = 0; i < fresh.length; i += batchSize) {
      signal?.throwIfAborted();
      const batch = fresh.slice(i, i + batchSize);
      const headers = await fetchHeaders(client, batch);
      signal?.throwIfAborted();
      store.upsertHeaders(folder.id, headers);
      done += batch.length;
      emit(done, fresh.length);
    }

    // Flags of messages we already had: the store only exposes unread/flagged, so those are compared
    // and the changed messages re-fetched whole and upserted (the store keys the upsert on the UID).
    const changed = changedFlagUids(store, folder.id, server).filter((uid) => known.has(uid));
    for (let i = 0; i < changed.length; i += batchSize) {
      signal?.throwIfAborted();
      store.upsertHeaders(folder.id, await fetchHeaders(client, changed.slice(i, i + batchSize)));
    }

    store.setFolderSyncState(folder.id, { uidNext: mailbox.uidNext });
    return { folderId: folder.id, total: server.size, added: fresh.length, flagsUpdated: changed.length, removed: gone.length };
  } finally {
    lock.release();
  }
}
