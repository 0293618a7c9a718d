// Opens a profile's database for a core: the encrypted open with asserted pragmas (openDatabase.ts), plus
// the check that the last session ended cleanly, and a quick_check when it did not (integrity.ts). A
// database that fails it is not used: the host tells the user and offers a rebuild (docs/storage.md).
import path from 'node:path';
import { CodedError } from '../../../shared/contract/result.js';
import { beginSession, checkIntegrity, endSession, type IntegrityReport } from './integrity.js';
import { closeDatabase, openDatabase, type SqliteDatabase } from './openDatabase.js';

export interface ProfileDatabase {
  readonly db: SqliteDatabase;
  /** Whether the previous session was killed (and the quick_check therefore ran and passed). */
  readonly uncleanBefore: boolean;
  checkIntegrity(kind: 'quick' | 'full'): IntegrityReport;
  /** Checkpoints, closes, and marks the session as ended cleanly. */
  close(): void;
}

export const DAMAGED_DATABASE_MESSAGE =
  'The local mail database is damaged. It can be rebuilt from the server, keeping the outbox, drafts and audit log ' +
  '(raksa profile recover, or the app offers it).';

export function openProfileDatabase(profileDir: string, key: Uint8Array, fileName: string): ProfileDatabase {
  const file = path.join(profileDir, fileName);
  const db = openDatabase(file, key);
  let uncleanBefore: boolean;
  try {
    uncleanBefore = beginSession(file).uncleanBefore;
    if (uncleanBefore) {
      const report = checkIntegrity(db, 'quick');
      if (!report.ok) {
        throw new CodedError('STORE_UNAVAILABLE', `${DAMAGED_DATABASE_MESSAGE} (${report.problems[0] ?? 'quick_check failed'})`);
      }
    }
  } catch (e) {
    // The marker stays: the next open checks again.
    db.close();
    throw e;
  }
  return {
    db,
    uncleanBefore,
    checkIntegrity: (kind) => checkIntegrity(db, kind),
    close() {
      if (!db.open) return;
      closeDatabase(db);
      endSession(file);
    },
  };
}
