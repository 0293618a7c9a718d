// Opens the encrypted profile database. Everything at rest (headers, bodies, account passwords) lives in
// this one file, so the cipher and the pragmas below are the whole of the at-rest protection: they are
// asserted after being set, and the store refuses to run when one of them did not take.
import Database from 'better-sqlite3-multiple-ciphers';
import { CodedError } from '../../../shared/contract/result.js';

export type SqliteDatabase = Database.Database;

export const DATABASE_KEY_BYTES = 32;

/**
 * Each pragma is set, then read back. WHY each one:
 * - temp_store=MEMORY: sorts, temp indices and temp tables otherwise go to plaintext files in the OS temp dir,
 *   outside the cipher's reach.
 * - secure_delete=ON: freed pages are zeroed, so deleted rows do not linger in free pages (defence in depth;
 *   those pages are encrypted too, but a future key compromise should not reveal deleted mail).
 * - journal_mode=WAL: readers never block the single writer; the WAL is encrypted by the same codec and is
 *   truncated on close.
 * - foreign_keys=ON: off by default in SQLite; cascades (account → folders → messages → sources) rely on it.
 * - synchronous=FULL: better-sqlite3 builds with SQLITE_DEFAULT_WAL_SYNCHRONOUS=1 (NORMAL), under which a power
 *   loss may roll back the last commits; local-only data (outbox states, action queue, audit log) must not roll
 *   back. Only cache writes drop to NORMAL, one transaction at a time (cacheTransaction.ts).
 */
const REQUIRED_PRAGMAS: readonly {
  readonly set: string;
  readonly name: string;
  readonly expected: string;
}[] = [
  { set: 'temp_store = 2', name: 'temp_store', expected: '2' },
  { set: 'secure_delete = 1', name: 'secure_delete', expected: '1' },
  { set: 'journal_mode = WAL', name: 'journal_mode', expected: 'wal' },
  { set: 'foreign_keys = 1', name: 'foreign_keys', expected: '1' },
  { set: 'synchronous = 2', name: 'synchronous', expected: '2' },
];

const readPragma = (db: SqliteDatabase, name: string): string => {
  const value: unknown = db.pragma(name, { simple: true });
  return typeof value === 'string' ? value.toLowerCase() : String(value);
};

/** Throws CodedError('STORE_UNAVAILABLE') unless every protective pragma reads back as required. */
export const assertPragmas = (db: SqliteDatabase): void => {
  for (const p of REQUIRED_PRAGMAS) {
    const actual = readPragma(db, p.name);
    if (actual !== p.expected) {
      throw new CodedError(
        'STORE_UNAVAILABLE',
        `database pragma ${p.name} is ${actual}, required ${p.expected}`,
      );
    }
  }
};

/**
 * Opens (or creates) the database at `path`, keyed with a raw 32-byte key under ChaCha20-Poly1305 (sqleet):
 * every page carries a Poly1305 tag, so a tampered page fails to read instead of decrypting to garbage.
 * The raw-key form `x'<64 hex>'` bypasses the codec's PBKDF2: the key is already uniformly random.
 */
export const openDatabase = (path: string, key: Uint8Array): SqliteDatabase => {
  if (key.length !== DATABASE_KEY_BYTES) {
    throw new CodedError('INVALID_ARGUMENT', `database key must be ${DATABASE_KEY_BYTES} bytes`);
  }
  let db: SqliteDatabase;
  try {
    db = new Database(path);
  } catch (cause) {
    throw new CodedError('STORE_UNAVAILABLE', 'cannot open the database file', { cause });
  }
  try {
    db.pragma(`cipher = 'chacha20'`);
    const cipher = readPragma(db, 'cipher');
    if (cipher !== 'chacha20') {
      throw new CodedError('STORE_UNAVAILABLE', `cipher is ${cipher}, required chacha20`);
    }
    db.pragma(`key = "x'${Buffer.from(key).toString('hex')}'"`);
    verifyKey(db);
    for (const p of REQUIRED_PRAGMAS) db.pragma(p.set);
    assertPragmas(db);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
};

// The key pragma itself never fails: the first read of page 1 is what reveals a wrong key (SQLITE_NOTADB,
// the page's MAC does not verify). Reading the schema forces that read.
const verifyKey = (db: SqliteDatabase): void => {
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').pluck().get();
  } catch (cause) {
    throw new CodedError(
      'STORE_UNAVAILABLE',
      'the database cannot be decrypted with this key (wrong key, or the file is damaged)',
      { cause },
    );
  }
};

/**
 * Folds the WAL back into the main file and truncates it to zero bytes before closing, so no stale pages stay
 * in a -wal file beside the database. Safe to call on an already closed database.
 */
export const closeDatabase = (db: SqliteDatabase): void => {
  if (!db.open) return;
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
};
