// The effective recipient/account policy after parsing a policy file (policyFile.ts). Domain lists here
// hold only IT's additions, already normalized to ASCII; the built-in lists (domains.ts) always apply too.
import { BUILTIN_GOVERNMENT_ASCII } from './domains.js';
import type { Verdict } from './types.js';

export interface PolicyRules {
  /** Verdict for a valid recipient outside government that is neither free webmail nor blocked. */
  readonly external: Verdict;
  readonly freeMail: Verdict;
  /** Classified mail to a non-government recipient; 'justify' or 'block' only. */
  readonly classifiedExternal: Verdict;
  /** Classified mail sent without encryption, for every recipient; 'justify' or 'block' only. */
  readonly classifiedUnencrypted: Verdict;
}

export type RemoteContentPolicy = 'block' | 'allow';

export interface Policy {
  readonly version: 1;
  readonly governmentDomains: readonly string[];
  readonly freeMailDomains: readonly string[];
  readonly blockedDomains: readonly string[];
  readonly rules: PolicyRules;
  /** Normalized host patterns ("*.go.th", "mail.example.go.th", "127.0.0.1"); null = no restriction. */
  readonly allowedMailServers: readonly string[] | null;
  /** 'block': remote content is locked off; 'allow': users may load it per message or per sender. */
  readonly remoteContent: RemoteContentPolicy;
}

export const DEFAULT_RULES: PolicyRules = {
  external: 'warn',
  freeMail: 'warn',
  classifiedExternal: 'block',
  classifiedUnencrypted: 'block',
};

/** What applies when no policy file exists. */
export const DEFAULT_POLICY: Policy = {
  version: 1,
  governmentDomains: [],
  freeMailDomains: [],
  blockedDomains: [],
  rules: DEFAULT_RULES,
  allowedMailServers: null,
  remoteContent: 'allow',
};

/**
 * What applies when a machine policy exists but is invalid (DESIGN §9): we cannot know what IT meant, so
 * nothing leaves the government network (external and free webmail are blocked, not merely justified, as
 * a justification would let a user override a policy IT failed to express), accounts may only use
 * government mail servers, and remote content is locked off.
 */
export const STRICTEST_POLICY: Policy = {
  version: 1,
  governmentDomains: [],
  freeMailDomains: [],
  blockedDomains: [],
  rules: {
    external: 'block',
    freeMail: 'block',
    classifiedExternal: 'block',
    classifiedUnencrypted: 'block',
  },
  allowedMailServers: BUILTIN_GOVERNMENT_ASCII.flatMap((d) => [d, `*.${d}`]),
  remoteContent: 'block',
};
