// Plaintext IMAP and SMTP are allowed only to this machine (DESIGN.md §4): the password and the mail never
// cross a network in the clear. The check is on the configured host literal, before any DNS lookup, so a name
// that merely resolves to 127.0.0.1 (DNS rebinding, a hostile resolver) is never treated as loopback.
import { isIPv4, isIPv6 } from 'node:net';
import { CodedError } from '../../../shared/contract/result.js';

/** Strips the brackets of an IPv6 literal written as in a URL (`[::1]`). */
export function unbracketHost(host: string): string {
  const h = host.trim();
  return h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h;
}

export function isLoopbackHost(host: string): boolean {
  const h = unbracketHost(host).toLowerCase();
  if (h === 'localhost' || h === 'localhost.') return true;
  if (isIPv4(h)) return h.startsWith('127.');
  if (isIPv6(h)) {
    if (h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
    // IPv4-mapped loopback (::ffff:127.x.y.z) is the same socket on a dual-stack host.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/u.exec(h);
    return mapped?.[1] !== undefined && isIPv4(mapped[1]) && mapped[1].startsWith('127.');
  }
  return false;
}

/** Whether a server setting would carry the password and the mail over a network in the clear. */
export const isPlaintextOffMachine = (server: {
  readonly host: string;
  readonly security: string;
}): boolean => server.security === 'plain' && !isLoopbackHost(server.host);

/** PLAINTEXT_REFUSED for such a setting: thrown before any connection is made. */
export function refusePlaintextOffMachine(
  protocol: 'IMAP' | 'SMTP',
  server: { readonly host: string; readonly security: string },
): void {
  if (isPlaintextOffMachine(server)) {
    throw new CodedError(
      'PLAINTEXT_REFUSED',
      `Unencrypted ${protocol} is only allowed to a server on this computer; choose TLS or STARTTLS.`,
    );
  }
}
