// Offline mode as an official would meet it, in Debian's Chromium against the real core and a private Dovecot
// behind a TCP proxy: sync, lose the network, read a Thai message from the cache (opening marks it read), move
// another, see "offline" and the two waiting actions in the status bar; the network comes back, the queue
// replays by itself, and the server (read by a separate IMAP session) matches what the user did.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { isMethodName } from '../../shared/contract/api.js';
import { THAI_FIXTURES, readFixture, thaiPlain, thaiTis620 } from '../fixtures/index.js';
import { createMailbox, type DovecotServer } from '../servers/dovecot.js';
import { startTcpProxy, type TcpProxy } from '../servers/tcpProxy.js';
import { serverFolder } from '../integration/actionsHarness.js';
import { createHarness, fillAccountForm, screenshot, waitForListRows, type E2eApp } from './harness.js';

const e2e = createHarness();
let server: DovecotServer;
let proxy: TcpProxy;
let app: E2eApp;
let page: Page;

before(async () => {
  server = await e2e.mailServer(THAI_FIXTURES.map(readFixture));
  const [alice] = server.users;
  assert.ok(alice);
  for (const f of ['Work', 'Archive', 'Trash']) await createMailbox(server, alice.user, alice.password, f);
  proxy = await startTcpProxy(server.imapsPort);
  e2e.onClose(() => proxy.close());
  app = await e2e.app({ trustedCaPem: [server.caPem] });
  page = await e2e.page();
});

after(() => e2e.close());

const row = (subject: string) => page.locator('[role=listbox] [role=option]', { hasText: subject });
const statusBar = () => page.locator('.status-bar');

test('the account syncs through the proxy and every Thai message is listed', async () => {
  await page.goto(app.host.url);
  await fillAccountForm(page, proxy.port);
  await page.click('button[type=submit]');
  await waitForListRows(page, THAI_FIXTURES.length);
  await statusBar().getByText(/ออนไลน์/).waitFor({ timeout: 60_000 });
  assert.equal(await row(thaiPlain.subject).count(), 1);
});

test('offline: a cached Thai message opens and is marked read; a move applies at once; two actions wait', async () => {
  await proxy.down();

  await row(thaiPlain.subject).click();
  const pane = page.locator('.reading-pane');
  await pane.getByText(thaiPlain.bodyMarker).waitFor({ timeout: 20_000 });
  // Opening marks read after a short pause; the toolbar then offers "mark unread".
  await pane.locator('[data-action=read]').getByText('ทำเครื่องหมายว่ายังไม่อ่าน').waitFor({ timeout: 10_000 });
  await screenshot(page, 'e2e-offline-reader.png');

  if (isMethodName('search.query')) {
    const found = await app.core.call('search.query', { query: thaiPlain.searchWord });
    assert.ok(found.ok, 'search works offline');
    assert.ok(
      JSON.stringify(found.value).includes(thaiPlain.subject),
      'the Thai word is found in the cached message while offline',
    );
  }

  await row(thaiTis620.subject).click();
  await pane.getByText(thaiTis620.bodyMarker).waitFor({ timeout: 20_000 });
  const folders = await app.core.call('folders.list', { accountId: 1 });
  assert.ok(folders.ok);
  const work = folders.value.find((f) => f.path === 'Work');
  assert.ok(work);
  await pane.locator('select.move-select').selectOption(String(work.id));
  // The list updates at once: the moved message is gone from the inbox.
  await row(thaiTis620.subject).waitFor({ state: 'detached', timeout: 10_000 });

  await statusBar().getByText(/ออฟไลน์/).waitFor({ timeout: 20_000 });
  await statusBar().getByText('รอส่งไปเซิร์ฟเวอร์ 2 รายการ').waitFor({ timeout: 10_000 });
  await screenshot(page, 'e2e-offline.png');
});

test('back online, the queue replays by itself and the server matches', async () => {
  await proxy.up();
  // The runner retries with backoff (at most 15 s apart); nothing is clicked.
  await statusBar().getByText(/รอส่งไปเซิร์ฟเวอร์/).waitFor({ state: 'detached', timeout: 45_000 });
  const status = await app.core.call('app.status', {});
  assert.ok(status.ok);
  assert.equal(status.value.queuedActions, 0);

  const inbox = await serverFolder(server, 'INBOX');
  const read = inbox.find((m) => m.messageId === thaiPlain.messageId);
  assert.ok(read, 'the read message stays in INBOX');
  assert.ok(read.flags.includes('\\Seen'), 'and is \\Seen on the server');
  assert.ok(!inbox.some((m) => m.messageId === thaiTis620.messageId), 'the moved message left INBOX');
  assert.deepEqual(
    (await serverFolder(server, 'Work')).map((m) => m.messageId),
    [thaiTis620.messageId],
    'and is in Work on the server',
  );
  // Unchanged messages stay unread on the server: nothing else was touched.
  for (const m of inbox.filter((x) => x.messageId !== thaiPlain.messageId)) assert.ok(!m.flags.includes('\\Seen'));
  await statusBar().getByText(/ออนไลน์/).waitFor({ timeout: 10_000 });
});
