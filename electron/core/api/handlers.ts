// The core's implementation of the API contract. Each handler receives arguments the contract already
// validated; everything it needs arrives through CoreDeps (built by the composition root).
import type { ApiHandlers, EventSink } from '../../../shared/contract/client.js';
import { CodedError } from '../../../shared/contract/result.js';
import type { AccountInputParsed, MessageView } from '../../../shared/domain/schemas.js';
import type { PolicyDecision, PolicyCheckInput } from '../../../shared/policy/types.js';
import type { AccountWithSecret, MailStore } from '../store/mailStore.js';
import type { StatusTracker } from './statusTracker.js';
import { createSearchHandlers, type SearchDeps } from './searchHandlers.js';
import { createAccountHandlers, type AccountHandlerDeps } from '../accounts/accountHandlers.js';
import { createAuditHandlers, type AuditHandlerDeps } from '../audit/auditHandlers.js';
import { createActionHandlers, type ActionHandlerDeps } from './actionHandlers.js';
import { createSendHandlers, type SendHandlerDeps } from './sendHandlers.js';
import { createComposeHandlers, type ComposeHandlerDeps } from './composeHandlers.js';
import { createFolderHandlers, type FolderHandlerDeps } from './folderHandlers.js';
import { createProfileHandlers, type ProfileHandlerDeps } from './profileHandlers.js';
import { createAttachmentDataHandlers } from './attachmentDataHandlers.js';

export interface CoreDeps extends AccountHandlerDeps, AuditHandlerDeps, SearchDeps, ActionHandlerDeps, SendHandlerDeps, ProfileHandlerDeps, FolderHandlerDeps, ComposeHandlerDeps {
  readonly store: MailStore;
  readonly status: StatusTracker;
  readonly emit: EventSink;
  /** Connects and logs in; throws a CodedError (AUTH_FAILED, TLS_CERT_INVALID, …) when it cannot. */
  verifyAccount(account: AccountWithSecret): Promise<void>;
  /** Checks an account's servers against the machine policy; throws SERVER_NOT_ALLOWED. */
  checkServersAllowed(account: Pick<AccountInputParsed, 'imap' | 'smtp'>): void;
  syncAccount(accountId: number): Promise<void>;
  openMessage(messageId: number): Promise<MessageView>;
  evaluatePolicy(input: PolicyCheckInput): PolicyDecision;
}

const LOCALE_KEY = 'ui.locale';

export function createHandlers(deps: CoreDeps): ApiHandlers {
  const { store } = deps;
  const requireAccount = (accountId: number) => {
    const account = store.getAccountWithSecret(accountId);
    if (!account) throw new CodedError('NOT_FOUND', `No account ${accountId}.`);
    return account;
  };

  return {
    'app.status': () => Promise.resolve(deps.status.snapshot()),

    'settings.getLocale': () => Promise.resolve(store.getSetting(LOCALE_KEY) === 'en' ? 'en' : 'th'),

    'settings.setLocale': ({ locale }) => {
      store.setSetting(LOCALE_KEY, locale);
      return Promise.resolve(null);
    },

    'accounts.list': () => Promise.resolve(store.listAccounts()),

    // accounts.add/discover/update/remove, each audited (electron/core/accounts/accountHandlers.ts).
    ...createAccountHandlers(deps),

    ...createAuditHandlers(deps),

    ...createSendHandlers(deps),

    ...createComposeHandlers(deps),

    ...createActionHandlers(deps),

    ...createFolderHandlers(deps),

    'folders.list': ({ accountId }) => {
      requireAccount(accountId);
      return Promise.resolve(store.listFolders(accountId));
    },

    'messages.list': ({ folderId, offset, limit }) => {
      if (!store.getFolder(folderId)) throw new CodedError('NOT_FOUND', `No folder ${folderId}.`);
      return Promise.resolve(store.listMessages(folderId, offset, limit));
    },

    'messages.get': ({ id }) => deps.openMessage(id),

    'sync.now': async ({ accountId }) => {
      requireAccount(accountId);
      await deps.syncAccount(accountId);
      return null;
    },

    'policy.check': (input) => Promise.resolve(deps.evaluatePolicy(input)),

    ...createSearchHandlers(deps),

    ...createProfileHandlers(deps),
    ...createAttachmentDataHandlers(deps),
  };
}
