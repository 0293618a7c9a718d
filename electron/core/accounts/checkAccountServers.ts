// Account policy (DESIGN.md §5, issue 4 §1): IT may restrict the IMAP and SMTP hosts accounts use, e.g.
// to "*.go.th", so that accounts at foreign free webmail cannot be added. Checked on every add and every
// edit, and on what discovery found, always before any credential is sent.
import { CodedError } from '../../../shared/contract/result.js';
import { isMailServerAllowed, type Policy } from '../../../shared/policy/index.js';

interface HasServers {
  readonly imap: { readonly host: string };
  readonly smtp: { readonly host: string };
}

/** SERVER_NOT_ALLOWED that also names the refused server, so the refusal can be audited without parsing text. */
export class ServerNotAllowedError extends CodedError {
  constructor(
    readonly role: 'imap' | 'smtp',
    readonly host: string,
    message: string,
  ) {
    super('SERVER_NOT_ALLOWED', message);
  }
}

/** Throws SERVER_NOT_ALLOWED naming the first host the policy does not allow, and the allowed patterns. */
export function checkAccountServers(policy: Policy, account: HasServers): void {
  for (const [role, host] of [
    ['imap', account.imap.host],
    ['smtp', account.smtp.host],
  ] as const) {
    if (!isMailServerAllowed(policy, host)) {
      const allowed = (policy.allowedMailServers ?? []).slice(0, 5).join(', ');
      throw new ServerNotAllowedError(
        role,
        host,
        `The ${role.toUpperCase()} server ${host} is not allowed by your agency's policy` +
          (allowed ? ` (allowed: ${allowed}).` : '.'),
      );
    }
  }
}
