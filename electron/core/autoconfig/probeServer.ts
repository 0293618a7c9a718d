// Verifies a guessed server without logging in: implicit TLS must complete a validated handshake and
// greet; STARTTLS must greet in clear, accept STARTTLS and then complete a validated handshake. A guess
// that only answers in plaintext, or with a certificate for another host, is not a server we would use,
// so it does not count as found. No credentials are ever sent here.
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect, rootCertificates, type TLSSocket } from 'node:tls';
import type { Security } from '../../../shared/domain/schemas.js';
import { isPlaintextOffMachine, unbracketHost } from '../imap/isLoopbackHost.js';
import type { ConnectRoute } from './httpsFetchText.js';

export type MailProtocol = 'imap' | 'smtp';

/** True when a server answers there with the given security; never throws. */
export type ProbeServer = (protocol: MailProtocol, host: string, port: number, security: Security) => Promise<boolean>;

export interface ProbeOptions {
  readonly trustedCaPem?: readonly string[];
  readonly timeoutMs?: number;
  readonly route?: ConnectRoute;
}

const MAX_LINE_BUFFER = 16 * 1024;

/** Reads CRLF lines from a socket until `done` says the reply is complete. */
function readReply(socket: Socket, done: (lines: string[]) => boolean): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const lines: string[] = [];
    const cleanup = (): void => {
      socket.off('data', onData);
      socket.off('error', onError);
      socket.off('close', onClose);
    };
    const onData = (chunk: Buffer): void => {
      buffer += chunk.toString('latin1');
      if (buffer.length > MAX_LINE_BUFFER) {
        cleanup();
        reject(new Error('reply too long'));
        return;
      }
      let nl: number;
      while ((nl = buffer.indexOf('\n')) !== -1) {
        lines.push(buffer.slice(0, nl).replace(/\r$/, ''));
        buffer = buffer.slice(nl + 1);
        if (done(lines)) {
          cleanup();
          // Anything after a STARTTLS go-ahead was not asked for; refusing it mirrors imapflow's guard.
          if (buffer.length > 0) reject(new Error('unexpected data after the reply'));
          else resolve(lines);
          return;
        }
      }
    };
    const onError = (e: Error): void => {
      cleanup();
      reject(e);
    };
    const onClose = (): void => {
      cleanup();
      reject(new Error('connection closed'));
    };
    socket.on('data', onData);
    socket.on('error', onError);
    socket.on('close', onClose);
  });
}

const imapGreeting = (lines: string[]): boolean => lines.length > 0;
const imapTagged =
  (tag: string) =>
  (lines: string[]): boolean =>
    lines.some((l) => l.startsWith(`${tag} `));
// SMTP multi-line replies continue with "NNN-" and end with "NNN " (RFC 5321 §4.2.1).
const smtpReply = (lines: string[]): boolean => /^\d{3}(?: |$)/.test(lines.at(-1) ?? '');

function upgrade(
  socket: Socket,
  servername: string | undefined,
  ca: string[] | undefined,
  track: (s: Socket) => void,
): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const tls = tlsConnect({
      socket,
      ...(servername ? { servername } : {}),
      rejectUnauthorized: true,
      minVersion: 'TLSv1.2',
      ...(ca ? { ca } : {}),
    });
    track(tls);
    tls.once('secureConnect', () => resolve(tls));
    tls.once('error', reject);
  });
}

async function probeOnce(
  protocol: MailProtocol,
  rawHost: string,
  port: number,
  security: Security,
  opts: ProbeOptions,
  track: (s: Socket) => void,
): Promise<boolean> {
  const host = unbracketHost(rawHost);
  if (isPlaintextOffMachine({ host, security })) return false;
  const target = opts.route ? opts.route(host, port) : { host, port };
  const servername = isIP(host) === 0 ? host : undefined;
  const extraCas = (opts.trustedCaPem ?? []).filter((p) => p.trim() !== '');
  const ca = extraCas.length > 0 ? [...rootCertificates, ...extraCas] : undefined;

  if (security === 'tls') {
    const socket = await new Promise<TLSSocket>((resolve, reject) => {
      const s = tlsConnect({
        host: target.host,
        port: target.port,
        ...(servername ? { servername } : {}),
        rejectUnauthorized: true,
        minVersion: 'TLSv1.2',
        ...(ca ? { ca } : {}),
      });
      track(s);
      s.once('secureConnect', () => resolve(s));
      s.once('error', reject);
    });
    const greeting = await readReply(socket, protocol === 'imap' ? imapGreeting : smtpReply);
    return protocol === 'imap' ? /^\* OK\b/i.test(greeting[0] ?? '') : /^220\b/.test(greeting.at(-1) ?? '');
  }

  const plain = await new Promise<Socket>((resolve, reject) => {
    const s = netConnect({ host: target.host, port: target.port });
    track(s);
    s.once('connect', () => resolve(s));
    s.once('error', reject);
  });
  if (protocol === 'imap') {
    // A PREAUTH greeting skips the state in which STARTTLS is allowed, so it cannot be secured.
    const greeting = await readReply(plain, imapGreeting);
    if (!/^\* OK\b/i.test(greeting[0] ?? '')) return false;
    if (security === 'plain') return true;
    plain.write('p1 STARTTLS\r\n');
    const reply = await readReply(plain, imapTagged('p1'));
    if (!/^p1 OK\b/i.test(reply.at(-1) ?? '')) return false;
  } else {
    const greeting = await readReply(plain, smtpReply);
    if (!/^220\b/.test(greeting.at(-1) ?? '')) return false;
    plain.write('EHLO [127.0.0.1]\r\n');
    const ehlo = await readReply(plain, smtpReply);
    if (security === 'plain') return /^250\b/.test(ehlo.at(-1) ?? '');
    if (!ehlo.some((l) => /^250[- ]STARTTLS\b/i.test(l))) return false;
    plain.write('STARTTLS\r\n');
    const reply = await readReply(plain, smtpReply);
    if (!/^220\b/.test(reply.at(-1) ?? '')) return false;
  }
  const secured = await upgrade(plain, servername, ca, track);
  return secured.authorized;
}

/** Builds the default probe with IT's CAs, a per-probe timeout and an optional test route. */
export function createProbe(opts: ProbeOptions = {}): ProbeServer {
  const timeoutMs = opts.timeoutMs ?? 8000;
  return async (protocol, host, port, security) => {
    const sockets: Socket[] = [];
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      return await Promise.race([
        probeOnce(protocol, host, port, security, opts, (s) => sockets.push(s)).catch(() => false),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
      // TLS wrappers before the sockets under them: destroying a socket while its TLS wrapper is still
      // alive crashed Node 20 (SIGSEGV) in testing.
      for (const s of sockets.reverse()) s.destroy();
    }
  };
}
