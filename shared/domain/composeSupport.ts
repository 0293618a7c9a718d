// What compose needs from the core besides sending (issue 5 §1): a prefilled message for reply/forward
// (compose.prepare), drafts kept locally and on the server, address suggestions, signatures. The schemas
// validate the API; docs/sending.md and docs/ui.md describe the flow.
import { z } from 'zod';
import { Classification } from '../policy/types.js';
import { ComposeInput, OutboxError } from './compose.js';
import { Urgency } from './markings.js';

const id = z.number().int().positive();

export const COMPOSE_MODES = ['new', 'reply', 'replyAll', 'forward', 'forwardAttachment'] as const;
export const ComposeMode = z.enum(COMPOSE_MODES);
export type ComposeMode = z.infer<typeof ComposeMode>;

export const ComposePrepareArgs = z
  .strictObject({
    mode: ComposeMode,
    /** The store id of the message replied to or forwarded (required for every mode but `new`). */
    messageId: id.optional(),
    /** The language of the quote header ("On …, … wrote:"); default: the UI's saved language. */
    locale: z.enum(['th', 'en']).optional(),
  })
  .refine((a) => a.mode === 'new' || a.messageId !== undefined, { message: 'messageId is required', path: ['messageId'] });
export type ComposePrepareArgs = z.input<typeof ComposePrepareArgs>;

export const PreparedCompose = z.strictObject({
  compose: ComposeInput,
  /**
   * The secrecy class of the original (header or subject marking), or null for a new message. Compose must
   * not go below it without a written reason (send.submit `downgradeJustification`).
   */
  originalClassification: Classification.nullable(),
});
export type PreparedCompose = z.output<typeof PreparedCompose>;

/** A draft as the drafts list shows it. */
export const DraftItem = z.strictObject({
  id,
  accountId: id,
  subject: z.string(),
  to: z.array(z.string()),
  classification: Classification,
  urgency: Urgency,
  attachments: z.number().int(),
  createdAt: z.number(),
  updatedAt: z.number(),
  /** The current version is in the server's Drafts folder. */
  onServer: z.boolean(),
  /** Why the last upload to the server failed (offline, …); the local copy is safe either way. */
  serverError: OutboxError.nullable(),
});
export type DraftItem = z.infer<typeof DraftItem>;

export const Draft = z.strictObject({
  item: DraftItem,
  compose: ComposeInput,
  originalClassification: Classification.nullable(),
});
export type Draft = z.output<typeof Draft>;

export const DraftSaveArgs = z.strictObject({
  /** Absent for a new draft; the id drafts.save returned for every later save of the same draft. */
  id: id.optional(),
  compose: ComposeInput,
  originalClassification: Classification.nullable().default(null),
  /** false: keep it on this device only for now (default true: also replace the server's copy). */
  upload: z.boolean().default(true),
});
export type DraftSaveArgs = z.input<typeof DraftSaveArgs>;

export const DraftListArgs = z.strictObject({ accountId: id.optional() });
/** A stored message in an account's Drafts folder (made here or by another mail client), opened as a draft. */
export const DraftFromMessageArgs = z.strictObject({ messageId: id });
export const DraftIdArgs = z.strictObject({ id });

export const DraftsChanged = z.strictObject({ accountId: id });

export const ContactSuggestArgs = z.strictObject({
  prefix: z.string().trim().min(1).max(200),
  limit: z.number().int().min(1).max(50).default(8),
});

export const ContactSuggestion = z.strictObject({
  name: z.string(),
  address: z.string(),
  /** How often the address was seen (from, to, cc) or written to; the list is ordered by it. */
  count: z.number().int(),
});
export type ContactSuggestion = z.infer<typeof ContactSuggestion>;

export const SignatureArgs = z.strictObject({ accountId: id });
export const SetSignatureArgs = z.strictObject({ accountId: id, signature: z.string().max(10_000) });

/** A mailto: link the OS handed to the app (Electron main → renderer). */
export const ComposeMailto = z.strictObject({ url: z.string().max(64 * 1024) });
