// The audit entries of a machine's mail setup (account-add, account-edit, account-remove, account-refused):
// IT must be able to see where this machine's mail goes and every attempt to point it somewhere the rules
// forbid. Built here, appended by accountHandlers.ts (the one path the UI and the CLI both call).
// NEVER put a password, nor anything derived from one (its length, a hash), in an entry: the log is
// exported as plain JSON and kept by IT. An edit that changed it only names the field `password`.
import type { AuditDetail, AuditEventInput } from '../../../shared/audit/auditSchemas.js';
import { isCodedError } from '../../../shared/contract/result.js';
import type { ServerSettings } from '../../../shared/domain/schemas.js';
import { isPlaintextOffMachine, refusePlaintextOffMachine } from '../imap/isLoopbackHost.js';
import { ServerNotAllowedError } from './checkAccountServers.js';

/** What an entry may say about an account: its address, servers and login name, never its secret. */
export interface AuditedAccount {
  readonly email: string;
  readonly displayName: string;
  readonly imap: ServerSettings;
  readonly smtp: ServerSettings;
  readonly user: string;
}

export type AccountOperation = 'add' | 'edit' | 'discover';

/** Why a change was refused before anything was stored: a rule, not a failed login. */
export interface AccountRefusal {
  readonly code: 'SERVER_NOT_ALLOWED' | 'PLAINTEXT_REFUSED';
  readonly role: 'imap' | 'smtp' | null;
  readonly host: string | null;
}

const SIDES = ['imap', 'smtp'] as const;
const SERVER_FIELDS = ['host', 'port', 'security'] as const;

const servers = (a: Pick<AuditedAccount, 'imap' | 'smtp'>): AuditDetail => ({
  imapHost: a.imap.host,
  imapPort: a.imap.port,
  imapSecurity: a.imap.security,
  smtpHost: a.smtp.host,
  smtpPort: a.smtp.port,
  smtpSecurity: a.smtp.security,
});

export function accountAddEntry(
  account: AuditedAccount & { readonly id: number },
  policyHash: string,
): AuditEventInput {
  return {
    kind: 'account-add',
    account: account.email,
    policyHash,
    detail: { accountId: account.id, user: account.user, ...servers(account) },
  };
}

/**
 * The fields an edit changed, with old → new for the address and the servers (host, port, security);
 * `user`, `displayName` and `password` are named only. Null when nothing changed (nothing to record).
 */
export function accountEditEntry(
  id: number,
  before: AuditedAccount & { readonly password: string },
  after: AuditedAccount & { readonly password: string },
  cacheDropped: boolean,
  policyHash: string,
): AuditEventInput | null {
  const changed: string[] = [];
  const detail: AuditDetail = { accountId: id };
  if (before.email !== after.email) {
    changed.push('email');
    detail['old.email'] = before.email;
    detail['new.email'] = after.email;
  }
  if (before.displayName !== after.displayName) changed.push('displayName');
  for (const side of SIDES) {
    for (const field of SERVER_FIELDS) {
      const was = before[side][field];
      const now = after[side][field];
      if (was === now) continue;
      const name = `${side}.${field}`;
      changed.push(name);
      detail[`old.${name}`] = was;
      detail[`new.${name}`] = now;
    }
  }
  if (before.user !== after.user) changed.push('user');
  // Compared only to know whether to name the field; neither value nor any trace of it is written.
  if (before.password !== after.password) changed.push('password');
  if (changed.length === 0) return null;
  return {
    kind: 'account-edit',
    account: after.email,
    policyHash,
    detail: { ...detail, changed: changed.join(','), cacheDropped },
  };
}

export function accountRemoveEntry(id: number, account: AuditedAccount, policyHash: string): AuditEventInput {
  return {
    kind: 'account-remove',
    account: account.email,
    policyHash,
    // The folders, messages and bodies go with the account (ON DELETE CASCADE, migration 0001).
    detail: { accountId: id, cachedDataDeleted: true, ...servers(account) },
  };
}

/** The refusal a thrown error stands for, or null when the error is not a rule's refusal (e.g. AUTH_FAILED). */
export function refusalOf(
  error: unknown,
  account: Pick<AuditedAccount, 'imap' | 'smtp'>,
): AccountRefusal | null {
  if (error instanceof ServerNotAllowedError)
    return { code: 'SERVER_NOT_ALLOWED', role: error.role, host: error.host };
  if (!isCodedError(error)) return null;
  if (error.code === 'SERVER_NOT_ALLOWED') return { code: error.code, role: null, host: null };
  if (error.code === 'PLAINTEXT_REFUSED') {
    const side = plaintextSide(account);
    return { code: error.code, role: side, host: side ? account[side].host : null };
  }
  return null;
}

export function accountRefusedEntry(
  operation: AccountOperation,
  email: string,
  attempted: Pick<AuditedAccount, 'imap' | 'smtp'>,
  refusal: AccountRefusal,
  policyHash: string,
): AuditEventInput {
  const reason = refusal.code.toLowerCase().replace(/_/gu, '-');
  return {
    kind: 'account-refused',
    account: email,
    verdict: 'block',
    reasons: [reason],
    policyHash,
    detail: {
      operation,
      code: refusal.code,
      reason,
      refusedRole: refusal.role,
      refusedHost: refusal.host,
      ...servers(attempted),
    },
  };
}

const plaintextSide = (account: Pick<AuditedAccount, 'imap' | 'smtp'>): 'imap' | 'smtp' | null =>
  SIDES.find((side) => isPlaintextOffMachine(account[side])) ?? null;

/**
 * Plaintext only to this machine (DESIGN.md §4), for SMTP as well as IMAP, before any connection: the login
 * check (verifyAccount) connects to IMAP only, so an SMTP downgrade would otherwise be stored unnoticed.
 */
export function checkPlaintextAllowed(account: Pick<AuditedAccount, 'imap' | 'smtp'>): void {
  refusePlaintextOffMachine('IMAP', account.imap);
  refusePlaintextOffMachine('SMTP', account.smtp);
}
