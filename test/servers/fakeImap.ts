// A tiny scripted IMAP server on 127.0.0.1 that plays a man in the middle against the client's TLS rules
// (RFC 8314, RFC 9051 §6.2.1): a PREAUTH greeting on a plaintext port, STARTTLS refused with BAD or NO,
// STARTTLS stripped from the capability list after the greeting, data injected after the STARTTLS
// go-ahead, and, as the control that proves the harness works, an honest STARTTLS upgrade with the test
// CA's certificate. It records every command line, and whether it arrived in clear or under TLS, so a
// test can prove that no credential and no mailbox command crossed the wire unencrypted.
import { createServer, type Server, type Socket } from 'node:net';
import { TLSSocket, createSecureContext } from 'node:tls';
import { DEFAULT_CERT_HOST, getTestCert } from './testCerts.js';

export type FakeImapScenario =
  | 'preauth'
  | 'starttls-bad'
  | 'starttls-no'
  | 'starttls-stripped'
  | 'starttls-stripped-greeting'
  | 'starttls-inject'
  | 'starttls-ok';

export interface FakeImapCommand {
  readonly tls: boolean;
  /** The command line as received (literals appended after a space). */
  readonly line: string;
}

export interface FakeImap {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** PEM of the CA that signed the certificate used for `starttls-ok`. */
  readonly caPem: string;
  readonly commands: FakeImapCommand[];
  /** How many connections were accepted (proves the client really reached this server). */
  connections(): number;
  /** Every byte received before any TLS handshake, as latin1 text. */
  plaintext(): string;
  close(): Promise<void>;
}

// No LOGINDISABLED: an attacker would not advertise it, and it would hide whether the client itself refuses.
const GREETING_CAPS = 'IMAP4rev1 STARTTLS AUTH=PLAIN';

export async function startFakeImap(scenario: FakeImapScenario, certHost = DEFAULT_CERT_HOST): Promise<FakeImap> {
  const cert = await getTestCert(certHost);
  const context = createSecureContext({ key: cert.keyPem, cert: cert.certPem });
  const commands: FakeImapCommand[] = [];
  const clear: Buffer[] = [];
  const sockets = new Set<Socket>();

  const serve = (socket: Socket, tls: boolean): void => {
    let buffer = Buffer.alloc(0);
    let pendingLine = '';
    let literal = 0;
    const send = (text: string): void => void socket.write(text);

    const handle = (line: string): void => {
      commands.push({ tls, line });
      const [tag = '*', rawCommand = ''] = line.split(' ');
      const command = rawCommand.toUpperCase();
      switch (command) {
        case 'CAPABILITY': {
          const caps = tls
            ? 'IMAP4rev1'
            : scenario.startsWith('starttls-stripped')
              ? 'IMAP4rev1 AUTH=PLAIN'
              : GREETING_CAPS;
          send(`* CAPABILITY ${caps}\r\n${tag} OK CAPABILITY completed\r\n`);
          return;
        }
        case 'STARTTLS':
          if (scenario === 'starttls-bad' || scenario.startsWith('starttls-stripped')) return send(`${tag} BAD STARTTLS not available\r\n`);
          if (scenario === 'starttls-no') return send(`${tag} NO STARTTLS refused\r\n`);
          if (scenario === 'starttls-inject') {
            // RFC 9051 §6.2.1: nothing may follow the go-ahead before the handshake.
            return send(`${tag} OK Begin TLS negotiation now\r\n* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n`);
          }
          send(`${tag} OK Begin TLS negotiation now\r\n`);
          socket.removeAllListeners('data');
          upgrade(socket);
          return;
        case 'LOGIN':
        case 'AUTHENTICATE':
          // Answered as a success on purpose: a client that gets this far has already leaked.
          return send(`${tag} OK [CAPABILITY IMAP4rev1] Logged in\r\n`);
        case 'LOGOUT':
          send(`* BYE logging out\r\n${tag} OK LOGOUT completed\r\n`);
          socket.end();
          return;
        case 'ID':
          return send(`* ID NIL\r\n${tag} OK ID completed\r\n`);
        case 'NAMESPACE':
          return send(`* NAMESPACE (("" "/")) NIL NIL\r\n${tag} OK NAMESPACE completed\r\n`);
        default:
          return send(`${tag} OK ${command} completed\r\n`);
      }
    };

    socket.on('data', (chunk: Buffer) => {
      if (!tls) clear.push(chunk);
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        if (literal > 0) {
          if (buffer.length < literal) return;
          pendingLine += buffer.subarray(0, literal).toString('latin1');
          buffer = buffer.subarray(literal);
          literal = 0;
          continue;
        }
        const nl = buffer.indexOf('\r\n');
        if (nl === -1) return;
        const part = buffer.subarray(0, nl).toString('latin1');
        buffer = buffer.subarray(nl + 2);
        const lit = /\{(\d+)(\+?)\}$/.exec(part);
        if (lit) {
          pendingLine += `${part} `;
          literal = Number(lit[1]);
          if (lit[2] !== '+') send('+ go ahead\r\n');
          continue;
        }
        const line = pendingLine + part;
        pendingLine = '';
        handle(line);
      }
    });
    socket.on('error', () => socket.destroy());
  };

  const upgrade = (plain: Socket): void => {
    const secure = new TLSSocket(plain, { isServer: true, secureContext: context });
    sockets.add(secure);
    secure.on('secure', () => serve(secure, true));
    secure.on('error', () => secure.destroy());
  };

  let connections = 0;
  // 'starttls-stripped': no capabilities in the greeting, so the client must ask, and the answer lacks
  // STARTTLS; 'starttls-stripped-greeting': the greeting's own list already lacks it.
  const greeting = (): string => {
    if (scenario === 'preauth') return `* PREAUTH [CAPABILITY ${GREETING_CAPS}] Logged in as somchai\r\n`;
    if (scenario === 'starttls-stripped') return '* OK Fake IMAP ready\r\n';
    if (scenario === 'starttls-stripped-greeting') return '* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] Fake IMAP ready\r\n';
    return `* OK [CAPABILITY ${GREETING_CAPS}] Fake IMAP ready\r\n`;
  };

  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    serve(socket, false);
    connections++;
    socket.write(greeting());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  if (!addr || typeof addr !== 'object') throw new Error('fake IMAP did not bind');

  return {
    host: '127.0.0.1',
    port: addr.port,
    caPem: cert.caPem,
    commands,
    connections: () => connections,
    plaintext: () => Buffer.concat(clear).toString('latin1'),
    close: () =>
      new Promise((resolve) => {
        // TLS wrappers first (see probeServer.ts: destroying the socket under a live wrapper crashed Node).
        for (const s of [...sockets].reverse()) s.destroy();
        server.close(() => resolve());
      }),
  };
}
