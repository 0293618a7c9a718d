// Account policy (DESIGN §5): IT may restrict which IMAP/SMTP hosts accounts may use, e.g. "*.go.th", so
// that officials cannot add free foreign providers. Patterns are "*.<domain>" (any subdomain, not the
// domain itself) or one exact host (a domain name, an IPv4 address, or an IPv6 address).
import { toAsciiDomain } from './idna.js';
import type { Policy } from './policy.js';

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^[0-9a-f:.]+$/;

/** Normalize a host name or IP address; undefined when it is neither. */
export function normalizeHost(input: string): string | undefined {
  let host = input.trim().toLowerCase();
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (IPV4.test(host)) return host;
  if (host.includes(':')) return IPV6.test(host) && host.split('::').length <= 2 ? host : undefined;
  const domain = toAsciiDomain(host);
  return domain.ok ? domain.ascii : undefined;
}

export type HostPatternResult = { ok: true; pattern: string } | { ok: false; message: string };

/** Validate and normalize one pattern of `allowedMailServers`. */
export function normalizeHostPattern(input: string): HostPatternResult {
  const trimmed = input.trim();
  if (trimmed.startsWith('*.')) {
    const domain = toAsciiDomain(trimmed.slice(2));
    if (!domain.ok)
      return { ok: false, message: `"${input}" is not a valid host pattern: ${domain.message}` };
    return { ok: true, pattern: `*.${domain.ascii}` };
  }
  if (trimmed.includes('*')) {
    return {
      ok: false,
      message: `"${input}": '*' is only allowed as the whole first label, as in "*.go.th"`,
    };
  }
  const host = normalizeHost(trimmed);
  return host ? { ok: true, pattern: host } : { ok: false, message: `"${input}" is not a valid host name` };
}

/** True when `host` may be used as an IMAP or SMTP server under `policy`. */
export function isMailServerAllowed(policy: Policy, host: string): boolean {
  if (policy.allowedMailServers === null) return true;
  const normalized = normalizeHost(host);
  if (normalized === undefined) return false;
  return policy.allowedMailServers.some((pattern) =>
    // A wildcard never matches an IP address: "*.0.0.1" must not admit 127.0.0.1.
    pattern.startsWith('*.')
      ? !IPV4.test(normalized) && normalized.endsWith(pattern.slice(1))
      : normalized === pattern,
  );
}
