// Account sync, first slice: the folder list, then INBOX headers. Progress goes out as SyncProgress
// events: `folders` first, `headers` per committed batch, `done` last;
// a failure is thrown as a CodedError.
import type { ImapFlow } from 'imapflow';
import type { SyncProgress } from '../../../shared/domain/schemas.js';
import { closeImap, connectImap } from '../imap/connectImap.js';
import type { ImapConnectOptions } from '../imap/imapOptions.js';
import { mapImapError } from '../imap/mapImapError.js';
import type { AccountWithSecret, MailStore } from '../store/mailStore.js';
import { toFolderUpserts } from './folderUpserts.js';
import { DEFAULT_BATCH_SIZE, syncFolder } from './syncFolder.js';

export interface SyncAccountParams {
  readonly store: MailStore;
  readonly account: AccountWithSecret;
  readonly imapOpts?: ImapConnectOptions;
  readonly onProgress?: (p: SyncProgress) => void;
  readonly batchSize?: number;
  readonly signal?: AbortSignal;
  /** Folders whose headers are synced after the folder list; INBOX in the first slice. */
  readonly folders?: readonly string[];
  /** Injected for tests; defaults to connectImap. */
  readonly connect?: (account: AccountWithSecret, opts: ImapConnectOptions) => Promise<ImapFlow>;
}

export async function syncAccount(params: SyncAccountParams): Promise<void> {
  const { store, account, signal } = params;
  const emit = (p: Omit<SyncProgress, 'accountId'>): void => params.onProgress?.({ accountId: account.id, ...p });
  const connect = params.connect ?? connectImap;
  const wanted = params.folders ?? ['INBOX'];

  signal?.throwIfAborted();
  emit({ folderPath: '', phase: 'folders', done: 0, total: 0 });
  let client: ImapFlow | undefined;
  // Closing the socket on abort stops an in-flight FETCH; its batch was not committed, so nothing is half-written.
  const onAbort = (): void => client?.close();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    client = await connect(account, params.imapOpts ?? {});
    const folders = toFolderUpserts(await client.list());
    store.replaceFolders(account.id, folders);
    emit({ folderPath: '', phase: 'folders', done: folders.length, total: folders.length });

    let synced = 0;
    for (const path of wanted) {
      const folder = folders.find((f) => f.path === path || (path.toUpperCase() === 'INBOX' && f.specialUse === 'inbox'));
      if (!folder) continue;
      await syncFolder({
        client,
        store,
        accountId: account.id,
        folderPath: folder.path,
        onProgress: params.onProgress,
        batchSize: params.batchSize ?? DEFAULT_BATCH_SIZE,
        signal,
      });
      synced++;
    }
    emit({ folderPath: '', phase: 'done', done: synced, total: synced });
  } catch (e) {
    // The caller (SyncService) reports the failure, phase 'error', with the mapped code.
    throw signal?.aborted ? mapImapError(signal.reason ?? e) : mapImapError(e);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (client) await closeImap(client);
  }
}
