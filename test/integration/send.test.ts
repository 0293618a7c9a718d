// Sending against real servers (issue 5 §2): the core's gate, outbox and runner with nodemailer over
// STARTTLS to an smtp-server sink that delivers into a private Dovecot, read back over IMAP; Sent filing
// in that Dovecot. The clock and backoff are injected so retries need no waiting.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { SMTPServer } from 'smtp-server';
import PostalMime from 'postal-mime';
import { SendSubmitArgs, type SendSubmitArgs as SubmitInput } from '../../shared/domain/compose.js';
import { DEFAULT_POLICY } from '../../shared/policy/index.js';
import { AuditLog } from '../../electron/core/audit/auditLog.js';
import { createSending, type Sending } from '../../electron/core/send/createSending.js';
import { ImapSentFiler } from '../../electron/core/send/sentFiler.js';
import { migrate } from '../../electron/core/store/migrate.js';
import { closeDatabase, openDatabase, type SqliteDatabase } from '../../electron/core/store/openDatabase.js';
import { SqliteMailStore } from '../../electron/core/store/sqliteMailStore.js';
import { connectImap, startDovecot, type DovecotServer } from '../servers/dovecot.js';
import { freePort } from '../servers/freePort.js';
import { startSmtpSink, type SmtpSink } from '../servers/smtp.js';
import { getTestCert } from '../servers/testCerts.js';

let dovecot: DovecotServer;
let sink: SmtpSink;
const cleanups: (() => Promise<void> | void)[] = [];

before(async () => {
  dovecot = await startDovecot();
  sink = await startSmtpSink({ dovecot });
});

after(async () => {
  for (const c of cleanups.reverse()) await c();
  await sink?.stop();
  await dovecot?.stop();
});

interface Env {
  db: SqliteDatabase;
  store: SqliteMailStore;
  clock: { t: number };
  open(opts?: { caPem?: string[] }): Sending;
}

/** A fresh profile whose account sends through `smtpPort` (STARTTLS unless told) as alice. */
function profile(smtpPort: number, security: 'tls' | 'starttls' = 'starttls'): Env {
  const dir = mkdtempSync(join(tmpdir(), 'raksa-send-'));
  const db = openDatabase(join(dir, 'p.db'), randomBytes(32));
  migrate(db);
  const store = new SqliteMailStore(db);
  store.addAccount({
    email: 'alice@example.go.th',
    displayName: 'อลิซ ทดสอบ',
    imap: { host: '127.0.0.1', port: dovecot.imapsPort, security: 'tls' },
    smtp: { host: '127.0.0.1', port: smtpPort, security },
    user: 'alice',
    password: 'alice-secret-1',
  });
  const audit = new AuditLog(db);
  const clock = { t: Date.now() };
  const opened: Sending[] = [];
  cleanups.push(async () => {
    for (const s of opened) await s.close();
    closeDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    db,
    store,
    clock,
    open(opts = {}) {
      const s = createSending({
        db,
        store,
        policy: DEFAULT_POLICY,
        policyHash: 'b'.repeat(64),
        audit,
        trustedCaPem: opts.caPem ?? [dovecot.caPem],
        emit: () => undefined,
        now: () => clock.t,
        backoff: () => 60_000,
        schedule: () => () => undefined,
      });
      opened.push(s);
      return s;
    },
  };
}

const msg = (over: Partial<SubmitInput> = {}) =>
  SendSubmitArgs.parse({ accountId: 1, to: ['bob@example.go.th'], subject: 'ประชุม', text: 'เรียน คุณบ็อบ', ...over });

async function withImap<T>(user: 'alice' | 'bob', fn: (c: Awaited<ReturnType<typeof connectImap>>) => Promise<T>): Promise<T> {
  const password = user === 'alice' ? 'alice-secret-1' : 'bob-secret-2';
  const c = await connectImap(dovecot, user, password);
  try {
    return await fn(c);
  } finally {
    await c.logout();
  }
}

/** The raw sources in `mailbox` whose Message-ID header is `messageId`. */
function sourcesWith(user: 'alice' | 'bob', mailbox: string, messageId: string): Promise<Buffer[]> {
  return withImap(user, async (c) => {
    const lock = await c.getMailboxLock(mailbox);
    try {
      const uids = await c.search({ header: { 'message-id': messageId } }, { uid: true });
      if (!Array.isArray(uids) || uids.length === 0) return [];
      const out: Buffer[] = [];
      for await (const m of c.fetch(uids, { source: true }, { uid: true })) if (m.source) out.push(m.source);
      return out;
    } finally {
      lock.release();
    }
  });
}

const sentPath = (): Promise<string | null> =>
  withImap('alice', async (c) => (await c.list()).find((f) => f.path === 'Sent')?.path ?? null);

void test('send: delivered over STARTTLS, read back over IMAP, filed in a created Sent exactly once', async () => {
  const env = profile(sink.port);
  const s = env.open();
  await s.start();
  const { outboxId, messageId } = await s.sendGate.submit(msg({ cc: ['alice@example.go.th'] }));
  await s.outboxRunner.idle();
  assert.equal(s.outboxStore.get(outboxId)?.state, 'filed', JSON.stringify(s.outboxStore.get(outboxId)?.lastError));
  const queued = s.outboxStore.get(outboxId)?.raw ?? Buffer.alloc(0);

  const received = sink.messages.find((m) => m.raw.includes(messageId));
  assert.ok(received, 'the sink got it');
  assert.equal(received.secure, true, 'STARTTLS was used before DATA');
  assert.equal(received.authUser, 'alice');
  assert.deepEqual(received.to.sort(), ['alice@example.go.th', 'bob@example.go.th']);

  const [delivered] = await sourcesWith('bob', 'INBOX', messageId);
  assert.ok(delivered, 'in bob’s INBOX');
  const parsed = await PostalMime.parse(delivered);
  assert.equal(parsed.subject, 'ประชุม');
  assert.equal(parsed.text?.trim(), 'เรียน คุณบ็อบ');
  assert.equal(parsed.from?.name, 'อลิซ ทดสอบ');

  assert.equal(await sentPath(), 'Sent', 'Sent was created');
  const filed = await sourcesWith('alice', 'Sent', messageId);
  assert.equal(filed.length, 1);
  assert.deepEqual(filed[0], queued, 'Sent holds exactly the queued bytes');
  // Filing again (a crash after APPEND, a retry) finds it and does not append a second copy.
  const account = env.store.getAccountWithSecret(1);
  assert.ok(account);
  assert.equal(await new ImapSentFiler({ trustedCaPem: [dovecot.caPem] }).file(account, messageId, queued), 'already-filed');
  assert.equal((await sourcesWith('alice', 'Sent', messageId)).length, 1);
});

void test('reply threading: In-Reply-To and References arrive as sent', async () => {
  const s = profile(sink.port).open();
  const { messageId } = await s.sendGate.submit(
    msg({ subject: 'Re: ประชุม', inReplyTo: '<parent-1@moph.go.th>', references: ['<root-1@moph.go.th>'] }),
  );
  await s.outboxRunner.idle();
  const [delivered] = await sourcesWith('bob', 'INBOX', messageId);
  assert.ok(delivered);
  const parsed = await PostalMime.parse(delivered);
  assert.equal(parsed.inReplyTo, '<parent-1@moph.go.th>');
  assert.equal(parsed.references, '<root-1@moph.go.th> <parent-1@moph.go.th>');
  assert.equal(parsed.subject, 'Re: ประชุม');
});

void test('attachments round trip byte for byte, Thai file name included; markings arrive as headers', async () => {
  const s = profile(sink.port).open();
  const binary = randomBytes(150_000);
  const text = Buffer.from('ข้อมูล,จำนวน\r\nงบประมาณ,1000\r\n', 'utf8');
  const { messageId } = await s.sendGate.submit(
    msg({
      urgency: 'very-urgent',
      documentNumber: 'ที่ นร 0105/ว 12',
      attachments: [
        { filename: 'รายงานการประชุม ครั้งที่ 1.bin', contentType: 'application/octet-stream', dataBase64: binary.toString('base64') },
        { filename: 'งบ.csv', contentType: 'text/csv', dataBase64: text.toString('base64') },
      ],
    }),
  );
  await s.outboxRunner.idle();
  const [delivered] = await sourcesWith('bob', 'INBOX', messageId);
  assert.ok(delivered);
  const parsed = await PostalMime.parse(delivered);
  assert.equal(parsed.subject, '[ด่วนมาก] ประชุม');
  assert.equal(parsed.headers.find((h) => h.key === 'x-raksa-urgency')?.value, 'very-urgent');
  assert.deepEqual(parsed.attachments.map((a) => a.filename), ['รายงานการประชุม ครั้งที่ 1.bin', 'งบ.csv']);
  assert.deepEqual(Buffer.from(parsed.attachments[0]?.content as ArrayBuffer), binary);
  assert.deepEqual(Buffer.from(parsed.attachments[1]?.content as ArrayBuffer), text);
});

/** An implicit-TLS SMTP server that refuses some recipients and keeps what it accepts. */
async function refusingServer(refuse: (address: string) => boolean, port = 0) {
  const cert = await getTestCert();
  const received: { to: string[]; raw: Buffer }[] = [];
  const server = new SMTPServer({
    secure: true,
    key: cert.keyPem,
    cert: cert.certPem,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth: (_auth, _session, cb) => cb(null, { user: 'alice' }),
    onRcptTo: (address, _session, cb) =>
      refuse(address.address)
        ? cb(Object.assign(new Error(`5.1.1 <${address.address}>: Recipient address rejected`), { responseCode: 550 }))
        : cb(),
    onData: (stream, session, cb) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks) });
        cb();
      });
    },
  });
  server.on('error', () => undefined);
  const bound = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    const net = server.listen(port, '127.0.0.1', () => {
      const a = net.address();
      resolve(typeof a === 'object' && a ? a.port : 0);
    });
  });
  const stop = () => new Promise<void>((r) => server.close(() => r()));
  cleanups.push(stop);
  return { port: bound, received, stop };
}

void test('the server refuses a recipient: failed naming it; partly refused: sent to the others, refusal shown', async () => {
  const srv = await refusingServer((a) => a.startsWith('nobody@'));
  const s = profile(srv.port, 'tls').open();
  const refused = await s.sendGate.submit(msg({ to: ['nobody@example.go.th'] }));
  await s.outboxRunner.idle();
  const rec = s.outboxStore.get(refused.outboxId);
  assert.equal(rec?.state, 'failed');
  assert.equal(rec?.lastError?.code, 'RECIPIENT_REFUSED');
  assert.match(rec?.lastError?.message ?? '', /nobody@example\.go\.th.*550/u);

  const partly = await s.sendGate.submit(msg({ to: ['bob@example.go.th', 'nobody@example.go.th'] }));
  await s.outboxRunner.idle();
  const p = s.outboxStore.get(partly.outboxId);
  assert.equal(p?.state, 'filed');
  assert.deepEqual(p?.rejected.map((r) => r.address), ['nobody@example.go.th']);
  assert.deepEqual(srv.received.map((m) => m.to), [['bob@example.go.th']]);
});

void test('server down, then up: retried with backoff and sent once, the same bytes', async () => {
  const port = await freePort();
  const env = profile(port, 'tls');
  const s = env.open();
  const { outboxId, messageId } = await s.sendGate.submit(msg());
  await s.outboxRunner.idle();
  let rec = s.outboxStore.get(outboxId);
  assert.equal(rec?.state, 'queued');
  assert.equal(rec?.lastError?.code, 'HOST_UNREACHABLE');
  assert.equal(rec?.nextAttemptAt, env.clock.t + 60_000);

  const srv = await refusingServer(() => false, port);
  await s.outboxRunner.runDue();
  assert.equal(srv.received.length, 0, 'not before the backoff is over');
  env.clock.t += 60_000;
  await s.outboxRunner.runDue();
  rec = s.outboxStore.get(outboxId);
  assert.equal(rec?.state, 'filed', JSON.stringify(rec?.lastError));
  assert.equal(srv.received.length, 1);
  assert.ok(srv.received[0]?.raw.includes(messageId));
  assert.equal(rec?.attempts, 2);
  assert.deepEqual((await sourcesWith('alice', 'Sent', messageId))[0], rec?.raw);
});

void test('a certificate nobody trusts: failed with TLS_CERT_INVALID, nothing delivered', async () => {
  const before = sink.messages.length;
  const s = profile(sink.port).open({ caPem: [] });
  const { outboxId } = await s.sendGate.submit(msg());
  await s.outboxRunner.idle();
  assert.equal(s.outboxStore.get(outboxId)?.state, 'failed');
  assert.equal(s.outboxStore.get(outboxId)?.lastError?.code, 'TLS_CERT_INVALID');
  assert.equal(sink.messages.length, before);
});

void test('crash while sending, resolved over IMAP: found in Sent → filed; not found → uncertain', async () => {
  const env = profile(sink.port);
  const first = env.open();
  const delivered = await first.sendGate.submit(msg({ subject: 'ส่งแล้ว' }));
  await first.outboxRunner.idle();
  assert.equal(first.outboxStore.get(delivered.outboxId)?.state, 'filed');
  // Pretend the process died on the wire for both: one really is in Sent, one never left.
  first.outboxRunner.stop();
  const lost = await first.sendGate.submit(msg({ subject: 'ค้าง' }));
  env.db.prepare("UPDATE outbox SET state = 'sending' WHERE id IN (?, ?)").run(delivered.outboxId, lost.outboxId);
  const before = sink.messages.length;

  const second = env.open();
  await second.start();
  assert.equal(second.outboxStore.get(delivered.outboxId)?.state, 'filed');
  assert.equal(second.outboxStore.get(lost.outboxId)?.state, 'uncertain');
  assert.equal(sink.messages.length, before, 'no silent resend');
});
