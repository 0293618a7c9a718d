// Account sync: the folder list, then the headers of every selectable folder (INBOX first), then — when
// an offline cache is configured — the bodies inside the offline window, newest first, indexed for search
// (cacheBodies.ts). Progress goes out as SyncProgress events: `folders` first, `headers` per committed
// batch, `bodies` per cached batch, `done` last; a failure is thrown as a CodedError. When this returns,
// everything inside the window is cached and searchable (what `raksa sync --once` promises).
import type { ImapFlow, ListResponse } from 'imapflow';
import type { SyncProgress } from '../../../shared/domain/schemas.js';
import { closeImap, connectImap } from '../imap/connectImap.js';
import type { ImapConnectOptions } from '../imap/imapOptions.js';
import { mapImapError } from '../imap/mapImapError.js';
import type { DocParser } from '../search/docParser.js';
import type { OfflineCachePolicy, SearchIndex } from '../search/searchIndex.js';
import type { AccountWithSecret, FolderUpsert, MailStore } from '../store/mailStore.js';
import type { BodyWriter } from './bodyWriter.js';
import { cacheBodies, indexCachedBodies } from './cacheBodies.js';
import { isSynced, toFolderUpserts } from './folderUpserts.js';
import { syncFolder, type SyncFolderParams, type SyncFolderResult } from './syncFolder.js';

/** Up to this many new messages get header-only search documents before their bodies are downloaded. */
export const HEADER_DOCS_FIRST_MAX = 1000;

export interface OfflineCacheParams {
  readonly index: SearchIndex;
  readonly policy: OfflineCachePolicy;
  /** Injected for tests; defaults to Date.now. */
  readonly now?: () => number;
  readonly batchMessages?: number;
  /** Where bodies are parsed for the index (the core's DocWorkerPool); default: the sync's own thread. */
  readonly parser?: DocParser;
  /** Where body batches are committed (the core's ThreadedSyncWriter); default: the sync's own connection. */
  readonly writer?: BodyWriter;
}

export interface SyncAccountParams {
  readonly store: MailStore;
  readonly account: AccountWithSecret;
  readonly imapOpts?: ImapConnectOptions;
  readonly onProgress?: (p: SyncProgress) => void;
  readonly batchSize?: number;
  readonly signal?: AbortSignal;
  /** Only these folders' headers (and bodies); default: every selectable folder, INBOX first. */
  readonly folders?: readonly string[];
  /** Bodies and the search index; without it only headers are synced. */
  readonly offline?: OfflineCacheParams;
  /** Injected for tests; defaults to connectImap. */
  readonly connect?: (account: AccountWithSecret, opts: ImapConnectOptions) => Promise<ImapFlow>;
  /** The fast write path (SqliteSyncWriter: one statement set, threads, flag-only updates); default: via `store`. */
  readonly writer?: SyncFolderParams['writer'];
  /** Ignore CONDSTORE/QRESYNC (the RFC 4549 path). */
  readonly forceFallback?: boolean;
  /** Each folder's outcome, after its headers are committed (new mail, counts). */
  readonly onFolderSynced?: (folderPath: string, result: SyncFolderResult) => void;
}

/**
 * Folders to sync: those that can be opened (RFC 3501 \Noselect and RFC 5258 \NonExistent cannot) and that
 * the user subscribed to, plus INBOX and the role folders (isSynced); INBOX first.
 */
export function selectableFolders(list: readonly ListResponse[], folders: readonly FolderUpsert[]): string[] {
  const unselectable = new Set(
    list.filter((e) => e.flags.has('\\Noselect') || e.flags.has('\\NonExistent')).map((e) => e.path),
  );
  return folders
    .filter((f) => !unselectable.has(f.path) && isSynced(f))
    .sort((a, b) => Number(b.specialUse === 'inbox') - Number(a.specialUse === 'inbox'))
    .map((f) => f.path);
}

export async function syncAccount(params: SyncAccountParams): Promise<void> {
  const { store, account, signal } = params;
  const emit = (p: Omit<SyncProgress, 'accountId'>): void => params.onProgress?.({ accountId: account.id, ...p });
  const connect = params.connect ?? connectImap;

  signal?.throwIfAborted();
  emit({ folderPath: '', phase: 'folders', done: 0, total: 0 });
  let client: ImapFlow | undefined;
  // Closing the socket on abort stops an in-flight FETCH; its batch was not committed, so nothing is half-written.
  const onAbort = (): void => client?.close();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    client = await connect(account, params.imapOpts ?? {});
    const list = await client.list();
    const folders = toFolderUpserts(list);
    store.replaceFolders(account.id, folders);
    emit({ folderPath: '', phase: 'folders', done: folders.length, total: folders.length });

    const selectable = selectableFolders(list, folders);
    const wanted = params.folders
      ? selectable.filter((path) =>
          params.folders?.some((w) => w === path || (w.toUpperCase() === 'INBOX' && path.toUpperCase() === 'INBOX')),
        )
      : selectable;
    let added = 0;
    for (const path of wanted) {
      const result = await syncFolder({
        client,
        store,
        ...(params.writer ? { writer: params.writer } : {}),
        accountId: account.id,
        folderPath: path,
        onProgress: params.onProgress,
        // Unset: batches grow from DEFAULT_BATCH_SIZE to MAX_BATCH_SIZE (syncFolder.ts); set: fixed batches.
        ...(params.batchSize ? { batchSize: params.batchSize } : {}),
        signal,
        ...(params.forceFallback ? { forceFallback: true } : {}),
      });
      added += result.added;
      params.onFolderSynced?.(path, result);
    }

    const offline = params.offline;
    if (offline) {
      // A few new messages are searchable by their headers at once. A large first sync skips that step: the
      // body phase writes their full documents anyway, and writing every message into both FTS5 indexes
      // twice (header document, then body document) doubled the index work. What the body phase does not
      // cache (outside the offline window, over the size cap) gets its header document right after it.
      if (added <= HEADER_DOCS_FIRST_MAX) offline.index.indexNewHeaders();
      await cacheBodies({
        client,
        store,
        index: offline.index,
        accountId: account.id,
        folders: wanted,
        policy: offline.policy,
        now: (offline.now ?? Date.now)(),
        onProgress: params.onProgress,
        signal,
        ...(offline.batchMessages ? { batchMessages: offline.batchMessages } : {}),
        ...(offline.parser ? { parser: offline.parser } : {}),
        ...(offline.writer ? { writer: offline.writer } : {}),
      });
      await indexCachedBodies(store, offline.index, account.id, signal, offline.parser);
      offline.index.indexNewHeaders();
    }
    emit({ folderPath: '', phase: 'done', done: wanted.length, total: wanted.length });
  } catch (e) {
    // The caller (SyncService) reports the failure, phase 'error', with the mapped code.
    throw signal?.aborted ? mapImapError(signal.reason ?? e) : mapImapError(e);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (client) await closeImap(client);
  }
}
