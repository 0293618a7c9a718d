// Test support for the migration tests (*.test.ts beside it), not app code: nothing the build bundles imports
// it, and the test runner runs only *.test.ts. Each migration test starts from the version before its own
// with rows in place (STYLE.md); this is the setup they share.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getSchemaVersion, migrate } from '../migrate.js';
import { closeDatabase, openDatabase, type SqliteDatabase } from '../openDatabase.js';
import { MIGRATIONS } from './index.js';
import type { Migration } from './migration.js';

/** What node:test's test context offers for cleanup. */
export interface TestCleanup {
  after(fn: () => void): void;
}

/**
 * A fresh encrypted database file in a temporary folder. `open` may be called again to reopen the same file
 * (with the same key); every handle is closed and the folder removed when the test ends.
 */
export function tempDatabase(t: TestCleanup): { open: () => SqliteDatabase } {
  const dir = mkdtempSync(join(tmpdir(), 'raksa-migration-'));
  const file = join(dir, 'p.db');
  const key = randomBytes(32);
  const handles: SqliteDatabase[] = [];
  t.after(() => {
    try {
      handles.forEach(closeDatabase);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  return {
    open: () => {
      const db = openDatabase(file, key);
      handles.push(db);
      return db;
    },
  };
}

/** One handle on a fresh database at version 0. */
export const openTempDatabase = (t: TestCleanup): SqliteDatabase => tempDatabase(t).open();

/** The migration named `name` as MIGRATIONS lists it, and the version just before it. */
export function migrationNamed(name: string): { mine: Migration; previous: number } {
  const mine = MIGRATIONS.find((m) => m.name === name);
  assert.ok(mine, `${name} is listed in MIGRATIONS`);
  return { mine, previous: mine.version - 1 };
}

/** A fresh database migrated to the version before `name`, whose test then fills it. */
export function databaseBefore(t: TestCleanup, name: string): SqliteDatabase {
  const db = openTempDatabase(t);
  const { previous } = migrationNamed(name);
  migrate(db, { target: previous, migrations: MIGRATIONS });
  assert.equal(getSchemaVersion(db), previous);
  return db;
}

/**
 * Migration `name` applied to a database of the version before it, filled by `fill` and reopened first (rows
 * must survive a close, not only live in this connection). Returns the migrated handle.
 */
export function migrateFilled(t: TestCleanup, name: string, fill: (db: SqliteDatabase) => void): SqliteDatabase {
  const file = tempDatabase(t);
  const { mine, previous } = migrationNamed(name);
  const old = file.open();
  migrate(old, { target: previous, migrations: MIGRATIONS });
  assert.equal(getSchemaVersion(old), previous);
  fill(old);
  closeDatabase(old);

  const db = file.open();
  assert.deepEqual(migrate(db, { target: mine.version, migrations: MIGRATIONS }), { from: previous, to: mine.version });
  return db;
}

/**
 * Account 1 with folder 1 (INBOX, UIDVALIDITY 7): the rows every later table hangs from. Only columns that
 * exist since 0001, so it fits a database of any version.
 */
export function insertAccountAndInbox(db: SqliteDatabase, email = 'a@example.go.th'): void {
  db.prepare(
    `INSERT INTO accounts (email, imap_host, imap_port, imap_security, smtp_host, smtp_port, smtp_security, user,
       password, created_at) VALUES (?, 'h', 993, 'tls', 'h', 465, 'tls', ?, 'pw', 1)`,
  ).run(email, email.split('@')[0]);
  db.prepare(
    "INSERT INTO folders (account_id, path, name, delimiter, special_use, uid_validity) VALUES (1, 'INBOX', 'INBOX', '/', 'inbox', 7)",
  ).run();
}

/** A setting, account 1 (alice) with its INBOX, and a Thai message: rows of 0001's tables for a later step to keep. */
export function insertSampleRows(db: SqliteDatabase): void {
  db.prepare("INSERT INTO settings VALUES ('ui.locale', 'th')").run();
  insertAccountAndInbox(db, 'alice@example.go.th');
  db.prepare("INSERT INTO messages (folder_id, uid, date, subject) VALUES (1, 1, 0, 'เรื่อง ทดสอบ')").run();
}

/** The rows of insertSampleRows are all still there, unchanged. */
export function assertSampleRowsKept(db: SqliteDatabase): void {
  assert.equal(db.prepare('SELECT value FROM settings').pluck().get(), 'th');
  assert.equal(db.prepare('SELECT email FROM accounts').pluck().get(), 'alice@example.go.th');
  assert.equal(db.prepare('SELECT subject FROM messages WHERE folder_id = 1 AND uid = 1').pluck().get(), 'เรื่อง ทดสอบ');
}

/** FTS5's own consistency check of both search indexes (it throws on a mismatch). */
export function checkSearchIndexes(db: SqliteDatabase): void {
  db.exec("INSERT INTO search_tri (search_tri) VALUES ('integrity-check')");
  db.exec("INSERT INTO search_words (search_words) VALUES ('integrity-check')");
}
