import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { isCodedError } from '../../../shared/contract/result.js';
import { AccountInput, Folder, MessagePage } from '../../../shared/domain/schemas.js';
import type { FolderUpsert, HeaderUpsert } from './mailStore.js';
import { SqliteMailStore } from './sqliteMailStore.js';

type T = { after: (fn: () => void) => void };

const openStore = (t: T) => {
  const dir = mkdtempSync(join(tmpdir(), 'raksa-store-'));
  const path = join(dir, 'mail.db');
  const key = randomBytes(32);
  const stores: SqliteMailStore[] = [];
  const open = () => {
    const s = SqliteMailStore.open(path, key);
    stores.push(s);
    return s;
  };
  t.after(() => {
    stores.forEach((s) => s.close());
    rmSync(dir, { recursive: true, force: true });
  });
  return { store: open(), reopen: open };
};

const account = (email = 'somchai@moph.go.th') =>
  AccountInput.parse({
    email,
    displayName: 'สมชาย ใจดี',
    imap: { host: 'imap.moph.go.th', port: 993, security: 'tls' },
    smtp: { host: 'smtp.moph.go.th', port: 587, security: 'starttls' },
    user: 'somchai',
    password: 'pa55-รหัส',
  });

const folder = (path: string, specialUse: FolderUpsert['specialUse'] = null): FolderUpsert => ({
  path,
  name: path.split('/').pop() ?? path,
  delimiter: '/',
  specialUse,
  subscribed: true,
});

const header = (uid: number, over: Partial<HeaderUpsert> = {}): HeaderUpsert => ({
  uid,
  messageId: `<${uid}@moph.go.th>`,
  date: 1_700_000_000_000 + uid * 1000,
  from: { name: 'ผู้ส่ง', address: 'sender@moph.go.th' },
  to: [{ name: '', address: 'somchai@moph.go.th' }],
  cc: [],
  subject: `เรื่องที่ ${uid}`,
  flags: [],
  size: 1000 + uid,
  hasAttachments: false,
  inReplyTo: null,
  ...over,
});

const withInbox = (t: T) => {
  const ctx = openStore(t);
  const acc = ctx.store.addAccount(account());
  ctx.store.replaceFolders(acc.id, [folder('INBOX', 'inbox'), folder('Sent', 'sent')]);
  const inbox = ctx.store.findFolderByPath(acc.id, 'INBOX');
  assert.ok(inbox);
  return { ...ctx, acc, inbox };
};

const hasCode = (code: string) => (e: unknown) => isCodedError(e) && e.code === code;

void test('accounts: add, list without the password, read with the secret, duplicates refused', (t) => {
  const { store } = openStore(t);
  const a = store.addAccount(account());
  assert.equal(a.email, 'somchai@moph.go.th');
  assert.equal(a.displayName, 'สมชาย ใจดี');
  assert.deepEqual(a.smtp, { host: 'smtp.moph.go.th', port: 587, security: 'starttls' });
  assert.equal('password' in a, false);
  assert.deepEqual(store.listAccounts(), [a]);
  assert.equal(store.getAccountWithSecret(a.id)?.password, 'pa55-รหัส');
  assert.equal(store.getAccountWithSecret(a.id + 100), null);
  assert.throws(() => store.addAccount(account('SomChai@moph.go.th')), hasCode('ALREADY_EXISTS'));
});

void test('folders: replaceFolders inserts, updates and removes folders gone from the server with their messages', (t) => {
  const { store, acc, inbox } = withInbox(t);
  const sent = store.findFolderByPath(acc.id, 'Sent');
  assert.ok(sent);
  store.upsertHeaders(sent.id, [header(1), header(2)]);
  store.replaceFolders(acc.id, [
    folder('INBOX', 'inbox'),
    { ...folder('Archive/2567', 'archive'), name: 'ปี 2567' },
  ]);
  const list = store.listFolders(acc.id);
  assert.deepEqual(
    list.map((f) => [f.path, f.name, f.specialUse]),
    [
      ['INBOX', 'INBOX', 'inbox'],
      ['Archive/2567', 'ปี 2567', 'archive'],
    ],
  );
  for (const f of list) Folder.parse(f); // the API's strict shape, no extra keys
  assert.equal(store.findFolderByPath(acc.id, 'INBOX')?.id, inbox.id, 'a kept folder keeps its id');
  assert.equal(store.findFolderByPath(acc.id, 'Sent'), null);
  assert.equal(store.getFolder(sent.id), null);
  assert.equal(store.getMessage(1), null, 'messages of a removed folder are gone');
});

void test('folder counts: total and unread follow the \\Seen flag', (t) => {
  const { store, acc, inbox } = withInbox(t);
  store.upsertHeaders(inbox.id, [
    header(1, { flags: ['\\Seen'] }),
    header(2),
    header(3, { flags: ['\\Flagged'] }),
  ]);
  const f = store.listFolders(acc.id).find((x) => x.id === inbox.id);
  assert.equal(f?.total, 3);
  assert.equal(f?.unread, 2);
  assert.equal(store.getFolder(inbox.id)?.unread, 2);
});

void test('upsertHeaders is idempotent on (folder, uid) and updates flags in place', (t) => {
  const { store, inbox } = withInbox(t);
  const batch = [header(10), header(11), header(12)];
  store.upsertHeaders(inbox.id, batch);
  store.upsertHeaders(inbox.id, batch);
  assert.deepEqual(store.listUids(inbox.id), [10, 11, 12]);
  const before = store.listMessages(inbox.id, 0, 10).items.find((m) => m.uid === 11);
  assert.ok(before);
  store.putRawSource(before.id, Buffer.from('raw'));
  store.upsertHeaders(inbox.id, [header(11, { flags: ['\\Seen', '\\Flagged', '$Label1'] })]);
  const after = store.getMessage(before.id);
  assert.equal(after?.unread, false);
  assert.equal(after?.flagged, true);
  assert.equal(after?.cached, true, 'an update keeps the row and its cached source');
  assert.equal(store.listMessages(inbox.id, 0, 10).total, 3);
});

void test('upsertHeaders is one transaction: a failing row leaves nothing of the batch', (t) => {
  const { store, inbox } = withInbox(t);
  assert.throws(() => store.upsertHeaders(inbox.id, [header(1), header(2), header(0)])); // uid 0 violates CHECK
  assert.deepEqual(store.listUids(inbox.id), []);
});

void test('listMessages: newest first, ties by uid, paged, with the total and the account id', (t) => {
  const { store, acc, inbox } = withInbox(t);
  store.upsertHeaders(inbox.id, [
    header(1, { date: 3000 }),
    header(2, { date: 1000 }),
    header(3, { date: 3000 }),
    header(4, { date: 2000, from: null }),
    header(5, { date: Number.NaN }),
  ]);
  const page = store.listMessages(inbox.id, 0, 3);
  MessagePage.parse(page);
  assert.equal(page.total, 5);
  assert.equal(page.offset, 0);
  assert.deepEqual(
    page.items.map((m) => m.uid),
    [3, 1, 4],
  );
  assert.equal(page.items[0]?.accountId, acc.id);
  assert.equal(page.items[2]?.from, null);
  const rest = store.listMessages(inbox.id, 3, 10);
  assert.deepEqual(
    rest.items.map((m) => m.uid),
    [2, 5],
  );
  assert.equal(rest.offset, 3);
  assert.equal(store.listMessages(inbox.id, 100, 10).items.length, 0);
});

void test('getMessage returns the summary with the Message-ID header', (t) => {
  const { store, inbox } = withInbox(t);
  store.upsertHeaders(inbox.id, [header(5, { hasAttachments: true })]);
  const id = store.listMessages(inbox.id, 0, 1).items[0]?.id;
  assert.ok(id);
  const m = store.getMessage(id);
  assert.equal(m?.messageIdHeader, '<5@moph.go.th>');
  assert.equal(m?.subject, 'เรื่องที่ 5');
  assert.equal(m?.hasAttachments, true);
  assert.equal(m?.cached, false);
  assert.deepEqual(m?.from, { name: 'ผู้ส่ง', address: 'sender@moph.go.th' });
});

void test('removeUids deletes exactly those UIDs and their sources', (t) => {
  const { store, inbox } = withInbox(t);
  store.upsertHeaders(inbox.id, [header(1), header(2), header(3)]);
  const two = store.listMessages(inbox.id, 0, 10).items.find((m) => m.uid === 2);
  assert.ok(two);
  store.putRawSource(two.id, Buffer.from('x'));
  store.removeUids(inbox.id, [2, 3, 99]);
  assert.deepEqual(store.listUids(inbox.id), [1]);
  assert.equal(store.getRawSource(two.id), null);
});

void test('raw sources round-trip as bytes and mark the message cached', (t) => {
  const { store, inbox } = withInbox(t);
  store.upsertHeaders(inbox.id, [header(1)]);
  const id = store.listMessages(inbox.id, 0, 1).items[0]?.id ?? -1;
  assert.equal(store.getRawSource(id), null);
  const bytes = new Uint8Array(randomBytes(4096));
  store.putRawSource(id, bytes.subarray(10, 2010));
  assert.deepEqual(new Uint8Array(store.getRawSource(id) ?? []), bytes.subarray(10, 2010));
  assert.equal(store.getMessage(id)?.cached, true);
  store.putRawSource(id, Buffer.from('replaced'));
  assert.equal(Buffer.from(store.getRawSource(id) ?? []).toString(), 'replaced');
  assert.throws(() => store.putRawSource(id + 1000, Buffer.from('x')), hasCode('NOT_FOUND'));
});

void test('UIDVALIDITY and HIGHESTMODSEQ round-trip exactly as bigint', (t) => {
  const { store, inbox } = withInbox(t);
  assert.deepEqual(inbox.state, { uidValidity: null, uidNext: null, highestModseq: null });
  store.setUidValidity(inbox.id, 4294967295n);
  store.setFolderSyncState(inbox.id, { uidNext: 4242, highestModseq: 9223372036854775807n });
  assert.deepEqual(store.getFolder(inbox.id)?.state, {
    uidValidity: 4294967295n,
    uidNext: 4242,
    highestModseq: 9223372036854775807n,
  });
  store.setFolderSyncState(inbox.id, { highestModseq: 9007199254740993n }); // 2^53 + 1: not a double
  assert.equal(store.getFolder(inbox.id)?.state.highestModseq, 9007199254740993n);
  assert.equal(store.getFolder(inbox.id)?.state.uidNext, 4242, 'a partial update leaves other fields');
  store.setFolderSyncState(inbox.id, { highestModseq: null });
  assert.equal(store.getFolder(inbox.id)?.state.highestModseq, null);
  assert.throws(() => store.setUidValidity(inbox.id, 4294967296n), hasCode('INVALID_ARGUMENT'));
  assert.throws(
    () => store.setFolderSyncState(inbox.id, { highestModseq: -1n }),
    hasCode('INVALID_ARGUMENT'),
  );
  assert.throws(() => store.setUidValidity(inbox.id + 999, 1n), hasCode('NOT_FOUND'));
});

void test('a changed UIDVALIDITY drops the folder messages and sync state; the same value keeps them', (t) => {
  const { store, acc, inbox } = withInbox(t);
  const sent = store.findFolderByPath(acc.id, 'Sent');
  assert.ok(sent);
  store.upsertHeaders(inbox.id, [header(1), header(2), header(3)]);
  store.setUidValidity(inbox.id, 100n); // first value: nothing to invalidate
  assert.deepEqual(store.listUids(inbox.id), [1, 2, 3]);
  store.setFolderSyncState(inbox.id, { uidNext: 4, highestModseq: 50n });
  store.upsertHeaders(sent.id, [header(1)]);
  const first = store.listMessages(inbox.id, 0, 1).items[0];
  assert.ok(first);
  store.putRawSource(first.id, Buffer.from('x'));

  store.setUidValidity(inbox.id, 100n);
  assert.deepEqual(store.listUids(inbox.id), [1, 2, 3]);

  store.setUidValidity(inbox.id, 101n);
  assert.deepEqual(store.listUids(inbox.id), []);
  assert.equal(store.getRawSource(first.id), null);
  assert.deepEqual(store.getFolder(inbox.id)?.state, {
    uidValidity: 101n,
    uidNext: null,
    highestModseq: null,
  });
  assert.deepEqual(store.listUids(sent.id), [1], 'other folders are untouched');
});

void test('cascade: removing an account through replaceFolders([]) empties its folders and messages', (t) => {
  const { store, acc, inbox } = withInbox(t);
  store.upsertHeaders(inbox.id, [header(1)]);
  store.replaceFolders(acc.id, []);
  assert.deepEqual(store.listFolders(acc.id), []);
  assert.deepEqual(store.listUids(inbox.id), []);
});

void test('settings round-trip and overwrite; everything survives close and reopen', (t) => {
  const { store, reopen, acc, inbox } = withInbox(t);
  assert.equal(store.getSetting('locale'), null);
  store.setSetting('locale', 'en');
  store.setSetting('locale', 'th');
  store.upsertHeaders(inbox.id, [header(1)]);
  store.setUidValidity(inbox.id, 3_000_000_000n);
  store.close();
  store.close(); // idempotent

  const again = reopen();
  assert.equal(again.getSetting('locale'), 'th');
  assert.equal(again.listAccounts()[0]?.id, acc.id);
  assert.equal(again.getFolder(inbox.id)?.state.uidValidity, 3_000_000_000n);
  assert.deepEqual(again.listUids(inbox.id), [1]);
});

void test('the store refuses a wrong key', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'raksa-store-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'mail.db');
  SqliteMailStore.open(path, randomBytes(32)).close();
  assert.throws(() => SqliteMailStore.open(path, randomBytes(32)), hasCode('STORE_UNAVAILABLE'));
});
