// On every core start: if the effective machine policy differs from the one the audit log last recorded,
// record the change (issue 5 §6), so IT can prove which rules were in force when each decision was made.
import type { AuditEntry } from '../../../shared/audit/auditSchemas.js';
import type { AuditLog } from './auditLog.js';

export interface PolicyChangeFacts {
  /** sha-256 of the canonical effective policy (policyHash). */
  readonly policyHash: string;
  /** registry | file | default | strictest-fallback */
  readonly source: string;
  /** The registry key and/or file it came from. */
  readonly location: string | null;
  /** Why the strictest fallback applies, when it does. */
  readonly error: string | null;
}

/** Appends a policy-change entry when the policy hash changed (or none was recorded yet); returns it. */
export function recordPolicyChange(audit: AuditLog, facts: PolicyChangeFacts): AuditEntry | null {
  const previous = audit.lastPolicyHash();
  if (previous === facts.policyHash) return null;
  return audit.append({
    kind: 'policy-change',
    account: null,
    policyHash: facts.policyHash,
    reasons: facts.error ? ['policy-invalid'] : [],
    detail: {
      source: facts.source,
      location: facts.location,
      previousPolicyHash: previous,
      error: facts.error,
    },
  });
}
