// The local half of the actions, on a real encrypted store without a server: what the UI reads right after
// an action, what is queued (in order), and what sync is shown while the actions wait.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { migrate } from '../store/migrate.js';
import { closeDatabase, openDatabase } from '../store/openDatabase.js';
import { SqliteMailStore } from '../store/sqliteMailStore.js';
import { ActionQueueStore } from './actionQueueStore.js';
import { LocalActions } from './localActions.js';
import { pendingAwareStore } from './pendingAwareStore.js';
import { PLACEHOLDER_UID_FLOOR } from './queuedAction.js';
import { MIGRATIONS } from '../store/migrations/index.js';

const setup = (t: { after: (fn: () => void) => void }) => {
  const dir = mkdtempSync(join(tmpdir(), 'raksa-actions-unit-'));
  const db = openDatabase(join(dir, 'p.db'), randomBytes(32));
  t.after(() => {
    closeDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  });
  migrate(db, { migrations: MIGRATIONS });
  const store = new SqliteMailStore(db);
  const account = store.addAccount({
    email: 'alice@example.go.th',
    displayName: '',
    imap: { host: '127.0.0.1', port: 993, security: 'tls' },
    smtp: { host: '127.0.0.1', port: 465, security: 'tls' },
    user: 'alice',
    password: 'pw',
  });
  store.replaceFolders(account.id, [
    { path: 'INBOX', name: 'INBOX', delimiter: '/', specialUse: 'inbox', subscribed: true },
    { path: 'Trash', name: 'Trash', delimiter: '/', specialUse: 'trash', subscribed: true },
    { path: 'Work', name: 'Work', delimiter: '/', specialUse: null, subscribed: true },
  ]);
  const folder = (path: string) => {
    const f = store.findFolderByPath(account.id, path);
    assert.ok(f);
    return f;
  };
  for (const path of ['INBOX', 'Trash', 'Work']) store.setUidValidity(folder(path).id, 100n);
  store.upsertHeaders(
    folder('INBOX').id,
    [1, 2, 3].map((uid) => ({
      uid,
      messageId: `<m${uid}@x>`,
      date: uid * 1000,
      from: { name: 'สมชาย', address: 'somchai@moph.go.th' },
      to: [],
      cc: [],
      subject: `เรื่อง ${uid}`,
      flags: uid === 3 ? ['\\Seen'] : [],
      size: 10,
      hasAttachments: false,
      inReplyTo: null,
    })),
  );
  store.putRawSource(store.listMessages(folder('INBOX').id, 0, 10).items[0]!.id, new TextEncoder().encode('raw'));
  const queue = new ActionQueueStore(db);
  const changed: number[][] = [];
  const local = new LocalActions(queue, (ids) => changed.push([...ids]));
  const row = (path: string, uid: number) => store.listMessages(folder(path).id, 0, 100).items.find((m) => m.uid === uid);
  return { store, queue, local, folder, row, changed, accountId: account.id };
};

void test('flags change locally at once and queue one per-flag action per folder, only for rows that change', (t) => {
  const { queue, local, row, changed, accountId } = setup(t);
  const ids = [1, 2, 3].map((uid) => row('INBOX', uid)!.id);
  assert.equal(local.setFlags(ids, { seen: true }), 2, 'uid 3 was already read');
  assert.equal(row('INBOX', 1)?.unread, false);
  assert.equal(row('INBOX', 2)?.unread, false);
  assert.equal(local.setFlags([ids[0]!], { flagged: true, seen: false }), 1);
  const actions = queue.list(accountId);
  assert.deepEqual(
    actions.map((a) => [a.kind, a.folderPath, a.payload]),
    [
      ['flags', 'INBOX', { uids: [1, 2], add: ['\\Seen'], remove: [] }],
      ['flags', 'INBOX', { uids: [1], add: [], remove: ['\\Seen'] }],
      ['flags', 'INBOX', { uids: [1], add: ['\\Flagged'], remove: [] }],
    ],
  );
  assert.ok(actions.every((a) => a.uidValidity === 100));
  assert.deepEqual(changed, [[accountId], [accountId]]);
  assert.equal(local.setFlags([ids[0]!], { flagged: true }), 0, 'no change, nothing queued');
  assert.equal(queue.count(), 3);
});

void test('a move shows in the target at once, under a placeholder UID, and sync sees the old UID as known', (t) => {
  const { store, queue, local, folder, row, accountId } = setup(t);
  const m = row('INBOX', 3)!;
  local.move([m.id], folder('Work').id);
  assert.equal(row('INBOX', 3), undefined);
  const moved = store.listMessages(folder('Work').id, 0, 10).items;
  assert.equal(moved.length, 1);
  assert.equal(moved[0]?.id, m.id, 'the same row moved');
  assert.ok((moved[0]?.uid ?? 0) >= PLACEHOLDER_UID_FLOOR);
  assert.equal(store.listFolders(accountId).find((f) => f.path === 'INBOX')?.total, 2, 'counts follow');

  const syncView = pendingAwareStore(store, queue);
  assert.deepEqual(syncView.listUids(folder('INBOX').id), [1, 2, 3], 'hidden UID 3 counts as known');
  assert.deepEqual(syncView.listUids(folder('Work').id), [], 'the placeholder is not a server UID');
  // Sync finding UID 3 gone from the server forgets it; the row in Work stays until the replay decides.
  syncView.removeUids(folder('INBOX').id, [3]);
  assert.deepEqual(syncView.listUids(folder('INBOX').id), [1, 2]);
  assert.equal(store.listMessages(folder('Work').id, 0, 10).total, 1);
  assert.equal(syncView.getFolder(folder('Work').id)?.path, 'Work', 'everything else is the store itself');
});

void test('delete moves to Trash, and deletes for good in Trash; empty trash takes everything in it', (t) => {
  const { store, queue, local, folder, row, accountId } = setup(t);
  local.delete([row('INBOX', 1)!.id]);
  const inTrash = store.listMessages(folder('Trash').id, 0, 10).items;
  assert.equal(inTrash.length, 1);
  local.delete([inTrash[0]!.id]);
  assert.equal(store.listMessages(folder('Trash').id, 0, 10).total, 0);
  local.delete([row('INBOX', 2)!.id]);
  assert.equal(local.emptyTrash(accountId), 1);
  assert.deepEqual(
    queue.list(accountId).map((a) => [a.kind, a.folderPath]),
    [
      ['move', 'INBOX'],
      ['expunge', 'Trash'],
      ['move', 'INBOX'],
      ['expunge', 'Trash'],
    ],
  );
  assert.throws(() => local.archive([row('INBOX', 3)!.id]), /Archive/);
  assert.equal(queue.count(), 4, 'a refused action queues nothing');
});

void test('a copy carries the cached source; a pending flag survives a sync that wrote the server state', (t) => {
  const { store, queue, local, folder, row, accountId } = setup(t);
  const newest = row('INBOX', 3)!;
  local.copy([newest.id], folder('Work').id);
  const copy = store.listMessages(folder('Work').id, 0, 10).items[0];
  assert.ok(copy && copy.id !== newest.id);
  assert.equal(new TextDecoder().decode(store.getRawSource(copy.id) ?? new Uint8Array()), 'raw');
  assert.ok(row('INBOX', 3), 'the original stays');

  local.setFlags([row('INBOX', 1)!.id], { flagged: true });
  // A sync mirrors the server, where the flag is not set yet.
  store.upsertHeaders(folder('INBOX').id, [
    { uid: 1, messageId: '<m1@x>', date: 1000, from: null, to: [], cc: [], subject: 'x', flags: [], size: 1, hasAttachments: false, inReplyTo: null },
  ]);
  assert.equal(row('INBOX', 1)?.flagged, false);
  assert.equal(queue.reapplyPendingFlags(accountId), 1);
  assert.equal(row('INBOX', 1)?.flagged, true);
});
