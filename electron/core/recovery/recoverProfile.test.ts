import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeSync, closeSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { isCodedError } from '../../../shared/contract/result.js';
import { AccountInput } from '../../../shared/domain/schemas.js';
import { closeDatabase, openDatabase, type SqliteDatabase } from '../store/openDatabase.js';
import { migrate } from '../store/migrate.js';
import { SqliteMailStore } from '../store/sqliteMailStore.js';
import { checkIntegrity } from '../store/integrity.js';
import { AuditLog } from '../audit/auditLog.js';
import { DATABASE_FILE } from '../host/composition.js';
import { DEFAULT_DATABASE_FILE, recoverProfile } from './recoverProfile.js';
import { localOnlyTables } from './localTables.js';
import { readPendingRecoveries, RECOVERY_MARKER_FILE } from './recoveryMarker.js';

type T = { after: (fn: () => void) => void };
const POLICY_HASH = 'a'.repeat(64);

const profile = (t: T) => {
  const dir = mkdtempSync(join(tmpdir(), 'raksa-recover-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};

const account = (email: string) =>
  AccountInput.parse({
    email,
    displayName: 'สมชาย ใจดี',
    imap: { host: '127.0.0.1', port: 1993, security: 'tls' },
    smtp: { host: '127.0.0.1', port: 1587, security: 'starttls' },
    user: email,
    password: 'pa55-รหัส',
  });

const addOutbox = (db: SqliteDatabase, accountId: number, n: number) => {
  const insert = db.prepare(
    `INSERT INTO outbox (account_id, message_id, state, subject, raw, envelope_json, compose_json, classification,
       confirmed_verdict, created_at, updated_at)
     VALUES (?, ?, 'queued', ?, ?, '{}', '{}', 'none', 'allow', 1, 1)`,
  );
  for (let i = 1; i <= n; i++) insert.run(accountId, `<out-${i}@raksa>`, `ร่างที่ ${i}`, Buffer.from(`raw ${i}`));
};

/** A profile with two accounts, outbox rows, audit entries, and enough cached mail to fill many pages. */
const buildProfile = (dir: string, key: Uint8Array, opts: { audit?: number; messages?: number } = {}) => {
  const db = openDatabase(join(dir, DEFAULT_DATABASE_FILE), key);
  migrate(db);
  const store = new SqliteMailStore(db);
  const a = store.addAccount(account('somchai@moph.go.th'));
  store.addAccount(account('somsri@moe.go.th'));
  addOutbox(db, a.id, 5);
  const audit = new AuditLog(db);
  for (let i = 0; i < (opts.audit ?? 10); i++) {
    audit.append({ kind: 'warn', account: 'somchai@moph.go.th', policyHash: POLICY_HASH, detail: { n: i, pad: 'x'.repeat(300) } });
  }
  store.setSetting('ui.locale', 'en');
  store.replaceFolders(a.id, [{ path: 'INBOX', name: 'INBOX', delimiter: '/', specialUse: 'inbox', subscribed: true }]);
  const inbox = store.findFolderByPath(a.id, 'INBOX');
  assert.ok(inbox);
  const n = opts.messages ?? 400;
  store.upsertHeaders(
    inbox.id,
    Array.from({ length: n }, (_, i) => ({
      uid: i + 1,
      messageId: `<${i + 1}@moph.go.th>`,
      date: 1_700_000_000_000 + i,
      from: { name: 'ผู้ส่ง', address: 'sender@moph.go.th' },
      to: [],
      cc: [],
      subject: `เรื่อง ${i}`,
      flags: [],
      size: 100,
      hasAttachments: false,
      inReplyTo: null,
    })),
  );
  for (const m of store.listMessages(inbox.id, 0, n).items) store.putRawSource(m.id, randomBytes(2000));
  closeDatabase(db);
};

/** Page numbers (1-based) of a table's leaf pages in key order (dbstat's path orders the b-tree; page numbers need not). */
const pagesOf = (dir: string, key: Uint8Array, table: string): { pageSize: number; pages: number[] } => {
  const db = openDatabase(join(dir, DEFAULT_DATABASE_FILE), key);
  try {
    const pageSize = Number(db.pragma('page_size', { simple: true }));
    const pages = (db.prepare(`SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY path`).pluck().all(table) as number[]);
    return { pageSize, pages };
  } finally {
    closeDatabase(db);
  }
};

const flipBytes = (file: string, offset: number) => {
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, Buffer.alloc(16, 0x5a), 0, 16, offset);
  } finally {
    closeSync(fd);
  }
};

const reopen = (dir: string, key: Uint8Array) => {
  const db = openDatabase(join(dir, DEFAULT_DATABASE_FILE), key);
  return db;
};

void test('the default file name is the one the core opens', () => {
  assert.equal(DEFAULT_DATABASE_FILE, DATABASE_FILE);
});

void test('local-only tables: accounts before what refers to them; the cache and FTS shadow tables excluded', (t) => {
  const dir = profile(t);
  const db = openDatabase(join(dir, 'x.db'), randomBytes(32));
  migrate(db);
  const tables = localOnlyTables(db);
  closeDatabase(db);
  for (const must of ['accounts', 'outbox', 'audit_log', 'settings']) assert.ok(tables.includes(must), must);
  for (const never of ['folders', 'messages', 'message_sources', 'search_docs', 'search_tri', 'search_tri_data'])
    assert.ok(!tables.includes(never), never);
  assert.ok(tables.indexOf('accounts') < tables.indexOf('outbox'));
});

void test('bytes flipped in the middle of the file: the damage is detected, the broken file is kept aside, local data survives', (t) => {
  const dir = profile(t);
  const key = randomBytes(32);
  buildProfile(dir, key);
  const file = join(dir, DEFAULT_DATABASE_FILE);
  const size = statSync(file).size;
  flipBytes(file, Math.floor(size / 2));
  const damaged = readFileSync(file);

  const before = reopen(dir, key);
  assert.equal(checkIntegrity(before, 'quick').ok, false, 'quick_check sees the bad page');
  closeDatabase(before);

  const report = recoverProfile(dir, key, { now: () => new Date('2024-05-01T10:00:00Z') });
  assert.equal(report.keyLost, false);
  assert.equal(report.schemaReadable, true);
  assert.equal(report.accounts, 2);
  assert.ok(report.movedFiles.includes(DEFAULT_DATABASE_FILE));
  assert.deepEqual(readFileSync(join(report.movedTo, DEFAULT_DATABASE_FILE)), damaged, 'the broken file is kept, unchanged');
  assert.match(readFileSync(join(report.movedTo, 'README.txt'), 'utf8'), /damaged/u);
  const byTable = Object.fromEntries(report.tables.map((r) => [r.table, r]));
  assert.equal(byTable.outbox?.copied, 5);
  assert.equal(byTable.audit_log?.copied, 10);
  assert.equal(byTable.accounts?.copied, 2);

  const db = reopen(dir, key);
  t.after(() => closeDatabase(db));
  assert.equal(checkIntegrity(db, 'full').ok, true);
  const store = new SqliteMailStore(db);
  assert.deepEqual(store.listAccounts().map((a) => a.email).sort(), ['somchai@moph.go.th', 'somsri@moe.go.th']);
  assert.equal(store.getAccountWithSecret(store.listAccounts()[0]?.id ?? 0)?.password, 'pa55-รหัส');
  assert.equal(store.getSetting('ui.locale'), 'en');
  assert.equal(db.prepare('SELECT count(*) FROM messages').pluck().get(), 0, 'the cache is left for the next sync');
  assert.deepEqual(db.prepare('SELECT subject FROM outbox ORDER BY id').pluck().all(), [1, 2, 3, 4, 5].map((i) => `ร่างที่ ${i}`));
  const audit = new AuditLog(db);
  assert.equal(audit.verify().ok, true, 'the copied chain verifies');
  audit.append({ kind: 'warn', account: null, policyHash: POLICY_HASH });
  assert.equal(audit.verify().ok, true, 'and new entries extend it (the chain trigger is back)');
  assert.throws(() => db.prepare('DELETE FROM audit_log').run(), /append-only/u, 'append-only triggers restored');
});

void test('a damaged page inside the audit log loses only the rows on it; the gap shows in verification', (t) => {
  const dir = profile(t);
  const key = randomBytes(32);
  buildProfile(dir, key, { audit: 120, messages: 10 });
  const { pageSize, pages } = pagesOf(dir, key, 'audit_log');
  assert.ok(pages.length >= 4, `audit_log spans ${pages.length} leaf pages`);
  const victim = pages[1] ?? 0;
  flipBytes(join(dir, DEFAULT_DATABASE_FILE), (victim - 1) * pageSize + 200);

  const report = recoverProfile(dir, key);
  const audit = report.tables.find((r) => r.table === 'audit_log');
  assert.ok(audit);
  assert.ok(audit.unreadable > 0, 'the bad page was noticed');
  assert.ok(audit.copied > 0 && audit.copied < 120, `copied ${audit.copied} of 120`);
  const db = reopen(dir, key);
  t.after(() => closeDatabase(db));
  const seqs = db.prepare('SELECT seq FROM audit_log ORDER BY seq').pluck().all() as number[];
  assert.equal(seqs[0], 1, 'rows before the bad page survive');
  assert.equal(seqs[seqs.length - 1], 120, 'rows after it survive too');
  assert.equal(seqs.length, audit.copied);
  const verify = new AuditLog(db).verify();
  assert.equal(verify.ok, false, 'the lost entries are visible as a break in the chain, not hidden');
  assert.equal(report.tables.find((r) => r.table === 'outbox')?.copied, 5);
});

void test('page 1 destroyed: nothing readable, yet a fresh database is made and the old file kept', (t) => {
  const dir = profile(t);
  const key = randomBytes(32);
  buildProfile(dir, key, { messages: 5 });
  flipBytes(join(dir, DEFAULT_DATABASE_FILE), 40);
  const report = recoverProfile(dir, key);
  assert.equal(report.schemaReadable, false);
  assert.equal(report.accounts, 0);
  assert.ok(existsSync(join(report.movedTo, DEFAULT_DATABASE_FILE)));
  const db = reopen(dir, key);
  closeDatabase(db);
});

void test('key lost: database and key file moved aside with a note; nothing is deleted', (t) => {
  const dir = profile(t);
  const key = randomBytes(32);
  buildProfile(dir, key, { messages: 5 });
  const keyJson = '{"format":"raksa-mail-key"}';
  const fd = openSync(join(dir, 'key.json'), 'w');
  writeSync(fd, keyJson);
  closeSync(fd);
  const report = recoverProfile(dir, null);
  assert.equal(report.keyLost, true);
  assert.deepEqual([...report.movedFiles].sort(), [DEFAULT_DATABASE_FILE, 'key.json'].sort());
  assert.equal(readFileSync(join(report.movedTo, 'key.json'), 'utf8'), keyJson);
  assert.match(readFileSync(join(report.movedTo, 'README.txt'), 'utf8'), /accounts must be added again/u);
  // Only the note for the audit log (recorded and removed by the core at the next open) stays beside them.
  assert.deepEqual(readdirSync(dir).filter((n) => !n.startsWith('recovered-')), [RECOVERY_MARKER_FILE]);
  assert.deepEqual(readPendingRecoveries(dir)?.pending.map((p) => p.reason), ['key-unwrap-failed']);
});

void test('a database from a newer build is not rebuilt, and is put back where it was', (t) => {
  const dir = profile(t);
  const key = randomBytes(32);
  buildProfile(dir, key, { messages: 5 });
  const db = reopen(dir, key);
  db.pragma('user_version = 999');
  closeDatabase(db);
  assert.throws(() => recoverProfile(dir, key), (e: unknown) => isCodedError(e) && e.code === 'STORE_UNAVAILABLE');
  assert.ok(existsSync(join(dir, DEFAULT_DATABASE_FILE)));
  const again = reopen(dir, key);
  assert.equal(again.pragma('user_version', { simple: true }), 999);
  closeDatabase(again);
});

void test('rows still only in the WAL (a crash before checkpoint) are copied, and the WAL is kept unchanged', (t) => {
  const dir = profile(t);
  const crashed = profile(t);
  const key = randomBytes(32);
  buildProfile(dir, key, { messages: 5 });
  const db = reopen(dir, key);
  db.pragma('wal_autocheckpoint = 0');
  addOutbox(db, 1, 0);
  db.prepare(
    `INSERT INTO outbox (account_id, message_id, state, subject, raw, envelope_json, compose_json, classification,
       confirmed_verdict, created_at, updated_at) VALUES (1, '<wal-only@raksa>', 'queued', 'WAL', x'00', '{}', '{}', 'none', 'allow', 1, 1)`,
  ).run();
  // Copy the files as a crash would leave them: main file, WAL with the new row, shared memory index.
  for (const name of readdirSync(dir)) copyFileSync(join(dir, name), join(crashed, name));
  closeDatabase(db);
  const wal = readFileSync(join(crashed, `${DEFAULT_DATABASE_FILE}-wal`));
  assert.ok(wal.length > 0);

  const report = recoverProfile(crashed, key);
  assert.equal(report.tables.find((r) => r.table === 'outbox')?.copied, 6);
  assert.deepEqual(readFileSync(join(report.movedTo, `${DEFAULT_DATABASE_FILE}-wal`)), wal);
});
