// A small SMTP endpoint for sending tests: STARTTLS (or implicit TLS, or none) with the test CA's
// certificate, AUTH PLAIN/LOGIN against the test users, every message kept in memory and, when a
// Dovecot is given, delivered into each local recipient's INBOX so it can be read back over IMAP.
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { appendMessage, DEFAULT_USERS, type AnyDovecotServer, type TestUser } from './dovecot.js';
import { DEFAULT_CERT_HOST, getTestCert } from './testCerts.js';

export interface SmtpSinkOptions {
  /** Deliver received mail into this server's INBOXes (recipient `user` or `user@any.domain`). */
  dovecot?: AnyDovecotServer;
  /** Accounts for AUTH; default: the Dovecot's users, else DEFAULT_USERS. */
  users?: TestUser[];
  /**
   * true (default): STARTTLS offered, and AUTH refused until it is done (RFC 3207).
   * 'implicit': TLS from the first byte (RFC 8314 submissions port style).
   * false: plaintext only, STARTTLS not offered (loopback `plain` mode, downgrade tests).
   */
  tls?: boolean | 'implicit';
  /** Host in the certificate; a wrong one makes hostname verification fail. */
  certHost?: string;
}

export interface ReceivedMail {
  from: string | null;
  to: string[];
  raw: Buffer;
  /** Login name the client authenticated as. */
  authUser: string | undefined;
  /** Whether the session was under TLS when DATA arrived. */
  secure: boolean;
  /** Dovecot users the message was appended to. */
  deliveredTo: string[];
}

export interface SmtpSink {
  host: '127.0.0.1';
  port: number;
  tls: boolean | 'implicit';
  /** PEM of the test CA that signed the sink's certificate. */
  caPem: string;
  users: TestUser[];
  messages: ReceivedMail[];
  /** Resolves once at least `count` messages were accepted; rejects after `timeoutMs`. */
  waitForMessages(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  stop(): Promise<void>;
}

function mailboxOwner(address: string, users: TestUser[]): TestUser | undefined {
  const a = address.toLowerCase();
  const local = a.split('@')[0];
  return users.find((u) => u.user.toLowerCase() === a) ?? users.find((u) => u.user.toLowerCase() === local);
}

export async function startSmtpSink(opts: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const tls = opts.tls ?? true;
  const users = opts.users ?? opts.dovecot?.users ?? [...DEFAULT_USERS];
  const cert = await getTestCert(opts.certHost ?? DEFAULT_CERT_HOST);
  const messages: ReceivedMail[] = [];
  const waiters = new Set<() => void>();

  const options: SMTPServerOptions = {
    secure: tls === 'implicit',
    key: cert.keyPem,
    cert: cert.certPem,
    // hiding it from EHLO is not enough: the STARTTLS verb itself would still work
    hideSTARTTLS: tls === false,
    disabledCommands: tls === false ? ['STARTTLS'] : [],
    // only the no-TLS sink may take a password in the clear (loopback plain mode)
    allowInsecureAuth: tls === false,
    authMethods: ['PLAIN', 'LOGIN'],
    size: 25 * 1024 * 1024,
    closeTimeout: 1000,
    onAuth(auth, _session, callback) {
      const ok = users.some((u) => u.user === auth.username && u.password === auth.password);
      if (ok) callback(null, { user: auth.username });
      else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.once('error', (e: Error) => callback(e));
      stream.once('end', () => {
        const raw = Buffer.concat(chunks);
        const mail: ReceivedMail = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          // typed `any` upstream; onAuth above stores the login name there
          authUser: typeof session.user === 'string' ? session.user : undefined,
          secure: session.secure,
          deliveredTo: [],
        };
        deliver(mail)
          .then(() => {
            messages.push(mail);
            for (const w of waiters) w();
            callback(null, 'queued');
          })
          // a failed delivery is a 451 to the client, so the sending test sees it
          .catch((e: unknown) => callback(Object.assign(new Error(`delivery failed: ${String(e)}`), { responseCode: 451 })));
      });
    },
  };

  async function deliver(mail: ReceivedMail): Promise<void> {
    const server = opts.dovecot;
    if (!server) return;
    for (const rcpt of mail.to) {
      const owner = mailboxOwner(rcpt, server.users);
      // External recipients (policy tests send to gmail.com etc.) are only collected.
      if (!owner || mail.deliveredTo.includes(owner.user)) continue;
      await appendMessage(server, owner.user, owner.password, 'INBOX', mail.raw);
      mail.deliveredTo.push(owner.user);
    }
  }

  const smtp = new SMTPServer(options);
  const port = await new Promise<number>((resolve, reject) => {
    smtp.once('error', reject);
    const net = smtp.listen(0, '127.0.0.1', () => {
      const addr = net.address();
      resolve(typeof addr === 'object' && addr ? addr.port : 0);
    });
  });
  // later socket errors (a client dropping mid-TLS) are part of the tests, not crashes
  smtp.on('error', () => undefined);

  let stopped: Promise<void> | undefined;
  return {
    host: '127.0.0.1',
    port,
    tls,
    caPem: cert.caPem,
    users,
    messages,
    waitForMessages(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (messages.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(messages.slice());
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`SMTP sink got ${messages.length} of ${count} messages in ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    stop: () => (stopped ??= new Promise<void>((resolve) => smtp.close(() => resolve()))),
  };
}
