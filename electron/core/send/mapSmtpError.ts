// Turns what nodemailer threw into a CodedError with a stable code, plus whether retrying can help. The
// server's own reply is kept (it is what the outbox shows as the reason), but Node's messages are not:
// they may name hosts and users.
import { CodedError, isCodedError } from '../../../shared/contract/result.js';

export class SmtpSendError extends CodedError {
  constructor(
    code: CodedError['code'],
    message: string,
    /** true: try again later (offline, 4xx); false: the same bytes would fail the same way (5xx, auth, TLS). */
    readonly transient: boolean,
    /** For a refused recipient: who. */
    readonly recipients: readonly string[],
    cause: unknown,
  ) {
    super(code, message, { cause });
  }
}

// Node's X509 codes (kept by nodemailer as `originalCode`) and its messages for them.
const CERT = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ALTNAME|HOSTNAME_MISMATCH|certificate/iu;
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNRESET', 'EPIPE', 'EDNS']);

interface NodemailerError {
  code?: unknown;
  originalCode?: unknown;
  responseCode?: unknown;
  response?: unknown;
  command?: unknown;
  rejected?: unknown;
  recipient?: unknown;
  message?: unknown;
  cause?: unknown;
}

const codesOf = (e: unknown): string[] => {
  const codes: string[] = [];
  let cur: unknown = e;
  for (let i = 0; i < 4 && typeof cur === 'object' && cur !== null; i++) {
    const o = cur as NodemailerError;
    if (typeof o.code === 'string') codes.push(o.code);
    if (typeof o.originalCode === 'string') codes.push(o.originalCode);
    if (typeof o.message === 'string') codes.push(o.message);
    cur = o.cause;
  }
  return codes;
};

/** The first line of a server reply, bounded: shown to the user as the reason. */
const replyText = (response: unknown): string =>
  typeof response === 'string' ? response.split(/\r?\n/u)[0]?.slice(0, 300) ?? '' : '';

export function mapSmtpError(e: unknown): SmtpSendError {
  if (e instanceof SmtpSendError) return e;
  if (isCodedError(e)) return new SmtpSendError(e.code, e.message, false, [], e);
  const o = (typeof e === 'object' && e !== null ? e : {}) as NodemailerError;
  const code = typeof o.code === 'string' ? o.code : '';
  const responseCode = typeof o.responseCode === 'number' ? o.responseCode : 0;
  const reply = replyText(o.response);
  const say = (c: CodedError['code'], message: string, transient: boolean, recipients: readonly string[] = []) =>
    new SmtpSendError(c, message, transient, recipients, e);
  const all = codesOf(e);
  if (all.some((c) => CERT.test(c))) return say('TLS_CERT_INVALID', "The SMTP server's certificate could not be verified.", false);
  if (code === 'EAUTH') return say('AUTH_FAILED', `The SMTP server rejected the user name or password${reply ? ` (${reply})` : ''}.`, false);
  if (code === 'ETLS' || (code === 'ECONNECTION' && all.some((c) => /STARTTLS/u.test(c)))) {
    return say('TLS_REQUIRED', 'A secure TLS connection to the SMTP server could not be established.', false);
  }
  if (code === 'EENVELOPE' && o.command === 'RCPT TO') {
    const rejected = Array.isArray(o.rejected) ? o.rejected.filter((r): r is string => typeof r === 'string') : [];
    const who = rejected.length ? rejected : typeof o.recipient === 'string' ? [o.recipient] : [];
    return say(
      'RECIPIENT_REFUSED',
      `The server refused ${who.join(', ') || 'the recipients'}${reply ? `: ${reply}` : ''}.`,
      responseCode >= 400 && responseCode < 500,
      who,
    );
  }
  if (code === 'ETIMEDOUT') return say('TIMEOUT', 'The SMTP server did not answer in time.', true);
  if (code === 'ECONNECTION' || code === 'ESOCKET' || all.some((c) => UNREACHABLE.has(c))) {
    return say('HOST_UNREACHABLE', 'Could not connect to the SMTP server.', true);
  }
  if (responseCode >= 500) return say('PROTOCOL', `The SMTP server refused the message: ${reply}`, false);
  if (responseCode >= 400) return say('PROTOCOL', `The SMTP server deferred the message: ${reply}`, true);
  return say('PROTOCOL', `Unexpected SMTP failure${code ? ` (${code})` : ''}.`, true);
}
