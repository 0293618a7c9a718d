// Compose against real servers (issue 5 §1, §4): drafts are APPENDed to the private Dovecot's Drafts folder
// with \Draft and each save replaces the previous server copy (exactly one copy, by UID); a reply prepared
// by the real core (compose.prepare over the API, original synced from IMAP) is sent through the SMTP sink
// into bob's INBOX and read back over IMAP with its threading headers and Thai quote; lowering the class
// of a classified original is refused without a reason and audited with one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import PostalMime from 'postal-mime';
import { ComposeInput } from '../../shared/domain/compose.js';
import { openProfile } from '../../electron/core/profile/openProfile.js';
import type { CoreClient } from '../../electron/core/host/coreClient.js';
import { createComposing } from '../../electron/core/send/createComposing.js';
import { migrate } from '../../electron/core/store/migrate.js';
import { closeDatabase, openDatabase } from '../../electron/core/store/openDatabase.js';
import { SqliteMailStore } from '../../electron/core/store/sqliteMailStore.js';
import { appendMessage, createMailbox, folderMessages, startDovecot, type DovecotServer } from '../servers/dovecot.js';
import { addSyncedAlice } from '../servers/coreAccounts.js';
import { startSmtpSink, type SmtpSink } from '../servers/smtp.js';
import { MIGRATIONS } from '../../electron/core/store/migrations/index.js';

let dovecot: DovecotServer;
let sink: SmtpSink;

before(async () => {
  dovecot = await startDovecot();
  sink = await startSmtpSink({ dovecot });
});

after(async () => {
  await sink?.stop();
  await dovecot?.stop();
});

const folder = (user: string, password: string, path: string) => folderMessages(dovecot, user, password, path);

test('drafts: APPENDed to Drafts with \\Draft, each save replaces the previous copy by UID, delete removes it', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'raksa-drafts-'));
  const db = openDatabase(join(dir, 'p.db'), randomBytes(32));
  t.after(() => {
    closeDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  });
  migrate(db, { migrations: MIGRATIONS });
  const store = new SqliteMailStore(db);
  store.addAccount({
    email: 'alice@example.go.th',
    displayName: 'อลิซ ทดสอบ',
    imap: { host: '127.0.0.1', port: dovecot.imapsPort, security: 'tls' },
    smtp: { host: '127.0.0.1', port: sink.port, security: 'starttls' },
    user: 'alice',
    password: 'alice-secret-1',
  });
  // Someone else's message marked \Deleted in Drafts must survive our UID EXPUNGE.
  await createMailbox(dovecot, 'alice', 'alice-secret-1', 'Drafts');
  await appendMessage(dovecot, 'alice', 'alice-secret-1', 'Drafts', Buffer.from('Subject: other\r\nMessage-ID: <other@x>\r\n\r\nkeep me\r\n'), ['\\Deleted']);
  const composing = createComposing({
    db,
    store,
    imapOpts: { trustedCaPem: [dovecot.caPem] },
    emit: () => undefined,
    outboxToDraft: () => {
      throw new Error('unused');
    },
  });
  const compose = (text: string) =>
    ComposeInput.parse({
      accountId: 1,
      to: ['somchai@moph.go.th'],
      bcc: ['boss@moph.go.th'],
      subject: 'ร่างหนังสือเชิญประชุม',
      text,
      classification: 'confidential',
      urgency: 'urgent',
      attachments: [{ filename: 'วาระ.pdf', contentType: 'application/pdf', dataBase64: Buffer.from('%PDF วาระ').toString('base64') }],
    });

  const first = await composing.drafts.save({ compose: compose('ฉบับที่หนึ่ง'), originalClassification: null, upload: true });
  assert.equal(first.onServer, true, JSON.stringify(first.serverError));
  const second = await composing.drafts.save({ id: first.id, compose: compose('ฉบับที่สอง'), originalClassification: null, upload: true });
  const third = await composing.drafts.save({ id: first.id, compose: compose('ฉบับที่สาม'), originalClassification: null, upload: true });
  assert.equal(second.id, first.id);
  assert.equal(third.onServer, true);

  const drafts = await folder('alice', 'alice-secret-1', 'Drafts');
  const ours = drafts.filter((m) => !m.raw.toString().includes('<other@x>'));
  assert.equal(ours.length, 1, 'exactly one server copy of the draft');
  assert.ok(drafts.some((m) => m.raw.toString().includes('<other@x>')), 'the other \\Deleted message was not expunged');
  const [copy] = ours;
  assert.ok(copy);
  assert.ok(copy.flags.includes('\\Draft'));
  const parsed = await PostalMime.parse(copy.raw);
  assert.equal(parsed.text?.trim(), 'ฉบับที่สาม');
  assert.equal(parsed.subject, '[ลับ][ด่วน] ร่างหนังสือเชิญประชุม');
  assert.deepEqual(parsed.bcc?.map((b) => b.address), ['boss@moph.go.th']);
  assert.equal(parsed.attachments[0]?.filename, 'วาระ.pdf');
  assert.ok(parsed.headers.some((h) => h.key === 'x-raksa-classification' && h.value === 'confidential'));

  await composing.drafts.delete(first.id);
  const after = (await folder('alice', 'alice-secret-1', 'Drafts')).filter((m) => !m.raw.toString().includes('<other@x>'));
  assert.equal(after.length, 0, 'deleting the draft removes its server copy');
  await composing.close();
});

async function waitFor<T>(fn: () => Promise<T | null>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== null) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('reply through the real core: threading, identity, Thai quote, delivered and read back over IMAP; downgrade audited', async () => {
  const original = [
    'From: =?UTF-8?B?4Lia4LmH4Lit4Lia?= <bob@example.go.th>',
    'To: alice@example.go.th',
    'Subject: =?UTF-8?B?4LiC4Lit4LmA4LiK4Li04LiN4Lib4Lij4Liw4LiK4Li44Lih?=',
    'Date: Tue, 3 Mar 2026 09:30:00 +0700',
    'Message-ID: <orig-1@example.go.th>',
    'References: <root-1@example.go.th>',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    'เรียน คุณอลิซ',
    'ขอเชิญประชุมวันพุธ',
    '',
  ].join('\r\n');
  const secret = original
    .replace('<orig-1@example.go.th>', '<secret-1@example.go.th>')
    .replace('MIME-Version', 'X-Raksa-Classification: confidential\r\nMIME-Version');
  await appendMessage(dovecot, 'alice', 'alice-secret-1', 'INBOX', Buffer.from(original));
  await appendMessage(dovecot, 'alice', 'alice-secret-1', 'INBOX', Buffer.from(secret));

  const profileDir = await mkdtemp(join(tmpdir(), 'raksa-compose-api-'));
  const core: CoreClient = await openProfile({ profileDir, passphrase: 'compose test', trustedCaPem: [dovecot.caPem] });
  try {
    const accountId = await addSyncedAlice(core, dovecot, { host: '127.0.0.1', port: sink.port, security: 'starttls' });
    const folders = await core.call('folders.list', { accountId });
    assert.ok(folders.ok);
    const inbox = folders.value.find((f) => f.specialUse === 'inbox' || f.path === 'INBOX');
    assert.ok(inbox);
    const list = await core.call('messages.list', { folderId: inbox.id, offset: 0, limit: 100 });
    assert.ok(list.ok);
    const ids = list.value.items.filter((m) => m.subject === 'ขอเชิญประชุม').map((m) => m.id);
    assert.equal(ids.length, 2);
    // Same Thai subject for both; compose.prepare tells them apart by the class it reads from the headers.
    const preps = await Promise.all(ids.map((id) => core.call('compose.prepare', { mode: 'reply', messageId: id, locale: 'th' })));
    const plainIndex = preps.findIndex((p) => p.ok && p.value.originalClassification === 'none');
    const secretIndex = preps.findIndex((p) => p.ok && p.value.originalClassification === 'confidential');
    const plainPrepared = preps[plainIndex];
    const secretId = ids[secretIndex];
    assert.ok(plainPrepared?.ok, JSON.stringify(preps));
    assert.ok(secretId !== undefined, JSON.stringify(preps));
    const plainPrep = plainPrepared.value;
    const reply = plainPrep.compose;
    assert.equal(reply.accountId, accountId);
    assert.deepEqual(reply.to, ['บ็อบ <bob@example.go.th>']);
    assert.equal(reply.subject, 'Re: ขอเชิญประชุม');
    assert.equal(reply.inReplyTo, '<orig-1@example.go.th>');
    assert.deepEqual(reply.references, ['<root-1@example.go.th>', '<orig-1@example.go.th>']);

    const sent = await core.call('send.submit', { ...reply, text: `รับทราบครับ${reply.text}`, confirmed: false });
    assert.ok(sent.ok, JSON.stringify(sent));
    const delivered = await waitFor(async () => {
      const msgs = await folder('bob', 'bob-secret-2', 'INBOX');
      return msgs.find((m) => m.raw.toString().includes(sent.value.messageId)) ?? null;
    });
    const parsed = await PostalMime.parse(delivered.raw);
    assert.equal(parsed.subject, 'Re: ขอเชิญประชุม');
    assert.equal(parsed.inReplyTo, '<orig-1@example.go.th>');
    assert.equal(parsed.references, '<root-1@example.go.th> <orig-1@example.go.th>');
    assert.match(parsed.text ?? '', /^รับทราบครับ\n\nเมื่อ .*2569.* บ็อบ <bob@example\.go\.th> เขียนว่า:\n> เรียน คุณอลิซ\n> ขอเชิญประชุมวันพุธ/mu);

    // The classified original: the reply inherits ลับ; sending it unclassified needs a written reason.
    const classified = await core.call('compose.prepare', { mode: 'reply', messageId: secretId, locale: 'en' });
    assert.ok(classified.ok);
    assert.equal(classified.value.originalClassification, 'confidential');
    assert.equal(classified.value.compose.classification, 'confidential');
    assert.match(classified.value.compose.text ?? '', /On .*2026.*, บ็อบ <bob@example\.go\.th> wrote:/u);
    const lowered = { ...classified.value.compose, classification: 'none' as const, confirmed: false };
    const refused = await core.call('send.submit', lowered);
    assert.equal(refused.ok, false);
    if (!refused.ok) assert.equal(refused.error.code, 'NEEDS_JUSTIFICATION');
    const kept = await core.call('send.submit', { ...classified.value.compose, confirmed: true });
    assert.equal(kept.ok, false, 'kept classified it is blocked: encryption is required');
    if (!kept.ok) assert.equal(kept.error.code, 'POLICY_BLOCKED');
    const downgraded = await core.call('send.submit', { ...lowered, downgradeJustification: 'ต้นเรื่องได้รับอนุมัติให้ยกเลิกชั้นความลับแล้ว' });
    assert.ok(downgraded.ok, JSON.stringify(downgraded));
    const audit = await core.call('audit.export', {});
    assert.ok(audit.ok);
    const entry = audit.value.entries.find((e) => e.kind === 'classification-downgrade');
    assert.ok(entry, 'the downgrade is in the audit log');
    assert.equal(entry.justification, 'ต้นเรื่องได้รับอนุมัติให้ยกเลิกชั้นความลับแล้ว');
    assert.deepEqual(entry.detail, { from: 'confidential', to: 'none', messageId: downgraded.value.messageId });
  } finally {
    await core.close();
    await rm(profileDir, { recursive: true, force: true });
  }
});
