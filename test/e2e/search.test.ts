// Search, the offline-cache marks, settings and account editing as an official would meet them, in
// Debian's Chromium against the real core and a private Dovecot: sync Thai mail under a machine policy
// file, find a Thai word that exists only inside a compound, use an operator, read the policy on the
// settings page, edit and remove accounts. A second core with a broken policy file shows the red banner.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import {
  LINUX_POLICY_FILE,
  loadMachinePolicy,
  type MachinePolicy,
} from '../../electron/core/policy/machinePolicy.js';
import { THAI_FIXTURES, readFixture, thaiAttachments, thaiHtml } from '../fixtures/index.js';
import { connectImap, createMailbox, type DovecotServer } from '../servers/dovecot.js';
import { createHarness, fillAccountForm, screenshot, waitForListRows, type E2eApp } from './harness.js';

// The HTML fixture (3.4 kB) is over this cap, every other fixture is under it (0.7–2 kB): it stays
// "not yet available offline" after the sync, which the list must show.
const OFFLINE_CAP = 3000;
// "ผลิต" (produce) is only in the attachment fixture's body, inside "ผลผลิต", a compound that
// Intl.Segmenter keeps whole: a word index alone cannot find it.
const COMPOUND_PART = 'ผลิต';

/** The machine policy read exactly as on Linux, from a policy file whose text the test supplies. */
const policyFromFile = (text: string): Promise<MachinePolicy> =>
  loadMachinePolicy({
    platform: 'linux',
    readFile: (file) => Promise.resolve(file === LINUX_POLICY_FILE ? text : null),
    runRegQuery: () => Promise.reject(new Error('no registry on Linux')),
  });

/**
 * Plain ASCII messages of 2023 in another folder, enough for several body batches (100 each), so the body
 * download lasts long enough to be seen in the status bar. None matches any query below.
 */
const FILLER = 400;
async function appendFiller(s: DovecotServer): Promise<void> {
  await createMailbox(s, 'alice', 'alice-secret-1', 'Archive');
  const client = await connectImap(s, 'alice', 'alice-secret-1');
  try {
    for (let i = 1; i <= FILLER; i++) {
      const raw = [
        'From: Filler <filler@example.go.th>',
        'To: alice@example.go.th',
        `Subject: Filler ${i}`,
        `Date: Mon, 02 Jan 2023 10:${String(i % 60).padStart(2, '0')}:00 +0700`,
        `Message-ID: <filler-${i}@example.go.th>`,
        'Content-Type: text/plain; charset=us-ascii',
        '',
        `Filler body ${i}. ${'lorem ipsum dolor sit amet '.repeat(60)}`,
        '',
      ].join('\r\n');
      await client.append('Archive', raw);
    }
  } finally {
    await client.logout();
  }
}

const e2e = createHarness();
let server: DovecotServer;
let app: E2eApp;
let page: Page;

before(async () => {
  server = await e2e.mailServer(THAI_FIXTURES.map(readFixture));
  await appendFiller(server);
  const policy = await policyFromFile(JSON.stringify({ version: 1, offlineAttachmentMaxBytes: OFFLINE_CAP }));
  assert.equal(policy.source, 'file');
  app = await e2e.app({ trustedCaPem: [server.caPem], policy });
  page = await e2e.page();
});

after(() => e2e.close());

const rows = () => page.locator('[role=listbox] [role=option]');
const row = (subject: string) => rows().filter({ hasText: subject });
const statusBar = () => page.locator('.status-bar');
const searchPane = () => page.locator('.search-pane');

test('the account syncs; the status bar reports the body download; an uncached message is marked', async () => {
  await page.goto(app.host.url);
  // Everything the status bar says while the sync runs (the body phase can be brief).
  await page.evaluate(() => {
    const w = window as unknown as { statusTexts: string[] };
    w.statusTexts = [];
    new MutationObserver(() => {
      const text = document.querySelector('.status-bar')?.textContent;
      if (text) w.statusTexts.push(text);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await fillAccountForm(page, server.imapsPort);
  await page.click('button[type=submit]');
  await waitForListRows(page, THAI_FIXTURES.length);
  await statusBar()
    .getByText(/ออนไลน์/)
    .waitFor({ timeout: 60_000 });

  const seen = await page.evaluate(() => (window as unknown as { statusTexts: string[] }).statusTexts);
  assert.ok(
    seen.some((t) => /กำลังดาวน์โหลดเนื้อหาเพื่ออ่านออฟไลน์ \d+\/\d+/u.test(t)),
    `body download progress in ${JSON.stringify([...new Set(seen)])}`,
  );

  const notCached = 'ยังไม่ได้ดาวน์โหลดสำหรับอ่านออฟไลน์';
  await row(thaiHtml.subject).locator(`.row-mark[title="${notCached}"]`).waitFor({ timeout: 10_000 });
  for (const cached of THAI_FIXTURES.filter((f) => f !== thaiHtml)) {
    assert.equal(
      await row(cached.subject).locator('.row-mark.uncached').count(),
      0,
      `${cached.subject} is cached`,
    );
  }
  await screenshot(page, 'e2e-search-synced.png');
});

test('a Thai word found only inside a compound in a body: typed, found, highlighted, opened', async () => {
  await page.locator('.list-scroll').click();
  await page.keyboard.press('Control+f');
  assert.equal(
    await page.evaluate(() => document.activeElement?.id),
    'search-input',
    'Ctrl+F focuses the search box',
  );
  // Typed key by key: every intermediate text is debounced or dropped, only the last one is shown.
  await page.keyboard.type(COMPOUND_PART, { delay: 40 });
  await searchPane().locator('.list-count').getByText('1 รายการ').waitFor({ timeout: 10_000 });
  assert.equal(await searchPane().locator('[role=option]').count(), 1);
  const hit = searchPane().locator('[role=option]').first();
  assert.match(await hit.innerText(), new RegExp(thaiAttachments.subject));
  assert.deepEqual(await hit.locator('mark').allInnerTexts(), [COMPOUND_PART]);
  assert.match(
    await hit.locator('.row-snippet').innerText(),
    /ผลผลิตมังคุด/u,
    'the snippet shows the compound around the match',
  );
  await screenshot(page, 'e2e-search-thai.png');

  await hit.click();
  await page.locator('.reading-pane').getByText(thaiAttachments.bodyMarker).waitFor({ timeout: 20_000 });
});

test('an operator query lists only the matching message; a bad operator value shows a Thai error', async () => {
  await page.fill('#search-input', 'has:attachment');
  await page.waitForFunction(
    (subject) => {
      const options = [...document.querySelectorAll('.search-pane [role=option]')];
      return options.length === 1 && options[0]?.textContent?.includes(subject);
    },
    thaiAttachments.subject,
    { timeout: 10_000 },
  );
  assert.match(await searchPane().locator('.list-count').innerText(), /^1 รายการ$/u);

  await page.fill('#search-input', 'before:yesterday');
  const error = searchPane().locator('.search-error[role=alert]');
  await error.waitFor({ timeout: 10_000 });
  assert.match(await error.innerText(), /คำค้นไม่ถูกต้อง: before:yesterday/u);
  assert.equal(await searchPane().locator('[role=option]').count(), 0, 'no stale results under the error');

  // Buddhist-Era dates: every fixture is dated 6 January 2025 (2568 BE).
  await page.fill('#search-input', 'after:2568-01-01 before:2568-01-31');
  await searchPane()
    .locator('.list-count')
    .getByText(`${THAI_FIXTURES.length} รายการ`)
    .waitFor({ timeout: 10_000 });

  await searchPane().getByRole('button', { name: 'ล้างการค้นหาและกลับไปที่โฟลเดอร์' }).click();
  await page.locator('.list-title').getByText('กล่องจดหมายเข้า').waitFor();
  assert.equal(await page.inputValue('#search-input'), '');
  await page.waitForFunction(
    (n) => document.querySelectorAll('[role=listbox] [role=option]').length === n,
    THAI_FIXTURES.length,
  );
});

test('the settings page shows the language and the machine policy with its locked setting and source', async () => {
  await page.locator('.top-bar').getByRole('button', { name: 'การตั้งค่า' }).click();
  const settings = page.locator('.settings-page');
  await settings.waitFor();
  assert.equal(await settings.getByRole('radio', { name: 'ไทย' }).isChecked(), true);
  assert.equal(await settings.getByRole('radio', { name: 'English' }).isChecked(), false);
  const source = settings.locator('.policy-source');
  await source.waitFor({ timeout: 10_000 });
  assert.equal(await source.innerText(), `ไฟล์นโยบายของเครื่อง: ${LINUX_POLICY_FILE}`);
  const locked = settings.locator('tr[data-key="offlineAttachmentMaxBytes"]');
  assert.match(await locked.locator('.policy-lock').innerText(), new RegExp(`ล็อกโดย ${LINUX_POLICY_FILE}`));
  assert.equal(await locked.locator('.policy-lock svg').count(), 1, 'a lock icon');
  assert.equal(await settings.locator('tr.locked').count(), 1, 'only the key in the file is locked');
  assert.match(
    await settings.locator('tr[data-key="rules.external"]').innerText(),
    /เตือน[\s\S]*ค่าเริ่มต้น \(ไม่ได้ล็อก\)/u,
  );
  await screenshot(page, 'e2e-settings.png', { fullPage: true });
});

test('editing an account changes its display name (password left blank keeps the stored one)', async () => {
  const settings = page.locator('.settings-page');
  await settings.getByRole('button', { name: 'แก้ไข alice@example.go.th' }).click();
  await page.locator('#display-name').waitFor();
  assert.equal(await page.inputValue('#imap-port'), String(server.imapsPort), 'the form is prefilled');
  assert.equal(await page.inputValue('#password'), '');
  await page.fill('#display-name', 'อลิซ ใจดี (แก้ไข)');
  await page.click('button[type=submit]');
  await settings.getByText('อลิซ ใจดี (แก้ไข)').waitFor({ timeout: 20_000 });
  const list = await app.core.call('accounts.list', {});
  assert.ok(list.ok);
  assert.equal(list.value[0]?.displayName, 'อลิซ ใจดี (แก้ไข)');
  await settings.getByRole('button', { name: 'กลับไปที่จดหมาย' }).click();
  await page.locator('.folder-pane').getByText('อลิซ ใจดี (แก้ไข)').waitFor();
});

test('several accounts show in the folder pane; removing one asks first, then it is gone', async () => {
  const bob = await app.core.call('accounts.add', {
    email: 'bob@example.go.th',
    displayName: 'บ๊อบ ทดสอบ',
    imap: { host: '127.0.0.1', port: server.imapsPort, security: 'tls' },
    smtp: { host: '127.0.0.1', port: 465, security: 'tls' },
    user: 'bob',
    password: 'bob-secret-2',
  });
  assert.ok(bob.ok, JSON.stringify(bob));
  await page.locator('.folder-pane .account-name').getByText('บ๊อบ ทดสอบ').waitFor({ timeout: 10_000 });
  assert.equal(await page.locator('.folder-pane .account-block').count(), 2);

  await page.locator('.top-bar').getByRole('button', { name: 'การตั้งค่า' }).click();
  await page.getByRole('button', { name: 'ลบ bob@example.go.th' }).click();
  const dialog = page.getByRole('alertdialog');
  await dialog.waitFor();
  assert.match(await dialog.innerText(), /กล่องขาออก/u, 'the warning names the outbox');
  await screenshot(page, 'e2e-remove-account.png');
  await dialog.getByRole('button', { name: 'ยกเลิก' }).click();
  await dialog.waitFor({ state: 'detached' });
  const kept = await app.core.call('accounts.list', {});
  assert.ok(kept.ok);
  assert.equal(kept.value.length, 2, 'Cancel removes nothing');
  await page.getByRole('button', { name: 'ลบ bob@example.go.th' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'ลบบัญชี' }).click();
  await page
    .locator('.settings-account')
    .filter({ hasText: 'bob@example.go.th' })
    .waitFor({ state: 'detached', timeout: 10_000 });
  const left = await app.core.call('accounts.list', {});
  assert.ok(left.ok);
  assert.deepEqual(
    left.value.map((a) => a.email),
    ['alice@example.go.th'],
  );
  await page.getByRole('button', { name: 'กลับไปที่จดหมาย' }).click();
  assert.equal(await page.locator('.folder-pane .account-block').count(), 1);
});

test('an invalid machine policy file: a red banner on start, and the settings page says the strictest settings apply', async () => {
  const policy = await policyFromFile('{ "version": 1, "rules": { "external": "warn", } }');
  assert.equal(policy.source, 'invalid');
  const broken = await e2e.app({ policy });
  const other = await e2e.page();
  await other.goto(broken.host.url);
  const banner = other.locator('.policy-banner[role=alert]');
  await banner.waitFor({ timeout: 10_000 });
  const text = await banner.innerText();
  assert.match(text, /นโยบายของหน่วยงานไม่ถูกต้อง ใช้ค่าที่เข้มงวดที่สุดแทน: /u);
  assert.ok(text.includes(LINUX_POLICY_FILE), `the banner names the file: ${text}`);
  await screenshot(other, 'e2e-policy-banner.png');
  await banner.getByRole('button', { name: 'ดูรายละเอียด' }).click();
  const source = other.locator('.policy-source');
  await source.waitFor({ timeout: 10_000 });
  assert.match(await source.innerText(), /นโยบายไม่ถูกต้อง/u);
  const lockedRows = await other.locator('tr.locked').count();
  assert.ok(
    lockedRows > 0 && lockedRows === (await other.locator('.policy-table tbody tr').count()),
    'every setting is locked',
  );
  assert.match(await other.locator('tr[data-key="rules.external"]').innerText(), /ห้าม[\s\S]*ค่าที่เข้มงวดที่สุด/u);
  await screenshot(other, 'e2e-policy-invalid-settings.png', { fullPage: true });
  await other.close();
});
