// The outbox state machine and the send gate against the real encrypted store, with a fake SMTP server and
// a fake Sent folder so every crash point and failure can be placed exactly. test/integration/send.test.ts
// runs the same pieces against real SMTP and IMAP servers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { SendSubmitArgs, type SendSubmitArgs as SubmitInput } from '../../../shared/domain/compose.js';
import { isCodedError } from '../../../shared/contract/result.js';
import { DEFAULT_POLICY, type Policy } from '../../../shared/policy/index.js';
import { AuditLog } from '../audit/auditLog.js';
import { migrate } from '../store/migrate.js';
import { closeDatabase, openDatabase, type SqliteDatabase } from '../store/openDatabase.js';
import { SqliteMailStore } from '../store/sqliteMailStore.js';
import { createSending, type Sending } from './createSending.js';
import { SmtpSendError } from './mapSmtpError.js';
import type { SentFiler } from './sentFiler.js';
import type { SmtpSender } from './smtpSender.js';

const HASH = 'a'.repeat(64);

class FakeSmtp implements SmtpSender {
  sent: Buffer[] = [];
  failures: SmtpSendError[] = [];
  send(_account: unknown, _envelope: unknown, raw: Buffer) {
    const failure = this.failures.shift();
    if (failure) return Promise.reject(failure);
    this.sent.push(Buffer.from(raw));
    return Promise.resolve({ rejected: [], response: '250 queued' });
  }
}

class FakeSent implements SentFiler {
  folder = new Map<string, Buffer>();
  appends = 0;
  down = false;
  isFiled(_a: unknown, messageId: string) {
    return this.down ? Promise.reject(new Error('offline')) : Promise.resolve(this.folder.has(messageId));
  }
  file(_a: unknown, messageId: string, raw: Buffer) {
    if (this.down) return Promise.reject(new Error('offline'));
    if (this.folder.has(messageId)) return Promise.resolve('already-filed' as const);
    this.appends++;
    this.folder.set(messageId, raw);
    return Promise.resolve('appended' as const);
  }
}

interface Kit {
  db: SqliteDatabase;
  audit: AuditLog;
  smtp: FakeSmtp;
  sent: FakeSent;
  clock: { t: number };
  open(policy?: Policy): Sending;
}

function kit(t: { after(fn: () => void): void }): Kit {
  const dir = mkdtempSync(join(tmpdir(), 'raksa-outbox-'));
  const db = openDatabase(join(dir, 'p.db'), randomBytes(32));
  migrate(db);
  const store = new SqliteMailStore(db);
  store.addAccount({
    email: 'alice@example.go.th',
    displayName: 'อลิซ',
    imap: { host: '127.0.0.1', port: 993, security: 'tls' },
    smtp: { host: '127.0.0.1', port: 465, security: 'tls' },
    user: 'alice',
    password: 'pw',
  });
  const audit = new AuditLog(db);
  const smtp = new FakeSmtp();
  const sent = new FakeSent();
  const clock = { t: 1_000_000 };
  const opened: Sending[] = [];
  t.after(() => {
    for (const s of opened) s.outboxRunner.stop();
    closeDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    db,
    audit,
    smtp,
    sent,
    clock,
    open(policy = DEFAULT_POLICY) {
      const s = createSending({
        db,
        store,
        policy,
        policyHash: HASH,
        audit,
        trustedCaPem: [],
        emit: () => undefined,
        smtp,
        sent,
        now: () => clock.t,
        backoff: (n) => n * 1000,
        schedule: () => () => undefined,
      });
      opened.push(s);
      return s;
    },
  };
}

const msg = (over: Partial<SubmitInput> = {}) =>
  SendSubmitArgs.parse({ accountId: 1, to: ['somchai@moph.go.th'], subject: 'ประชุม', text: 'สวัสดี', ...over });

const stateOf = (s: Sending, id: number) => s.outboxStore.get(id)?.state;

const transient = () => new SmtpSendError('HOST_UNREACHABLE', 'Could not connect to the SMTP server.', true, [], null);

/** A message whose first attempt failed on the network: queued again, its retry not yet due. */
async function queuedAfterFailure(k: Kit, s: Sending): Promise<number> {
  k.smtp.failures.push(transient());
  const { outboxId } = await s.sendGate.submit(msg());
  await s.outboxRunner.idle();
  return outboxId;
}

async function rejectsWith(p: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(p, (e: unknown) => isCodedError(e) && e.code === code);
}

void test('allow: queued → sending → accepted → filed, the queued bytes sent and filed once', async (t) => {
  const k = kit(t);
  const s = k.open();
  await s.start();
  const { outboxId, messageId } = await s.sendGate.submit(msg());
  await s.outboxRunner.idle();
  assert.equal(stateOf(s, outboxId), 'filed');
  const raw = s.outboxStore.get(outboxId)?.raw;
  assert.deepEqual(k.smtp.sent, [raw]);
  assert.deepEqual(k.sent.folder.get(messageId), raw);
  assert.equal(k.sent.appends, 1);
  const verified = k.audit.verify();
  assert.equal(verified.ok ? verified.count : -1, 0, 'an allowed message is not an audit event');
});

void test('warn needs confirmation, justify a written reason, block is never overridable; each decision audited', async (t) => {
  const k = kit(t);
  const policy: Policy = { ...DEFAULT_POLICY, rules: { ...DEFAULT_POLICY.rules, freeMail: 'justify' } };
  const s = k.open(policy);
  await s.start();
  await rejectsWith(s.sendGate.submit(msg({ to: ['x@example.com'] })), 'NEEDS_CONFIRMATION');
  await rejectsWith(s.sendGate.submit(msg({ to: ['x@gmail.com'], confirmed: true })), 'NEEDS_JUSTIFICATION');
  await rejectsWith(s.sendGate.submit(msg({ to: ['x@gmail.com'], justification: '   ' })), 'NEEDS_JUSTIFICATION');
  await rejectsWith(
    s.sendGate.submit(msg({ classification: 'confidential', confirmed: true, justification: 'ด่วน' })),
    'POLICY_BLOCKED',
  );
  await assert.rejects(s.sendGate.submit(msg({ classification: 'secret' })), /must be encrypted/u);
  await rejectsWith(s.sendGate.submit(msg({ to: ['not an address'], confirmed: true })), 'POLICY_BLOCKED');
  assert.equal(s.outboxStore.list({ includeDone: true }).length, 0, 'nothing refused was queued');

  const warned = await s.sendGate.submit(msg({ to: ['x@example.com'], confirmed: true }));
  const justified = await s.sendGate.submit(msg({ to: ['x@gmail.com'], justification: 'ผู้ประสานงานโครงการ' }));
  await s.outboxRunner.idle();
  assert.equal(stateOf(s, warned.outboxId), 'filed');
  assert.equal(stateOf(s, justified.outboxId), 'filed');

  const entries = [...k.audit.export()].filter((e) => e.kind !== 'policy-change');
  assert.deepEqual(
    entries.map((e) => [e.kind, e.detail.outcome]),
    [
      ['block', 'refused'],
      ['block', 'refused'],
      ['block', 'refused'],
      ['warn', 'confirmed'],
      ['justify', 'justified'],
    ],
  );
  assert.equal(entries[4]?.justification, 'ผู้ประสานงานโครงการ');
  assert.equal(entries[4]?.detail.messageId, justified.messageId);
  assert.equal(entries[3]?.recipients[0]?.address, 'x@example.com');
  assert.ok(k.audit.verify().ok);
});

void test('only the account address may be the sender; a message needs a recipient', async (t) => {
  const s = kit(t).open();
  await rejectsWith(s.sendGate.submit(msg({ from: 'boss@example.go.th' })), 'FORBIDDEN');
  await rejectsWith(s.sendGate.submit(msg({ to: [] })), 'INVALID_ARGUMENT');
  await rejectsWith(s.sendGate.submit(msg({ accountId: 9 })), 'NOT_FOUND');
});

void test('offline: retried with backoff, exactly the same bytes, no timers needed', async (t) => {
  const k = kit(t);
  const s = k.open();
  await s.start();
  k.smtp.failures.push(transient(), transient());
  const { outboxId } = await s.sendGate.submit(msg());
  await s.outboxRunner.idle();
  let rec = s.outboxStore.get(outboxId);
  assert.equal(rec?.state, 'queued');
  assert.equal(rec?.lastError?.code, 'HOST_UNREACHABLE');
  assert.equal(rec?.nextAttemptAt, k.clock.t + 1000);
  await s.outboxRunner.runDue();
  assert.equal(k.smtp.sent.length, 0, 'not before its time');
  k.clock.t += 1000;
  await s.outboxRunner.runDue();
  rec = s.outboxStore.get(outboxId);
  assert.equal(rec?.nextAttemptAt, k.clock.t + 2000, 'the second delay is longer');
  k.clock.t += 2000;
  await s.outboxRunner.runDue();
  assert.equal(stateOf(s, outboxId), 'filed');
  assert.equal(s.outboxStore.get(outboxId)?.attempts, 3);
  assert.deepEqual(k.smtp.sent, [s.outboxStore.get(outboxId)?.raw]);
});

void test('a permanent refusal fails with the server reason and is not retried until the user says so', async (t) => {
  const k = kit(t);
  const s = k.open();
  await s.start();
  k.smtp.failures.push(
    new SmtpSendError('RECIPIENT_REFUSED', 'The server refused somchai@moph.go.th: 550 no such user.', false, ['somchai@moph.go.th'], null),
  );
  const { outboxId } = await s.sendGate.submit(msg());
  await s.outboxRunner.idle();
  assert.equal(stateOf(s, outboxId), 'failed');
  assert.match(s.outboxStore.get(outboxId)?.lastError?.message ?? '', /somchai@moph\.go\.th: 550/u);
  k.clock.t += 3_600_000;
  await s.outboxRunner.runDue();
  assert.equal(k.smtp.sent.length, 0);
  s.outboxRunner.resolve(outboxId, 'send');
  await s.outboxRunner.idle();
  assert.equal(stateOf(s, outboxId), 'filed');
});

void test('crash while sending: uncertain on restart, settled by the copy in Sent, else left to the user', async (t) => {
  const k = kit(t);
  const first = k.open();
  k.smtp.failures.push(transient());
  const found = await first.sendGate.submit(msg({ subject: 'one' }));
  k.smtp.failures.push(transient());
  const missing = await first.sendGate.submit(msg({ subject: 'two' }));
  await first.outboxRunner.idle();
  first.outboxRunner.stop();
  // The process dies with both on the wire; the server (or its auto-filing) put the first one in Sent.
  for (const id of [found.outboxId, missing.outboxId]) assert.ok(first.outboxStore.transition(id, ['queued'], 'sending'));
  k.sent.folder.set(found.messageId, Buffer.from('filed by the server'));

  const second = k.open();
  await second.start();
  assert.equal(stateOf(second, found.outboxId), 'filed');
  assert.equal(stateOf(second, missing.outboxId), 'uncertain');
  assert.equal(second.outboxStore.get(missing.outboxId)?.lastError?.code, 'UNCERTAIN');
  k.clock.t += 3_600_000;
  await second.outboxRunner.runDue();
  assert.equal(k.smtp.sent.length, 0, 'never a silent resend');

  second.outboxRunner.resolve(missing.outboxId, 'send');
  await second.outboxRunner.idle();
  assert.equal(stateOf(second, missing.outboxId), 'filed');
  assert.equal(k.smtp.sent.length, 1);
});

void test('crash while uncertain and offline: stays uncertain; discard cancels it', async (t) => {
  const k = kit(t);
  const first = k.open();
  const outboxId = await queuedAfterFailure(k, first);
  first.outboxRunner.stop();
  first.outboxStore.transition(outboxId, ['queued'], 'sending');
  k.sent.down = true;
  const second = k.open();
  await second.start();
  assert.equal(stateOf(second, outboxId), 'uncertain');
  second.outboxRunner.resolve(outboxId, 'discard');
  assert.equal(stateOf(second, outboxId), 'cancelled');
  assert.throws(() => second.outboxRunner.resolve(outboxId, 'send'), /cannot be resolved/u);
});

void test('crash after acceptance: filed on restart, exactly once even when the first append was already done', async (t) => {
  const k = kit(t);
  const first = k.open();
  k.sent.down = true;
  const { outboxId, messageId } = await first.sendGate.submit(msg());
  await first.outboxRunner.idle();
  assert.equal(stateOf(first, outboxId), 'accepted', 'sent, not yet filed');
  assert.ok(first.outboxStore.get(outboxId)?.nextAttemptAt);
  first.outboxRunner.stop();
  // The append reached the server but its answer was lost in the crash.
  k.sent.down = false;
  k.sent.folder.set(messageId, first.outboxStore.get(outboxId)?.raw ?? Buffer.alloc(0));
  k.clock.t += 3_600_000;
  const second = k.open();
  await second.start();
  assert.equal(stateOf(second, outboxId), 'filed');
  assert.equal(k.sent.appends, 0);
  assert.equal(k.smtp.sent.length, 1);
});

void test('crash while queued: sent normally after the restart', async (t) => {
  const k = kit(t);
  const first = k.open();
  const outboxId = await queuedAfterFailure(k, first);
  first.outboxRunner.stop();
  k.clock.t += 1000;
  const second = k.open();
  await second.start();
  assert.equal(stateOf(second, outboxId), 'filed');
});

void test('queued under one policy, held at send time after IT tightened it; the tightening is audited', async (t) => {
  const k = kit(t);
  const loose: Policy = { ...DEFAULT_POLICY, rules: { ...DEFAULT_POLICY.rules, external: 'warn' } };
  const first = k.open(loose);
  k.smtp.failures.push(transient(), transient(), transient());
  const toBlock = await first.sendGate.submit(msg({ to: ['x@example.com'], confirmed: true }));
  const toJustify = await first.sendGate.submit(msg({ to: ['y@example.org'], confirmed: true }));
  const stillFine = await first.sendGate.submit(msg({ to: ['z@example.net'], confirmed: true }));
  await first.outboxRunner.idle();
  first.outboxRunner.stop();

  k.clock.t += 10_000;
  const tight: Policy = { ...DEFAULT_POLICY, blockedDomains: ['example.com'], rules: { ...DEFAULT_POLICY.rules, external: 'justify' } };
  const second = k.open(tight);
  // z@example.net is justify now too; only a message whose verdict did not grow may go.
  await second.start();
  assert.equal(stateOf(second, toBlock.outboxId), 'held');
  assert.equal(second.outboxStore.get(toBlock.outboxId)?.lastError?.code, 'POLICY_BLOCKED');
  assert.equal(stateOf(second, toJustify.outboxId), 'held');
  assert.equal(second.outboxStore.get(toJustify.outboxId)?.lastError?.code, 'NEEDS_JUSTIFICATION');
  assert.equal(stateOf(second, stillFine.outboxId), 'held');
  assert.equal(k.smtp.sent.length, 0, 'nothing left under the tightened policy');
  const held = [...k.audit.export()].filter((e) => e.detail.outcome === 'held');
  assert.deepEqual(held.map((e) => e.kind), ['block', 'justify', 'justify']);

  // Back to a draft: the user can send it again through the gate, with a justification this time.
  const draft = second.outboxRunner.toDraft(toJustify.outboxId);
  assert.equal(stateOf(second, toJustify.outboxId), 'cancelled');
  const again = await second.sendGate.submit({ ...draft, confirmed: false, justification: 'คู่สัญญา' });
  await second.outboxRunner.idle();
  assert.equal(stateOf(second, again.outboxId), 'filed');
  // Nothing sent under the looser verdict it was first confirmed with.
  assert.equal(k.smtp.sent.length, 1);
});

void test('cancel works until the message is on the wire', async (t) => {
  const k = kit(t);
  const s = k.open();
  const outboxId = await queuedAfterFailure(k, s);
  s.outboxRunner.cancel(outboxId);
  assert.equal(stateOf(s, outboxId), 'cancelled');
  k.clock.t += 10_000;
  await s.outboxRunner.runDue();
  assert.equal(k.smtp.sent.length, 0);
  const done = await s.sendGate.submit(msg());
  await s.outboxRunner.idle();
  assert.throws(() => s.outboxRunner.cancel(done.outboxId), /filed cannot be cancelled/u);
});
