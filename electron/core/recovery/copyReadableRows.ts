// Copies what can still be read of one table from a damaged database into a fresh one, row by row.
// A page whose MAC fails (electron/core/store/integrity.ts) makes every read that touches it throw, so a
// plain `SELECT *` stops at the first bad page. Walking the table by rowid instead, and stepping over the
// rowid range that cannot be reached, keeps every row that sits on a good page.
import type { SqliteDatabase } from '../store/openDatabase.js';
import { isCorruptionError } from '../store/integrity.js';

export interface CopyResult {
  readonly table: string;
  readonly copied: number;
  /** Reads that failed on a damaged page (rows lost there, or a range that could not be walked). */
  readonly unreadable: number;
  /** Rows that were read but refused by the new schema (e.g. their account did not survive). */
  readonly rejected: number;
}

const quote = (name: string): string => `"${name.replace(/"/gu, '""')}"`;

// Rowids are 64-bit, but every table here uses small positive ones; JS numbers stay exact up to 2^53.
const FIRST = Number.MIN_SAFE_INTEGER;
const LAST = Number.MAX_SAFE_INTEGER;
/** At most this many single-row lookups to rescue rows inside a range the walk had to jump over. */
const MAX_POINT_LOOKUPS = 100_000;

type Row = Record<string, unknown> & { readonly __rowid: number };

/** Yields every row of `table` that can be read, in rowid order; `onUnreadable` counts failed reads. */
export function* readableRows(
  db: SqliteDatabase,
  table: string,
  columns: readonly string[],
  onUnreadable: () => void,
): Generator<Row> {
  const cols = columns.map(quote).join(', ');
  const next = db.prepare(`SELECT rowid AS __rowid, ${cols} FROM ${quote(table)} WHERE rowid > ? ORDER BY rowid LIMIT 1`);
  const probe = db.prepare(`SELECT rowid FROM ${quote(table)} WHERE rowid > ? ORDER BY rowid LIMIT 1`).pluck();
  const one = db.prepare(`SELECT rowid AS __rowid, ${cols} FROM ${quote(table)} WHERE rowid = ?`);
  const tryRead = <T>(read: () => T): { ok: true; value: T } | { ok: false } => {
    try {
      return { ok: true, value: read() };
    } catch (e) {
      if (!isCorruptionError(e)) throw e;
      return { ok: false };
    }
  };

  let cursor = FIRST;
  for (;;) {
    const r = tryRead(() => next.get(cursor) as Row | undefined);
    if (r.ok) {
      if (!r.value) return;
      yield r.value;
      cursor = r.value.__rowid;
      continue;
    }
    onUnreadable();
    // Find the smallest jump past which the b-tree can be walked again (the seek no longer lands on the
    // damaged page), doubling each time: at most ~64 seeks even when the bad page covers a huge range.
    let step = 1;
    let resumed = false;
    while (cursor <= LAST - step) {
      const p = tryRead(() => probe.get(cursor + step) as number | undefined);
      if (p.ok) {
        resumed = true;
        break;
      }
      step *= 2;
    }
    // The rows inside the jumped range may sit on good leaves behind a bad interior page: look them up
    // one by one (bounded), so only the rows on the bad page itself are lost.
    const start = cursor === FIRST ? 1 : cursor + 1;
    const end = resumed ? cursor + step : LAST;
    for (let id = start; id <= end && id - start < MAX_POINT_LOOKUPS; id++) {
      const row = tryRead(() => one.get(id) as Row | undefined);
      if (!row.ok) onUnreadable();
      else if (row.value) yield row.value;
    }
    if (!resumed) return;
    cursor += step;
  }
}

/**
 * Copies the readable rows of `table` (the columns both schemas share) from `from` into `to`, one
 * insert per row so a row the new schema refuses (a foreign key whose parent was lost) is skipped alone.
 */
export function copyReadableRows(from: SqliteDatabase, to: SqliteDatabase, table: string): CopyResult {
  const columnsOf = (db: SqliteDatabase): string[] =>
    (db.pragma(`table_xinfo(${quote(table)})`) as { name: string; hidden: number }[])
      .filter((c) => c.hidden === 0)
      .map((c) => c.name);
  const target = new Set(columnsOf(to));
  let sourceColumns: string[];
  try {
    sourceColumns = columnsOf(from);
  } catch (e) {
    if (!isCorruptionError(e)) throw e;
    return { table, copied: 0, unreadable: 1, rejected: 0 };
  }
  const columns = sourceColumns.filter((c) => target.has(c));
  if (columns.length === 0) return { table, copied: 0, unreadable: 0, rejected: 0 };
  const insert = to.prepare(
    `INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
  );
  let copied = 0;
  let unreadable = 0;
  let rejected = 0;
  const rows = readableRows(from, table, columns, () => unreadable++);
  to.transaction(() => {
    for (const row of rows) {
      try {
        insert.run(columns.map((c) => row[c]));
        copied++;
      } catch {
        rejected++;
      }
    }
  })();
  return { table, copied, unreadable, rejected };
}
