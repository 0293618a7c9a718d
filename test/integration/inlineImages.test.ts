// Inline images end to end (issue 5 §1): compose's data: → cid: conversion, the core's send gate and
// outbox, nodemailer to the smtp-server sink, delivery into the private Dovecot, read back over IMAP and
// parsed by the reader's parseMessage: the image is a cid part the reader shows inline.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { SendSubmitArgs } from '../../shared/domain/compose.js';
import type { MessageSummary } from '../../shared/domain/schemas.js';
import { DEFAULT_POLICY } from '../../shared/policy/index.js';
import { AuditLog } from '../../electron/core/audit/auditLog.js';
import { parseMessage } from '../../electron/core/mime/parseMessage.js';
import { createSending } from '../../electron/core/send/createSending.js';
import { migrate } from '../../electron/core/store/migrate.js';
import { closeDatabase, openDatabase } from '../../electron/core/store/openDatabase.js';
import { SqliteMailStore } from '../../electron/core/store/sqliteMailStore.js';
import { dataImagesToCid } from '../../renderer/src/features/compose/inlineImages.js';
import { connectImap, startDovecot, type DovecotServer } from '../servers/dovecot.js';
import { startSmtpSink, type SmtpSink } from '../servers/smtp.js';

// A 1×1 PNG.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

let dovecot: DovecotServer;
let sink: SmtpSink;
let dir = '';

before(async () => {
  dovecot = await startDovecot();
  sink = await startSmtpSink({ dovecot });
  dir = mkdtempSync(join(tmpdir(), 'raksa-inline-'));
});

after(async () => {
  await sink?.stop();
  await dovecot?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const summary: MessageSummary = {
  id: 1,
  accountId: 1,
  folderId: 1,
  uid: 1,
  date: 0,
  from: null,
  subject: '',
  unread: true,
  flagged: false,
  hasAttachments: false,
  size: 0,
  cached: true,
};

void test('a pasted image is delivered as a cid: part in multipart/related and read back inline', async () => {
  const db = openDatabase(join(dir, 'p.db'), randomBytes(32));
  migrate(db);
  const store = new SqliteMailStore(db);
  store.addAccount({
    email: 'alice@example.go.th',
    displayName: 'อลิซ ทดสอบ',
    imap: { host: '127.0.0.1', port: dovecot.imapsPort, security: 'tls' },
    smtp: { host: '127.0.0.1', port: sink.port, security: 'starttls' },
    user: 'alice',
    password: 'alice-secret-1',
  });
  const sending = createSending({
    db,
    store,
    policy: DEFAULT_POLICY,
    policyHash: 'b'.repeat(64),
    audit: new AuditLog(db),
    trustedCaPem: [dovecot.caPem],
    emit: () => undefined,
    now: () => Date.now(),
    backoff: () => 60_000,
    schedule: () => () => undefined,
  });
  try {
    await sending.start();
    // What the rich editor holds after a paste, converted as compose does before submitting.
    const editor = `<div>แผนผังห้องประชุม <img src="data:image/png;base64,${PNG}" alt=""></div>`;
    const inline = dataImagesToCid(editor, 'it1');
    const { outboxId, messageId } = await sending.sendGate.submit(
      SendSubmitArgs.parse({
        accountId: 1,
        to: ['bob@example.go.th'],
        subject: 'รูปในเนื้อความ',
        text: 'แผนผังห้องประชุม',
        html: inline.html,
        attachments: inline.images,
      }),
    );
    await sending.outboxRunner.idle();
    assert.equal(
      sending.outboxStore.get(outboxId)?.state,
      'filed',
      JSON.stringify(sending.outboxStore.get(outboxId)?.lastError),
    );

    const c = await connectImap(dovecot, 'bob', 'bob-secret-2');
    let source: Buffer | undefined;
    try {
      const lock = await c.getMailboxLock('INBOX');
      try {
        const uids = await c.search({ header: { 'message-id': messageId } }, { uid: true });
        assert.ok(Array.isArray(uids) && uids.length === 1, 'delivered once to bob');
        for await (const m of c.fetch(uids, { source: true }, { uid: true })) source = m.source;
      } finally {
        lock.release();
      }
    } finally {
      await c.logout();
    }
    assert.ok(source, 'fetched the delivered source');
    const raw = source.toString('latin1');
    assert.match(raw, /^Content-Type: multipart\/related;/imu);
    assert.match(raw, /^Content-ID: <img1\.it1@raksa\.invalid>/imu);
    assert.match(raw, /^Content-Disposition: inline/imu);

    const view = await parseMessage(source, summary);
    assert.match(view.html ?? '', /src="cid:img1\.it1@raksa\.invalid"/u);
    assert.doesNotMatch(view.html ?? '', /data:/u, 'the HTML sent carries no data: URL');
    assert.equal(view.inlineImages['img1.it1@raksa.invalid'], `data:image/png;base64,${PNG}`);
    const part = view.attachments.find((a) => a.contentId === 'img1.it1@raksa.invalid');
    assert.equal(part?.inline, true);
    assert.equal(part?.contentType, 'image/png');
  } finally {
    await sending.close();
    closeDatabase(db);
  }
});
