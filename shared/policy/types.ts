// The vocabulary of the recipient policy: verdicts, categories, classifications, and the shape of a
// decision. The engine (engine.ts) produces these; the CLI prints them; the UI previews them.
import { z } from 'zod';

/** Ordered from weakest to strongest; the overall verdict is the strongest one. */
export const VERDICTS = ['allow', 'warn', 'justify', 'block'] as const;
export const Verdict = z.enum(VERDICTS);
export type Verdict = z.infer<typeof Verdict>;

export const RecipientCategory = z.enum(['government', 'external', 'freemail', 'blocked', 'invalid']);
export type RecipientCategory = z.infer<typeof RecipientCategory>;

export const RecipientField = z.enum(['to', 'cc', 'bcc']);
export type RecipientField = z.infer<typeof RecipientField>;

/** Secrecy classes of Thai official correspondence (ลับ, ลับมาก, ลับที่สุด). */
export const Classification = z.enum(['none', 'confidential', 'secret', 'top-secret']);
export type Classification = z.infer<typeof Classification>;

export const Reason = z.strictObject({ code: z.string(), message: z.string() });
export type Reason = z.infer<typeof Reason>;

export const RecipientDecision = z.strictObject({
  field: RecipientField,
  input: z.string(),
  /** Normalized ASCII addr-spec; empty when the input is invalid. */
  address: z.string(),
  /** Normalized ASCII domain; empty when the input is invalid. */
  domain: z.string(),
  category: RecipientCategory,
  verdict: Verdict,
  reasons: z.array(Reason),
});
export type RecipientDecision = z.infer<typeof RecipientDecision>;

export const PolicyDecision = z.strictObject({
  verdict: Verdict,
  recipients: z.array(RecipientDecision),
});
export type PolicyDecision = z.infer<typeof PolicyDecision>;

const addressList = z.array(z.string().max(1000)).max(1000);

export const PolicyCheckInput = z.strictObject({
  from: z.string().max(1000).optional(),
  to: addressList.default([]),
  cc: addressList.default([]),
  bcc: addressList.default([]),
  classification: Classification.default('none'),
  encrypted: z.boolean().default(false),
});
export type PolicyCheckInput = z.input<typeof PolicyCheckInput>;
