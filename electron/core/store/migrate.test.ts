import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { isCodedError } from '../../../shared/contract/result.js';
import { getSchemaVersion, migrate } from './migrate.js';
import type { Migration } from './migrations/migration.js';
import { MIGRATIONS } from './migrations/index.js';
import { closeDatabase, openDatabase, type SqliteDatabase } from './openDatabase.js';

const withDb = (t: {
  after: (fn: () => void) => void;
}): { db: SqliteDatabase; path: string; key: Buffer } => {
  const dir = mkdtempSync(join(tmpdir(), 'raksa-mig-'));
  const path = join(dir, 'm.db');
  const key = randomBytes(32);
  const db = openDatabase(path, key);
  t.after(() => {
    closeDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  });
  return { db, path, key };
};

// A synthetic three-step history that exercises the runner independently of the real schema.
const synthetic: Migration[] = [
  {
    version: 1,
    name: 'a',
    up: (db) => db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)'),
  },
  {
    version: 2,
    name: 'b',
    up: (db) => db.exec("ALTER TABLE notes ADD COLUMN tag TEXT NOT NULL DEFAULT 'none'"),
  },
  {
    version: 3,
    name: 'c',
    up: (db) =>
      db.exec('CREATE TABLE tags (name TEXT PRIMARY KEY); INSERT INTO tags SELECT DISTINCT tag FROM notes'),
  },
];

void test('the real migration list is numbered 1..N without gaps', () => {
  MIGRATIONS.forEach((m, i) => assert.equal(m.version, i + 1, m.name));
});

void test('applies pending migrations in order, one step at a time, keeping rows between steps', (t) => {
  const { db } = withDb(t);
  assert.equal(getSchemaVersion(db), 0);
  assert.deepEqual(migrate(db, { migrations: synthetic, target: 1 }), { from: 0, to: 1 });
  db.prepare('INSERT INTO notes (body) VALUES (?)').run('กขค first');
  assert.deepEqual(migrate(db, { migrations: synthetic, target: 2 }), { from: 1, to: 2 });
  assert.deepEqual(db.prepare('SELECT body, tag FROM notes').all(), [{ body: 'กขค first', tag: 'none' }]);
  assert.deepEqual(migrate(db, { migrations: synthetic }), { from: 2, to: 3 });
  assert.deepEqual(db.prepare('SELECT name FROM tags').pluck().all(), ['none']);
  assert.equal(getSchemaVersion(db), 3);
  assert.deepEqual(migrate(db, { migrations: synthetic }), { from: 3, to: 3 });
});

void test('a failing migration rolls back entirely and leaves the version unchanged', (t) => {
  const { db } = withDb(t);
  migrate(db, { migrations: synthetic, target: 1 });
  db.prepare('INSERT INTO notes (body) VALUES (?)').run('keep me');
  const broken: Migration[] = [
    synthetic[0]!,
    {
      version: 2,
      name: 'broken',
      up: (d) => {
        d.exec('ALTER TABLE notes ADD COLUMN half TEXT');
        d.exec('DELETE FROM notes');
        throw new Error('boom');
      },
    },
  ];
  assert.throws(() => migrate(db, { migrations: broken }), /boom/);
  assert.equal(getSchemaVersion(db), 1);
  assert.deepEqual(db.prepare('SELECT body FROM notes').pluck().all(), ['keep me']);
  const columns = db.prepare("SELECT name FROM pragma_table_info('notes')").pluck().all();
  assert.deepEqual(columns, ['id', 'body']);
});

void test('refuses a database written by a newer schema', (t) => {
  const { db } = withDb(t);
  db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
  assert.throws(
    () => migrate(db),
    (e: unknown) => isCodedError(e) && e.code === 'STORE_UNAVAILABLE',
  );
});

void test('refuses a migration list with a gap or a bad target', (t) => {
  const { db } = withDb(t);
  assert.throws(() => migrate(db, { migrations: [synthetic[0]!, synthetic[2]!] }), /expected 2/);
  assert.throws(() => migrate(db, { migrations: synthetic, target: 4 }), /no migration/);
  assert.equal(getSchemaVersion(db), 0);
});

void test('the version survives closing and reopening the encrypted file', (t) => {
  const { db, path, key } = withDb(t);
  migrate(db);
  closeDatabase(db);
  const again = openDatabase(path, key);
  try {
    assert.equal(getSchemaVersion(again), MIGRATIONS.length);
    assert.deepEqual(migrate(again), { from: MIGRATIONS.length, to: MIGRATIONS.length });
  } finally {
    closeDatabase(again);
  }
});
