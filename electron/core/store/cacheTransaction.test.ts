import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import { cacheTransaction } from './cacheTransaction.js';
import { closeDatabase, openDatabase, type SqliteDatabase } from './openDatabase.js';

const level = (db: SqliteDatabase): number => Number(db.pragma('synchronous', { simple: true }));

function withDb(t: test.TestContext): SqliteDatabase {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'raksa-cachetx-'));
  const db = openDatabase(path.join(dir, 'raksa.db'), randomBytes(32));
  db.exec('CREATE TABLE t (v INTEGER)');
  t.after(() => {
    closeDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  });
  return db;
}

void test('the database opens with synchronous=FULL', (t) => {
  assert.equal(level(withDb(t)), 2);
});

void test('a cache write commits under NORMAL and leaves FULL for every other writer', (t) => {
  const db = withDb(t);
  let inside = -1;
  cacheTransaction(db, () => {
    inside = level(db);
    db.prepare('INSERT INTO t VALUES (1)').run();
  });
  assert.equal(inside, 1);
  assert.equal(level(db), 2);
  assert.equal(db.prepare('SELECT count(*) FROM t').pluck().get(), 1);
});

void test('a failing cache write rolls back and still restores FULL', (t) => {
  const db = withDb(t);
  assert.throws(() =>
    cacheTransaction(db, () => {
      db.prepare('INSERT INTO t VALUES (1)').run();
      throw new Error('boom');
    }),
  /boom/u);
  assert.equal(level(db), 2);
  assert.equal(db.prepare('SELECT count(*) FROM t').pluck().get(), 0);
});

void test('nested in an open transaction it is a savepoint and does not touch the level', (t) => {
  const db = withDb(t);
  let inside = -1;
  db.transaction(() => {
    cacheTransaction(db, () => {
      inside = level(db);
      db.prepare('INSERT INTO t VALUES (1)').run();
    });
  }).immediate();
  assert.equal(inside, 2);
  assert.equal(level(db), 2);
});

void test('a connection found at another level is refused rather than silently weakened', (t) => {
  const db = withDb(t);
  db.pragma('synchronous = OFF');
  assert.throws(() => cacheTransaction(db, () => undefined), /synchronous/u);
});
