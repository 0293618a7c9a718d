// Turns whatever imapflow, Node's net/tls or DNS threw into a CodedError with a stable code. The message
// is fixed English text per case: server responses and Node messages can contain the user name, the
// host or addresses, so they stay on `cause` (inside the core) and never reach the UI.
import { CodedError, isCodedError } from '../../../shared/contract/result.js';

// Node/OpenSSL verification failures (X509_V_ERR_* names as Node reports them) and hostname mismatch.
const CERT_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_CRL',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_NOT_YET_VALID',
  'CERT_HAS_EXPIRED',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_CHAIN_TOO_LONG',
  'INVALID_CA',
  'INVALID_PURPOSE',
  'PATH_LENGTH_EXCEEDED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'HOSTNAME_MISMATCH',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_TLS_CERT_ALTNAME_FORMAT',
]);

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENETDOWN',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EADDRNOTAVAIL',
  'ECONNRESET',
  'EPIPE',
  'NoConnection',
  'EConnectionClosed',
  'ClosedAfterConnectText',
  'ClosedAfterConnectTLS',
]);

const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'UPGRADE_TIMEOUT', 'ETIMEOUT', 'LockTimeout']);

interface ErrorFacts {
  codes: string[];
  messages: string[];
  authenticationFailed: boolean;
  tlsFailed: boolean;
  aborted: boolean;
}

function collect(e: unknown): ErrorFacts {
  const facts: ErrorFacts = { codes: [], messages: [], authenticationFailed: false, tlsFailed: false, aborted: false };
  // imapflow wraps the original error as `_err` (proxy) or `cause`; follow a few levels, no more.
  let cur: unknown = e;
  for (let depth = 0; depth < 5 && typeof cur === 'object' && cur !== null; depth++) {
    const o = cur as Record<string, unknown>;
    if (typeof o.code === 'string') facts.codes.push(o.code);
    if (typeof o.message === 'string') facts.messages.push(o.message);
    if (o.authenticationFailed === true) facts.authenticationFailed = true;
    if (o.tlsFailed === true) facts.tlsFailed = true;
    if (o.name === 'AbortError') facts.aborted = true;
    cur = o.cause ?? o._err;
  }
  return facts;
}

export function mapImapError(e: unknown): CodedError {
  if (isCodedError(e)) return e;
  const f = collect(e);
  const has = (set: Set<string>): string | undefined => f.codes.find((c) => set.has(c));
  const say = (code: CodedError['code'], message: string): CodedError => new CodedError(code, message, { cause: e });

  // Certificate problems first: they also carry tlsFailed when they happen during STARTTLS.
  const cert = has(CERT_CODES);
  if (cert !== undefined) {
    return say('TLS_CERT_INVALID', `The server's certificate could not be verified (${cert}).`);
  }
  if (f.aborted) return say('INTERNAL', 'The operation was cancelled.');
  if (f.tlsFailed && f.messages.some((m) => /STARTTLS/iu.test(m))) {
    return say('TLS_REQUIRED', 'The server does not offer STARTTLS, so the connection was stopped before login.');
  }
  if (f.authenticationFailed) {
    // LOGINDISABLED (RFC 3501 §6.2.3): the server itself refuses a login before TLS.
    if (f.messages.some((m) => /Login is disabled/iu.test(m))) {
      return say('TLS_REQUIRED', 'The server does not allow login without TLS.');
    }
    return say('AUTH_FAILED', 'The server rejected the user name or password.');
  }
  const timeout = has(TIMEOUT_CODES);
  if (timeout !== undefined) return say('TIMEOUT', `The server did not answer in time (${timeout}).`);
  const unreachable = has(UNREACHABLE_CODES);
  if (unreachable !== undefined) return say('HOST_UNREACHABLE', `Could not connect to the IMAP server (${unreachable}).`);
  // Any other OpenSSL failure: a plaintext port answering a TLS hello, or a server limited to
  // pre-TLS-1.2 protocols. Either way no acceptable TLS session exists.
  const ssl = f.codes.find((c) => c.startsWith('ERR_SSL_') || c.startsWith('ERR_TLS_'));
  if (ssl !== undefined || f.tlsFailed) {
    return say('TLS_REQUIRED', `A secure TLS connection could not be established${ssl ? ` (${ssl})` : ''}.`);
  }
  const imapCode = f.codes[0];
  if (imapCode !== undefined) return say('PROTOCOL', `The IMAP server answered unexpectedly (${imapCode}).`);
  return say('INTERNAL', 'Unexpected IMAP failure.');
}
