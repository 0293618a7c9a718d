// Composing under policy as an official would, in Debian's Chromium against the real core, a private
// Dovecot and an SMTP sink that delivers to Dovecot users (bob) and keeps the rest: Thai mail to a mix of
// government, external and free-webmail recipients. Chips show the policy colour while typing; the warn
// path (confirm each domain group) sends; a blocked domain and a ลับ message cannot be sent; a reply to a
// classified message inherits ลับ and lowering it asks for a reason that lands in the audit log; under a
// machine policy with `rules.external: 'justify'` the dialog requires a written reason, which is audited.
// Every delivered message is read back over IMAP. Screenshots go to test-results/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import PostalMime from 'postal-mime';
import type { Page } from 'playwright-core';
import { DEFAULT_POLICY, type Policy } from '../../shared/policy/index.js';
import type { CoreClient } from '../../electron/core/host/coreClient.js';
import { appendMessage, connectImap, createMailbox, folderMessages, type DovecotServer } from '../servers/dovecot.js';
import { addSyncedAlice } from '../servers/coreAccounts.js';
import { startSmtpSink, type SmtpSink } from '../servers/smtp.js';
import { createHarness, screenshot } from './harness.js';

const e2e = createHarness();
let dovecot: DovecotServer;
let sink: SmtpSink;
let work: string;

const CLASSIFIED_ORIGINAL = [
  'From: =?UTF-8?B?4Lia4LmH4Lit4Lia?= <bob@example.go.th>',
  'To: alice@example.go.th',
  'Subject: =?UTF-8?B?W+C4peC4seC4ml1b4LiU4LmI4Lin4LiZ4LiX4Li14LmI4Liq4Li44LiUXSDguYHguJzguJnguIfguLLguJk=?=',
  'Date: Tue, 3 Mar 2026 09:30:00 +0700',
  'Message-ID: <classified-1@example.go.th>',
  'X-Raksa-Classification: confidential',
  'X-Raksa-Urgency: most-urgent',
  'X-Raksa-Document-Number: =?UTF-8?B?4LiX4Li14LmIIOC4meC4oyAwMTA1LzEyMw==?=',
  'MIME-Version: 1.0',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: 8bit',
  '',
  'เรียน คุณอลิซ',
  'แผนงานตามที่แนบ',
  '',
].join('\r\n');

/** A draft another mail client (webmail) saved in alice's Drafts folder. */
const WEBMAIL_DRAFT = [
  'From: alice@example.go.th',
  'To: bob@example.go.th',
  'Subject: =?UTF-8?B?4Lij4LmI4Liy4LiH4LiI4Liy4LiB4LmA4Lin4LmH4Lia4LmA4Lih4Lil?=',
  'Message-ID: <webmail-draft-e2e@example.go.th>',
  'MIME-Version: 1.0',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: 8bit',
  '',
  'เขียนค้างไว้จากเว็บเมล',
  '',
].join('\r\n');

before(async () => {
  dovecot = await e2e.mailServer();
  sink = await startSmtpSink({ dovecot });
  e2e.onClose(() => sink.stop());
  await appendMessage(dovecot, 'alice', 'alice-secret-1', 'INBOX', Buffer.from(CLASSIFIED_ORIGINAL));
  await createMailbox(dovecot, 'alice', 'alice-secret-1', 'Drafts');
  await appendMessage(dovecot, 'alice', 'alice-secret-1', 'Drafts', Buffer.from(WEBMAIL_DRAFT), ['\\Draft', '\\Seen']);
  work = await e2e.tempDir('raksa-e2e-compose-');
  // Launched once here, so a missing Chromium fails the file's setup rather than each test.
  await e2e.browser();
});

after(() => e2e.close());

/** A profile under `policy` with alice's account, synced, and a page on it. */
async function openApp(name: string, policy: Policy): Promise<{ page: Page; core: CoreClient }> {
  const { core, host } = await e2e.app({
    profileDir: path.join(work, name),
    trustedCaPem: [dovecot.caPem],
    policy: { policy, source: 'file', path: '/etc/raksa-mail/policy.json', lockedKeys: {} },
  });
  await addSyncedAlice(core, dovecot, { host: '127.0.0.1', port: sink.port, security: 'starttls' });
  const page = await e2e.page(900);
  await page.goto(host.url);
  await page.locator('.new-mail').waitFor({ timeout: 30_000 });
  return { page, core };
}

const row = (page: Page, n: number) => page.locator('.recipient-row').nth(n).locator('input.recipient-input');

async function addRecipients(page: Page, n: number, addresses: string[]): Promise<void> {
  for (const a of addresses) {
    await row(page, n).fill(a);
    await row(page, n).press('Enter');
  }
}

async function chipTone(page: Page, address: string): Promise<string | null> {
  const chip = page.locator('.chip', { hasText: address });
  await page.waitForFunction((a) => [...document.querySelectorAll('.chip')].some((c) => c.textContent?.includes(a) && c.getAttribute('data-tone') !== 'pending'), address, { timeout: 10_000 });
  return chip.getAttribute('data-tone');
}

async function bobMessage(messageIdPart: (raw: string) => boolean, ms = 30_000): Promise<Buffer> {
  const end = Date.now() + ms;
  for (;;) {
    const c = await connectImap(dovecot, 'bob', 'bob-secret-2');
    try {
      const lock = await c.getMailboxLock('INBOX');
      try {
        if (c.mailbox && c.mailbox.exists > 0) {
          for await (const m of c.fetch('1:*', { source: true })) {
            if (m.source && messageIdPart(m.source.toString('utf8'))) return m.source;
          }
        }
      } finally {
        lock.release();
      }
    } finally {
      await c.logout();
    }
    if (Date.now() > end) throw new Error('not delivered to bob');
    await new Promise((r) => setTimeout(r, 300));
  }
}

const blockedPolicy: Policy = { ...DEFAULT_POLICY, blockedDomains: ['blocked.example'] };

test('warn path in Thai: chips by verdict, confirm each domain group and the attachment, delivered', async () => {
  const { page, core } = await openApp('warn', blockedPolicy);
  await page.locator('.new-mail').click();
  await page.locator('.compose-window').waitFor();
  await addRecipients(page, 0, ['bob@example.go.th', 'somchai@moph.go.th']);
  await page.getByRole('button', { name: 'สำเนาถึง', exact: true }).click();
  await addRecipients(page, 1, ['partner@example.com', 'somsri@gmail.com']);
  assert.equal(await chipTone(page, 'bob@example.go.th'), 'government');
  assert.equal(await chipTone(page, 'somchai@moph.go.th'), 'government');
  assert.equal(await chipTone(page, 'partner@example.com'), 'external');
  assert.equal(await chipTone(page, 'somsri@gmail.com'), 'freemail');
  assert.match((await page.locator('.chip', { hasText: 'somsri@gmail.com' }).getAttribute('title')) ?? '', /อีเมลฟรีสาธารณะ/u);

  await page.locator('#compose-subject').fill('ขอเชิญประชุมคณะทำงาน');
  await page.locator('.markings-picker select').nth(1).selectOption('urgent');
  await page.locator('textarea.compose-body').fill('เรียน ทุกท่าน\nขอเชิญประชุมวันจันทร์ที่ 9 มีนาคม 2569 เวลา 09.30 น.');
  const file = path.join(work, 'วาระการประชุม.pdf');
  await writeFile(file, '%PDF-1.4 วาระ');
  await page.locator('[data-testid=attach-input]').setInputFiles(file);
  await page.locator('.compose-attachment', { hasText: 'วาระการประชุม.pdf' }).waitFor();
  await screenshot(page, 'e2e-compose-chips.png');

  await page.locator('.send-button').click();
  const dialog = page.locator('.send-dialog');
  await dialog.waitFor();
  assert.equal(await dialog.getAttribute('class'), 'send-dialog dialog-warn');
  assert.deepEqual(await dialog.locator('.send-group').evaluateAll((els) => els.map((e) => e.getAttribute('data-domain'))), ['example.com', 'gmail.com']);
  const sendButton = dialog.getByRole('button', { name: 'ยืนยันและส่ง' });
  assert.equal(await sendButton.isDisabled(), true, 'nothing confirmed yet');
  await dialog.getByLabel('ยืนยันการส่งถึง @example.com (1 ราย)').check();
  await dialog.getByLabel('ยืนยันการส่งถึง @gmail.com (1 ราย)').check();
  assert.equal(await sendButton.isDisabled(), true, 'the attachment is not confirmed yet');
  await dialog.getByLabel('ยืนยันการส่งไฟล์แนบเหล่านี้').check();
  await screenshot(page, 'e2e-compose-warn-dialog.png');
  await sendButton.click();
  await page.locator('.compose-window').waitFor({ state: 'detached', timeout: 20_000 });

  const raw = await bobMessage((s) => s.includes('X-Raksa-Urgency: urgent'));
  const parsed = await PostalMime.parse(raw);
  assert.equal(parsed.subject, '[ด่วน] ขอเชิญประชุมคณะทำงาน');
  assert.ok(!parsed.subject?.includes('[ลับ'), 'no secrecy marking');
  assert.match(parsed.text ?? '', /ขอเชิญประชุมวันจันทร์ที่ 9 มีนาคม 2569/u);
  assert.deepEqual(parsed.cc?.map((c) => c.address).sort(), ['partner@example.com', 'somsri@gmail.com']);
  assert.equal(parsed.attachments[0]?.filename, 'วาระการประชุม.pdf');
  const received = sink.messages.find((m) => m.raw.toString().includes('X-Raksa-Urgency: urgent'));
  assert.deepEqual(received?.to.slice().sort(), ['bob@example.go.th', 'partner@example.com', 'somchai@moph.go.th', 'somsri@gmail.com']);

  const audit = await core.call('audit.export', {});
  assert.ok(audit.ok);
  assert.ok(audit.value.entries.some((e) => e.kind === 'warn' && e.detail.outcome === 'confirmed'));

  await page.locator('[data-local=outbox]').click();
  await page.getByLabel('แสดงจดหมายที่ส่งแล้ว').check();
  await page.locator('.outbox-item[data-state=filed]', { hasText: 'ขอเชิญประชุมคณะทำงาน' }).waitFor({ timeout: 20_000 });
  await screenshot(page, 'e2e-compose-outbox.png');
  await page.close();
});

test('block paths: a blocked domain and a ลับ message cannot be sent, and nothing reaches the server', async () => {
  const { page } = await openApp('block', blockedPolicy);
  const before = sink.messages.length;
  await page.locator('.new-mail').click();
  await addRecipients(page, 0, ['bob@example.go.th', 'leak@blocked.example']);
  assert.equal(await chipTone(page, 'leak@blocked.example'), 'blocked');
  await page.locator('#compose-subject').fill('ทดสอบโดเมนต้องห้าม');
  await page.locator('.send-button').click();
  const dialog = page.locator('.send-dialog');
  await dialog.waitFor();
  assert.equal(await dialog.getAttribute('role'), 'alertdialog');
  await dialog.getByText('ส่งจดหมายนี้ไม่ได้').waitFor();
  await dialog.getByText('นโยบายของหน่วยงานห้ามส่งถึงโดเมนนี้').waitFor();
  await dialog.getByText('/etc/raksa-mail/policy.json').waitFor();
  assert.equal(await dialog.getByRole('button', { name: 'ยืนยันและส่ง' }).count(), 0, 'a block cannot be overridden');
  await screenshot(page, 'e2e-compose-block-domain.png');
  await dialog.getByRole('button', { name: 'กลับไปแก้ไข' }).click();

  // Remove the blocked recipient; mark the message ลับ: classified mail needs encryption, not available yet.
  await page.getByRole('button', { name: 'นำ leak@blocked.example ออก' }).click();
  await page.locator('.markings-picker select').nth(0).selectOption('confidential');
  await page.locator('.subject-preview', { hasText: '[ลับ] ทดสอบโดเมนต้องห้าม' }).waitFor();
  // Classified mail is blocked for every recipient (no encryption yet): the government chip turns red.
  await page.locator('.chip[data-tone=blocked]', { hasText: 'bob@example.go.th' }).waitFor({ timeout: 10_000 });
  await page.locator('.send-button').click();
  await dialog.waitFor();
  await dialog.getByText(/จดหมายชั้นความลับต้องเข้ารหัสก่อนส่ง/u).waitFor();
  assert.equal(await dialog.getByRole('button', { name: 'ยืนยันและส่ง' }).count(), 0);
  await screenshot(page, 'e2e-compose-block-classified.png');
  await dialog.getByRole('button', { name: 'กลับไปแก้ไข' }).click();
  await page.getByRole('button', { name: 'ทิ้ง', exact: true }).click();
  await page.getByRole('button', { name: 'ทิ้งจดหมาย' }).click();
  await page.locator('.compose-window').waitFor({ state: 'detached' });
  await new Promise((r) => setTimeout(r, 1000));
  assert.equal(sink.messages.length, before, 'nothing was sent');
  await page.close();
});

test('reader banner; a reply inherits ลับ; lowering it needs a reason, which is audited', async () => {
  const { page, core } = await openApp('reply', blockedPolicy);
  const message = page.locator('[role=listbox] [role=option]', { hasText: 'แผนงาน' });
  await message.waitFor({ timeout: 30_000 });
  await message.click();
  const banner = page.locator('.markings-banner');
  await banner.waitFor({ timeout: 20_000 });
  assert.equal(await banner.getAttribute('data-classification'), 'confidential');
  await banner.getByText('ลับ · ด่วนที่สุด').waitFor();
  await banner.getByText('เลขที่หนังสือ ที่ นร 0105/123').waitFor();
  await screenshot(page, 'e2e-reader-banner.png');

  await page.locator('[data-compose=reply]').click();
  await page.locator('.compose-window').waitFor();
  assert.equal(await page.locator('#compose-subject').inputValue(), 'Re: แผนงาน');
  assert.equal(await page.locator('.markings-picker select').nth(0).inputValue(), 'confidential');
  assert.equal(await page.locator('.markings-picker select').nth(1).inputValue(), 'most-urgent');
  assert.match(await page.locator('textarea.compose-body').inputValue(), /เขียนว่า:\n> เรียน คุณอลิซ/u);
  await page.locator('.chip', { hasText: 'bob@example.go.th' }).waitFor();
  await page.locator('textarea.compose-body').press('Control+Home');
  await page.locator('textarea.compose-body').pressSequentially('รับทราบ ขอบคุณครับ');
  await page.locator('.markings-picker select').nth(0).selectOption('none');
  await page.locator('.downgrade-note').waitFor();
  await screenshot(page, 'e2e-compose-reply-downgrade.png');
  await page.locator('.send-button').click();
  const dialog = page.locator('.send-dialog');
  await dialog.waitFor();
  const send = dialog.getByRole('button', { name: 'ยืนยันและส่ง' });
  assert.equal(await send.isDisabled(), true);
  await dialog.getByRole('textbox').fill('ต้นเรื่องได้รับอนุมัติให้ยกเลิกชั้นความลับแล้ว');
  await screenshot(page, 'e2e-compose-downgrade-dialog.png');
  await send.click();
  await page.locator('.compose-window').waitFor({ state: 'detached', timeout: 20_000 });

  const raw = await bobMessage((s) => s.includes('In-Reply-To: <classified-1@example.go.th>'));
  const parsed = await PostalMime.parse(raw);
  assert.equal(parsed.subject, '[ด่วนที่สุด] Re: แผนงาน', 'the secrecy marking is gone, urgency kept');
  assert.ok(!parsed.headers.some((h) => h.key === 'x-raksa-classification'));
  assert.match(parsed.text ?? '', /^รับทราบ ขอบคุณครับ/u);
  const audit = await core.call('audit.export', {});
  assert.ok(audit.ok);
  const entry = audit.value.entries.find((e) => e.kind === 'classification-downgrade');
  assert.equal(entry?.justification, 'ต้นเรื่องได้รับอนุมัติให้ยกเลิกชั้นความลับแล้ว');
  assert.equal(entry?.detail.from, 'confidential');
  await page.close();
});

test('justify path: external recipients need a written reason, which is sent to the audit log', async () => {
  const { page, core } = await openApp('justify', { ...DEFAULT_POLICY, rules: { ...DEFAULT_POLICY.rules, external: 'justify' } });
  await page.locator('.new-mail').click();
  await addRecipients(page, 0, ['bob@example.go.th', 'consultant@partner.co.th']);
  assert.equal(await chipTone(page, 'consultant@partner.co.th'), 'external');
  await page.locator('#compose-subject').fill('ขอความเห็นร่างข้อกำหนด');
  await page.locator('textarea.compose-body').fill('เรียน ที่ปรึกษา\nขอความเห็นภายในวันศุกร์');
  // Formatted body: the text moves into the rich editor; bold it all.
  await page.getByRole('button', { name: 'จัดรูปแบบ', exact: true }).click();
  const editor = page.locator('.rich-body');
  await editor.getByText('ขอความเห็นภายในวันศุกร์').waitFor();
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.getByRole('button', { name: 'ตัวหนา' }).click();
  await editor.locator('b, strong').first().waitFor();
  await screenshot(page, 'e2e-compose-rich.png');
  await page.locator('.send-button').click();
  const dialog = page.locator('.send-dialog');
  await dialog.waitFor();
  assert.equal(await dialog.getAttribute('class'), 'send-dialog dialog-justify');
  const send = dialog.getByRole('button', { name: 'ยืนยันและส่ง' });
  await dialog.getByLabel('ยืนยันการส่งถึง @partner.co.th (1 ราย)').check();
  assert.equal(await send.isDisabled(), true, 'a reason is required');
  await dialog.getByLabel('เหตุผลในการส่ง (บันทึกในประวัติการตรวจสอบ)').fill('ที่ปรึกษาตามสัญญาจ้างเลขที่ 15/2569');
  await screenshot(page, 'e2e-compose-justify-dialog.png');
  await send.click();
  await page.locator('.compose-window').waitFor({ state: 'detached', timeout: 20_000 });
  const raw = await bobMessage((s) => s.includes('consultant@partner.co.th'));
  const parsed = await PostalMime.parse(raw);
  assert.equal(parsed.subject, 'ขอความเห็นร่างข้อกำหนด');
  assert.match(parsed.text ?? '', /ขอความเห็นภายในวันศุกร์/u);
  assert.match(parsed.html ?? '', /<(b|strong)>[\s\S]*ขอความเห็นภายในวันศุกร์/u, 'the formatted body is sent as sanitized HTML');
  assert.ok(!/<script|on\w+=/iu.test(parsed.html ?? ''));
  const audit = await core.call('audit.export', {});
  assert.ok(audit.ok);
  const entry = audit.value.entries.find((e) => e.kind === 'justify');
  assert.equal(entry?.justification, 'ที่ปรึกษาตามสัญญาจ้างเลขที่ 15/2569');
  assert.ok(entry?.recipients.some((r) => r.address === 'consultant@partner.co.th'));
  await page.close();
});

test('inline image: a PNG pasted into the formatted body is sent as a cid: part and shows inline again', async () => {
  const { page } = await openApp('inline', DEFAULT_POLICY);
  await page.locator('.new-mail').click();
  await addRecipients(page, 0, ['bob@example.go.th']);
  await page.locator('#compose-subject').fill('แผนผังห้องประชุม');
  await page.locator('textarea.compose-body').fill('เรียน คุณบ็อบ\nแผนผังตามรูป');
  await page.getByRole('button', { name: 'จัดรูปแบบ', exact: true }).click();
  const editor = page.locator('.rich-body');
  await editor.getByText('แผนผังตามรูป').waitFor();
  await editor.click();
  await page.keyboard.press('Control+End');
  // A paste event whose clipboard holds one small PNG file, as Chromium delivers a copied image.
  const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';
  await editor.evaluate((el, b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const data = new DataTransfer();
    data.items.add(new File([bytes], 'image.png', { type: 'image/png' }));
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, png);
  const img = editor.locator('img');
  await img.waitFor();
  assert.equal(await img.getAttribute('src'), `data:image/png;base64,${png}`);
  assert.equal(await page.locator('.compose-window .attachment-name').count(), 0, 'not listed as an attachment');
  await screenshot(page, 'e2e-compose-inline-image.png');
  await page.locator('.send-button').click();
  await page.locator('.compose-window').waitFor({ state: 'detached', timeout: 20_000 });
  const raw = await bobMessage((s) => s.includes('multipart/related') && s.includes('Content-ID: <img1.'));
  const text = raw.toString('latin1');
  assert.match(text, /^Content-Disposition: inline/imu);
  const parsed = await PostalMime.parse(raw);
  const cid = /src="cid:([^"]+)"/u.exec(parsed.html ?? '')?.[1];
  assert.ok(cid, 'the HTML refers to the image by cid:');
  assert.doesNotMatch(parsed.html ?? '', /data:/u);
  const part = parsed.attachments.find((a) => a.contentId === `<${cid}>`);
  assert.equal(part?.mimeType, 'image/png');
  assert.equal(part?.disposition, 'inline');
  assert.deepEqual(Buffer.from(part?.content as ArrayBuffer), Buffer.from(png, 'base64'));
  await page.close();
});

/** The text of every message in alice's Drafts folder on the server. */
async function aliceDraftTexts(): Promise<string[]> {
  const messages = await folderMessages(dovecot, 'alice', 'alice-secret-1', 'Drafts');
  return Promise.all(messages.map(async (m) => (await PostalMime.parse(m.raw)).text ?? ''));
}

test('a draft saved by webmail opens from the Drafts folder to go on writing, and saving replaces it on the server', async () => {
  const { page } = await openApp('server-draft', DEFAULT_POLICY);
  // The server's Drafts folder (Dovecot marks it \Drafts), not the on-device drafts list beside it.
  await page.locator('.folder-pane .folder-list .folder-button', { hasText: 'ฉบับร่าง' }).click();
  const message = page.locator('[role=listbox] [role=option]', { hasText: 'ร่างจากเว็บเมล' });
  await message.waitFor({ timeout: 30_000 });
  await message.click();
  const edit = page.locator('[data-compose=editDraft]');
  await edit.waitFor({ timeout: 20_000 });
  assert.equal(await edit.textContent(), 'เขียนฉบับร่างนี้ต่อ');
  await edit.click();
  await page.locator('.compose-window').waitFor();
  assert.equal(await page.locator('#compose-subject').inputValue(), 'ร่างจากเว็บเมล');
  assert.match(await page.locator('textarea.compose-body').inputValue(), /^เขียนค้างไว้จากเว็บเมล/u);
  await page.locator('.chip', { hasText: 'bob@example.go.th' }).waitFor();
  await screenshot(page, 'e2e-compose-server-draft.png');
  await page.locator('textarea.compose-body').press('Control+End');
  await page.locator('textarea.compose-body').pressSequentially(' ต่อจากเครื่องนี้');
  // Saving replaces the server copy the other client made.
  await page.getByRole('button', { name: 'บันทึกฉบับร่างและปิด' }).click();
  await page.locator('.compose-window').waitFor({ state: 'detached', timeout: 20_000 });
  const end = Date.now() + 30_000;
  for (;;) {
    const texts = await aliceDraftTexts();
    if (texts.length === 1 && /ต่อจากเครื่องนี้/u.test(texts[0] ?? '')) break;
    if (Date.now() > end) assert.fail(`Drafts on the server: ${JSON.stringify(texts)}`);
    await new Promise((r) => setTimeout(r, 300));
  }
  await page.close();
});
