// The core's one composition root: everything the worker runs is built and wired here, by hand, so each
// piece receives what it needs through its constructor and tests can build the same graph with fakes.
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import type { ApiHandlers, EventSink } from '../../../shared/contract/client.js';
import type { AccountInputParsed } from '../../../shared/domain/schemas.js';
import { CodedError } from '../../../shared/contract/result.js';
import { DEFAULT_POLICY, evaluateRecipients, isMailServerAllowed } from '../../../shared/policy/index.js';
import { createHandlers } from '../api/handlers.js';
import { StatusTracker } from '../api/statusTracker.js';
import { SyncService } from '../api/syncService.js';
import { verifyAccount } from '../imap/verifyAccount.js';
import { fetchAndCacheMessage } from '../mime/fetchAndCacheMessage.js';
import { syncAccount } from '../sync/syncAccount.js';
import { closeDatabase, openDatabase } from '../store/openDatabase.js';
import { migrate } from '../store/migrate.js';
import { SqliteMailStore } from '../store/sqliteMailStore.js';
import type { Logger } from '../log/logger.js';
import type { CoreWorkerData } from './workerProtocol.js';

export interface Core {
  readonly handlers: ApiHandlers;
  close(): Promise<void>;
}

export const DATABASE_FILE = 'raksa.db';

export function createCore(config: CoreWorkerData, emit: EventSink, log: Logger): Core {
  mkdirSync(config.profileDir, { recursive: true, mode: 0o700 });
  const db = openDatabase(path.join(config.profileDir, DATABASE_FILE), config.databaseKey);
  migrate(db);
  const store = new SqliteMailStore(db);
  const policy = DEFAULT_POLICY;
  const imapOpts = { trustedCaPem: [...config.trustedCaPem] };

  const status = new StatusTracker(
    () => store.listAccounts().length,
    (s) => emit('status.changed', s),
  );
  const sync = new SyncService({
    getAccount: (id) => store.getAccountWithSecret(id),
    run: (account, onProgress) => syncAccount({ store, account, imapOpts, onProgress }),
    status,
    onProgress: (p) => emit('sync.progress', p),
    onFolderChanged: (accountId) => emit('mailbox.changed', { accountId, folderId: null }),
  });

  const checkServersAllowed = (account: AccountInputParsed) => {
    for (const host of [account.imap.host, account.smtp.host]) {
      if (!isMailServerAllowed(policy, host)) {
        throw new CodedError('SERVER_NOT_ALLOWED', `The server ${host} is not allowed by your agency's policy.`);
      }
    }
  };

  const handlers = createHandlers({
    store,
    status,
    emit,
    checkServersAllowed,
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
  });

  return {
    handlers,
    async close() {
      await sync.idle();
      closeDatabase(db);
      log.info('core closed');
    },
  };
}

export type { EventSink };
