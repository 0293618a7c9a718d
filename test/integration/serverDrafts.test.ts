// A draft another mail client left in the Drafts folder, opened here to go on writing (drafts.fromMessage):
// through the real core against the private Dovecot, it comes across whole (Bcc, formatted body, inline image,
// file, markings, thread); opening it twice gives one draft; only a Drafts-folder message opens this way; the
// first save replaces that server copy, so the folder holds exactly one version afterwards.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { openProfile } from '../../electron/core/profile/openProfile.js';
import { addSyncedAlice } from '../servers/coreAccounts.js';
import { appendMessage, createMailbox, folderMessages, startDovecot, type DovecotServer } from '../servers/dovecot.js';

let dovecot: DovecotServer;

before(async () => {
  dovecot = await startDovecot();
});

after(async () => {
  await dovecot?.stop();
});

// A 1×1 PNG.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

const WEBMAIL_DRAFT = [
  'From: alice@example.go.th',
  'To: =?UTF-8?B?4Lia4LmH4Lit4Lia?= <bob@example.go.th>',
  'Bcc: boss@moph.go.th',
  'Subject: =?UTF-8?B?W+C4peC4seC4ml0g4Lij4LmI4Liy4LiH4LiE4Liz4Liq4Lix4LmI4LiH?=',
  'Date: Wed, 4 Mar 2026 10:00:00 +0700',
  'Message-ID: <webmail-draft-1@example.go.th>',
  'In-Reply-To: <orig-9@example.go.th>',
  'References: <root-9@example.go.th> <orig-9@example.go.th>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="mixed"',
  '',
  '--mixed',
  'Content-Type: multipart/related; boundary="rel"',
  '',
  '--rel',
  'Content-Type: text/html; charset=utf-8',
  'Content-Transfer-Encoding: 8bit',
  '',
  '<p>เรียน คุณบ็อบ <b>ร่างที่ค้างไว้</b></p><img src="cid:logo.1@example.go.th">',
  '--rel',
  'Content-Type: image/png',
  'Content-ID: <logo.1@example.go.th>',
  'Content-Disposition: inline',
  'Content-Transfer-Encoding: base64',
  '',
  PNG,
  '--rel--',
  '--mixed',
  'Content-Type: application/pdf; name="order.pdf"',
  'Content-Disposition: attachment; filename="order.pdf"',
  'Content-Transfer-Encoding: base64',
  '',
  Buffer.from('%PDF คำสั่ง').toString('base64'),
  '--mixed--',
  '',
].join('\r\n');

test('a draft left by another client opens whole, once, and its first save replaces that server copy', async () => {
  await createMailbox(dovecot, 'alice', 'alice-secret-1', 'Drafts');
  const appended = await appendMessage(dovecot, 'alice', 'alice-secret-1', 'Drafts', Buffer.from(WEBMAIL_DRAFT), ['\\Draft', '\\Seen']);
  await appendMessage(dovecot, 'alice', 'alice-secret-1', 'INBOX', Buffer.from('From: bob@example.go.th\r\nSubject: hello\r\n\r\nhi\r\n'));

  const profileDir = await mkdtemp(join(tmpdir(), 'raksa-server-drafts-'));
  const core = await openProfile({ profileDir, passphrase: 'server drafts', trustedCaPem: [dovecot.caPem] });
  try {
    // SMTP is never used here.
    const accountId = await addSyncedAlice(core, dovecot, { host: '127.0.0.1', port: 1, security: 'tls' });
    const folders = await core.call('folders.list', { accountId });
    assert.ok(folders.ok);
    const idIn = async (path: string): Promise<number> => {
      const f = folders.value.find((x) => x.path === path);
      assert.ok(f, path);
      const list = await core.call('messages.list', { folderId: f.id, offset: 0, limit: 10 });
      assert.ok(list.ok);
      const first = list.value.items[0];
      assert.ok(first, `a message in ${path}`);
      return first.id;
    };
    const draftMessageId = await idIn('Drafts');

    const opened = await core.call('drafts.fromMessage', { messageId: draftMessageId });
    assert.ok(opened.ok, JSON.stringify(opened));
    assert.equal(opened.value.onServer, true, 'its server copy is the message it came from');
    const draft = await core.call('drafts.get', { id: opened.value.id });
    assert.ok(draft.ok);
    const c = draft.value.compose;
    assert.equal(c.accountId, accountId);
    assert.deepEqual(c.to, ['บ็อบ <bob@example.go.th>']);
    assert.deepEqual(c.bcc, ['boss@moph.go.th']);
    assert.equal(c.subject, 'ร่างคำสั่ง', 'the marking is taken off the subject');
    assert.equal(c.classification, 'confidential');
    assert.match(c.html ?? '', /<b>ร่างที่ค้างไว้<\/b>/u);
    assert.match(c.text, /ร่างที่ค้างไว้/u);
    assert.equal(c.inReplyTo, '<orig-9@example.go.th>');
    assert.deepEqual(c.references, ['<root-9@example.go.th>', '<orig-9@example.go.th>']);
    const logo = c.attachments.find((a) => a.contentType === 'image/png');
    assert.deepEqual({ cid: logo?.contentId, inline: logo?.inline }, { cid: 'logo.1@example.go.th', inline: true });
    assert.equal(Buffer.from(c.attachments.find((a) => a.filename === 'order.pdf')?.dataBase64 ?? '', 'base64').toString(), '%PDF คำสั่ง');

    const again = await core.call('drafts.fromMessage', { messageId: draftMessageId });
    assert.ok(again.ok);
    assert.equal(again.value.id, opened.value.id, 'opening it again gives the same draft');
    const inInbox = await core.call('drafts.fromMessage', { messageId: await idIn('INBOX') });
    assert.equal(inInbox.ok, false);
    if (!inInbox.ok) assert.equal(inInbox.error.code, 'INVALID_ARGUMENT');
    const listed = await core.call('drafts.list', {});
    assert.ok(listed.ok);
    assert.equal(listed.value.length, 1);

    const saved = await core.call('drafts.save', {
      id: opened.value.id,
      compose: { ...c, text: 'เรียน คุณบ็อบ ฉบับแก้ไข', html: '<p>เรียน คุณบ็อบ ฉบับแก้ไข</p>' },
      upload: true,
    });
    assert.ok(saved.ok, JSON.stringify(saved));
    assert.equal(saved.value.onServer, true, JSON.stringify(saved.value.serverError));

    const onServer = await folderMessages(dovecot, 'alice', 'alice-secret-1', 'Drafts');
    assert.equal(onServer.length, 1, 'exactly one version in Drafts');
    assert.notEqual(onServer[0]?.uid, appended.uid, "the other client's copy was replaced");
    const parsed = await PostalMime.parse(onServer[0]?.raw ?? Buffer.alloc(0));
    assert.match(parsed.text ?? '', /ฉบับแก้ไข/u);
    assert.deepEqual(parsed.bcc?.map((b) => b.address), ['boss@moph.go.th']);
    assert.equal(parsed.inReplyTo, '<orig-9@example.go.th>');
  } finally {
    await core.close();
    await rm(profileDir, { recursive: true, force: true });
  }
});
