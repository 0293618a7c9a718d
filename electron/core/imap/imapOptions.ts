// Builds ImapFlow options from an account. Every TLS decision lives here so that no other file can
// weaken it: certificates are always validated (there is deliberately no option to turn that off),
// STARTTLS is mandatory when chosen, and plaintext is refused unless the server is this machine.
import { rootCertificates } from 'node:tls';
import { isIP } from 'node:net';
import type { ImapFlowOptions, Logger } from 'imapflow';
import type { AccountWithSecret } from '../store/mailStore.js';
import { refusePlaintextOffMachine, unbracketHost } from './isLoopbackHost.js';

export interface ImapTimeouts {
  /** TCP + TLS + greeting must complete within this. */
  readonly connectionTimeout: number;
  readonly greetingTimeout: number;
  /** Inactivity on an established connection. */
  readonly socketTimeout: number;
}

export const DEFAULT_IMAP_TIMEOUTS: ImapTimeouts = {
  connectionTimeout: 20_000,
  greetingTimeout: 15_000,
  socketTimeout: 5 * 60_000,
};

export interface ImapConnectOptions {
  /** Extra CA certificates (PEM) IT trusts in addition to the system roots. */
  readonly trustedCaPem?: readonly string[];
  /**
   * A logger that already redacts addresses, subjects and bodies. Without one imapflow logs nothing:
   * its own entries carry mailbox names, addresses and server responses.
   */
  readonly logger?: Logger;
  readonly timeouts?: Partial<ImapTimeouts>;
}

export function imapOptions(account: AccountWithSecret, opts: ImapConnectOptions = {}): ImapFlowOptions {
  const { host: rawHost, port, security } = account.imap;
  const host = unbracketHost(rawHost);
  const timeouts = { ...DEFAULT_IMAP_TIMEOUTS, ...opts.timeouts };

  refusePlaintextOffMachine('IMAP', account.imap);

  const extraCas = (opts.trustedCaPem ?? []).filter((pem) => pem.trim() !== '');
  const tlsOptions: NonNullable<ImapFlowOptions['tls']> = {
    rejectUnauthorized: true,
    minVersion: 'TLSv1.2',
    // Node's `ca` replaces the system store rather than extending it, so the roots are added back.
    ...(extraCas.length > 0 ? { ca: [...rootCertificates, ...extraCas] } : {}),
    // SNI is only defined for DNS names (RFC 6066 §3); for an IP literal Node checks the IP SANs.
    ...(isIP(host) === 0 ? { servername: host } : {}),
  };

  const base: ImapFlowOptions = {
    host,
    port,
    auth: { user: account.user, pass: account.password },
    logger: opts.logger ?? false,
    connectionTimeout: timeouts.connectionTimeout,
    greetingTimeout: timeouts.greetingTimeout,
    socketTimeout: timeouts.socketTimeout,
    // Sync decides when to IDLE; an automatic IDLE would interleave with its own commands.
    disableAutoIdle: true,
    // RFC 7162: ENABLE QRESYNC when offered, so reopening a folder reports what was expunged (VANISHED) and
    // incremental sync need not list every UID; imapflow enables CONDSTORE whenever it is offered.
    qresync: true,
    // Our own name instead of imapflow's vendor string and support URL in the ID command.
    clientInfo: { name: 'Raksa Mail', vendor: false, 'support-url': false },
  };

  switch (security) {
    case 'tls':
      return { ...base, secure: true, tls: tlsOptions };
    case 'starttls':
      // doSTARTTLS:true makes imapflow throw before LOGIN when the server does not offer STARTTLS
      // (upgradeToSTARTTLS → _failSTARTTLS in imap-flow.js), so a stripped capability list cannot
      // downgrade the session to cleartext.
      return { ...base, secure: false, doSTARTTLS: true, tls: tlsOptions };
    case 'plain':
      return { ...base, secure: false, doSTARTTLS: false };
  }
}
