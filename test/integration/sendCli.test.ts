// `raksa send` as a user runs it, and the send.* / outbox.* API through the real core worker: every path
// goes through the same send gate under the machine policy. The CLI's refusals happen before any
// connection to the SMTP server, which a counting TCP listener proves.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import PostalMime from 'postal-mime';
import type { OutboxChanged } from '../../shared/domain/compose.js';
import { DEFAULT_POLICY } from '../../shared/policy/index.js';
import { openProfile } from '../../electron/core/profile/openProfile.js';
import { connectImap, startDovecot, type DovecotServer } from '../servers/dovecot.js';
import { startSmtpSink, type SmtpSink } from '../servers/smtp.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = path.join(root, 'bin', 'raksa.mjs');

let dovecot: DovecotServer;
let sink: SmtpSink;
let work: string;
let caFile: string;
let counter: Server;
let counterPort = 0;
let connections = 0;

const raksa = (args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd: root, env: { ...process.env, RAKSA_TEST_PASS: 'correct horse battery', MAILPASS: 'alice-secret-1' }, timeout: 120_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });

const profileArgs = (profile: string) => ['--profile', profile, '--passphrase-env', 'RAKSA_TEST_PASS', '--ca-file', caFile];

async function addAccount(profile: string, smtpPort: number): Promise<void> {
  const r = await raksa([
    'account', 'add', ...profileArgs(profile),
    '--email', 'alice@example.go.th', '--display-name', 'อลิซ',
    '--imap-host', '127.0.0.1', '--imap-port', String(dovecot.imapsPort), '--imap-security', 'tls',
    '--smtp-host', '127.0.0.1', '--smtp-port', String(smtpPort), '--smtp-security', 'starttls',
    '--user', 'alice', '--password-env', 'MAILPASS', '--json',
  ]);
  assert.equal(r.code, 0, r.stderr);
}

async function inbox(user: string, password: string, messageId: string): Promise<Buffer | null> {
  const c = await connectImap(dovecot, user, password);
  try {
    const lock = await c.getMailboxLock('INBOX');
    try {
      const uids = await c.search({ header: { 'message-id': messageId } }, { uid: true });
      if (!Array.isArray(uids) || uids.length === 0) return null;
      const m = await c.fetchOne(String(uids[0]), { source: true }, { uid: true });
      return m ? (m.source ?? null) : null;
    } finally {
      lock.release();
    }
  } finally {
    await c.logout();
  }
}

let bodyFile: string;
let thaiFile: string;
const thaiBytes = randomBytes(4096);

before(async () => {
  dovecot = await startDovecot();
  sink = await startSmtpSink({ dovecot });
  work = await mkdtemp(path.join(os.tmpdir(), 'raksa-send-cli-'));
  caFile = path.join(work, 'ca.pem');
  await writeFile(caFile, dovecot.caPem);
  bodyFile = path.join(work, 'body.txt');
  await writeFile(bodyFile, 'เรียน ผู้อำนวยการ\nขอส่งรายงานตามแนบ\n');
  thaiFile = path.join(work, 'รายงาน ประจำเดือน.pdf');
  await writeFile(thaiFile, thaiBytes);
  // Accepts and drops every connection, counting them: a stand-in SMTP server nothing should reach.
  counter = createServer((s) => {
    connections++;
    s.destroy();
  });
  counterPort = await new Promise<number>((resolve) =>
    counter.listen(0, '127.0.0.1', () => {
      const a = counter.address();
      resolve(typeof a === 'object' && a ? a.port : 0);
    }),
  );
});

after(async () => {
  await new Promise<void>((r) => (counter ? counter.close(() => r()) : r()));
  await sink?.stop();
  await dovecot?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

const send = (profile: string, extra: string[]) =>
  raksa(['send', ...profileArgs(profile), '--subject', 'รายงาน', '--body-file', bodyFile, '--json', ...extra]);

test('raksa send: allowed mail is sent, filed, delivered with its Thai attachment byte for byte', async () => {
  const profile = path.join(work, 'ok');
  await addAccount(profile, sink.port);
  const r = await send(profile, ['--to', 'bob@example.go.th', '--attach', thaiFile, '--urgency', 'most-urgent']);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  const out = JSON.parse(r.stdout) as { state: string; messageId: string };
  assert.equal(out.state, 'filed');
  const raw = await inbox('bob', 'bob-secret-2', out.messageId);
  assert.ok(raw, 'delivered to bob');
  const parsed = await PostalMime.parse(raw);
  assert.equal(parsed.subject, '[ด่วนที่สุด] รายงาน');
  assert.equal(parsed.attachments[0]?.filename, 'รายงาน ประจำเดือน.pdf');
  assert.deepEqual(Buffer.from(parsed.attachments[0]?.content as ArrayBuffer), thaiBytes);
});

test('raksa send: warn needs --confirm, block is final; exit 3 with the decision, before any SMTP connection', async () => {
  const profile = path.join(work, 'counted');
  await addAccount(profile, counterPort);
  connections = 0;

  const warn = await send(profile, ['--to', 'somchai@example.com']);
  assert.equal(warn.code, 3, warn.stderr);
  const w = JSON.parse(warn.stdout) as { refused: { code: string }; decision: { verdict: string } };
  assert.equal(w.refused.code, 'NEEDS_CONFIRMATION');
  assert.equal(w.decision.verdict, 'warn');

  const classified = await send(profile, ['--to', 'bob@example.go.th', '--classification', 'ลับ', '--confirm', '--justification', 'จำเป็น']);
  assert.equal(classified.code, 3);
  const c = JSON.parse(classified.stdout) as { refused: { code: string; message: string }; decision: { verdict: string; recipients: { recipients: { reasons: { code: string }[] }[] } } };
  assert.equal(c.refused.code, 'POLICY_BLOCKED');
  assert.match(c.refused.message, /encrypt/u);
  assert.ok(c.decision.recipients.recipients[0]?.reasons.some((x) => x.code === 'classified-unencrypted'));

  const bcc = await send(profile, ['--to', 'bob@example.go.th', '--bcc', 'not an address', '--confirm']);
  assert.equal(bcc.code, 3, 'a Bcc recipient is judged like the others');

  // A class typed into the subject counts like the picker: blocked as classified and unencrypted.
  const typed = await raksa(['send', ...profileArgs(profile), '--to', 'bob@example.go.th', '--subject', '[ลับ] รายงาน', '--body-file', bodyFile, '--json']);
  assert.equal(typed.code, 3, typed.stderr);
  assert.equal(connections, 0, 'no connection to the SMTP server for any refusal');

  // The listener does count: an allowed message does try to connect (and fails, staying queued).
  const allowed = await send(profile, ['--to', 'bob@example.go.th']);
  assert.equal(allowed.code, 1);
  assert.equal((JSON.parse(allowed.stdout) as { state: string }).state, 'queued');
  assert.ok(connections > 0);
});

test('raksa send --confirm sends a warned message; the confirmation is in the audit log', async () => {
  const profile = path.join(work, 'confirm');
  await addAccount(profile, sink.port);
  const r = await send(profile, ['--to', 'somchai@example.com', '--confirm']);
  assert.equal(r.code, 0, r.stderr);
  const exported = await raksa(['audit', 'export', ...profileArgs(profile), '--json']);
  assert.equal(exported.code, 0, exported.stderr);
  const kinds = exported.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { kind: string; detail: { outcome?: string } }));
  assert.ok(kinds.some((e) => e.kind === 'warn' && e.detail.outcome === 'confirmed'));
});

test('API under an injected machine policy: preview, justify, block, outbox.list and outbox.changed', async () => {
  const profileDir = path.join(work, 'api');
  const core = await openProfile({
    profileDir,
    passphrase: 'correct horse battery',
    trustedCaPem: [dovecot.caPem],
    policy: {
      policy: { ...DEFAULT_POLICY, rules: { ...DEFAULT_POLICY.rules, external: 'justify', attachments: { blockedExtensions: ['.exe'], external: 'warn' } } },
      source: 'file',
      path: '/etc/raksa-mail/policy.json',
      lockedKeys: {},
    },
  });
  try {
    const added = await core.call('accounts.add', {
      email: 'alice@example.go.th',
      imap: { host: '127.0.0.1', port: dovecot.imapsPort, security: 'tls' },
      smtp: { host: '127.0.0.1', port: sink.port, security: 'starttls' },
      user: 'alice',
      password: 'alice-secret-1',
    });
    assert.ok(added.ok, JSON.stringify(added));
    const accountId = added.value.id;
    const changes: OutboxChanged[] = [];
    core.on('outbox.changed', (c) => changes.push(c));

    const base = { accountId, to: ['partner@example.com'], subject: 'ข้อเสนอ', text: 'รายละเอียด' };
    const preview = await core.call('send.preview', base);
    assert.ok(preview.ok);
    assert.equal(preview.value.verdict, 'justify');
    assert.equal(preview.value.recipients.recipients[0]?.category, 'external');

    const exe = { filename: 'setup.exe', contentType: 'application/octet-stream', dataBase64: 'AAEC' };
    const blocked = await core.call('send.submit', { ...base, to: ['bob@example.go.th'], attachments: [exe], confirmed: true });
    assert.equal(blocked.ok ? '' : blocked.error.code, 'POLICY_BLOCKED');
    const unjustified = await core.call('send.submit', { ...base, confirmed: true });
    assert.equal(unjustified.ok ? '' : unjustified.error.code, 'NEEDS_JUSTIFICATION');

    const sent = await core.call('send.submit', { ...base, justification: 'คู่สัญญาตามสัญญาเลขที่ 12/2568' });
    assert.ok(sent.ok, JSON.stringify(sent));
    for (let i = 0; i < 100 && !changes.some((c) => c.id === sent.value.outboxId && c.state === 'filed'); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.deepEqual(
      changes.filter((c) => c.id === sent.value.outboxId).map((c) => c.state),
      ['queued', 'sending', 'accepted', 'filed'],
    );
    const history = await core.call('outbox.list', { includeDone: true });
    assert.ok(history.ok);
    assert.equal(history.value.find((i) => i.id === sent.value.outboxId)?.state, 'filed');
    const pending = await core.call('outbox.list', {});
    assert.ok(pending.ok);
    assert.equal(pending.value.length, 0, 'nothing waits');
    const cancel = await core.call('outbox.cancel', { id: sent.value.outboxId });
    assert.equal(cancel.ok ? '' : cancel.error.code, 'INVALID_ARGUMENT', 'a filed message cannot be cancelled');

    const audit = await core.call('audit.export', {});
    assert.ok(audit.ok);
    const justified = audit.value.entries.find((e) => e.kind === 'justify');
    assert.equal(justified?.justification, 'คู่สัญญาตามสัญญาเลขที่ 12/2568');
    assert.ok(audit.value.entries.some((e) => e.kind === 'block' && e.reasons.includes('attachment-blocked-type')));
  } finally {
    await core.close();
  }
});
