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
  MessageView,
  SyncProgress,
} from '../domain/schemas.js';
import { PolicyCheckInput, PolicyDecision } from '../policy/types.js';

const id = z.number().int().positive();
const none = z.strictObject({});

export const methods = {
  'app.status': { args: none, result: AppStatus },
  'settings.getLocale': { args: none, result: Locale },
  'settings.setLocale': { args: z.strictObject({ locale: Locale }), result: z.null() },
  'accounts.list': { args: none, result: z.array(AccountSummary) },
  'accounts.add': { args: AccountInput, result: AccountSummary },
  'folders.list': { args: z.strictObject({ accountId: id }), result: z.array(Folder) },
  'messages.list': {
    args: z.strictObject({
      folderId: id,
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(500).default(100),
    }),
    result: MessagePage,
  },
  'messages.get': { args: z.strictObject({ id }), result: MessageView },
  'sync.now': { args: z.strictObject({ accountId: id }), result: z.null() },
  'policy.check': { args: PolicyCheckInput, result: PolicyDecision },
} as const;

export const events = {
  'sync.progress': SyncProgress,
  'status.changed': AppStatus,
  /** A folder's list or counts changed; the UI refetches what it shows. */
  'mailbox.changed': z.strictObject({ accountId: id, folderId: id.nullable() }),
  'accounts.changed': none,
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
