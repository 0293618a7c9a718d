// The recipient policy engine: pure TypeScript, shared by the renderer (live hints), the core (send
// chokepoint) and the CLI. See docs/policy.md.
export { normalizeAddress, type AddressErrorCode, type NormalizedAddress } from './address.js';
export { CLASSIFICATION_ALIASES, isClassified, parseClassification } from './classification.js';
export {
  BUILTIN_FREEMAIL_DOMAINS,
  BUILTIN_GOVERNMENT_DOMAINS,
  DomainSet,
  isWithinDomain,
} from './domains.js';
export {
  REASON_CODES,
  classifyDomain,
  evaluateRecipients,
  type DomainClassification,
  type ReasonCode,
} from './engine.js';
export { toAsciiDomain, type DomainErrorCode, type DomainLabel, type DomainResult } from './idna.js';
export { isMailServerAllowed, normalizeHost, normalizeHostPattern } from './mailServers.js';
export {
  DEFAULT_POLICY,
  DEFAULT_RULES,
  STRICTEST_POLICY,
  type Policy,
  type PolicyRules,
  type RemoteContentPolicy,
} from './policy.js';
export { parsePolicy, type PolicyParseResult } from './policyFile.js';
export { isConfusableLabel, isMixedScriptLabel, labelScripts } from './scripts.js';
export * from './types.js';
export { isVerdict, strongestVerdict, verdictRank } from './verdicts.js';
