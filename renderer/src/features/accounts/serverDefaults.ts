// Standard ports per protocol and security (RFC 8314: implicit TLS first; STARTTLS on the submission
// and IMAP ports; plain only for a server on this computer, e.g. a test server).
import type { Security } from '../../../../shared/domain/schemas.js';

export type ServerKind = 'imap' | 'smtp';

export const DEFAULT_PORTS: Record<ServerKind, Record<Security, number>> = {
  imap: { tls: 993, starttls: 143, plain: 143 },
  smtp: { tls: 465, starttls: 587, plain: 25 },
};

/** The port after a security change: follows the default unless the user typed a port of their own. */
export function portAfterSecurityChange(
  kind: ServerKind,
  port: string,
  from: Security,
  to: Security,
): string {
  const trimmed = port.trim();
  return trimmed === '' || trimmed === String(DEFAULT_PORTS[kind][from])
    ? String(DEFAULT_PORTS[kind][to])
    : port;
}
