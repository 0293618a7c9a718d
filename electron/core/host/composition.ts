// The core's one composition root: everything the worker runs is built and wired here, by hand, so each
// piece receives what it needs through its constructor and tests can build the same graph with fakes.
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import type { ApiHandlers, EventSink } from '../../../shared/contract/client.js';
import type { AccountInputParsed } from '../../../shared/domain/schemas.js';
import { CodedError } from '../../../shared/contract/result.js';
import { DEFAULT_POLICY, evaluateRecipients, isMailServerAllowed, type Policy } from '../../../shared/policy/index.js';
import { checkAccountServers } from '../accounts/checkAccountServers.js';
import { defaultDiscoveryDeps } from '../autoconfig/defaultDiscoveryDeps.js';
import { discoverAccount } from '../autoconfig/discoverAccount.js';
import { createHandlers } from '../api/handlers.js';
import { StatusTracker } from '../api/statusTracker.js';
import { SyncService, type WatcherHooks } from '../api/syncService.js';
import { verifyAccount } from '../imap/verifyAccount.js';
import { connectImap } from '../imap/connectImap.js';
import { ActionService } from '../actions/actionService.js';
import { fetchAndCacheMessage } from '../mime/fetchAndCacheMessage.js';
import { syncAccount } from '../sync/syncAccount.js';
import { AccountWatcher } from '../sync/accountWatcher.js';
import { FolderManager } from '../sync/folderManager.js';
import { connectIdleImap } from '../imap/connectIdleImap.js';
import { ThreadedSyncWriter, syncWriterScript } from '../store/threadedSyncWriter.js';
import { ThreadQuery } from '../store/threadQuery.js';
import { renameFolderPaths } from '../store/renameFolderPaths.js';
import { MessageSearch } from '../search/messageSearch.js';
import { SearchIndex } from '../search/searchIndex.js';
import { DocWorkerPool, docWorkerScript } from '../search/docWorkerPool.js';
import { openProfileDatabase } from '../store/openProfileDatabase.js';
import { AttachmentTempDir } from '../attachments/attachmentTempDir.js';
import type { RecoveryReport } from '../../../shared/domain/profile.js';
import { migrate } from '../store/migrate.js';
import { SqliteMailStore } from '../store/sqliteMailStore.js';
import type { Logger } from '../log/logger.js';
import type { CoreWorkerData } from './workerProtocol.js';
import { AuditLog } from '../audit/auditLog.js';
import { recordPolicyChange } from '../audit/recordPolicyChange.js';
import { recordPendingRecoveries } from '../audit/recordRecovery.js';
import { builtInMachinePolicy, effectivePolicyView, policyChangeFacts } from '../policy/effectivePolicy.js';
import { createSending } from '../send/createSending.js';
import { createComposing } from '../send/createComposing.js';

export interface Core {
  readonly handlers: ApiHandlers;
  close(): Promise<void>;
}

export const DATABASE_FILE = 'raksa.db';

/** What only the worker can provide: replacing the running core (profile.recover). */
export interface CoreHooks {
  readonly recoverProfile?: () => Promise<RecoveryReport>;
}

export function createCore(
  config: CoreWorkerData,
  emit: EventSink,
  log: Logger,
  fallbackPolicy: Policy = DEFAULT_POLICY,
  hooks: CoreHooks = {},
): Core {
  mkdirSync(config.profileDir, { recursive: true, mode: 0o700 });
  // Quick-checked when the last session was killed; a damaged database is refused (docs/storage.md).
  const database = openProfileDatabase(config.profileDir, config.databaseKey, DATABASE_FILE);
  const db = database.db;
  // Decrypted attachment copies live only in a private temp folder; sweep what a crashed run left.
  AttachmentTempDir.sweep();
  const attachmentTemp = new AttachmentTempDir();
  migrate(db);
  const store = new SqliteMailStore(db);
  // The parent read the machine policy (startCore); the worker never looks for it itself.
  const effectivePolicy = effectivePolicyView(config.machinePolicy ?? builtInMachinePolicy(fallbackPolicy));
  const policy = effectivePolicy.policy;
  const audit = new AuditLog(db);
  // A rebuild of this database (recoverProfile) is recorded in it first, then the policy it opens under.
  recordPendingRecoveries(audit, config.profileDir, effectivePolicy.hash);
  recordPolicyChange(audit, policyChangeFacts(effectivePolicy));
  // IT's CAs from the policy (caCertificates) extend whatever the host passed in (e.g. --ca-file).
  const imapOpts = { trustedCaPem: [...config.trustedCaPem, ...policy.caCertificates] };

  // Search index and offline body cache (docs/search.md): same connection, so a batch and its index commit together.
  const searchIndex = new SearchIndex(db);
  // Bodies are MIME-parsed for the index on another core while this thread writes (docWorkerPool.ts); the
  // threads start with the first body sync and live as long as the core.
  const docParser = new DocWorkerPool({ script: docWorkerScript(config.docWorkerPath), log });
  const messageSearch = new MessageSearch(db);

  const status = new StatusTracker(
    () => store.listAccounts().length,
    (s) => emit('status.changed', s),
    effectivePolicy.problem,
  );
  // Local actions apply at once and replay from a queue in the database (electron/core/actions/).
  const actions = new ActionService({
    db,
    store,
    log,
    connect: (account) => connectImap(account, imapOpts),
    mailboxChanged: (accountId) => emit('mailbox.changed', { accountId, folderId: null }),
    queueChanged: (count) => status.setQueuedActions(count),
    serverReached: (error) => status.serverReached(error),
  });
  // The sync write path (one transaction per batch, threads) and push (docs/sync.md). Header and body batches
  // are committed by a writer thread on its own connection while this thread fetches and parses the next
  // batch (threadedSyncWriter.ts); it falls back to this connection when the thread cannot start.
  const syncWriter = new ThreadedSyncWriter({
    db,
    file: path.join(config.profileDir, DATABASE_FILE),
    key: config.databaseKey,
    script: syncWriterScript(config.syncWriterPath),
    log,
  });
  const sync = new SyncService({
    getAccount: (id) => store.getAccountWithSecret(id),
    run: (account, onProgress, opts) =>
      actions.runSync(account.id, () =>
      syncAccount({
        store: actions.syncStore,
        writer: syncWriter,
        account,
        imapOpts,
        onProgress,
        signal: opts.signal,
        onFolderSynced: opts.onFolderSynced,
        ...(opts.folders ? { folders: opts.folders } : {}),
        offline: {
          index: searchIndex,
          parser: docParser,
          writer: syncWriter,
          policy: {
            windowDays: policy.offlineWindowDays ?? null,
            maxMessageBytes: policy.offlineAttachmentMaxBytes ?? null,
          },
        },
      })),
    status,
    onProgress: (p) => emit('sync.progress', p),
    onFolderChanged: (accountId, folderId) => emit('mailbox.changed', { accountId, folderId }),
    onNewMail: (e) => emit('mail.new', e),
    store,
    ...(config.push
      ? {
          createWatcher: (accountId: number, hooks: WatcherHooks) =>
            new AccountWatcher({
              ...hooks,
              connect: () => {
                const account = store.getAccountWithSecret(accountId);
                if (!account) return Promise.reject(new CodedError('NOT_FOUND', `No account ${accountId}.`));
                return connectIdleImap(account, imapOpts);
              },
            }),
        }
      : {}),
  });
  const folderManager = new FolderManager({
    store,
    connect: (account) => connectImap(account, imapOpts),
    renameLocal: (accountId, oldPath, newPath, delimiter) => renameFolderPaths(db, accountId, oldPath, newPath, delimiter),
    changed: (accountId) => emit('mailbox.changed', { accountId, folderId: null }),
  });

  // Compose (docs/sending.md): drafts (local + server Drafts), address suggestions, the original's class.
  const composing = createComposing({ db, store, imapOpts, emit, outboxToDraft: (id) => sending.outboxRunner.toDraft(id) });
  // Sending (docs/sending.md): the one send gate under this same `policy`, the outbox and its runner.
  const sending = createSending({
    db,
    store,
    policy,
    policyHash: effectivePolicy.hash,
    audit,
    trustedCaPem: imapOpts.trustedCaPem,
    emit,
    log,
    originalClassification: (input) => composing.originalClassification(input),
  });

  const checkServersAllowed = (account: Pick<AccountInputParsed, 'imap' | 'smtp'>) =>
    checkAccountServers(policy, account);

  const handlers = createHandlers({
    store,
    status,
    emit,
    checkServersAllowed,
    audit,
    effectivePolicy,
    discoverAccount: (email) =>
      discoverAccount(
        email,
        defaultDiscoveryDeps({
          trustedCaPem: imapOpts.trustedCaPem,
          isServerAllowed: (host) => isMailServerAllowed(policy, host),
        }),
      ),
    // An edit or removal stops that account's sync and push only (SyncService.stopAccount).
    releaseAccount: (accountId) => sync.stopAccount(accountId),
    verifyAccount: (account) => verifyAccount(account, imapOpts),
    syncAccount: (accountId) => sync.sync(accountId),
    openMessage: async (messageId) => {
      const message = store.getMessage(messageId);
      if (!message) throw new CodedError('NOT_FOUND', `No message ${messageId}.`);
      const account = store.getAccountWithSecret(message.accountId);
      if (!account) throw new CodedError('NOT_FOUND', `No account for message ${messageId}.`);
      return fetchAndCacheMessage({ store, account, imapOpts, messageId });
    },
    evaluatePolicy: (input) => evaluateRecipients(policy, input),
    searchMessages: (request) => messageSearch.search(request),
    actions,
    folders: folderManager,
    threads: new ThreadQuery(db),
    ...sending,
    drafts: composing.drafts,
    contacts: composing.contacts,
    profileDir: config.profileDir,
    attachmentTemp,
    checkIntegrity: (kind) => database.checkIntegrity(kind),
    ...(hooks.recoverProfile ? { recoverProfile: hooks.recoverProfile } : {}),
  });
  actions.start();
  sending.start().catch((e: unknown) => log.error('outbox start failed', { error: e instanceof Error ? e.name : typeof e }));

  return {
    handlers,
    async close() {
      await actions.close();
      await sending.close();
      await composing.close();
      await sync.close();
      await syncWriter.close();
      await docParser.close();
      attachmentTemp.close();
      database.close();
      log.info('core closed');
    },
  };
}

export type { EventSink };
