// What `policy.effective` answers: the machine policy in force, where it came from and which keys it locks,
// so the settings page can show each locked setting as locked with its source (issue 5 §5).
import { z } from 'zod';
import type { Policy } from '../policy/policy.js';

export const MachinePolicySource = z.enum(['registry', 'file', 'default', 'invalid']);
export type MachinePolicySource = z.infer<typeof MachinePolicySource>;

export const EffectivePolicyView = z.strictObject({
  // The Policy type is defined (and validated) by the policy file parser; the core produced this value.
  policy: z.custom<Policy>((v) => typeof v === 'object' && v !== null),
  source: MachinePolicySource,
  /** The registry key and/or file it came from; null for the built-in defaults. */
  path: z.string().nullable(),
  /** Why the strictest fallback applies (source 'invalid'). */
  error: z.string().nullable(),
  /** Policy key ("rules.external") → the location that locks it ("strictest-fallback" when invalid). */
  lockedKeys: z.record(z.string(), z.string()),
  /** sha-256 of the canonical policy JSON, as recorded in the audit log. */
  hash: z.string(),
  /** The message shown on every start while the policy is invalid (AppStatus.policyProblem). */
  problem: z.string().nullable(),
});
export type EffectivePolicyView = z.infer<typeof EffectivePolicyView>;
