// Account edit and removal in the real encrypted store: removal must take every cached row of the account
// with it (folders → messages → sources, through the schema's ON DELETE CASCADE) and nothing of another.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { isCodedError } from '../../../shared/contract/result.js';
import { AccountInput } from '../../../shared/domain/schemas.js';
import { openDatabase, closeDatabase } from './openDatabase.js';
import { SqliteMailStore } from './sqliteMailStore.js';

type T = { after: (fn: () => void) => void };

const openStore = (t: T) => {
  const dir = mkdtempSync(join(tmpdir(), 'raksa-store-acc-'));
  const path = join(dir, 'mail.db');
  const key = randomBytes(32);
  const store = SqliteMailStore.open(path, key);
  t.after(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  /** Row counts read through a second connection, so nothing is hidden behind the store's interface. */
  const count = (sql: string, ...params: unknown[]): number => {
    const db = openDatabase(path, key);
    try {
      return db.prepare<unknown[], number>(sql).pluck().get(...params) ?? -1;
    } finally {
      closeDatabase(db);
    }
  };
  return { store, count };
};

const input = (email: string, host = 'imap.moph.go.th') =>
  AccountInput.parse({
    email,
    imap: { host, port: 993, security: 'tls' },
    smtp: { host: 'smtp.moph.go.th', port: 587, security: 'starttls' },
    user: email.split('@')[0],
    password: 'pa55-รหัส',
  });

function fill(store: SqliteMailStore, accountId: number): number {
  store.replaceFolders(accountId, [
    { path: 'INBOX', name: 'INBOX', delimiter: '/', specialUse: 'inbox', subscribed: true },
    { path: 'Sent', name: 'Sent', delimiter: '/', specialUse: 'sent', subscribed: true },
  ]);
  const inbox = store.findFolderByPath(accountId, 'INBOX');
  assert.ok(inbox);
  store.setUidValidity(inbox.id, 7n);
  store.upsertHeaders(
    inbox.id,
    [1, 2, 3].map((uid) => ({
      uid,
      messageId: `<${accountId}.${uid}@moph.go.th>`,
      date: Date.UTC(2024, 0, uid),
      from: { name: 'ก', address: 'a@moph.go.th' },
      to: [],
      cc: [],
      subject: `เรื่อง ${uid}`,
      flags: [],
      size: 10,
      hasAttachments: false,
      inReplyTo: null,
    })),
  );
  const first = store.listMessages(inbox.id, 0, 10).items[0];
  assert.ok(first);
  store.putRawSource(first.id, new TextEncoder().encode('Subject: x\r\n\r\nbody'));
  return inbox.id;
}

void test('removeAccount deletes its folders, messages and sources, and only its own', (t) => {
  const { store, count } = openStore(t);
  const a = store.addAccount(input('a@moph.go.th'));
  const b = store.addAccount(input('b@moph.go.th'));
  fill(store, a.id);
  const bInbox = fill(store, b.id);
  assert.equal(count('SELECT count(*) FROM messages'), 6);
  assert.equal(count('SELECT count(*) FROM message_sources'), 2);

  assert.equal(store.removeAccount(a.id), true);
  assert.deepEqual(store.listAccounts().map((x) => x.id), [b.id]);
  assert.equal(store.getAccountWithSecret(a.id), null);
  assert.equal(count('SELECT count(*) FROM folders WHERE account_id = ?', a.id), 0);
  assert.equal(count('SELECT count(*) FROM messages'), 3);
  assert.equal(count('SELECT count(*) FROM message_sources'), 1);
  assert.equal(store.listMessages(bInbox, 0, 10).total, 3);
  assert.equal(store.removeAccount(a.id), false, 'a second removal finds nothing');
});

void test('updateAccount keeps the cache unless asked to drop it', (t) => {
  const { store, count } = openStore(t);
  const a = store.addAccount(input('a@moph.go.th'));
  fill(store, a.id);
  const renamed = store.updateAccount(a.id, { ...input('a@moph.go.th'), displayName: 'นาย ก' });
  assert.equal(renamed.displayName, 'นาย ก');
  assert.equal(count('SELECT count(*) FROM messages'), 3);

  const moved = store.updateAccount(a.id, { ...input('a@moph.go.th', 'mail2.moph.go.th'), password: 'new' }, { dropCachedMail: true });
  assert.equal(moved.imap.host, 'mail2.moph.go.th');
  assert.equal(store.getAccountWithSecret(a.id)?.password, 'new');
  assert.equal(count('SELECT count(*) FROM folders'), 0);
  assert.equal(count('SELECT count(*) FROM messages'), 0);
  assert.equal(count('SELECT count(*) FROM message_sources'), 0);
});

void test('updateAccount: NOT_FOUND and ALREADY_EXISTS leave everything unchanged', (t) => {
  const { store } = openStore(t);
  const a = store.addAccount(input('a@moph.go.th'));
  store.addAccount(input('b@moph.go.th'));
  assert.throws(() => store.updateAccount(999, input('z@moph.go.th')), (e: unknown) => isCodedError(e) && e.code === 'NOT_FOUND');
  assert.throws(
    () => store.updateAccount(a.id, input('B@MOPH.go.th'), { dropCachedMail: true }),
    (e: unknown) => isCodedError(e) && e.code === 'ALREADY_EXISTS',
  );
  assert.equal(store.getAccountWithSecret(a.id)?.email, 'a@moph.go.th');
});
