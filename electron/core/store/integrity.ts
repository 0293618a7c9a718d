// Detecting a damaged database. The cipher authenticates every page (Poly1305), so damage shows up as
// SQLITE_CORRUPT or SQLITE_NOTADB on the first read of the bad page, never as silently wrong data. Those
// errors are what the rest of the core maps to STORE_UNAVAILABLE, and what recovery (electron/core/recovery)
// is offered for.
import { existsSync, unlinkSync, writeFileSync } from 'node:fs';
import type { SqliteDatabase } from './openDatabase.js';

export interface IntegrityReport {
  readonly ok: boolean;
  /** SQLite's own messages (page numbers, tables), at most `maxErrors`; empty when ok. */
  readonly problems: readonly string[];
}

const CORRUPTION_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB']);

/** True for a better-sqlite3 error (or anything whose `cause` chain holds one) that means a damaged file. */
export const isCorruptionError = (e: unknown): boolean => {
  for (let cur: unknown = e, depth = 0; cur && depth < 8; depth++) {
    const code = (cur as { code?: unknown }).code;
    // Extended codes (SQLITE_CORRUPT_VTAB, SQLITE_CORRUPT_INDEX, …) keep the primary code as their prefix.
    if (typeof code === 'string' && [...CORRUPTION_CODES].some((c) => code === c || code.startsWith(`${c}_`)))
      return true;
    cur = (cur as { cause?: unknown }).cause;
  }
  return false;
};

/**
 * `quick` (PRAGMA quick_check) reads every page and checks each b-tree's structure: it finds every page
 * whose MAC fails. `full` (integrity_check) also cross-checks indexes against tables (and FTS5 indexes
 * against their content), several times slower.
 */
export const checkIntegrity = (
  db: SqliteDatabase,
  kind: 'quick' | 'full' = 'quick',
  maxErrors = 20,
): IntegrityReport => {
  const pragma = kind === 'quick' ? 'quick_check' : 'integrity_check';
  try {
    const rows = db.pragma(`${pragma}(${Math.max(1, Math.floor(maxErrors))})`) as Record<string, unknown>[];
    const problems = rows.map((r) => String(Object.values(r)[0])).filter((m) => m !== 'ok');
    return { ok: problems.length === 0, problems };
  } catch (e) {
    // A page bad enough (page 1, the schema) makes the check itself fail rather than report.
    if (isCorruptionError(e)) return { ok: false, problems: [e instanceof Error ? e.message : String(e)] };
    throw e;
  }
};

/**
 * A file beside the database that exists while a core has it open. Found at the next open, it means the
 * last session did not close cleanly (crash, SIGKILL, power loss): that open runs a quick_check before
 * anything else. A clean close removes it. WHY not check on every open: quick_check reads and decrypts
 * every page (seconds at 100k messages), and SQLite's WAL already makes a crash safe; the check is there
 * for the disk or the file system having lost writes it acknowledged.
 */
export const SESSION_MARKER_SUFFIX = '.open';

export const sessionMarkerPath = (databasePath: string): string => `${databasePath}${SESSION_MARKER_SUFFIX}`;

/** Creates the marker and says whether one was already there (the previous session ended uncleanly). */
export const beginSession = (databasePath: string): { readonly uncleanBefore: boolean } => {
  const marker = sessionMarkerPath(databasePath);
  const uncleanBefore = existsSync(marker);
  // Holds no secret: only the pid, for someone looking at the folder.
  writeFileSync(marker, `${process.pid}\n`, { mode: 0o600 });
  return { uncleanBefore };
};

export const endSession = (databasePath: string): void => {
  try {
    unlinkSync(sessionMarkerPath(databasePath));
  } catch {
    // Already gone: nothing to do.
  }
};

export const databaseFiles = (databasePath: string): readonly string[] => [
  databasePath,
  `${databasePath}-wal`,
  `${databasePath}-shm`,
  sessionMarkerPath(databasePath),
];
