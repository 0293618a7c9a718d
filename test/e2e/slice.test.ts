// The first slice as an official would follow it, in Debian's Chromium against the real core and a
// private Dovecot: add the account, watch the inbox fill, open Thai messages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import PostalMime from 'postal-mime';
import { THAI_FIXTURES, readFixture, thaiHtml, thaiPlain, thaiTis620, thaiAttachments } from '../fixtures/index.js';
import type { DovecotServer } from '../servers/dovecot.js';
import { createHarness, fillAccountForm, screenshot, waitForListRows, type E2eApp } from './harness.js';

// A program dressed as a document: the reader must warn and offer Save only (dated like the fixtures).
const DANGEROUS_SUBJECT = 'ใบแจ้งหนี้ค่าไฟฟ้า';
const DANGEROUS_NAME = 'ใบแจ้งหนี้.pdf.exe';
const DANGEROUS_EML = [
  'From: billing@example.com',
  'To: alice@example.go.th',
  `Subject: =?UTF-8?B?${Buffer.from(DANGEROUS_SUBJECT).toString('base64')}?=`,
  'Date: Mon, 06 Jan 2025 08:00:00 +0700',
  'Message-ID: <dangerous-0001@example.com>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="b1"',
  '',
  '--b1',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'see attached',
  '--b1',
  'Content-Type: application/octet-stream',
  `Content-Disposition: attachment; filename*=UTF-8''${encodeURIComponent(DANGEROUS_NAME)}`,
  'Content-Transfer-Encoding: base64',
  '',
  Buffer.from('MZ not really a program').toString('base64'),
  '--b1--',
  '',
].join('\r\n');

const e2e = createHarness();
let server: DovecotServer;
let app: E2eApp;
let page: Page;

before(async () => {
  server = await e2e.mailServer([...THAI_FIXTURES.map(readFixture), Buffer.from(DANGEROUS_EML)]);
  app = await e2e.app({ trustedCaPem: [server.caPem] });
  page = await e2e.page();
});

after(() => e2e.close());

test('the page loads under its CSP with no console errors, Thai by default, and the token leaves the address bar', async () => {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(app.host.url);
  await page.waitForSelector('#email');
  assert.equal(await page.getAttribute('html', 'lang'), 'th');
  assert.equal(new URL(page.url()).searchParams.get('token'), null, 'the token is removed from the address bar');
  const font = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
  assert.match(font, /Sarabun/);
  assert.deepEqual(problems, []);
});

test('a wrong password shows a translated error and keeps what was typed', async () => {
  await fillAccountForm(page, server.imapsPort, 'wrong-password');
  await page.click('button[type=submit]');
  const alert = page.locator('.form-error[role=alert]').first();
  await alert.waitFor();
  assert.match(await alert.innerText(), /รหัสผ่าน/);
  assert.equal(await page.inputValue('#imap-port'), String(server.imapsPort));
  assert.equal(await page.inputValue('#display-name'), 'อลิซ ทดสอบ');
});

test('adding the account syncs the inbox, newest first, with Thai subjects and Buddhist-Era dates', async () => {
  await page.fill('#password', 'alice-secret-1');
  await page.click('button[type=submit]');
  const rows = page.locator('[role=listbox] [role=option]');
  await waitForListRows(page, THAI_FIXTURES.length);
  const texts = await rows.allInnerTexts();
  for (const fixture of THAI_FIXTURES) {
    assert.ok(texts.some((t) => t.includes(fixture.subject)), `row for "${fixture.subject}" in ${JSON.stringify(texts)}`);
  }
  // Every fixture is dated 6 January 2025, which is 2568 in the Buddhist Era.
  assert.ok(texts.every((t) => t.includes('2568')), `BE year in ${JSON.stringify(texts)}`);
  await page.locator('.status-bar').getByText(/ออนไลน์/).waitFor({ timeout: 30_000 });
});

test('opening a Thai message shows its text; the TIS-620 one decodes', async () => {
  for (const fixture of [thaiPlain, thaiTis620]) {
    await page.locator('[role=option]', { hasText: fixture.subject }).click();
    const pane = page.locator('.reading-pane');
    await pane.getByText(fixture.bodyMarker).waitFor({ timeout: 20_000 });
    assert.match(await pane.innerText(), new RegExp(fixture.from.name));
  }
  await screenshot(page, 'e2e-thai-message.png');
});

test('HTML mail is sanitized into a sandboxed frame with remote images blocked', async () => {
  await page.locator('[role=option]', { hasText: thaiHtml.subject }).click();
  const frame = page.locator('.reading-pane iframe');
  await frame.waitFor({ timeout: 20_000 });
  assert.equal(await frame.getAttribute('sandbox'), '', 'sandbox with no allowances');
  const srcdoc = (await frame.getAttribute('srcdoc')) ?? '';
  assert.match(srcdoc, /default-src 'none'/);
  const hazards = thaiHtml.htmlHazards;
  assert.ok(hazards);
  assert.doesNotMatch(srcdoc, /<script/i);
  assert.doesNotMatch(srcdoc, /onerror/i);
  assert.doesNotMatch(srcdoc, /<form/i);
  assert.ok(!srcdoc.includes(hazards.remoteImage), 'remote image URL removed');
  const body = page.frameLocator('.reading-pane iframe').locator('body');
  assert.ok((await body.innerText()).includes(thaiHtml.bodyMarker));
  await page.locator('.remote-notice').waitFor();
  await screenshot(page, 'e2e-html-message.png');
});

test('attachments are listed with their decoded Thai names', async () => {
  await page.locator('[role=option]', { hasText: thaiAttachments.subject }).click();
  const list = page.locator('.reading-pane .attachments');
  await list.waitFor({ timeout: 20_000 });
  const text = await list.innerText();
  for (const a of thaiAttachments.attachments) assert.ok(text.includes(a.filename), `${a.filename} in ${text}`);
});

test('Save downloads the PDF attachment with exactly its bytes (browser host: no Open)', async () => {
  const pdf = thaiAttachments.attachments[0];
  assert.ok(pdf);
  const item = page.locator('.reading-pane .attachment', { hasText: pdf.filename });
  // The browser host has no Electron main to open a file with the system viewer: only Save is offered.
  assert.equal(await item.locator('.attachment-open').count(), 0);
  const [download] = await Promise.all([page.waitForEvent('download'), item.locator('.attachment-save').click()]);
  assert.equal(download.suggestedFilename(), pdf.filename);
  const saved = await download.path();
  const parsed = await PostalMime.parse(readFixture(thaiAttachments), { attachmentEncoding: 'arraybuffer' });
  const expected = Buffer.from(parsed.attachments[0]?.content as ArrayBuffer);
  assert.equal(expected.byteLength, pdf.size);
  assert.deepEqual(await readFile(saved), expected);
});

test('a program disguised as a PDF shows a warning and only Save', async () => {
  await page.locator('[role=option]', { hasText: DANGEROUS_SUBJECT }).click();
  const item = page.locator('.reading-pane .attachment', { hasText: DANGEROUS_NAME });
  await item.waitFor({ timeout: 20_000 });
  assert.match((await item.getAttribute('class')) ?? '', /dangerous/);
  const warning = (await item.locator('.attachment-warning').getAttribute('aria-label')) ?? '';
  assert.match(warning, /นามสกุลซ้อน/, warning);
  assert.equal(await item.locator('.attachment-open').count(), 0);
  assert.equal(await item.locator('.attachment-save').count(), 1);
});

test('English switches the interface language and the date calendar', async () => {
  await page.locator('.top-bar').getByRole('button', { name: /English/ }).click();
  await page.locator('.status-bar').getByText(/Online/).waitFor();
  const texts = await page.locator('[role=listbox] [role=option]').allInnerTexts();
  assert.ok(texts.some((t) => t.includes('2025')), `Gregorian year in ${JSON.stringify(texts)}`);
  await screenshot(page, 'e2e-english.png');
});
