// The one typed API contract between the UI and the core (DESIGN.md §1). The preload, the main-process
// relay, the browser host, the worker and the renderer client are all derived from this object: no
// channel name is ever written by hand elsewhere.
import { z } from 'zod';
import {
  AccountInput,
  AccountSummary,
  AppStatus,
  Folder,
  Locale,
  MessagePage,
  MessageSummary,
  MessageView,
  SyncProgress,
} from '../domain/schemas.js';
import { PolicyCheckInput, PolicyDecision } from '../policy/types.js';
import { AuditExportArgs, AuditExportPage, AuditVerifyResult } from '../audit/auditSchemas.js';
import { EffectivePolicyView } from '../domain/machinePolicy.js';
import { AccountDiscoverArgs, AccountDiscovery, AccountRemoveArgs, AccountUpdate } from '../domain/accounts.js';
import { SearchQueryArgs, SearchResult } from '../domain/search.js';
import {
  ComposeInput,
  OutboxChanged,
  OutboxIdArgs,
  OutboxItem,
  OutboxListArgs,
  OutboxResolveArgs,
  SendPreview,
  SendSubmitArgs,
  SendSubmitResult,
} from '../domain/compose.js';
import { ActionOutcome, EmptyTrashArgs, MessageIdsArgs, MoveArgs, SetFlagsArgs } from '../domain/actions.js';
import { FolderCreateArgs, FolderDeleteArgs, FolderRenameArgs, MailNew, ThreadArgs } from '../domain/folders.js';
import {
  ChangePassphraseArgs,
  IntegrityArgs,
  IntegrityResult,
  OpenAttachmentArgs,
  OpenedAttachment,
  RecoveryReport,
} from '../domain/profile.js';
import {
  ComposeMailto,
  ComposePrepareArgs,
  ContactSuggestArgs,
  ContactSuggestion,
  Draft,
  DraftFromMessageArgs,
  DraftIdArgs,
  DraftItem,
  DraftListArgs,
  DraftSaveArgs,
  DraftsChanged,
  PreparedCompose,
  SetSignatureArgs,
  SignatureArgs,
} from '../domain/composeSupport.js';
import { AttachmentData, AttachmentDataArgs, ProfileInfo } from '../domain/attachmentData.js';

const id = z.number().int().positive();
const none = z.strictObject({});

export const methods = {
  'app.status': { args: none, result: AppStatus },
  'settings.getLocale': { args: none, result: Locale },
  'settings.setLocale': { args: z.strictObject({ locale: Locale }), result: z.null() },
  'accounts.list': { args: none, result: z.array(AccountSummary) },
  'accounts.add': { args: AccountInput, result: AccountSummary },
  'accounts.discover': { args: AccountDiscoverArgs, result: AccountDiscovery },
  'accounts.update': { args: AccountUpdate, result: AccountSummary },
  'accounts.remove': { args: AccountRemoveArgs, result: z.null() },
  'folders.list': { args: z.strictObject({ accountId: id }), result: z.array(Folder) },
  // Folder management on the server, then in the store (electron/core/api/folderHandlers.ts).
  'folders.create': { args: FolderCreateArgs, result: Folder },
  'folders.rename': { args: FolderRenameArgs, result: Folder },
  'folders.delete': { args: FolderDeleteArgs, result: z.null() },
  'messages.list': {
    args: z.strictObject({
      folderId: id,
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(500).default(100),
    }),
    result: MessagePage,
  },
  'messages.get': { args: z.strictObject({ id }), result: MessageView },
  /** The conversation a message belongs to, oldest first, across the account's folders. */
  'messages.thread': { args: ThreadArgs, result: z.array(MessageSummary) },
  // Local actions: applied to the store at once, queued for the server (electron/core/actions/).
  'messages.setFlags': { args: SetFlagsArgs, result: ActionOutcome },
  'messages.move': { args: MoveArgs, result: ActionOutcome },
  'messages.copy': { args: MoveArgs, result: ActionOutcome },
  'messages.delete': { args: MessageIdsArgs, result: ActionOutcome },
  'messages.archive': { args: MessageIdsArgs, result: ActionOutcome },
  'folders.emptyTrash': { args: EmptyTrashArgs, result: ActionOutcome },
  'sync.now': { args: z.strictObject({ accountId: id }), result: z.null() },
  'policy.check': { args: PolicyCheckInput, result: PolicyDecision },
  'policy.effective': { args: none, result: EffectivePolicyView },
  'audit.export': { args: AuditExportArgs, result: AuditExportPage },
  'audit.verify': { args: none, result: AuditVerifyResult },
  'search.query': { args: SearchQueryArgs, result: SearchResult },
  'send.preview': { args: ComposeInput, result: SendPreview },
  'send.submit': { args: SendSubmitArgs, result: SendSubmitResult },
  'outbox.list': { args: OutboxListArgs, result: z.array(OutboxItem) },
  'outbox.cancel': { args: OutboxIdArgs, result: z.null() },
  'outbox.resolve': { args: OutboxResolveArgs, result: z.null() },
  'outbox.toDraft': { args: OutboxIdArgs, result: ComposeInput },
  // Compose (docs/sending.md, electron/core/api/composeHandlers.ts): prefill, drafts, suggestions, signatures.
  'compose.prepare': { args: ComposePrepareArgs, result: PreparedCompose },
  /** A mailto: URL the app was launched with, once (Electron main answers; the core has none: null). */
  'compose.pendingMailto': { args: none, result: z.string().nullable() },
  'drafts.list': { args: DraftListArgs, result: z.array(DraftItem) },
  'drafts.get': { args: DraftIdArgs, result: Draft },
  'drafts.save': { args: DraftSaveArgs, result: DraftItem },
  'drafts.delete': { args: DraftIdArgs, result: z.null() },
  /** outbox.toDraft, landing in the drafts list (local and server). */
  'drafts.fromOutbox': { args: DraftIdArgs, result: DraftItem },
  /** A message of a Drafts folder, as a draft whose next save replaces that server copy (docs/sending.md). */
  'drafts.fromMessage': { args: DraftFromMessageArgs, result: DraftItem },
  'contacts.suggest': { args: ContactSuggestArgs, result: z.array(ContactSuggestion) },
  'settings.getSignature': { args: SignatureArgs, result: z.string() },
  'settings.setSignature': { args: SetSignatureArgs, result: z.null() },
  // The profile's lifecycle (docs/storage.md): integrity, rebuild from the server, passphrase, attachments.
  'profile.checkIntegrity': { args: IntegrityArgs, result: IntegrityResult },
  'profile.recover': { args: none, result: RecoveryReport },
  'profile.changePassphrase': { args: ChangePassphraseArgs, result: z.null() },
  'messages.openAttachment': { args: OpenAttachmentArgs, result: OpenedAttachment },
  /** The attachment's bytes for a download in the browser host (Electron opens/saves via openAttachment). */
  'messages.attachmentData': { args: AttachmentDataArgs, result: AttachmentData },
  /** How the profile's key is protected: only passphrase mode offers profile.changePassphrase. */
  'profile.info': { args: none, result: ProfileInfo },
} as const;

export const events = {
  'sync.progress': SyncProgress,
  'status.changed': AppStatus,
  /** A folder's list or counts changed; the UI refetches what it shows. */
  'mailbox.changed': z.strictObject({ accountId: id, folderId: id.nullable() }),
  'accounts.changed': none,
  /** New mail arrived in an inbox since the last sync (desktop notification). */
  'mail.new': MailNew,
  /** An outbox message changed state; the UI refetches outbox.list (and the status bar's count). */
  'outbox.changed': OutboxChanged,
  /** A draft was saved, uploaded or deleted; the drafts list refetches. */
  'drafts.changed': DraftsChanged,
  /** The OS opened a mailto: link with the app (Electron main only); compose opens with every field shown. */
  'compose.mailto': ComposeMailto,
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type EventName = keyof typeof events;

export type MethodArgs<M extends MethodName> = z.input<Methods[M]['args']>;
export type ParsedArgs<M extends MethodName> = z.output<Methods[M]['args']>;
export type MethodResult<M extends MethodName> = z.output<Methods[M]['result']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export const METHOD_NAMES = Object.keys(methods) as MethodName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

export const isMethodName = (name: unknown): name is MethodName =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(methods, name);
export const isEventName = (name: unknown): name is EventName =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
