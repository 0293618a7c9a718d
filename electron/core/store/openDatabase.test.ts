import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3-multiple-ciphers';
import { isCodedError } from '../../../shared/contract/result.js';
import { assertPragmas, closeDatabase, NEW_DATABASE_PAGE_SIZE, openDatabase, PAGE_CACHE_KIB } from './openDatabase.js';

const tempDir = (t: { after: (fn: () => void) => void }): string => {
  const dir = mkdtempSync(join(tmpdir(), 'raksa-db-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};

const hasCode = (code: string) => (e: unknown) => isCodedError(e) && e.code === code;

void test('sets and reads back the protective pragmas and the cipher', (t) => {
  const db = openDatabase(join(tempDir(t), 'p.db'), randomBytes(32));
  try {
    assert.equal(db.pragma('temp_store', { simple: true }), 2);
    assert.equal(db.pragma('secure_delete', { simple: true }), 1);
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
    assert.equal(db.pragma('cipher', { simple: true }), 'aegis');
    assert.equal(db.pragma('cache_size', { simple: true }), -PAGE_CACHE_KIB);
  } finally {
    closeDatabase(db);
  }
});

void test('a new database gets 16 KB pages; one created with 4 KB pages keeps them, with its rows', (t) => {
  const dir = tempDir(t);
  const key = randomBytes(32);
  const fresh = openDatabase(join(dir, 'new.db'), key);
  fresh.exec('CREATE TABLE t (x TEXT)');
  assert.equal(fresh.pragma('page_size', { simple: true }), NEW_DATABASE_PAGE_SIZE);
  closeDatabase(fresh);
  assert.equal(statSync(join(dir, 'new.db')).size % NEW_DATABASE_PAGE_SIZE, 0);

  // A profile of an earlier build: 4 KB pages, WAL, encrypted under the same key.
  const oldFile = join(dir, 'old.db');
  const old = new Database(oldFile);
  old.pragma("cipher = 'aegis'");
  old.pragma(`key = "x'${key.toString('hex')}'"`);
  old.pragma('page_size = 4096');
  old.pragma('journal_mode = WAL');
  old.exec("CREATE TABLE t (x TEXT); INSERT INTO t VALUES ('kept')");
  old.close();
  const reopened = openDatabase(oldFile, key);
  try {
    assert.equal(reopened.pragma('page_size', { simple: true }), 4096);
    assert.equal(reopened.prepare('SELECT x FROM t').pluck().get(), 'kept');
    reopened.prepare("INSERT INTO t VALUES ('more')").run();
    assert.equal(reopened.prepare('SELECT count(*) FROM t').pluck().get(), 2);
  } finally {
    closeDatabase(reopened);
  }
});

void test('assertPragmas refuses a connection whose pragmas are not the required ones', (t) => {
  const db = openDatabase(join(tempDir(t), 'p.db'), randomBytes(32));
  try {
    db.pragma('foreign_keys = 0');
    assert.throws(() => assertPragmas(db), hasCode('STORE_UNAVAILABLE'));
    db.pragma('foreign_keys = 1');
    db.pragma('temp_store = 1');
    assert.throws(() => assertPragmas(db), /temp_store/);
    db.pragma('temp_store = 2');
    db.pragma('secure_delete = 0');
    assert.throws(() => assertPragmas(db), /secure_delete/);
    db.pragma('secure_delete = 1');
    db.pragma('journal_mode = DELETE');
    assert.throws(() => assertPragmas(db), /journal_mode/);
    db.pragma('journal_mode = WAL');
    assertPragmas(db);
  } finally {
    closeDatabase(db);
  }
});

void test('a wrong key is rejected and the right key opens the data again', (t) => {
  const path = join(tempDir(t), 'k.db');
  const key = randomBytes(32);
  const db = openDatabase(path, key);
  db.exec("CREATE TABLE t (x TEXT); INSERT INTO t VALUES ('kept')");
  closeDatabase(db);

  const wrong = Buffer.from(key);
  wrong[0] = (wrong[0] ?? 0) ^ 1; // one bit off is still wrong
  assert.throws(() => openDatabase(path, wrong), hasCode('STORE_UNAVAILABLE'));
  assert.throws(() => openDatabase(path, randomBytes(32)), hasCode('STORE_UNAVAILABLE'));

  const again = openDatabase(path, key);
  try {
    assert.equal(again.prepare('SELECT x FROM t').pluck().get(), 'kept');
  } finally {
    closeDatabase(again);
  }
});

void test('the file carries no SQLite plaintext header and the WAL is truncated on close', (t) => {
  const path = join(tempDir(t), 'h.db');
  const db = openDatabase(path, randomBytes(32));
  db.exec("CREATE TABLE t (x TEXT); INSERT INTO t VALUES ('x')");
  closeDatabase(db);
  const bytes = readFileSync(path);
  assert.ok(bytes.length > 0);
  assert.equal(bytes.includes(Buffer.from('SQLite format 3')), false);
  assert.ok(!existsSync(`${path}-wal`) || statSync(`${path}-wal`).size === 0);
  closeDatabase(db); // a second close is harmless
});

void test('a tampered page fails authentication instead of decrypting to garbage', (t) => {
  const path = join(tempDir(t), 'm.db');
  const key = randomBytes(32);
  const db = openDatabase(path, key);
  db.exec('CREATE TABLE t (x BLOB)');
  db.prepare('INSERT INTO t VALUES (?)').run(randomBytes(20000)); // spills onto several pages
  closeDatabase(db);
  const bytes = readFileSync(path);
  assert.ok(bytes.length >= 4096 * 3);
  const at = 4096 * 2 + 100; // inside page 3, a data page
  bytes[at] = (bytes[at] ?? 0) ^ 0xff;
  writeFileSync(path, bytes);
  let failure: unknown = null;
  try {
    const reopened = openDatabase(path, key);
    try {
      reopened.prepare('SELECT x FROM t').all();
    } finally {
      reopened.close();
    }
  } catch (e) {
    failure = e;
  }
  // The Poly1305 tag of the page no longer verifies: SQLite reports the page as corrupt.
  assert.ok(failure, 'reading a tampered page must fail');
  assert.ok(['SQLITE_CORRUPT', 'STORE_UNAVAILABLE'].includes(String((failure as { code?: unknown }).code)));
});

void test('a plaintext SQLite file is not accepted in place of the encrypted one', (t) => {
  const path = join(tempDir(t), 'plain.db');
  const plain = new Database(path);
  plain.exec('CREATE TABLE t (x)');
  plain.close();
  assert.throws(() => openDatabase(path, randomBytes(32)), hasCode('STORE_UNAVAILABLE'));
});

void test('keys that are not 32 bytes are refused', (t) => {
  const path = join(tempDir(t), 's.db');
  assert.throws(() => openDatabase(path, randomBytes(16)), hasCode('INVALID_ARGUMENT'));
  assert.throws(() => openDatabase(path, new Uint8Array(0)), hasCode('INVALID_ARGUMENT'));
});

void test('a profile of an earlier build under chacha20 is re-encrypted under aegis on open, rows intact', (t) => {
  const path = join(tempDir(t), 'p.db');
  const key = randomBytes(32);
  const old = new Database(path);
  old.pragma("cipher = 'chacha20'");
  old.pragma(`key = "x'${key.toString('hex')}'"`);
  old.pragma('journal_mode = WAL');
  old.exec("CREATE TABLE t (x TEXT); INSERT INTO t VALUES ('งบประมาณ')");
  old.close();

  const db = openDatabase(path, key);
  try {
    assert.equal(db.pragma('cipher', { simple: true }), 'aegis');
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(db.prepare('SELECT x FROM t').pluck().get(), 'งบประมาณ');
  } finally {
    closeDatabase(db);
  }
  // Converted for good: the old cipher no longer reads it, the new one does.
  const probe = new Database(path);
  probe.pragma("cipher = 'chacha20'");
  probe.pragma(`key = "x'${key.toString('hex')}'"`);
  assert.throws(() => probe.prepare('SELECT count(*) FROM sqlite_master').get());
  probe.close();
  const again = openDatabase(path, key);
  assert.equal(again.prepare('SELECT count(*) FROM t').pluck().get(), 1);
  closeDatabase(again);
  // And a wrong key opens under neither cipher.
  assert.throws(() => openDatabase(path, randomBytes(32)), hasCode('STORE_UNAVAILABLE'));
});
