// The profile's own lifecycle over the API (docs/storage.md): integrity, recovery, passphrase change, and
// opening an attachment through a private temp copy.
import { z } from 'zod';

export const IntegrityResult = z.strictObject({
  ok: z.boolean(),
  /** SQLite's messages (no mail content), at most 20. */
  problems: z.array(z.string()),
});
export type IntegrityResult = z.infer<typeof IntegrityResult>;

export const IntegrityArgs = z.strictObject({
  /** quick: every page is read and authenticated; full: indexes are cross-checked too (slower). */
  kind: z.enum(['quick', 'full']).default('quick'),
});

export const RecoveredTable = z.strictObject({
  table: z.string(),
  copied: z.number().int(),
  unreadable: z.number().int(),
  rejected: z.number().int(),
});

export const RecoveryReport = z.strictObject({
  keyLost: z.boolean(),
  movedTo: z.string(),
  movedFiles: z.array(z.string()),
  schemaReadable: z.boolean(),
  tables: z.array(RecoveredTable),
  accounts: z.number().int(),
});
export type RecoveryReport = z.infer<typeof RecoveryReport>;

export const ChangePassphraseArgs = z.strictObject({
  oldPassphrase: z.string().min(1).max(4096),
  newPassphrase: z.string().min(1).max(4096),
});

export const OpenAttachmentArgs = z.strictObject({
  id: z.number().int().positive(),
  index: z.number().int().min(0),
  /** open: the Electron main opens it with the system viewer (safe types only); save: it asks where to copy it. */
  purpose: z.enum(['open', 'save']).default('open'),
});

export const AttachmentRiskReason = z.enum([
  'dangerous-type',
  'double-extension',
  'bidi-control',
  'invisible-character',
  'no-extension',
]);

export const OpenedAttachment = z.strictObject({
  /** The decrypted copy inside the private temp folder; removed after a short time and on close. */
  path: z.string(),
  /** Sanitized name (what the copy is called). */
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  risk: z.strictObject({
    dangerous: z.boolean(),
    extension: z.string(),
    reasons: z.array(AttachmentRiskReason),
  }),
});
export type OpenedAttachment = z.infer<typeof OpenedAttachment>;
