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
  /** Files attached to outgoing mail (issue 5 §3); evaluated by attachmentPolicy.ts. */
  readonly attachments: AttachmentRules;
}

export interface AttachmentRules {
  /** Lower-case extensions with the dot (".exe"); a file whose real extension is listed is blocked. */
  readonly blockedExtensions: readonly string[];
  /** Verdict for any attachment when a recipient is not government. */
  readonly external: Verdict;
}

export type RemoteContentPolicy = 'block' | 'allow';

/** How the database key is protected (docs/storage.md): the OS keystore, or a passphrase the user types. */
export type KeyProtection = 'os' | 'passphrase';

export interface Policy {
  readonly version: 1;
  readonly governmentDomains: readonly string[];
  readonly freeMailDomains: readonly string[];
  readonly blockedDomains: readonly string[];
  readonly rules: PolicyRules;
  /** Normalized host patterns ("*.go.th", "mail.example.go.th", "127.0.0.1"); null = no restriction. */
  readonly allowedMailServers: readonly string[] | null;
  /** Extra CA certificates (PEM) IT trusts for mail servers and autoconfig, besides the system roots. */
  readonly caCertificates: readonly string[];
  /** 'block': remote content is locked off; 'allow': users may load it per message or per sender. */
  readonly remoteContent: RemoteContentPolicy;
  /** Bodies of messages dated within this many days are cached for offline reading; null = every message. */
  readonly offlineWindowDays: number | null;
  /** Messages larger than this (RFC822.SIZE, attachments included) are not cached; null = no cap. */
  readonly offlineAttachmentMaxBytes: number | null;
  /** Key protection for new profiles in the app; an existing profile keeps the mode its key file records. */
  readonly keyProtection: KeyProtection;
}

export const DEFAULT_RULES: PolicyRules = {
  external: 'warn',
  freeMail: 'warn',
  classifiedExternal: 'block',
  classifiedUnencrypted: 'block',
  attachments: { blockedExtensions: [], external: 'warn' },
};

/** What applies when no policy file exists. */
export const DEFAULT_POLICY: Policy = {
  version: 1,
  governmentDomains: [],
  freeMailDomains: [],
  blockedDomains: [],
  rules: DEFAULT_RULES,
  allowedMailServers: null,
  caCertificates: [],
  remoteContent: 'allow',
  offlineWindowDays: null,
  offlineAttachmentMaxBytes: null,
  keyProtection: 'os',
};

export const STRICTEST_BLOCKED_EXTENSIONS: readonly string[] = [
  '.exe', '.scr', '.com', '.bat', '.cmd', '.pif', '.msi', '.msp', '.js', '.jse', '.vbs', '.vbe', '.wsf',
  '.wsh', '.hta', '.lnk', '.ps1', '.jar', '.cpl', '.reg', '.iso', '.img',
];

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
    // Executable and script types that run when opened (DESIGN §7); files leave nothing outside government.
    attachments: { blockedExtensions: STRICTEST_BLOCKED_EXTENSIONS, external: 'block' },
  },
  allowedMailServers: BUILTIN_GOVERNMENT_ASCII.flatMap((d) => [d, `*.${d}`]),
  caCertificates: [],
  remoteContent: 'block',
  offlineWindowDays: null,
  offlineAttachmentMaxBytes: null,
  // The OS keystore: the app then fails closed where there is none, rather than asking for a passphrase IT
  // may not have allowed.
  keyProtection: 'os',
};
