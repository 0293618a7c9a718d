// IPC channel names for the Electron relay and the preload, derived from contract names so nobody types
// a channel by hand. The preload is bundled into one small sandboxed file and must not pull in zod and
// every schema (~450 KB) just to know the names, so the name lists are repeated here and the compiler
// proves they match api.ts exactly: adding a method there without adding it here fails `tsc -b shared`.
import type { EventName, MethodName } from './api.js';

/** Accepts the list only if it names every member of `All` (and, by its element type, nothing else). */
const listsEvery =
  <All extends string>() =>
  <const L extends readonly All[]>(
    list: L &
      ([Exclude<All, L[number]>] extends [never] ? unknown : { readonly missing: Exclude<All, L[number]> }),
  ): L =>
    list;

export const CONTRACT_METHOD_NAMES = listsEvery<MethodName>()([
  'app.status',
  'settings.getLocale',
  'settings.setLocale',
  'accounts.list',
  'accounts.add',
  'accounts.discover',
  'accounts.update',
  'accounts.remove',
  'folders.list',
  'folders.create',
  'folders.rename',
  'folders.delete',
  'messages.list',
  'messages.get',
  'messages.thread',
  'messages.setFlags',
  'messages.move',
  'messages.copy',
  'messages.delete',
  'messages.archive',
  'folders.emptyTrash',
  'sync.now',
  'policy.check',
  'search.query',
  'policy.effective',
  'audit.export',
  'audit.verify',
  'send.preview',
  'send.submit',
  'outbox.list',
  'outbox.cancel',
  'outbox.resolve',
  'outbox.toDraft',
  'compose.prepare',
  'compose.pendingMailto',
  'drafts.list',
  'drafts.get',
  'drafts.save',
  'drafts.delete',
  'drafts.fromOutbox',
  'drafts.fromMessage',
  'contacts.suggest',
  'settings.getSignature',
  'settings.setSignature',
  'profile.checkIntegrity',
  'profile.recover',
  'profile.changePassphrase',
  'messages.openAttachment',
  'messages.attachmentData',
  'profile.info',
]);

export const CONTRACT_EVENT_NAMES = listsEvery<EventName>()([
  'sync.progress',
  'status.changed',
  'mailbox.changed',
  'accounts.changed',
  'mail.new',
  'outbox.changed',
  'drafts.changed',
  'compose.mailto',
]);

const methodSet: ReadonlySet<string> = new Set(CONTRACT_METHOD_NAMES);
const eventSet: ReadonlySet<string> = new Set(CONTRACT_EVENT_NAMES);

export const isContractMethod = (name: unknown): name is MethodName =>
  typeof name === 'string' && methodSet.has(name);
export const isContractEvent = (name: unknown): name is EventName =>
  typeof name === 'string' && eventSet.has(name);

/** renderer → main, `ipcRenderer.invoke` / `ipcMain.handle`: one channel per method. */
export const channelFor = (method: MethodName): string => `raksa:call:${method}`;
/** main → renderer, `webContents.send` / `ipcRenderer.on`: one channel per event. */
export const eventChannelFor = (event: EventName): string => `raksa:event:${event}`;
