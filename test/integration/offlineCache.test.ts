// The offline cache against a private Dovecot: after syncAccount every body inside the offline window is
// cached newest first and indexed, messages outside the window or over the size cap are not, and search
// finds body text, attachment names and the Thai fixtures.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { SyncProgress } from '../../shared/domain/schemas.js';
import { MessageSearch } from '../../electron/core/search/messageSearch.js';
import { SearchIndex } from '../../electron/core/search/searchIndex.js';
import type { AccountWithSecret } from '../../electron/core/store/mailStore.js';
import { migrate } from '../../electron/core/store/migrate.js';
import { closeDatabase, openDatabase, type SqliteDatabase } from '../../electron/core/store/openDatabase.js';
import { SqliteMailStore } from '../../electron/core/store/sqliteMailStore.js';
import { syncAccount } from '../../electron/core/sync/syncAccount.js';
import { connectImap as connectTestImap, createMailbox, startDovecot, type DovecotServer } from '../servers/dovecot.js';
import { readFixture, THAI_FIXTURES, thaiAttachments } from '../fixtures/index.js';
import { generatedMessage, thaiDigits } from './generatedMail.js';

const NOW = Date.UTC(2025, 5, 1);
const DAY = 86_400_000;
const INBOX_GENERATED = 60;
const FOLDER_GENERATED = 15;
const THAI_FOLDER = 'งานสารบรรณ';

void describe('offline cache and search index against a private Dovecot', () => {
  let server: DovecotServer;
  let dir: string;
  let db: SqliteDatabase;
  let store: SqliteMailStore;
  let index: SearchIndex;
  let search: MessageSearch;
  let account: AccountWithSecret;
  const imapOpts = (): { trustedCaPem: string[] } => ({ trustedCaPem: [server.caPem] });
  const find = (query: string) => search.search({ query, limit: 1000, offset: 0 });

  before(async () => {
    server = await startDovecot();
    const [alice] = server.users;
    assert.ok(alice);
    await createMailbox(server, alice.user, alice.password, THAI_FOLDER);
    const c = await connectTestImap(server, alice.user, alice.password);
    try {
      for (let i = 1; i <= INBOX_GENERATED; i++) await c.append('INBOX', generatedMessage(i, NOW - (100 - i) * DAY), []);
      for (let i = 101; i <= 100 + FOLDER_GENERATED; i++) await c.append(THAI_FOLDER, generatedMessage(i, NOW - DAY), ['\\Seen']);
      for (const f of THAI_FIXTURES) await c.append('INBOX', readFixture(f), []);
      // Outside a 365-day window, and over a 100 kB cap.
      await c.append('INBOX', generatedMessage(900, NOW - 400 * DAY), []);
      await c.append('INBOX', generatedMessage(901, NOW - DAY, 150_000), []);
    } finally {
      await c.logout();
    }
    dir = mkdtempSync(join(tmpdir(), 'raksa-offline-'));
    db = openDatabase(join(dir, 'raksa.db'), randomBytes(32));
    migrate(db);
    store = new SqliteMailStore(db);
    index = new SearchIndex(db);
    search = new MessageSearch(db);
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
    if (db) closeDatabase(db);
    if (dir) rmSync(dir, { recursive: true, force: true });
    await server?.stop();
  });

  const policy = { windowDays: 365, maxMessageBytes: 100_000 };

  void it('caches every body inside the window, newest first, in committed batches, and indexes it', async () => {
    const progress: SyncProgress[] = [];
    let firstBatch: number[] = [];
    const inbox = () => store.findFolderByPath(account.id, 'INBOX')!;
    await syncAccount({
      store,
      account,
      imapOpts: imapOpts(),
      offline: { index, policy, now: () => NOW, batchMessages: 10 },
      onProgress: (p) => {
        progress.push(p);
        if (p.phase === 'bodies' && p.done > 0 && firstBatch.length === 0) {
          firstBatch = store.listMessages(inbox().id, 0, 1000).items.filter((m) => m.cached).map((m) => m.uid);
        }
      },
    });
    const bodies = progress.filter((p) => p.phase === 'bodies');
    const expected = INBOX_GENERATED + FOLDER_GENERATED + THAI_FIXTURES.length;
    assert.ok(bodies.length > 0);
    assert.ok(bodies.every((p) => p.total === expected), JSON.stringify(bodies.at(-1)));
    assert.equal(bodies.at(-1)?.done, expected);
    assert.equal(progress.at(-1)?.phase, 'done');

    // Newest first: the first committed batch is the 10 highest UIDs among those inside the window.
    const inWindow = store
      .listMessages(inbox().id, 0, 1000)
      .items.filter((m) => m.date >= NOW - 365 * DAY && m.size <= policy.maxMessageBytes)
      .map((m) => m.uid)
      .sort((a, b) => b - a);
    assert.deepEqual([...firstBatch].sort((a, b) => b - a), inWindow.slice(0, 10));

    assert.equal(index.countUncached(account.id, policy, NOW), 0);
    const all = [inbox(), store.findFolderByPath(account.id, THAI_FOLDER)!].flatMap(
      (f) => store.listMessages(f.id, 0, 1000).items,
    );
    assert.equal(all.length, expected + 2);
    const uncached = all.filter((m) => !m.cached).map((m) => m.subject).sort();
    assert.deepEqual(uncached, ['ข้อความทดสอบที่ 900', 'ข้อความทดสอบที่ 901'], 'outside the window / over the cap');
    for (const m of all.filter((x) => x.cached)) assert.ok(store.getRawSource(m.id), `source of ${m.id}`);
  });

  void it('search finds body markers (Thai substrings, ASCII words), attachment names and fixtures', () => {
    for (const i of [1, 37, 60, 101, 115]) {
      assert.deepEqual(find(`รหัส${thaiDigits(i)}พิเศษ`).items.map((m) => m.subject), [`ข้อความทดสอบที่ ${i}`], `Thai marker ${i}`);
      assert.equal(find(`marker${i}z`).total, 1, `ASCII marker ${i}`);
    }
    assert.equal(find('รหัส๙๐๐พิเศษ').total, 0, 'the body outside the window is not indexed');
    assert.equal(find('สาธารณ').total, INBOX_GENERATED + FOLDER_GENERATED);
    assert.equal(find(`เรียน in:${THAI_FOLDER}`).total, FOLDER_GENERATED);
    assert.equal(find('รายงานผล-8.pdf').items[0]?.subject, 'ข้อความทดสอบที่ 8');
    assert.equal(find('has:attachment in:INBOX').total, INBOX_GENERATED / 4 + 1 /* #900 */ + THAI_FIXTURES.filter((f) => f.attachments.length > 0).length);
    for (const f of THAI_FIXTURES) {
      const hits = find(f.bodyMarker).items;
      assert.deepEqual(hits.map((h) => h.subject), [f.subject], `${f.file} body marker`);
      assert.ok(hits[0]?.snippet?.highlights.length, `${f.file} snippet highlighted`);
      assert.equal(find(f.searchWord).items.some((h) => h.subject === f.subject), true, `${f.file} search word`);
    }
    for (const a of thaiAttachments.attachments) {
      assert.equal(find(a.filename).items[0]?.subject, thaiAttachments.subject, `attachment name ${a.filename}`);
    }
  });

  void it('a cached body that is not indexed yet (opened in the reader) is indexed by the next sync', async () => {
    const [hit] = find('marker7z').items;
    assert.ok(hit);
    // What a message opened in the reader has: its body cached, only its header document indexed.
    index.putDoc(hit.id, { subject: hit.subject, sender: '', recipients: '', body: '', attachments: '', classification: 'none' }, false);
    assert.equal(find('marker7z').total, 0);
    await syncAccount({ store, account, imapOpts: imapOpts(), offline: { index, policy, now: () => NOW } });
    assert.equal(find('marker7z').items[0]?.id, hit.id);
    db.exec("INSERT INTO search_tri (search_tri) VALUES ('integrity-check')");
    db.exec("INSERT INTO search_words (search_words) VALUES ('integrity-check')");
  });

  void it('a message expunged on the server leaves the index with it', async () => {
    const [alice] = server.users;
    assert.ok(alice);
    const [hit] = find('marker60z').items;
    assert.ok(hit);
    const c = await connectTestImap(server, alice.user, alice.password);
    try {
      await c.mailboxOpen('INBOX');
      assert.ok(await c.messageDelete(String(hit.uid), { uid: true }));
    } finally {
      await c.logout();
    }
    await syncAccount({ store, account, imapOpts: imapOpts(), offline: { index, policy, now: () => NOW } });
    assert.equal(find('marker60z').total, 0);
    assert.equal(db.prepare('SELECT count(*) FROM search_docs WHERE message_id = ?').pluck().get(hit.id), 0);
  });
});
