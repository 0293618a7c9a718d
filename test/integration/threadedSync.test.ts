// Sync through the writer thread (electron/core/store/threadedSyncWriter.ts) against a private Dovecot: the same
// rows, flags and conversations as the core-thread writer, a first sync in growing batches, then an incremental
// sync after "another device" changed flags, expunged and appended, with the checkpoint saved; and the offline
// cache's body batches committed by the thread: the same sources and search documents as on the core's thread.
import { after, before, describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImapFlow } from 'imapflow';
import { migrate } from '../../electron/core/store/migrate.js';
import { MIGRATIONS } from '../../electron/core/store/migrations/index.js';
import { closeDatabase, openDatabase, type SqliteDatabase } from '../../electron/core/store/openDatabase.js';
import { SqliteMailStore } from '../../electron/core/store/sqliteMailStore.js';
import { SearchIndex } from '../../electron/core/search/searchIndex.js';
import { SqliteSyncWriter } from '../../electron/core/store/sqliteSyncWriter.js';
import { ThreadedSyncWriter } from '../../electron/core/store/threadedSyncWriter.js';
import type { HeaderWriter } from '../../electron/core/sync/headerWriter.js';
import { syncAccount } from '../../electron/core/sync/syncAccount.js';
import { startDovecot, type PlainDovecotServer } from '../servers/dovecot.js';
import { otherDevice, plainMessage, serverState } from './syncHarness.js';

interface Profile {
  readonly db: SqliteDatabase;
  readonly sync: () => Promise<void>;
  /** Headers and every body of INBOX, the bodies in batches of 4 through the same writer. */
  readonly syncOffline: () => Promise<void>;
  readonly writer: HeaderWriter;
  readonly close: () => Promise<void>;
}

function profile(server: PlainDovecotServer, threaded: boolean): Profile {
  const dir = mkdtempSync(join(tmpdir(), 'raksa-threadsync-'));
  const file = join(dir, 'raksa.db');
  const key = randomBytes(32);
  const db = openDatabase(file, key);
  migrate(db, { migrations: MIGRATIONS });
  const store = new SqliteMailStore(db);
  const u = server.users.find((x) => x.user === 'alice');
  assert.ok(u);
  const summary = store.addAccount({
    email: 'alice@example.go.th', displayName: 'alice', user: u.user, password: u.password,
    imap: { host: '127.0.0.1', port: server.imapPort, security: 'plain' }, smtp: { host: '127.0.0.1', port: 25, security: 'plain' },
  });
  const account = store.getAccountWithSecret(summary.id);
  assert.ok(account);
  const writer = threaded ? new ThreadedSyncWriter({ db, file, key }) : new SqliteSyncWriter(db);
  return {
    db,
    writer,
    // batchSize 7: several batches, so commits on the thread overlap the next FETCH.
    sync: () => syncAccount({ store, writer, account, folders: ['INBOX'], batchSize: 7 }),
    syncOffline: () =>
      syncAccount({
        store, writer, account, folders: ['INBOX'], batchSize: 7,
        offline: {
          index: new SearchIndex(db), policy: { windowDays: null, maxMessageBytes: null }, batchMessages: 4,
          ...(writer instanceof ThreadedSyncWriter ? { writer } : {}),
        },
      }),
    close: async () => {
      if (writer instanceof ThreadedSyncWriter) await writer.close();
      closeDatabase(db);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A profile written through the thread and one through the core's connection, both closed when `t` ends. */
function bothWriters(server: PlainDovecotServer, t: TestContext): { threaded: Profile; inCore: Profile } {
  const threaded = profile(server, true);
  const inCore = profile(server, false);
  t.after(async () => {
    await threaded.close();
    await inCore.close();
  });
  return { threaded, inCore };
}

/** Every cached source and search document, by UID. */
function cache(db: SqliteDatabase) {
  return db
    .prepare<[], { uid: number; cached: number; source: Buffer | null; body: string | null; has_body: number | null }>(
      `SELECT m.uid, m.cached, s.source, d.body, d.has_body FROM messages m
       LEFT JOIN message_sources s ON s.message_id = m.id LEFT JOIN search_docs d ON d.message_id = m.id
       ORDER BY m.uid`,
    )
    .all();
}

/** Every stored header as comparable text, and conversations as groups of UIDs (thread numbers may differ). */
function snapshot(db: SqliteDatabase) {
  const rows = db
    .prepare<[], { uid: number; subject: string; from_addr: string; flags_json: string; date: number; refs: string | null; thread_id: number }>(
      'SELECT uid, subject, from_addr, flags_json, date, refs, thread_id FROM messages ORDER BY uid',
    )
    .all();
  const groups = new Map<number, number[]>();
  for (const r of rows) groups.set(r.thread_id, [...(groups.get(r.thread_id) ?? []), r.uid]);
  return {
    rows: rows.map(({ thread_id: _t, ...r }) => r),
    threads: [...groups.values()].map((g) => g.join(',')).sort(),
  };
}

void describe('header sync through the writer thread', () => {
  let server: PlainDovecotServer;
  let device: ImapFlow;

  before(async () => {
    server = await startDovecot({ tls: false });
    device = await otherDevice(server);
    for (let i = 1; i <= 30; i++) {
      // Every third message answers the one before it, so conversations span batches.
      const reply = i % 3 === 0 ? { inReplyTo: `<eng-${i - 1}@example.go.th>`, references: [`<eng-${i - 1}@example.go.th>`] } : {};
      await device.append('INBOX', plainMessage(i, reply), i % 2 ? ['\\Seen'] : []);
    }
  });
  after(async () => {
    await device?.logout().catch(() => device.close());
    await server?.stop();
  });

  void it('stores what the core-thread writer stores, and follows another device incrementally', async (t) => {
    const { threaded, inCore } = bothWriters(server, t);
    await threaded.sync();
    await inCore.sync();
    assert.ok(threaded.writer instanceof ThreadedSyncWriter && threaded.writer.threaded, 'the thread did the writing');
    const first = snapshot(threaded.db);
    assert.equal(first.rows.length, 30);
    assert.deepEqual(first, snapshot(inCore.db));
    assert.ok(first.threads.includes('2,3'), first.threads.join(' '));

    // Another device: a flag change, an expunge, two new messages (one answering an old one).
    const lock = await device.getMailboxLock('INBOX');
    try {
      await device.messageFlagsAdd('4', ['\\Flagged'], { uid: true });
      await device.messageDelete('10', { uid: true });
    } finally {
      lock.release();
    }
    await device.append('INBOX', plainMessage(31), []);
    await device.append('INBOX', plainMessage(32, { inReplyTo: '<eng-31@example.go.th>' }), ['\\Seen']);

    await threaded.sync();
    await inCore.sync();
    const second = snapshot(threaded.db);
    assert.deepEqual(second, snapshot(inCore.db));
    assert.equal(second.rows.length, 31);
    const flags = new Map(second.rows.map((r) => [r.uid, JSON.stringify((JSON.parse(r.flags_json) as string[]).filter((f) => f !== '\\Recent').sort())]));
    assert.deepEqual(flags, await serverState(device, 'INBOX'));
    assert.ok(second.threads.includes('31,32'));
    const uidNext = threaded.db.prepare<[], number>("SELECT uid_next FROM folders WHERE path = 'INBOX'").pluck().get();
    assert.equal(uidNext, 33, 'checkpoint written after the batches it covers');
  });

  void it('commits the offline cache\'s body batches on the thread: the same sources and documents', async (t) => {
    const { threaded, inCore } = bothWriters(server, t);
    await threaded.syncOffline();
    await inCore.syncOffline();
    assert.ok(threaded.writer instanceof ThreadedSyncWriter && threaded.writer.threaded, 'the thread did the writing');
    const bodies = cache(threaded.db);
    assert.ok(bodies.length >= 30);
    for (const b of bodies) {
      assert.equal(b.cached, 1, `uid ${b.uid} cached`);
      assert.ok(b.source && b.source.includes(Buffer.from(`Message-ID: <eng-${b.uid}@example.go.th>`)), `uid ${b.uid} source`);
      assert.equal(b.has_body, 1, `uid ${b.uid} indexed with its body`);
    }
    assert.deepEqual(bodies, cache(inCore.db));
  });
});
