// Domain shapes shared by every process. Zod schemas are the single source: the TypeScript types are
// inferred from them, so the validated value and the static type can never drift apart.
import { z } from 'zod';
import { Classification } from '../policy/types.js';
import { Urgency } from './markings.js';

export const Security = z.enum(['tls', 'starttls', 'plain']);
export type Security = z.infer<typeof Security>;

const host = z
  .string()
  .trim()
  .min(1, 'host is required')
  .max(253)
  .regex(/^[A-Za-z0-9.\-:[\]\u0080-\uffff]+$/u, 'host contains invalid characters');
const port = z.number().int().min(1).max(65535);

export const ServerSettings = z.strictObject({ host, port, security: Security });
export type ServerSettings = z.infer<typeof ServerSettings>;

export const Email = z.string().trim().min(3).max(320).regex(/^[^\s@]+@[^\s@]+$/u, 'not an email address');

export const AccountInput = z.strictObject({
  email: Email,
  displayName: z.string().trim().max(200).default(''),
  imap: ServerSettings,
  smtp: ServerSettings,
  user: z.string().min(1).max(320),
  password: z.string().min(1).max(1024),
});
export type AccountInput = z.input<typeof AccountInput>;
export type AccountInputParsed = z.output<typeof AccountInput>;

/** An account as shown to the UI: never carries the password. */
export const AccountSummary = z.strictObject({
  id: z.number().int(),
  email: z.string(),
  displayName: z.string(),
  imap: ServerSettings,
  smtp: ServerSettings,
  user: z.string(),
});
export type AccountSummary = z.infer<typeof AccountSummary>;

export const SpecialUse = z.enum(['inbox', 'sent', 'drafts', 'trash', 'junk', 'archive', 'all', 'flagged']);
export type SpecialUse = z.infer<typeof SpecialUse>;

export const Folder = z.strictObject({
  id: z.number().int(),
  accountId: z.number().int(),
  path: z.string(),
  name: z.string(),
  delimiter: z.string(),
  specialUse: SpecialUse.nullable(),
  total: z.number().int(),
  unread: z.number().int(),
});
export type Folder = z.infer<typeof Folder>;

export const Mailbox = z.strictObject({ name: z.string(), address: z.string() });
export type Mailbox = z.infer<typeof Mailbox>;

export const MessageSummary = z.strictObject({
  id: z.number().int(),
  accountId: z.number().int(),
  folderId: z.number().int(),
  uid: z.number().int(),
  /** Milliseconds since the epoch (UTC); the UI formats it (Buddhist Era under Thai). */
  date: z.number(),
  from: Mailbox.nullable(),
  subject: z.string(),
  unread: z.boolean(),
  flagged: z.boolean(),
  hasAttachments: z.boolean(),
  size: z.number().int(),
  cached: z.boolean(),
});
export type MessageSummary = z.infer<typeof MessageSummary>;

export const MessagePage = z.strictObject({
  total: z.number().int(),
  offset: z.number().int(),
  items: z.array(MessageSummary),
});
export type MessagePage = z.infer<typeof MessagePage>;

export const AttachmentInfo = z.strictObject({
  index: z.number().int(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  contentId: z.string().nullable(),
  inline: z.boolean(),
});
export type AttachmentInfo = z.infer<typeof AttachmentInfo>;

export const MessageView = z.strictObject({
  summary: MessageSummary,
  messageId: z.string().nullable(),
  to: z.array(Mailbox),
  cc: z.array(Mailbox),
  replyTo: z.array(Mailbox),
  /** Plain-text body, or null when the message has none. */
  text: z.string().nullable(),
  /** The HTML body exactly as received: the renderer sanitizes it before it is ever shown. */
  html: z.string().nullable(),
  attachments: z.array(AttachmentInfo),
  /** Inline (cid:) images as data: URLs, so the sandboxed frame needs no network and no file access. */
  inlineImages: z.record(z.string(), z.string()),
  /**
   * Saraban markings (docs/markings.md) from the X-Raksa-* headers or the subject prefix; null when the
   * message carries none. Optional only so older producers still validate; parseMessage always fills it.
   */
  markings: z
    .strictObject({ classification: Classification, urgency: Urgency, documentNumber: z.string().nullable() })
    .nullable()
    .optional(),
});
export type MessageView = z.infer<typeof MessageView>;

export const ConnectionState = z.enum(['online', 'syncing', 'offline']);
export type ConnectionState = z.infer<typeof ConnectionState>;

export const AppStatus = z.strictObject({
  connection: ConnectionState,
  /** Human-safe (no addresses) description of the last connection error, if any. */
  lastError: z.strictObject({ code: z.string(), message: z.string() }).nullable(),
  accounts: z.number().int(),
  /** Set while the machine policy is invalid and the strictest fallback applies; shown on every start. */
  policyProblem: z.string().nullable(),
  /** Local actions (flags, moves, deletes) applied here and still waiting to reach a server. */
  queuedActions: z.number().int().min(0),
});
export type AppStatus = z.infer<typeof AppStatus>;

export const SyncProgress = z.strictObject({
  accountId: z.number().int(),
  folderPath: z.string(),
  phase: z.enum(['folders', 'headers', 'bodies', 'done', 'error']),
  done: z.number().int(),
  total: z.number().int(),
});
export type SyncProgress = z.infer<typeof SyncProgress>;

export const Locale = z.enum(['th', 'en']);
export type Locale = z.infer<typeof Locale>;
