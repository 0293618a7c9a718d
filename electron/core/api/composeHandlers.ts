// The compose methods of the API contract (compose.*, drafts.*, contacts.suggest, signatures), merged into
// createHandlers with one line. Sending itself stays in sendHandlers.ts (the one gate).
import type { ApiHandlers } from '../../../shared/contract/client.js';
import { CodedError } from '../../../shared/contract/result.js';
import { isDraftsFolder } from '../../../shared/domain/folders.js';
import type { MessageSummary, MessageView } from '../../../shared/domain/schemas.js';
import type { MailStore } from '../store/mailStore.js';
import { parseOriginal, prepareCompose } from '../send/composePrepare.js';
import { draftFromMessage } from '../send/draftFromMessage.js';
import type { ContactSuggester } from '../send/contactSuggester.js';
import type { DraftService } from '../send/draftService.js';

export interface ComposeHandlerDeps {
  readonly store: MailStore;
  readonly drafts: DraftService;
  readonly contacts: ContactSuggester;
  /** Makes sure the original is downloaded and cached (the same path the reader uses). */
  openMessage(messageId: number): Promise<MessageView>;
}

type ComposeMethods =
  | 'compose.prepare'
  | 'compose.pendingMailto'
  | 'drafts.list'
  | 'drafts.get'
  | 'drafts.save'
  | 'drafts.delete'
  | 'drafts.fromOutbox'
  | 'drafts.fromMessage'
  | 'contacts.suggest'
  | 'settings.getSignature'
  | 'settings.setSignature';

const signatureKey = (accountId: number): string => `compose.signature.${accountId}`;

export function createComposeHandlers(deps: ComposeHandlerDeps): Pick<ApiHandlers, ComposeMethods> {
  const { store } = deps;
  const requireAccount = (accountId: number): void => {
    if (!store.getAccountWithSecret(accountId)) throw new CodedError('NOT_FOUND', `No account ${accountId}.`);
  };
  const storedMessage = (messageId: number): MessageSummary => {
    const stored = store.getMessage(messageId);
    if (!stored) throw new CodedError('NOT_FOUND', `No message ${messageId}.`);
    return stored;
  };
  /** The stored message parsed, downloaded first if it is not cached (the same path the reader uses). */
  const parsedOriginal = async (stored: MessageSummary) => {
    await deps.openMessage(stored.id);
    const raw = store.getRawSource(stored.id);
    if (!raw) throw new CodedError('NOT_FOUND', 'The original message could not be read.');
    return parseOriginal(raw, stored.accountId, stored.date);
  };
  return {
    'compose.prepare': async ({ mode, messageId, locale }) => {
      const accounts = store.listAccounts();
      const first = accounts[0];
      if (!first) throw new CodedError('NOT_FOUND', 'There is no account to write from.');
      const ctx = { accounts, locale: locale ?? (store.getSetting('ui.locale') === 'en' ? 'en' : 'th') } as const;
      if (mode === 'new' || messageId === undefined) return prepareCompose('new', null, ctx, first.id);
      const stored = storedMessage(messageId);
      return prepareCompose(mode, await parsedOriginal(stored), ctx, stored.accountId);
    },
    // Only the Electron main process knows how the app was launched; it answers this call itself.
    'compose.pendingMailto': () => Promise.resolve(null),
    'drafts.list': ({ accountId }) => Promise.resolve(deps.drafts.list(accountId)),
    'drafts.get': ({ id }) => Promise.resolve(deps.drafts.get(id)),
    'drafts.save': ({ id, compose, originalClassification, upload }) =>
      deps.drafts.save({ ...(id === undefined ? {} : { id }), compose, originalClassification, upload }),
    'drafts.delete': async ({ id }) => {
      await deps.drafts.delete(id);
      return null;
    },
    'drafts.fromOutbox': ({ id }) => deps.drafts.fromOutbox(id),
    'drafts.fromMessage': async ({ messageId }) => {
      const stored = storedMessage(messageId);
      const folder = store.getFolder(stored.folderId);
      // Its next save removes the server copy: only ever a message of the Drafts folder.
      if (!folder || !isDraftsFolder(folder, store.listFolders(folder.accountId))) {
        throw new CodedError('INVALID_ARGUMENT', 'Only a message in the Drafts folder can be opened as a draft.');
      }
      const uidValidity = folder.state.uidValidity;
      if (uidValidity === null) throw new CodedError('NOT_FOUND', 'The Drafts folder has not been synchronized yet.');
      const compose = draftFromMessage(await parsedOriginal(stored), folder.accountId);
      return deps.drafts.adopt(compose, { path: folder.path, uidValidity, uid: stored.uid });
    },
    'contacts.suggest': ({ prefix, limit }) => Promise.resolve(deps.contacts.suggest(prefix, limit)),
    'settings.getSignature': ({ accountId }) => {
      requireAccount(accountId);
      return Promise.resolve(store.getSetting(signatureKey(accountId)) ?? '');
    },
    'settings.setSignature': ({ accountId, signature }) => {
      requireAccount(accountId);
      store.setSetting(signatureKey(accountId), signature);
      return Promise.resolve(null);
    },
  };
}
