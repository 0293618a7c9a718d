// What compose hands the core to send (issue 5 §1–§4), and what the outbox shows back. The same schemas
// validate the API (send.*, outbox.*) and the CLI's input; docs/sending.md describes the flow.
import { z } from 'zod';
import { Classification, PolicyDecision, Reason, Verdict } from '../policy/types.js';
import { Urgency } from './markings.js';

/** One file may be this large, and all files of a message together too (typical submission limit). */
export const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;
export const MAX_ATTACHMENTS = 100;
const MAX_BASE64 = Math.ceil(MAX_ATTACHMENT_BYTES / 3) * 4;
const MAX_BODY = 10 * 1024 * 1024;

const id = z.number().int().positive();
/** Recipients exactly as typed, one address per entry ("Name <a@b>" or "a@b"); the core parses and judges. */
const addressList = z.array(z.string().max(1000)).max(1000).default([]);
const messageIdRef = z.string().trim().max(998).regex(/^<[^<>\s]+>$/u, 'must be a Message-ID in <…>');

/** One inline image (pasted or dropped into rich text) may be this large; it counts in the total too. */
export const MAX_INLINE_IMAGE_BYTES = 5 * 1024 * 1024;
/**
 * Raster types only: SVG is a document that can carry script and remote references, so it is never
 * inlined (it stays an ordinary attachment, flagged by the attachment rules).
 */
export const INLINE_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;
/** A Content-ID without its <…> (RFC 2392 `cid:` URL form): a conservative dot-atom@domain subset. */
export const CONTENT_ID = /^[A-Za-z0-9._-]{1,100}@[A-Za-z0-9.-]{1,100}$/u;

export const ComposeAttachment = z
  .strictObject({
    filename: z.string().trim().min(1).max(255),
    contentType: z
      .string()
      .max(200)
      .regex(/^[\w.+-]+\/[\w.+-]+$/u, 'must be a MIME type like application/pdf')
      .default('application/octet-stream'),
    dataBase64: z.string().max(MAX_BASE64).regex(/^[A-Za-z0-9+/]*={0,2}$/u, 'must be base64'),
    /** An inline image's Content-ID (without <>); the HTML refers to it as `cid:…`. */
    contentId: z.string().regex(CONTENT_ID, 'must be a Content-ID like img1.abc@raksa').optional(),
    /** Sent with `Content-Disposition: inline` inside multipart/related (needs contentId, a raster image). */
    inline: z.literal(true).optional(),
  })
  .superRefine((a, ctx) => {
    if (a.inline !== true) return;
    if (a.contentId === undefined) ctx.addIssue({ code: 'custom', path: ['contentId'], message: 'an inline image needs a contentId' });
    if (!(INLINE_IMAGE_TYPES as readonly string[]).includes(a.contentType.toLowerCase())) {
      ctx.addIssue({ code: 'custom', path: ['contentType'], message: `inline images must be one of ${INLINE_IMAGE_TYPES.join(', ')}` });
    }
    const pad = a.dataBase64.endsWith('==') ? 2 : a.dataBase64.endsWith('=') ? 1 : 0;
    if (Math.floor((a.dataBase64.length * 3) / 4) - pad > MAX_INLINE_IMAGE_BYTES) {
      ctx.addIssue({ code: 'custom', path: ['dataBase64'], message: `an inline image exceeds ${MAX_INLINE_IMAGE_BYTES} bytes` });
    }
  });
export type ComposeAttachment = z.infer<typeof ComposeAttachment>;

const composeShape = {
  accountId: id,
  /** The sending identity; only the account's own address is accepted (and is the default). */
  from: z.string().trim().max(320).optional(),
  to: addressList,
  cc: addressList,
  bcc: addressList,
  subject: z.string().max(2000).default(''),
  text: z.string().max(MAX_BODY).default(''),
  /**
   * Rich text, already sanitized by compose (DOMPurify). The core strips active content again as defence
   * in depth (electron/core/send/stripActiveHtml.ts); it is not a sanitizer of its own.
   */
  html: z.string().max(MAX_BODY).optional(),
  attachments: z.array(ComposeAttachment).max(MAX_ATTACHMENTS).default([]),
  inReplyTo: messageIdRef.optional(),
  references: z.array(messageIdRef).max(200).default([]),
  classification: Classification.default('none'),
  urgency: Urgency.default('none'),
  /** เลขที่หนังสือ, e.g. "ที่ นร 0105/123". */
  documentNumber: z.string().trim().max(200).optional(),
};

const checkTotalSize = (
  v: { attachments: readonly { dataBase64: string }[] },
  ctx: z.RefinementCtx,
): void => {
  const total = v.attachments.reduce((n, a) => n + Math.floor((a.dataBase64.length * 3) / 4), 0);
  if (total > MAX_ATTACHMENT_BYTES) {
    ctx.addIssue({ code: 'custom', path: ['attachments'], message: `attachments exceed ${MAX_ATTACHMENT_BYTES} bytes` });
  }
};

export const ComposeInput = z.strictObject(composeShape).superRefine(checkTotalSize);
export type ComposeInput = z.input<typeof ComposeInput>;
export type ComposeInputParsed = z.output<typeof ComposeInput>;

/** send.submit: the message plus what the send dialog collected. */
export const SendSubmitArgs = z
  .strictObject({
    ...composeShape,
    /** The user confirmed the warnings the dialog showed (required for a `warn` verdict). */
    confirmed: z.boolean().default(false),
    /** The written reason (required for a `justify` verdict); recorded in the audit log. */
    justification: z.string().trim().max(20_000).optional(),
    /**
     * The written reason for sending with a lower secrecy class than the message replied to or forwarded
     * (docs/markings.md); required then, and recorded as a `classification-downgrade` audit entry.
     */
    downgradeJustification: z.string().trim().max(20_000).optional(),
  })
  .superRefine(checkTotalSize);
export type SendSubmitArgs = z.input<typeof SendSubmitArgs>;
export type SendSubmitArgsParsed = z.output<typeof SendSubmitArgs>;

export const AttachmentFinding = z.strictObject({
  filename: z.string(),
  extension: z.string(),
  verdict: Verdict,
  reasons: z.array(Reason),
});
export type AttachmentFinding = z.infer<typeof AttachmentFinding>;

/** send.preview: what the send dialog shows (no side effects). */
export const SendPreview = z.strictObject({
  /** The overall verdict: the strongest of the recipients and the attachments. */
  verdict: Verdict,
  /** The class the gate judged: the stronger of the picker and a class written in the subject. */
  classification: Classification,
  recipients: PolicyDecision,
  attachments: z.array(AttachmentFinding),
  /** The subject as it will be sent, with its markings. */
  subject: z.string(),
});
export type SendPreview = z.infer<typeof SendPreview>;

export const SendSubmitResult = z.strictObject({ outboxId: id, messageId: z.string() });
export type SendSubmitResult = z.infer<typeof SendSubmitResult>;

export const OUTBOX_STATES = [
  'queued',
  'sending',
  'accepted',
  'filed',
  'failed',
  'held',
  'uncertain',
  'cancelled',
] as const;
export const OutboxState = z.enum(OUTBOX_STATES);
export type OutboxState = z.infer<typeof OutboxState>;

export const OutboxError = z.strictObject({ code: z.string(), message: z.string() });

export const OutboxItem = z.strictObject({
  id,
  accountId: id,
  messageId: z.string(),
  state: OutboxState,
  subject: z.string(),
  to: z.array(z.string()),
  cc: z.array(z.string()),
  bcc: z.array(z.string()),
  classification: Classification,
  urgency: Urgency,
  attachments: z.number().int(),
  createdAt: z.number(),
  updatedAt: z.number(),
  attempts: z.number().int(),
  /** When the next attempt is due (queued after a failure, or accepted waiting to be filed); else null. */
  nextAttemptAt: z.number().nullable(),
  /** Why it waits, failed, is held or uncertain; null when nothing went wrong. */
  lastError: OutboxError.nullable(),
  /** Recipients the server refused while accepting the message for the others. */
  rejected: z.array(z.strictObject({ address: z.string(), message: z.string() })),
});
export type OutboxItem = z.infer<typeof OutboxItem>;

export const OutboxListArgs = z.strictObject({
  accountId: id.optional(),
  /** Also list filed and cancelled messages (history); by default only those still needing attention. */
  includeDone: z.boolean().default(false),
});

export const OutboxIdArgs = z.strictObject({ id });

export const OutboxResolveArgs = z.strictObject({
  id,
  /** 'send': queue again the same bytes (uncertain, failed, held); 'discard': cancel it. */
  action: z.enum(['send', 'discard']),
});

export const OutboxChanged = z.strictObject({ id, accountId: id, state: OutboxState });
export type OutboxChanged = z.infer<typeof OutboxChanged>;
