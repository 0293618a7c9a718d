// A private Dovecot 2.3 IMAP server per test, on 127.0.0.1 and kernel-chosen ports, with a real
// TLS certificate signed by a per-process test CA. Nothing touches the system dovecot: config,
// sockets, state, logs and Maildirs live in one temp dir that stop() removes.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect as netConnect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { ImapFlow, type AppendResponseObject } from 'imapflow';
import { freePort } from './freePort.js';
import { onProcessEnd } from './onProcessEnd.js';
import { DEFAULT_CERT_HOST, getTestCert } from './testCerts.js';

export const DOVECOT_BIN = '/usr/sbin/dovecot';
/** Dovecot refuses to run mail processes as root; nobody/nogroup needs no /etc/passwd entry. */
const MAIL_UID = 65534;
const MAIL_GID = 65534;

export interface TestUser {
  user: string;
  password: string;
}

export interface DovecotOptions {
  users?: TestUser[];
  /** Host named in the server certificate; anything but 127.0.0.1/localhost makes a wrong-host cert. */
  certHost?: string;
  /** false: one plaintext listener that does not offer STARTTLS (downgrade tests, loopback `plain`). */
  tls?: boolean;
}

interface DovecotBase {
  host: '127.0.0.1';
  /** Plaintext listener; it offers STARTTLS unless the server was started with `tls: false`. */
  imapPort: number;
  users: TestUser[];
  /** The instance's private temp dir (config, logs, Maildirs). */
  dir: string;
  /** Last lines of the Dovecot logs, for failure messages. */
  logTail(lines?: number): string;
  stop(): Promise<void>;
}

export interface DovecotServer extends DovecotBase {
  tls: true;
  /** Implicit TLS listener (RFC 8314). */
  imapsPort: number;
  /** PEM of the test CA that signed the server certificate. */
  caPem: string;
}

export interface PlainDovecotServer extends DovecotBase {
  tls: false;
}

export type AnyDovecotServer = DovecotServer | PlainDovecotServer;

export const DEFAULT_USERS: readonly TestUser[] = [
  { user: 'alice', password: 'alice-secret-1' },
  { user: 'bob', password: 'bob-secret-2' },
];

// Masters still running; killed if the test process ends without stopping them.
const live = new Map<ChildProcess, string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Synchronous last resort: SIGKILL so the master is gone before its dir is removed (its
  // children exit when it dies).
  onProcessEnd(() => {
    for (const [child, dir] of live) {
      child.kill('SIGKILL');
      try {
        rmSync(dir, { recursive: true, force: true });
      } catch {
        // a child still writing; the leftover is a temp dir, not a running server
      }
    }
    live.clear();
  });
}

function checkUsers(users: TestUser[]): void {
  for (const u of users) {
    // passwd-file is colon-separated, one user per line
    if (!u.user || /[:\s/]/.test(u.user) || /[:\r\n]/.test(u.password)) {
      throw new Error(`invalid test user for passwd-file: ${JSON.stringify(u.user)}`);
    }
  }
}

function configText(dir: string, imapPort: number, imapsPort: number, cert?: { certFile: string; keyFile: string }): string {
  const ssl = cert
    ? `ssl = yes\nssl_cert = <${cert.certFile}\nssl_key = <${cert.keyFile}\nssl_min_protocol = TLSv1.2`
    : 'ssl = no';
  return `# Private test instance written by test/servers/dovecot.ts; not the system dovecot.
instance_name = raksa-test-${imapPort}
base_dir = ${dir}/run
state_dir = ${dir}/lib
log_path = ${dir}/log/dovecot.log
info_log_path = ${dir}/log/dovecot-info.log
protocols = imap
listen = 127.0.0.1
${ssl}
# plain LOGIN on the loopback listener is what the 'plain' security mode is tested with
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = ${MAIL_UID}
last_valid_uid = ${MAIL_UID}
first_valid_gid = ${MAIL_GID}
mail_location = maildir:${dir}/mail/%u/Maildir
mail_home = ${dir}/mail/%u
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${MAIL_UID} gid=${MAIL_GID} home=${dir}/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${imapPort}
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = ${imapsPort}
    ssl = ${cert ? 'yes' : 'no'}
  }
}
protocol imap {
  mail_max_userip_connections = 50
}
# Tests log in with wrong passwords on purpose; keep Dovecot from slowing every later login from
# 127.0.0.1 (auth penalty via anvil, up to 15 s) and from answering failures 2 s late.
auth_failure_delay = 0
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
`;
}

/** Reads the first line the server sends, bounded by `ms`. */
function readGreeting(sock: Socket, ms: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => done(new Error('greeting timeout')), ms);
    const done = (err: Error | null, line?: string): void => {
      clearTimeout(timer);
      sock.destroy();
      if (err) reject(err);
      else resolve(line ?? '');
    };
    sock.setEncoding('utf8');
    sock.on('data', (d: string) => {
      buf += d;
      const i = buf.indexOf('\r\n');
      if (i >= 0) done(null, buf.slice(0, i));
    });
    sock.once('error', (e) => done(e));
    sock.once('close', () => done(new Error('closed before greeting')));
  });
}

async function greets(port: number, caPem?: string): Promise<boolean> {
  try {
    const sock = caPem
      ? // chain checked against the test CA; the name is not, so a wrong-host cert is probed too
        tlsConnect({ host: '127.0.0.1', port, ca: caPem, checkServerIdentity: () => undefined })
      : netConnect({ host: '127.0.0.1', port });
    return (await readGreeting(sock, 2000)).startsWith('* OK');
  } catch {
    return false;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function tail(dir: string, lines = 30): string {
  const parts: string[] = [];
  for (const f of ['master.out', 'dovecot.log', 'dovecot-info.log']) {
    const p = join(dir, 'log', f);
    if (existsSync(p)) parts.push(...readFileSync(p, 'utf8').split('\n').map((l) => `${f}: ${l}`));
  }
  return parts.filter((l) => !l.endsWith(': ')).slice(-lines).join('\n');
}

async function waitExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return true;
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

function prepareDir(users: TestUser[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'raksa-dovecot-'));
  // the unprivileged login and mail processes must be able to traverse to their files
  chmodSync(dir, 0o755);
  for (const sub of ['run', 'lib', 'log', 'mail']) mkdirSync(join(dir, sub), { mode: 0o755 });
  for (const u of users) {
    const home = join(dir, 'mail', u.user);
    mkdirSync(home, { mode: 0o700 });
    chownSync(home, MAIL_UID, MAIL_GID);
  }
  // throwaway test credentials; the auth process must read them
  writeFileSync(join(dir, 'passwd'), users.map((u) => `${u.user}:{PLAIN}${u.password}::::::\n`).join(''), { mode: 0o644 });
  return dir;
}

export function startDovecot(opts: DovecotOptions & { tls: false }): Promise<PlainDovecotServer>;
export function startDovecot(opts?: DovecotOptions & { tls?: true }): Promise<DovecotServer>;
export function startDovecot(opts: DovecotOptions): Promise<AnyDovecotServer>;
export async function startDovecot(opts: DovecotOptions = {}): Promise<AnyDovecotServer> {
  if (!existsSync(DOVECOT_BIN)) throw new Error('dovecot not installed: apt-get install dovecot-imapd');
  if (process.getuid?.() !== 0) {
    throw new Error('the test Dovecot must be started as root (it drops mail processes to uid 65534)');
  }
  const users = (opts.users ?? DEFAULT_USERS).map((u) => ({ ...u }));
  checkUsers(users);
  const useTls = opts.tls !== false;
  const cert = useTls ? await getTestCert(opts.certHost ?? DEFAULT_CERT_HOST) : undefined;
  installExitHook();

  let lastError = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const dir = prepareDir(users);
    const imapPort = await freePort();
    const imapsPort = useTls ? await freePort() : 0;
    const conf = join(dir, 'dovecot.conf');
    writeFileSync(conf, configText(dir, imapPort, imapsPort, cert));
    const out = openSync(join(dir, 'log', 'master.out'), 'a');
    const child = spawn(DOVECOT_BIN, ['-F', '-c', conf], { stdio: ['ignore', out, out] });
    closeSync(out);
    // a test that forgets stop() must not hang the runner; the exit hook still kills the master
    child.unref();
    live.set(child, dir);

    let ready = false;
    for (let i = 0; i < 100 && child.exitCode === null && child.signalCode === null; i++) {
      const tlsOk = !cert || (await greets(imapsPort, cert.caPem));
      if (tlsOk && (await greets(imapPort))) {
        ready = true;
        break;
      }
      await sleep(100);
    }
    if (ready) {
      let stopped: Promise<void> | undefined;
      const base: DovecotBase = {
        host: '127.0.0.1',
        imapPort,
        users,
        dir,
        logTail: (lines?: number) => tail(dir, lines),
        stop: () => (stopped ??= stopChild(child, dir)),
      };
      return cert ? { ...base, tls: true, imapsPort, caPem: cert.caPem } : { ...base, tls: false };
    }
    lastError = tail(dir);
    await stopChild(child, dir);
    // a port taken between freePort() and Dovecot's bind: try new ports
    if (!/Address already in use/.test(lastError)) break;
  }
  throw new Error(`private dovecot did not start on 127.0.0.1:\n${lastError}`);
}

async function stopChild(child: ChildProcess, dir: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    if (!(await waitExit(child, 5000))) {
      child.kill('SIGKILL');
      await waitExit(child, 5000);
    }
  }
  live.delete(child);
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

/** Connects and logs in as `user`: implicit TLS trusting the test CA, or plaintext for `tls: false`. */
export async function connectImap(server: AnyDovecotServer, user: string, password: string): Promise<ImapFlow> {
  const client = new ImapFlow(
    server.tls
      ? { host: server.host, port: server.imapsPort, secure: true, tls: { ca: server.caPem }, auth: { user, pass: password }, logger: false }
      : { host: server.host, port: server.imapPort, secure: false, doSTARTTLS: false, auth: { user, pass: password }, logger: false },
  );
  await client.connect();
  return client;
}

async function withClient<T>(server: AnyDovecotServer, user: string, password: string, fn: (c: ImapFlow) => Promise<T>): Promise<T> {
  const client = await connectImap(server, user, password);
  try {
    return await fn(client);
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/** Seeds a message with IMAP APPEND, as a real server would receive it from another client. */
export async function appendMessage(
  server: AnyDovecotServer,
  user: string,
  password: string,
  mailbox: string,
  rawSource: string | Buffer,
  flags: string[] = [],
  internalDate?: Date,
): Promise<AppendResponseObject> {
  return withClient(server, user, password, async (c) => {
    const res = await c.append(mailbox, rawSource, flags, internalDate);
    if (!res) throw new Error(`APPEND to ${mailbox} failed for ${user}`);
    return res;
  });
}

/** Creates a mailbox (folder); an existing one is not an error. */
export async function createMailbox(server: AnyDovecotServer, user: string, password: string, path: string): Promise<void> {
  await withClient(server, user, password, async (c) => {
    await c.mailboxCreate(path);
  });
}

/** A message as a test reads it back from the server. */
export interface ServerMessage {
  readonly uid: number;
  readonly flags: string[];
  readonly raw: Buffer;
}

/** Every message of `user`'s folder `path`, with its flags and source; none when the folder does not exist. */
export async function folderMessages(server: AnyDovecotServer, user: string, password: string, path: string): Promise<ServerMessage[]> {
  return withClient(server, user, password, async (c) => {
    if (!(await c.list()).some((f) => f.path === path)) return [];
    const lock = await c.getMailboxLock(path);
    try {
      const out: ServerMessage[] = [];
      if (c.mailbox && c.mailbox.exists > 0) {
        for await (const m of c.fetch('1:*', { uid: true, flags: true, source: true })) {
          out.push({ uid: m.uid, flags: [...(m.flags ?? [])], raw: m.source ?? Buffer.alloc(0) });
        }
      }
      return out;
    } finally {
      lock.release();
    }
  });
}
