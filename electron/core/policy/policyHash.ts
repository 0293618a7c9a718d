// The policy version hash recorded with every audit entry: sha-256 of the canonical JSON of the effective
// (parsed, normalized) policy, so the same rules give the same hash whichever source or key order set them.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../../shared/audit/canonicalJson.js';
import type { Policy } from '../../../shared/policy/index.js';

export const policyHash = (policy: Policy): string =>
  createHash('sha256').update(canonicalJson(policy), 'utf8').digest('hex');
