// Rebuilding a profile whose database is damaged or whose key is lost (DESIGN.md §3: the cache is
// disposable, what only lives here is not). Nothing is ever deleted: the old files are moved into a
// folder beside the new database, with a note saying what happened, so IT can still try more.
//
// With the key: the broken database is moved aside, a fresh one is created with the same key, every
// readable row of the local-only tables (accounts, outbox, audit log, queued actions, settings, and any
// later local table such as drafts) is copied over, and the next sync refills the cache.
// Without the key (lost passphrase, a keystore that cannot unwrap it): the database and the key file are
// moved aside and nothing can be copied; the caller creates a new key, and accounts are entered again.
// Either way a note is left for the audit log of the new database (recoveryMarker.ts).
import { mkdirSync, readdirSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { CodedError } from '../../../shared/contract/result.js';
import {
  applyKey,
  closeDatabase,
  DATABASE_CIPHER,
  LEGACY_CIPHERS,
  openDatabase,
  type SqliteDatabase,
} from '../store/openDatabase.js';
import { databaseFiles, isCorruptionError } from '../store/integrity.js';
import { getSchemaVersion, migrate } from '../store/migrate.js';
import { MIGRATIONS } from '../store/migrations/index.js';
import { KEY_FILE_NAME } from '../secrets/keyFile.js';
import { copyReadableRows, type CopyResult } from './copyReadableRows.js';
import { localOnlyTables } from './localTables.js';
import { addPendingRecovery } from './recoveryMarker.js';

export interface RecoveryReport {
  /** True when recovery ran without the key: nothing could be copied, accounts must be added again. */
  readonly keyLost: boolean;
  /** Where the old files now are (inside the profile directory). */
  readonly movedTo: string;
  /** The files moved there (names). */
  readonly movedFiles: string[];
  /** False when not even the old schema could be read (page 1 or the schema pages are damaged). */
  readonly schemaReadable: boolean;
  readonly tables: CopyResult[];
  /** Accounts in the new database (they sync again by themselves). */
  readonly accounts: number;
}

export interface RecoverOptions {
  /** The database file name inside the profile; the composition root's DATABASE_FILE. */
  readonly databaseFile?: string;
  readonly now?: () => Date;
}

export const DEFAULT_DATABASE_FILE = 'raksa.db';

const NOTE = (report: Omit<RecoveryReport, 'movedTo' | 'movedFiles'>, when: string): string =>
  [
    'Raksa Mail — ฐานข้อมูลเดิมถูกย้ายมาไว้ที่นี่ / the previous database was moved here',
    '',
    `เวลา / time: ${when}`,
    report.keyLost
      ? 'กุญแจของฐานข้อมูลเดิมใช้ไม่ได้ (ลืมรหัสผ่านหรือที่เก็บกุญแจของระบบเปลี่ยนไป) จึงสร้างฐานข้อมูลใหม่ ต้องเพิ่มบัญชีอีเมลใหม่\n' +
        'The key of the old database could not be unwrapped (lost passphrase or a changed OS keystore). A new ' +
        'database was created; accounts must be added again. These files are still encrypted with the old key.'
      : 'ฐานข้อมูลเดิมเสียหาย จึงสร้างใหม่และคัดลอกข้อมูลที่มีเฉพาะในเครื่องที่ยังอ่านได้ อีเมลจะดาวน์โหลดใหม่จากเซิร์ฟเวอร์\n' +
        'The old database was damaged. A new one was created with the same key; the local-only data that could ' +
        'still be read was copied, and mail is downloaded again from the server.',
    '',
    ...report.tables.map(
      (t) => `${t.table}: copied ${t.copied}, unreadable ${t.unreadable}, refused ${t.rejected}`,
    ),
    '',
    'Nothing here was deleted. Keep or remove this folder as your IT policy says; it holds encrypted data.',
    '',
  ].join('\n');

/** Moves the database files (and, without the key, the key file) into a new `recovered-<time>` folder. */
const moveAside = (profileDir: string, names: readonly string[], when: string): { dir: string; moved: string[] } => {
  const base = path.join(profileDir, `recovered-${when.replace(/[:.]/gu, '-')}`);
  let dir = base;
  for (let i = 2; existsSync(dir); i++) dir = `${base}-${i}`;
  mkdirSync(dir, { mode: 0o700 });
  const moved: string[] = [];
  for (const name of names) {
    const from = path.join(profileDir, name);
    if (!existsSync(from)) continue;
    renameSync(from, path.join(dir, name));
    moved.push(name);
  }
  return { dir, moved };
};

/**
 * Opens the damaged copy read-only, so it stays exactly as found (a read-write close would checkpoint its
 * WAL into it): only the key and temp_store=MEMORY (a temp b-tree must never reach the disk in
 * plaintext). Returns null when not even the schema can be read.
 */
const openDamaged = (file: string, key: Uint8Array): SqliteDatabase | null => {
  // A profile of an earlier build may still be under a legacy cipher (openDatabase converts it on open).
  for (const cipher of [DATABASE_CIPHER, ...LEGACY_CIPHERS]) {
    const db = new Database(file, { fileMustExist: true, readonly: true });
    try {
      applyKey(db, cipher, key);
      db.pragma('temp_store = 2');
      if (Number(db.pragma('temp_store', { simple: true })) !== 2) throw new CodedError('STORE_UNAVAILABLE', 'temp_store');
      db.prepare('SELECT count(*) FROM sqlite_schema').pluck().get();
      return db;
    } catch (e) {
      db.close();
      if (!isCorruptionError(e)) throw e;
    }
  }
  return null;
};

/**
 * Rebuilds the profile's database. `key` is the database key when it could be unwrapped, null when it is
 * lost. The core must not be running on this profile (it is the single writer). Throws STORE_UNAVAILABLE
 * when the damaged database was written by a newer build (a rebuild would throw away what that build
 * knows; update the app instead).
 */
export function recoverProfile(profileDir: string, key: Uint8Array | null, options: RecoverOptions = {}): RecoveryReport {
  const file = options.databaseFile ?? DEFAULT_DATABASE_FILE;
  const dbPath = path.join(profileDir, file);
  const when = (options.now ?? (() => new Date()))().toISOString();
  const dbNames = databaseFiles(dbPath).map((p) => path.basename(p));

  if (key === null) {
    const { dir, moved } = moveAside(profileDir, [...dbNames, KEY_FILE_NAME], when);
    const report = { keyLost: true, schemaReadable: false, tables: [], accounts: 0 };
    return concluded(profileDir, { ...report, movedTo: dir, movedFiles: moved }, when);
  }

  const present = readdirSync(profileDir);
  if (!present.includes(file)) throw new CodedError('NOT_FOUND', 'This profile has no database to recover.');
  const { dir, moved } = moveAside(profileDir, dbNames, when);
  const old = openDamaged(path.join(dir, file), key);
  let fresh: SqliteDatabase | null = null;
  try {
    if (old) {
      let version = 0;
      try {
        version = getSchemaVersion(old);
      } catch (e) {
        if (!isCorruptionError(e)) throw e;
      }
      if (version > MIGRATIONS.length) {
        // Put everything back as it was: this build must not be the one to rebuild a newer schema.
        old.close();
        for (const name of moved) renameSync(path.join(dir, name), path.join(profileDir, name));
        throw new CodedError('STORE_UNAVAILABLE', `database schema ${version} is newer than this build; update Raksa Mail`);
      }
    }
    fresh = openDatabase(dbPath, key);
    migrate(fresh);
    const tables: CopyResult[] = old ? copyLocalTables(old, fresh) : [];
    const accounts = Number(fresh.prepare('SELECT count(*) FROM accounts').pluck().get());
    const report = { keyLost: false, schemaReadable: old !== null, tables, accounts };
    return concluded(profileDir, { ...report, movedTo: dir, movedFiles: moved }, when);
  } finally {
    if (old?.open) old.close();
    if (fresh) closeDatabase(fresh);
  }
}

/**
 * A finished rebuild: the README beside the moved files, and the note from which the core records it in the
 * new database's audit log at its next open (recoveryMarker.ts).
 */
function concluded(profileDir: string, report: RecoveryReport, when: string): RecoveryReport {
  writeFileSync(path.join(report.movedTo, 'README.txt'), NOTE(report, when), { mode: 0o600 });
  noteForAudit(profileDir, report, when);
  return report;
}

const noteForAudit = (profileDir: string, report: RecoveryReport, when: string): void =>
  addPendingRecovery(profileDir, {
    recoveryId: path.basename(report.movedTo),
    reason: report.keyLost ? 'key-unwrap-failed' : 'integrity-failure',
    recoveredAt: when,
    schemaReadable: report.schemaReadable,
    movedFiles: report.movedFiles,
    accounts: report.accounts,
    tables: report.tables.map(({ table, copied, unreadable, rejected }) => ({ table, copied, unreadable, rejected })),
  });

const copyLocalTables = (old: SqliteDatabase, fresh: SqliteDatabase): CopyResult[] => {
  let oldTables: Set<string>;
  try {
    oldTables = new Set(
      (old.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table'`).pluck().all() as string[]),
    );
  } catch (e) {
    if (!isCorruptionError(e)) throw e;
    return [];
  }
  const results: CopyResult[] = [];
  for (const table of localOnlyTables(fresh)) {
    if (!oldTables.has(table)) continue;
    results.push(withoutTriggers(fresh, table, () => copyReadableRows(old, fresh, table)));
  }
  return results;
};

/**
 * Runs `copy` with the table's triggers removed, then puts them back exactly (their SQL from the schema).
 * WHY: triggers guard live writes (the audit log's chain trigger refuses an entry that does not extend the
 * chain); a copy must bring the stored rows over as they were, gaps included, so `audit verify` shows
 * honestly where entries were lost instead of the copy stopping at the first lost one.
 */
const withoutTriggers = <T>(db: SqliteDatabase, table: string, copy: () => T): T => {
  const triggers = db
    .prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = ?`)
    .all(table) as { name: string; sql: string }[];
  for (const t of triggers) db.exec(`DROP TRIGGER "${t.name.replace(/"/gu, '""')}"`);
  try {
    return copy();
  } finally {
    for (const t of triggers) db.exec(t.sql);
  }
};
