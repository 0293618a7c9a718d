// nodemailer SMTP options from an account, with every TLS decision in one place, as imapOptions.ts does
// for IMAP: certificates always validated against the same trusted CAs, STARTTLS mandatory when chosen
// (requireTLS: nodemailer then fails before AUTH when the server does not offer it), plaintext only to
// this machine, no logging (nodemailer's log lines carry addresses and server replies).
import { rootCertificates, type ConnectionOptions } from 'node:tls';
import { isIP } from 'node:net';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { refusePlaintextOffMachine, unbracketHost } from '../imap/isLoopbackHost.js';
import type { AccountWithSecret } from '../store/mailStore.js';

export interface SmtpConnectOptions {
  /** Extra CA certificates (PEM) IT trusts in addition to the system roots (the same list as IMAP). */
  readonly trustedCaPem?: readonly string[];
  readonly connectionTimeout?: number;
}

export function smtpOptions(account: AccountWithSecret, opts: SmtpConnectOptions = {}): SMTPTransport.Options {
  const { host: rawHost, port, security } = account.smtp;
  const host = unbracketHost(rawHost);
  refusePlaintextOffMachine('SMTP', account.smtp);
  const extraCas = (opts.trustedCaPem ?? []).filter((pem) => pem.trim() !== '');
  const tls: ConnectionOptions = {
    rejectUnauthorized: true,
    minVersion: 'TLSv1.2',
    // Node's `ca` replaces the system store rather than extending it, so the roots are added back.
    ...(extraCas.length > 0 ? { ca: [...rootCertificates, ...extraCas] } : {}),
    ...(isIP(host) === 0 ? { servername: host } : {}),
  };
  const timeout = opts.connectionTimeout ?? 20_000;
  return {
    host,
    port,
    secure: security === 'tls',
    requireTLS: security === 'starttls',
    // 'plain' (loopback only): never try STARTTLS, so the mode means the same thing on every server.
    ignoreTLS: security === 'plain',
    tls,
    auth: { user: account.user, pass: account.password },
    // The EHLO name would otherwise be this computer's host name, which is nobody else's business.
    name: '[127.0.0.1]',
    logger: false,
    debug: false,
    connectionTimeout: timeout,
    greetingTimeout: 15_000,
    socketTimeout: 5 * 60_000,
    // A pool would keep a session (and its password) open between messages; one message, one session.
    pool: false,
  };
}
