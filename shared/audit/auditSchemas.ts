// The audit log's vocabulary (issue 5 §6): what one entry holds, what `audit.export` pages through and what
// `audit.verify` answers. Entries are written only by the core (electron/core/audit/auditLog.ts); the shape
// is shared so the CLI, the UI and any IT tool read the same JSON.
import { z } from 'zod';
import { RecipientCategory, RecipientField, Verdict, type PolicyDecision } from '../policy/types.js';

export const AUDIT_KINDS = [
  'warn',
  'justify',
  'block',
  'override',
  'classification-downgrade',
  'policy-change',
  // A machine's mail setup (electron/core/accounts/accountAudit.ts) and the rebuilds of its database
  // (electron/core/audit/recordRecovery.ts): IT sees where mail could go and when local data was replaced.
  'account-add',
  'account-edit',
  'account-remove',
  'account-refused',
  'profile-recovery',
] as const;
export const AuditKind = z.enum(AUDIT_KINDS);
export type AuditKind = z.infer<typeof AuditKind>;

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

export const AuditRecipient = z.strictObject({
  field: RecipientField,
  /** The normalized addr-spec, or the raw input when it was not a valid address. */
  address: z.string().max(2000),
  category: RecipientCategory,
  verdict: Verdict,
  /** Reason codes (docs/policy.md); the English messages are derived from them and not stored. */
  reasons: z.array(z.string().max(100)).max(50),
});
export type AuditRecipient = z.infer<typeof AuditRecipient>;

/** Small kind-specific facts: a Message-ID, the classes of a downgrade, the source of a policy change. */
export const AuditDetail = z.record(
  z.string().max(100),
  z.union([z.string().max(4000), z.number(), z.boolean(), z.null()]),
);
export type AuditDetail = z.infer<typeof AuditDetail>;

/** What a caller hands to AuditLog.append. */
export const AuditEvent = z.strictObject({
  kind: AuditKind,
  /** The sending account's address; null for machine-wide events (policy changes). */
  account: z.string().max(1000).nullable(),
  recipients: z.array(AuditRecipient).max(10_000).default([]),
  /** The overall verdict of the decision; null when none applies (policy change, downgrade). */
  verdict: Verdict.nullable().default(null),
  reasons: z.array(z.string().max(100)).max(50).default([]),
  justification: z.string().max(20_000).nullable().default(null),
  /** sha-256 of the canonical JSON of the policy in force (electron/core/policy/policyHash.ts). */
  policyHash: hex64,
  detail: AuditDetail.default({}),
});
export type AuditEventInput = z.input<typeof AuditEvent>;
export type AuditEvent = z.output<typeof AuditEvent>;

/** One stored entry. `hash` = sha256(prevHash ‖ canonicalJson(entry without `hash`)), hex. */
export const AuditEntry = z.strictObject({
  seq: z.number().int().min(1),
  /** ISO 8601, UTC, millisecond precision. */
  time: z.string(),
  kind: AuditKind,
  account: z.string().nullable(),
  recipients: z.array(AuditRecipient),
  verdict: Verdict.nullable(),
  reasons: z.array(z.string()),
  justification: z.string().nullable(),
  policyHash: hex64,
  detail: AuditDetail,
  prevHash: hex64,
  hash: hex64,
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditExportArgs = z.strictObject({
  /** Only entries at or after this time (ms since the epoch). */
  since: z.number().int().min(0).optional(),
  /** Only entries after this sequence number (paging: pass the previous page's `nextAfterSeq`). */
  afterSeq: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1000).default(500),
});

export const AuditExportPage = z.strictObject({
  entries: z.array(AuditEntry),
  /** Pass as `afterSeq` for the next page; null when this page was the last. */
  nextAfterSeq: z.number().int().nullable(),
});
export type AuditExportPage = z.infer<typeof AuditExportPage>;

export const AuditVerifyResult = z.discriminatedUnion('ok', [
  z.strictObject({
    ok: z.literal(true),
    count: z.number().int(),
    /** The hash of the last entry (the genesis value when empty): IT can note it to detect a later truncation. */
    head: hex64,
  }),
  z.strictObject({ ok: z.literal(false), firstBrokenSeq: z.number().int(), reason: z.string() }),
]);
export type AuditVerifyResult = z.infer<typeof AuditVerifyResult>;

/** The recipients of a policy decision as the audit log records them. */
export const auditRecipientsFromDecision = (decision: PolicyDecision): AuditRecipient[] =>
  decision.recipients.map((r) => ({
    field: r.field,
    address: r.address || r.input,
    category: r.category,
    verdict: r.verdict,
    reasons: r.reasons.map((reason) => reason.code),
  }));
