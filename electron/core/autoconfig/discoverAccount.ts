// Account setup from the email address alone (DESIGN.md §4): the domain's autoconfig file, then its
// RFC 6186 SRV records, then the usual host names verified by connecting. Every network step is
// injected, so each can be tested against a local fixture, and the policy allowlist filters candidates
// before they are used (a guessed host outside the allowlist is not even probed).
import { CodedError } from '../../../shared/contract/result.js';
import type { AccountDiscovery } from '../../../shared/domain/accounts.js';
import type { ServerSettings } from '../../../shared/domain/schemas.js';
import { toAsciiDomain } from '../../../shared/policy/index.js';
import type { FetchText } from './httpsFetchText.js';
import { parseAutoconfig, type ServerCandidate } from './parseAutoconfig.js';
import type { MailProtocol, ProbeServer } from './probeServer.js';
import { lookupMailSrv, type ResolveSrv } from './srvLookup.js';

export interface DiscoveryDeps {
  readonly fetchText: FetchText;
  readonly resolveSrv: ResolveSrv;
  readonly probe: ProbeServer;
  /** The machine policy's allowlist (`allowedMailServers`); everything is allowed when absent. */
  readonly isServerAllowed?: (host: string) => boolean;
  /** For RFC 2782 weighted ordering; injectable so tests are deterministic. */
  readonly random?: () => number;
}

/** The URLs autoconfig is looked up at, in order of preference. */
export function autoconfigUrls(domain: string, email: string): string[] {
  return [
    `https://autoconfig.${domain}/mail/config-v1.1.xml?emailaddress=${encodeURIComponent(email)}`,
    `https://${domain}/.well-known/autoconfig/mail/config-v1.1.xml`,
  ];
}

/** Ordered guesses: implicit TLS before STARTTLS (RFC 8314), the protocol's own name before `mail.`. */
export function guessCandidates(domain: string): { imap: ServerSettings[]; smtp: ServerSettings[] } {
  return {
    imap: [
      { host: `imap.${domain}`, port: 993, security: 'tls' },
      { host: `mail.${domain}`, port: 993, security: 'tls' },
      { host: `imap.${domain}`, port: 143, security: 'starttls' },
      { host: `mail.${domain}`, port: 143, security: 'starttls' },
    ],
    smtp: [
      { host: `smtp.${domain}`, port: 465, security: 'tls' },
      { host: `mail.${domain}`, port: 465, security: 'tls' },
      { host: `smtp.${domain}`, port: 587, security: 'starttls' },
      { host: `mail.${domain}`, port: 587, security: 'starttls' },
    ],
  };
}

const settings = (c: ServerSettings): ServerSettings => ({ host: c.host, port: c.port, security: c.security });

class Refusals {
  readonly hosts = new Set<string>();
  /** The allowed candidates; the refused hosts are remembered for the error message. */
  keep<T extends { host: string }>(list: readonly T[], allowed: (host: string) => boolean): T[] {
    return list.filter((c) => {
      if (allowed(c.host)) return true;
      this.hosts.add(c.host);
      return false;
    });
  }
}

/** The first candidate (in order) the probe confirms; all are probed at once to keep setup quick. */
async function firstVerified(
  protocol: MailProtocol,
  candidates: readonly ServerSettings[],
  probe: ProbeServer,
): Promise<ServerSettings | undefined> {
  const results = await Promise.all(candidates.map((c) => probe(protocol, c.host, c.port, c.security)));
  return candidates[results.indexOf(true)];
}

async function fromAutoconfig(
  domain: string,
  email: string,
  deps: DiscoveryDeps,
  allowed: (host: string) => boolean,
  refused: Refusals,
): Promise<AccountDiscovery | undefined> {
  // Both locations are asked at once; the autoconfig host wins when both answer.
  const bodies = await Promise.all(autoconfigUrls(domain, email).map((u) => deps.fetchText(u).catch(() => undefined)));
  for (const body of bodies) {
    if (body === undefined) continue;
    let found: { imap: readonly ServerCandidate[]; smtp: readonly ServerCandidate[] };
    try {
      found = parseAutoconfig(body, email);
    } catch {
      continue;
    }
    const imap = refused.keep(found.imap, allowed)[0];
    const smtp = refused.keep(found.smtp, allowed)[0];
    if (imap && smtp) return { source: 'autoconfig', imap: settings(imap), smtp: settings(smtp), user: imap.user };
  }
  return undefined;
}

/**
 * Finds IMAP and SMTP settings for `email`. Throws CodedError NOT_FOUND when no step finds both, or
 * SERVER_NOT_ALLOWED when settings were found but every one of them is outside the policy allowlist.
 */
export async function discoverAccount(email: string, deps: DiscoveryDeps): Promise<AccountDiscovery> {
  const address = email.trim();
  const at = address.lastIndexOf('@');
  const ascii = at > 0 ? toAsciiDomain(address.slice(at + 1)) : undefined;
  if (!ascii?.ok || !ascii.ascii.includes('.')) {
    throw new CodedError('INVALID_ARGUMENT', 'The address has no valid domain to look up.');
  }
  const domain = ascii.ascii;
  const allowed = deps.isServerAllowed ?? (() => true);
  const refused = new Refusals();

  const auto = await fromAutoconfig(domain, address, deps, allowed, refused);
  if (auto) return auto;

  const srv = await lookupMailSrv(domain, deps.resolveSrv, deps.random).catch(() => ({ imap: [], smtp: [] }));
  const srvImap = refused.keep(srv.imap, allowed)[0];
  const srvSmtp = refused.keep(srv.smtp, allowed)[0];
  if (srvImap && srvSmtp) return { source: 'srv', imap: srvImap, smtp: srvSmtp, user: address };

  const guesses = guessCandidates(domain);
  const [imap, smtp] = await Promise.all([
    firstVerified('imap', refused.keep(guesses.imap, allowed), deps.probe),
    firstVerified('smtp', refused.keep(guesses.smtp, allowed), deps.probe),
  ]);
  if (imap && smtp) return { source: 'guess', imap, smtp, user: address };

  if (refused.hosts.size > 0) {
    const hosts = [...refused.hosts].slice(0, 3).join(', ');
    throw new CodedError(
      'SERVER_NOT_ALLOWED',
      `The mail servers for ${domain} (${hosts}) are not allowed by your agency's policy (allowedMailServers).`,
    );
  }
  throw new CodedError('NOT_FOUND', `No mail server settings were found for ${domain}; enter them by hand.`);
}
