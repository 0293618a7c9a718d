// Durability levels on the one writing connection (the core worker is the single writer, DESIGN.md §1).
// The database runs WAL with synchronous=FULL: every commit fsyncs the WAL, so local-only data (outbox states,
// the action queue, the audit log) never rolls back after a power loss — an outbox row that rolled back from
// `accepted` to `queued` would be sent again silently.
// Cache writes (headers, flags and bodies fetched from IMAP, their search documents, folder checkpoints) can be
// fetched again, so their commits skip that fsync (synchronous=NORMAL): in WAL mode a power loss may then drop
// the LAST such commits, never corrupt the file, and never reorder commits (the WAL is replayed as a prefix).
// Checkpoints are written after their data (syncFolder.ts), so a dropped suffix resyncs from the old checkpoint.
// Invariant, enforced here: NORMAL is in effect only between the pragma and COMMIT of one synchronous call, so
// no other write on this connection (which could only run on a later tick) can ever commit under it, and a FULL
// commit afterwards fsyncs the WAL including every earlier frame.
import { CodedError } from '../../../shared/contract/result.js';
import type { SqliteDatabase } from './openDatabase.js';

/** PRAGMA synchronous values (https://sqlite.org/pragma.html#pragma_synchronous). */
const NORMAL = 1;
const FULL = 2;

const level = (db: SqliteDatabase): number => Number(db.pragma('synchronous', { simple: true }));

/**
 * Runs fn in one IMMEDIATE transaction committed with synchronous=NORMAL, for data that IMAP can restore, and
 * sets FULL back before returning (or throwing). Nested in an open transaction it is a plain savepoint of it
 * (the level cannot change inside a transaction, and the outer commit decides durability).
 */
export function cacheTransaction<T>(db: SqliteDatabase, fn: () => T): T {
  if (db.inTransaction) return db.transaction(fn)();
  if (level(db) !== FULL) {
    // Every other writer relies on FULL; finding anything else means the invariant was broken somewhere.
    throw new CodedError('STORE_UNAVAILABLE', 'database synchronous level is not FULL before a cache write');
  }
  db.pragma(`synchronous = ${NORMAL}`);
  let result: T;
  try {
    result = db.transaction(fn).immediate();
  } finally {
    db.pragma(`synchronous = ${FULL}`);
  }
  // The next cache write checks this too; failing here names the culprit instead.
  if (level(db) !== FULL) throw new CodedError('STORE_UNAVAILABLE', 'could not restore synchronous=FULL');
  return result;
}
