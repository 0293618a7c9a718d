// A rebuild must be recorded in the NEW database's audit log (electron/core/audit/recordRecovery.ts), with
// the hash of the policy in force. recoverProfile cannot write that entry itself: without the key there is
// no new database yet (the caller creates a key, the core creates the database at its first open), and no
// caller of recoverProfile (the CLI, the app's start, the worker) is where the machine policy is applied.
// So recoverProfile leaves this note in the profile directory and the core records it the next time it
// opens the profile, which every path does: the worker at once, the app right after, the CLI at its next verb.
// The note holds counts and file names only (no address, subject or key), the same facts as the README
// written beside the moved files. It can only add an entry, never change or hide one.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { RecoveredTable } from '../../../shared/domain/profile.js';

export const RECOVERY_MARKER_FILE = 'recovery-pending.json';

export const PendingRecovery = z.strictObject({
  /** The `recovered-<time>` folder the old files were moved into (its name): unique per rebuild. */
  recoveryId: z.string().min(1).max(200),
  /** key-unwrap-failed: the key was lost, nothing could be kept; integrity-failure: the database was damaged. */
  reason: z.enum(['key-unwrap-failed', 'integrity-failure']),
  recoveredAt: z.string().max(40),
  schemaReadable: z.boolean(),
  movedFiles: z.array(z.string().max(200)).max(20),
  accounts: z.number().int().min(0),
  tables: z.array(RecoveredTable).max(200),
});
export type PendingRecovery = z.infer<typeof PendingRecovery>;

const markerPath = (profileDir: string): string => path.join(profileDir, RECOVERY_MARKER_FILE);

export interface PendingRecoveries {
  readonly pending: PendingRecovery[];
  /** The note exists but cannot be read (damaged or not written by this app): a rebuild happened, details unknown. */
  readonly unreadable: boolean;
}

/** What is waiting to be recorded; null when there is no note. */
export function readPendingRecoveries(profileDir: string): PendingRecoveries | null {
  const file = markerPath(profileDir);
  if (!existsSync(file)) return null;
  try {
    const parsed = z
      .array(PendingRecovery)
      .max(100)
      .safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? { pending: parsed.data, unreadable: false } : { pending: [], unreadable: true };
  } catch {
    return { pending: [], unreadable: true };
  }
}

/** Adds one rebuild to the note (two rebuilds before the next open are both recorded). */
export function addPendingRecovery(profileDir: string, recovery: PendingRecovery): void {
  const earlier = readPendingRecoveries(profileDir)?.pending ?? [];
  const file = markerPath(profileDir);
  // Written beside and renamed over, so a crash never leaves a half-written note.
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify([...earlier, recovery]), { mode: 0o600 });
  renameSync(tmp, file);
}

/** Called once the entries are in the audit log. */
export function clearPendingRecoveries(profileDir: string): void {
  rmSync(markerPath(profileDir), { force: true });
}
