// Builds the compose side of the core (drafts, address suggestions, the original-class lookup the send
// gate uses) for the composition root, so that file only gains a few lines.
import type { EventSink } from '../../../shared/contract/client.js';
import type { ComposeInputParsed } from '../../../shared/domain/compose.js';
import type { Classification } from '../../../shared/policy/types.js';
import type { ImapConnectOptions } from '../imap/imapOptions.js';
import type { MailStore } from '../store/mailStore.js';
import type { SqliteDatabase } from '../store/openDatabase.js';
import { ContactSuggester } from './contactSuggester.js';
import { DraftService } from './draftService.js';
import { ImapDraftServer, type DraftServer } from './draftServer.js';
import { DraftStore } from './draftStore.js';
import { OriginalClassificationLookup } from './originalClassification.js';

export interface ComposingOptions {
  readonly db: SqliteDatabase;
  readonly store: Pick<MailStore, 'getAccountWithSecret'>;
  readonly imapOpts: ImapConnectOptions;
  readonly emit: EventSink;
  /** Late-bound: the outbox runner is built after this. */
  outboxToDraft(outboxId: number): ComposeInputParsed;
  readonly server?: DraftServer;
  readonly now?: () => number;
}

export interface Composing {
  readonly drafts: DraftService;
  readonly contacts: ContactSuggester;
  originalClassification(input: ComposeInputParsed): Classification | null;
  close(): Promise<void>;
}

export function createComposing(o: ComposingOptions): Composing {
  const lookup = new OriginalClassificationLookup(o.db);
  const drafts = new DraftService({
    store: new DraftStore(o.db, o.now),
    server: o.server ?? new ImapDraftServer(o.imapOpts),
    getAccount: (id) => o.store.getAccountWithSecret(id),
    changed: (accountId) => o.emit('drafts.changed', { accountId }),
    outboxToDraft: (id) => o.outboxToDraft(id),
    ...(o.now ? { now: o.now } : {}),
  });
  return {
    drafts,
    contacts: new ContactSuggester(o.db),
    originalClassification: (input) => lookup.find(input.inReplyTo, input.references),
    close: () => drafts.idle(),
  };
}
