// The compose side of the core against the real encrypted store: drafts (local store, serialized uploads
// that replace exactly the previous server copy, offline then online), address suggestions from mail seen
// and sent, the original's class, and the send gate's downgrade rule with its audit entry. The IMAP side
// is a fake here; test/integration/compose.test.ts runs the same against Dovecot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ComposeInput, SendSubmitArgs } from '../../../shared/domain/compose.js';
import { isCodedError } from '../../../shared/contract/result.js';
import { DEFAULT_POLICY } from '../../../shared/policy/index.js';
import { AuditLog } from '../audit/auditLog.js';
import { migrate } from '../store/migrate.js';
import { closeDatabase, openDatabase, type SqliteDatabase } from '../store/openDatabase.js';
import { SqliteMailStore } from '../store/sqliteMailStore.js';
import { createComposing } from './createComposing.js';
import { createSending } from './createSending.js';
import type { DraftServer, ReplaceOutcome } from './draftServer.js';
import type { ServerCopy } from './draftStore.js';
import { MIGRATIONS } from '../store/migrations/index.js';

class FakeDraftServer implements DraftServer {
  folder = new Map<number, Buffer>();
  nextUid = 1;
  down = false;
  replace(_a: unknown, raw: Buffer, _id: string, obsolete: readonly ServerCopy[]): Promise<ReplaceOutcome> {
    if (this.down) return Promise.reject(new Error('offline'));
    const uid = this.nextUid++;
    this.folder.set(uid, raw);
    const removed: ServerCopy[] = [];
    for (const o of obsolete) {
      this.folder.delete(o.uid);
      removed.push(o);
    }
    return Promise.resolve({ copy: { path: 'Drafts', uidValidity: 7n, uid }, removed, failed: [] });
  }
  remove(_a: unknown, copies: readonly ServerCopy[]): Promise<ServerCopy[]> {
    if (this.down) return Promise.reject(new Error('offline'));
    for (const c of copies) this.folder.delete(c.uid);
    return Promise.resolve([...copies]);
  }
}

function kit(t: { after(fn: () => void): void }) {
  const dir = mkdtempSync(join(tmpdir(), 'raksa-compose-'));
  const db: SqliteDatabase = openDatabase(join(dir, 'p.db'), randomBytes(32));
  migrate(db, { migrations: MIGRATIONS });
  const store = new SqliteMailStore(db);
  store.addAccount({
    email: 'alice@example.go.th',
    displayName: 'อลิซ',
    imap: { host: '127.0.0.1', port: 993, security: 'tls' },
    smtp: { host: '127.0.0.1', port: 465, security: 'tls' },
    user: 'alice',
    password: 'pw',
  });
  const server = new FakeDraftServer();
  const events: number[] = [];
  const clock = { t: 1_000 };
  const composing = createComposing({
    db,
    store,
    imapOpts: {},
    emit: (_e, p) => events.push((p as { accountId: number }).accountId),
    outboxToDraft: () => ComposeInput.parse({ accountId: 1, to: ['b@x.go.th'], subject: 'จากกล่องออก' }),
    server,
    now: () => clock.t++,
  });
  const audit = new AuditLog(db);
  const sending = createSending({
    db,
    store,
    policy: DEFAULT_POLICY,
    policyHash: 'c'.repeat(64),
    audit,
    trustedCaPem: [],
    emit: () => undefined,
    smtp: { send: () => Promise.resolve({ rejected: [], response: '250' }) },
    sent: { isFiled: () => Promise.resolve(false), file: () => Promise.resolve('appended' as const) },
    schedule: () => () => undefined,
    originalClassification: (input) => composing.originalClassification(input),
  });
  t.after(() => {
    sending.outboxRunner.stop();
    closeDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  });
  return { db, store, server, events, composing, sending, audit };
}

const draft = (over: Partial<ComposeInput> = {}) =>
  ComposeInput.parse({
    accountId: 1,
    to: ['somchai@moph.go.th', 'half-typed@'],
    bcc: ['boss@moph.go.th'],
    subject: 'ร่างหนังสือ',
    text: 'เรียน ท่าน',
    classification: 'secret',
    urgency: 'most-urgent',
    documentNumber: 'ที่ สธ 0201/55',
    attachments: [{ filename: 'แผน.pdf', contentType: 'application/pdf', dataBase64: Buffer.from('pdf').toString('base64') }],
    ...over,
  });

void test('drafts: saved locally with everything, one server copy replaced on each save, deleted on both sides', async (t) => {
  const k = kit(t);
  const first = await k.composing.drafts.save({ compose: draft(), originalClassification: 'top-secret', upload: true });
  assert.equal(first.onServer, true);
  assert.equal(k.server.folder.size, 1);
  const second = await k.composing.drafts.save({ id: first.id, compose: draft({ text: 'แก้ไขแล้ว' }), originalClassification: 'top-secret', upload: true });
  assert.equal(second.id, first.id);
  assert.deepEqual([...k.server.folder.keys()], [2], 'the first server copy was replaced, not kept');
  const serverCopy = k.server.folder.get(2)?.toString('utf8') ?? '';
  assert.match(serverCopy, /^Bcc: boss@moph\.go\.th\r$/mu, 'the server copy keeps Bcc');
  assert.match(serverCopy, /^X-Raksa-Classification: secret\r$/mu);
  assert.ok(!serverCopy.includes('half-typed'), 'an unfinished address stays only in the local copy');

  const reopened = k.composing.drafts.get(first.id);
  assert.equal(reopened.compose.text, 'แก้ไขแล้ว');
  assert.deepEqual(reopened.compose.to, ['somchai@moph.go.th', 'half-typed@']);
  assert.equal(reopened.compose.attachments[0]?.filename, 'แผน.pdf');
  assert.equal(reopened.compose.classification, 'secret');
  assert.equal(reopened.compose.urgency, 'most-urgent');
  assert.equal(reopened.compose.documentNumber, 'ที่ สธ 0201/55');
  assert.equal(reopened.originalClassification, 'top-secret');
  assert.equal(k.composing.drafts.list(1).length, 1);

  await k.composing.drafts.delete(first.id);
  assert.equal(k.composing.drafts.list().length, 0);
  assert.equal(k.server.folder.size, 0);
  assert.ok(k.events.length >= 4, 'drafts.changed is emitted');
});

void test('drafts offline: the local save succeeds, the stale server copy is removed once online', async (t) => {
  const k = kit(t);
  const d = await k.composing.drafts.save({ compose: draft(), originalClassification: null, upload: true });
  k.server.down = true;
  const offline = await k.composing.drafts.save({ id: d.id, compose: draft({ text: 'ออฟไลน์' }), originalClassification: null, upload: true });
  assert.equal(offline.onServer, false);
  assert.equal(offline.serverError?.code, 'INTERNAL');
  assert.equal(k.composing.drafts.get(d.id).compose.text, 'ออฟไลน์');
  k.server.down = false;
  const online = await k.composing.drafts.save({ id: d.id, compose: draft({ text: 'ออนไลน์' }), originalClassification: null, upload: true });
  assert.equal(online.onServer, true);
  assert.equal(online.serverError, null);
  assert.equal(k.server.folder.size, 1);
});

void test('concurrent saves of one draft never leave two server copies', async (t) => {
  const k = kit(t);
  const d = await k.composing.drafts.save({ compose: draft(), originalClassification: null, upload: false });
  await Promise.all([1, 2, 3, 4].map((n) => k.composing.drafts.save({ id: d.id, compose: draft({ text: `v${n}` }), originalClassification: null, upload: true })));
  assert.equal(k.server.folder.size, 1);
  assert.match([...k.server.folder.values()][0]?.toString('utf8') ?? '', /djQ=|v4/u);
});

void test('drafts.fromOutbox lands the outbox message in the drafts list', async (t) => {
  const k = kit(t);
  const item = await k.composing.drafts.fromOutbox(5);
  assert.equal(item.subject, 'จากกล่องออก');
  assert.deepEqual(k.composing.drafts.list().map((d) => d.id), [item.id]);
});

function storeMessage(k: ReturnType<typeof kit>, messageId: string, subject: string, header = ''): void {
  k.db.prepare("INSERT OR IGNORE INTO folders (account_id, path, name, delimiter, uid_validity) VALUES (1, 'INBOX', 'INBOX', '/', 1)").run();
  const uid = (k.db.prepare('SELECT count(*) FROM messages').pluck().get() as number) + 1;
  const info = k.db
    .prepare(
      `INSERT INTO messages (folder_id, uid, message_id, date, from_name, from_addr, to_json, cc_json, subject)
       VALUES (1, ?, ?, ?, 'สมชาย ใจดี', 'somchai@moph.go.th', ?, '[]', ?)`,
    )
    .run(uid, messageId, uid, JSON.stringify([{ name: 'อลิซ', address: 'alice@example.go.th' }, { name: 'Somsri', address: 'somsri@gmail.com' }]), subject);
  if (header) {
    k.db.prepare('INSERT INTO message_sources (message_id, source) VALUES (?, ?)').run(info.lastInsertRowid, Buffer.from(`${header}\r\nSubject: x\r\n\r\nbody`));
  }
}

void test('contacts.suggest: from, to and cc seen, by name word or address prefix, most used first', (t) => {
  const k = kit(t);
  storeMessage(k, '<a@x>', 'หนึ่ง');
  storeMessage(k, '<b@x>', 'สอง');
  const byAddress = k.composing.contacts.suggest('som', 5);
  assert.deepEqual(byAddress.map((c) => [c.address, c.count]), [['somchai@moph.go.th', 2], ['somsri@gmail.com', 2]]);
  assert.equal(byAddress[0]?.name, 'สมชาย ใจดี');
  assert.deepEqual(k.composing.contacts.suggest('ใจดี', 5).map((c) => c.address), ['somchai@moph.go.th']);
  assert.deepEqual(k.composing.contacts.suggest('%', 5), [], 'LIKE wildcards are literal');
});

void test('downgrade: lowering the class of the original needs a reason, which goes to the audit log', async (t) => {
  const k = kit(t);
  storeMessage(k, '<secret@moph.go.th>', 'ประชุม', 'X-Raksa-Classification: secret');
  storeMessage(k, '<marked@moph.go.th>', '[ลับ] ประชุม');
  assert.equal(k.composing.originalClassification(draft({ inReplyTo: '<secret@moph.go.th>' })), 'secret');
  assert.equal(k.composing.originalClassification(draft({ references: ['<x@y>', '<marked@moph.go.th>'] })), 'confidential');
  assert.equal(k.composing.originalClassification(draft({ inReplyTo: '<unknown@x>' })), null);

  const reply = { accountId: 1, to: ['somchai@moph.go.th'], subject: 'Re: ประชุม', text: 'รับทราบ', inReplyTo: '<secret@moph.go.th>' };
  await assert.rejects(
    k.sending.sendGate.submit(SendSubmitArgs.parse({ ...reply, classification: 'none' })),
    (e: unknown) => isCodedError(e) && e.code === 'NEEDS_JUSTIFICATION',
  );
  assert.equal([...k.audit.export()].filter((e) => e.kind === 'classification-downgrade').length, 0);
  const ok = await k.sending.sendGate.submit(
    SendSubmitArgs.parse({ ...reply, classification: 'none', downgradeJustification: 'เอกสารได้รับการลดชั้นความลับแล้ว' }),
  );
  const entries = [...k.audit.export()].filter((e) => e.kind === 'classification-downgrade');
  assert.equal(entries.length, 1);
  assert.equal(entries[0]?.justification, 'เอกสารได้รับการลดชั้นความลับแล้ว');
  assert.deepEqual(entries[0]?.detail, { from: 'secret', to: 'none', messageId: ok.messageId });
  // The outbox keeps the message, not the dialog's answers (toDraft gives back a valid ComposeInput).
  const row = k.db.prepare('SELECT compose_json FROM outbox WHERE message_id = ?').pluck().get(ok.messageId) as string;
  assert.ok(!row.includes('downgradeJustification'));
});
