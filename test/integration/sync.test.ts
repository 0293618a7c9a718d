// First-slice sync against a private Dovecot into the real encrypted store in a temp profile: folder
// list, INBOX headers newest first in committed batches, decoded Thai, idempotent re-sync, server-side
// deletions and flag changes.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { isCodedError } from '../../shared/contract/result.js';
import type { SyncProgress } from '../../shared/domain/schemas.js';
import { syncAccount } from '../../electron/core/sync/syncAccount.js';
import type { AccountWithSecret } from '../../electron/core/store/mailStore.js';
import { SqliteMailStore } from '../../electron/core/store/sqliteMailStore.js';
import { connectImap as connectTestImap, createMailbox, startDovecot, type DovecotServer } from '../servers/dovecot.js';
import { readFixture, THAI_FIXTURES, thaiAttachments } from '../fixtures/index.js';

const GENERATED = 1200;
const TOTAL = GENERATED + THAI_FIXTURES.length;
const BASE_DATE = Date.UTC(2024, 0, 1);

function generated(i: number): string {
  const date = new Date(BASE_DATE + i * 60_000).toUTCString().replace('GMT', '+0000');
  return [
    `From: =?UTF-8?B?${Buffer.from(`ผู้ส่ง ${i}`).toString('base64')}?= <sender${i}@example.go.th>`,
    'To: alice@example.go.th',
    `Subject: =?UTF-8?B?${Buffer.from(`ข้อความทดสอบที่ ${i}`).toString('base64')}?=`,
    `Date: ${date}`,
    `Message-ID: <gen-${i}@example.go.th>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    `เนื้อหาข้อความที่ ${i}`,
    '',
  ].join('\r\n');
}

void describe('syncAccount against a private Dovecot', () => {
  let server: DovecotServer;
  let dir: string;
  let store: SqliteMailStore;
  let account: AccountWithSecret;
  const imapOpts = (): { trustedCaPem: string[] } => ({ trustedCaPem: [server.caPem] });
  const inboxId = (): number => {
    const f = store.findFolderByPath(account.id, 'INBOX');
    assert.ok(f, 'INBOX is in the store');
    return f.id;
  };
  const allMessages = () => store.listMessages(inboxId(), 0, TOTAL + 10).items;

  before(async () => {
    server = await startDovecot();
    const [alice] = server.users;
    assert.ok(alice);
    await createMailbox(server, alice.user, alice.password, 'Sent');
    await createMailbox(server, alice.user, alice.password, 'งานสารบรรณ');
    const c = await connectTestImap(server, alice.user, alice.password);
    try {
      for (let i = 1; i <= GENERATED; i++) await c.append('INBOX', generated(i), i % 3 === 0 ? ['\\Seen'] : []);
      for (const f of THAI_FIXTURES) await c.append('INBOX', readFixture(f), []);
    } finally {
      await c.logout();
    }
    dir = mkdtempSync(join(tmpdir(), 'raksa-sync-profile-'));
    store = SqliteMailStore.open(join(dir, 'raksa.db'), randomBytes(32));
    const summary = store.addAccount({
      email: 'alice@example.go.th',
      displayName: 'Alice',
      imap: { host: server.host, port: server.imapsPort, security: 'tls' },
      smtp: { host: server.host, port: 465, security: 'tls' },
      user: alice.user,
      password: alice.password,
    });
    const withSecret = store.getAccountWithSecret(summary.id);
    assert.ok(withSecret);
    account = withSecret;
  });

  after(async () => {
    store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    await server?.stop();
  });

  void it('syncs the folder list and every INBOX header, newest first, in batches', async () => {
    const progress: SyncProgress[] = [];
    let firstBatchUids: number[] = [];
    await syncAccount({
      store,
      account,
      imapOpts: imapOpts(),
      batchSize: 500,
      onProgress: (p) => {
        progress.push(p);
        if (p.phase === 'headers' && p.done > 0 && firstBatchUids.length === 0) firstBatchUids = store.listUids(inboxId());
      },
    });

    const folders = store.listFolders(account.id);
    const byPath = new Map(folders.map((f) => [f.path, f]));
    assert.equal(byPath.get('INBOX')?.specialUse, 'inbox');
    assert.equal(byPath.get('Sent')?.specialUse, 'sent');
    assert.ok(byPath.has('งานสารบรรณ'), `Thai folder name decoded from modified UTF-7: ${[...byPath.keys()].join(', ')}`);

    // progress: folders first, then headers with a fixed total and growing done, then done
    assert.equal(progress[0]?.phase, 'folders');
    assert.equal(progress.at(-1)?.phase, 'done');
    // Every selectable folder is synced, INBOX first (issue 3 §1); the INBOX batches are checked below.
    const folderOrder = [...new Set(progress.filter((p) => p.phase === 'headers').map((p) => p.folderPath))];
    assert.equal(folderOrder[0], 'INBOX');
    assert.deepEqual([...folderOrder].sort(), ['INBOX', 'Sent', 'งานสารบรรณ'].sort());
    const headers = progress.filter((p) => p.phase === 'headers' && p.folderPath === 'INBOX');
    assert.ok(headers.every((p) => p.total === TOTAL && p.folderPath === 'INBOX' && p.accountId === account.id));
    assert.deepEqual(headers.map((p) => p.done), [0, 500, 1000, TOTAL]);

    // newest first: the first committed batch holds the 500 highest UIDs
    assert.equal(firstBatchUids.length, 500);
    const uids = store.listUids(inboxId());
    assert.equal(uids.length, TOTAL);
    assert.deepEqual(firstBatchUids, uids.slice(-500));

    const items = allMessages();
    assert.equal(items.length, TOTAL);
    const gen = items.find((m) => m.subject === 'ข้อความทดสอบที่ 1200');
    assert.ok(gen, 'generated Thai subject decoded');
    assert.equal(gen.from?.name, 'ผู้ส่ง 1200');
    assert.equal(gen.date, BASE_DATE + 1200 * 60_000);
    assert.equal(items.find((m) => m.subject === 'ข้อความทดสอบที่ 3')?.unread, false, '\\Seen set at APPEND is read');
    assert.equal(items.find((m) => m.subject === 'ข้อความทดสอบที่ 4')?.unread, true);
  });

  void it('decodes the Thai fixtures (RFC 2047 B and Q, UTF-8 and TIS-620) and finds attachments', () => {
    const items = allMessages();
    for (const f of THAI_FIXTURES) {
      const m = items.find((x) => x.subject === f.subject);
      assert.ok(m, `subject of ${f.file} decoded: ${f.subject}`);
      assert.deepEqual(m.from, f.from, f.file);
      assert.equal(m.hasAttachments, f.attachments.length > 0, `${f.file} hasAttachments`);
    }
    assert.equal(items.find((x) => x.subject === thaiAttachments.subject)?.hasAttachments, true);
  });

  void it('re-sync is idempotent', async () => {
    const before = store.listUids(inboxId());
    const progress: SyncProgress[] = [];
    await syncAccount({ store, account, imapOpts: imapOpts(), onProgress: (p) => progress.push(p) });
    assert.deepEqual(store.listUids(inboxId()), before);
    assert.equal(store.listMessages(inboxId(), 0, 1).total, TOTAL);
    assert.deepEqual(
      progress.filter((p) => p.phase === 'headers').map((p) => [p.done, p.total]),
      [[0, 0], [0, 0], [0, 0]],
    );
  });

  void it('picks up deletions and flag changes made on the server', async () => {
    const [alice] = server.users;
    assert.ok(alice);
    const uids = store.listUids(inboxId());
    const gone = uids[10]!;
    const flagged = uids[20]!;
    const unseen = uids[2]!; // generated #3, appended \Seen
    const c = await connectTestImap(server, alice.user, alice.password);
    try {
      await c.mailboxOpen('INBOX');
      assert.ok(await c.messageDelete(String(gone), { uid: true }));
      await c.messageFlagsAdd(String(flagged), ['\\Flagged', '\\Seen'], { uid: true });
      await c.messageFlagsRemove(String(unseen), ['\\Seen'], { uid: true });
    } finally {
      await c.logout();
    }
    await syncAccount({ store, account, imapOpts: imapOpts() });
    const after = store.listUids(inboxId());
    assert.equal(after.length, TOTAL - 1);
    assert.ok(!after.includes(gone));
    const items = new Map(allMessages().map((m) => [m.uid, m]));
    assert.equal(items.get(flagged)?.flagged, true);
    assert.equal(items.get(flagged)?.unread, false);
    assert.equal(items.get(unseen)?.unread, true);
  });

  void it('a wrong password fails with AUTH_FAILED and leaves the cache alone', async () => {
    const before = store.listUids(inboxId()).length;
    await assert.rejects(
      syncAccount({ store, account: { ...account, password: 'nope' }, imapOpts: imapOpts() }),
      (e: unknown) => isCodedError(e) && e.code === 'AUTH_FAILED',
    );
    assert.equal(store.listUids(inboxId()).length, before);
  });
});
