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
 * The page cipher: AEGIS-256 (SQLite3MultipleCiphers `aegis`), an authenticated cipher built on the AES round
 * function. Every page carries its own nonce and a 256-bit tag, so a tampered page fails to read instead of
 * decrypting to garbage. It replaced ChaCha20-Poly1305 (`chacha20`, sqleet) because, with the AES
 * instructions every x86-64 office PC has, it encrypts at memory speed: caching mail wrote about 200 MB/s
 * under chacha20, three times slower than under AEGIS (docs/benchmarks.md).
 */
export const DATABASE_CIPHER = 'aegis';
/** Ciphers of earlier builds: a profile still under one of them is re-encrypted under DATABASE_CIPHER. */
export const LEGACY_CIPHERS: readonly string[] = ['chacha20'];

/**
 * Selects the cipher (read back: an unknown name would silently leave another one in place) and gives the
 * raw key. The raw-key form `x'<64 hex>'` bypasses the codec's KDF: the key is already uniformly random.
 * The key pragma itself never fails; `readable` is what reveals a wrong key.
 */
export const applyKey = (db: SqliteDatabase, cipher: string, key: Uint8Array): void => {
  db.pragma(`cipher = '${cipher}'`);
  const actual = readPragma(db, 'cipher');
  if (actual !== cipher) throw new CodedError('STORE_UNAVAILABLE', `cipher is ${actual}, required ${cipher}`);
  db.pragma(`key = "x'${Buffer.from(key).toString('hex')}'"`);
};

// The first read of page 1 is what checks the key: SQLITE_NOTADB when its tag does not verify.
const readable = (db: SqliteDatabase): boolean => {
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').pluck().get();
    return true;
  } catch {
    return false;
  }
};

const open = (path: string): SqliteDatabase => {
  try {
    return new Database(path);
  } catch (cause) {
    throw new CodedError('STORE_UNAVAILABLE', 'cannot open the database file', { cause });
  }
};

/**
 * A profile written under a legacy cipher, opened with the right key: re-encrypted in place under
 * DATABASE_CIPHER. Rekeying rewrites every page inside one rollback-journal transaction (atomic: a crash
 * leaves the old cipher, and the next open converts again); WAL is set back by the pragmas afterwards.
 */
const convertCipher = (db: SqliteDatabase, key: Uint8Array): void => {
  if (readPragma(db, 'journal_mode') === 'wal' && db.pragma('journal_mode = DELETE', { simple: true }) !== 'delete') {
    throw new CodedError('STORE_UNAVAILABLE', 'the database is in use; cannot re-encrypt it');
  }
  db.pragma(`cipher = '${DATABASE_CIPHER}'`);
  db.pragma(`rekey = "x'${Buffer.from(key).toString('hex')}'"`);
  if (readPragma(db, 'cipher') !== DATABASE_CIPHER || !readable(db)) {
    throw new CodedError('STORE_UNAVAILABLE', `could not re-encrypt the database under ${DATABASE_CIPHER}`);
  }
};

/**
 * The page size of a new database. A cached message is ~20 KB: with 4 KB pages, storing one wrote five or six
 * WAL frames (each its own encrypted page and two writes), and committing the body cache cost about a third
 * more than with 16 KB pages, and a full sync of 100,000 messages took ~80 s instead of ~100 s; searches at
 * 10,000 messages ran 10–30% faster (docs/benchmarks.md, session 4). It only takes effect before the file's
 * first page is written: a database created with another size keeps it, and works the same.
 */
export const NEW_DATABASE_PAGE_SIZE = 16384;

/**
 * Each connection's page cache, in KiB (PRAGMA cache_size takes a negative value as KiB). The driver's build
 * default is 16 MB. A full offline sync of 100,000 messages peaked at 433–444 MB of core RSS with it and at
 * 332–394 MB with 8 MB, at the same speed; queries on a 100k profile were not measurably slower with 8 MB
 * than with 16 or 32 (docs/benchmarks.md, session 4).
 */
export const PAGE_CACHE_KIB = 8000;

/** Opens (or creates) the database at `path` under DATABASE_CIPHER with a raw 32-byte key. */
export const openDatabase = (path: string, key: Uint8Array): SqliteDatabase => {
  if (key.length !== DATABASE_KEY_BYTES) {
    throw new CodedError('INVALID_ARGUMENT', `database key must be ${DATABASE_KEY_BYTES} bytes`);
  }
  let db = open(path);
  try {
    applyKey(db, DATABASE_CIPHER, key);
    if (!readable(db)) {
      let legacy = false;
      for (const cipher of LEGACY_CIPHERS) {
        db.close();
        db = open(path);
        applyKey(db, cipher, key);
        if ((legacy = readable(db))) break;
      }
      if (!legacy) {
        throw new CodedError(
          'STORE_UNAVAILABLE',
          'the database cannot be decrypted with this key (wrong key, or the file is damaged)',
        );
      }
      convertCipher(db, key);
    }
    db.pragma(`page_size = ${NEW_DATABASE_PAGE_SIZE}`);
    for (const p of REQUIRED_PRAGMAS) db.pragma(p.set);
    assertPragmas(db);
    db.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
    return db;
  } catch (e) {
    db.close();
    throw e;
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
