// The pure parts of the settings page's Profile section: checking a passphrase change before it is sent,
// and reading an integrity check and a recovery report into what the page shows.
import type { IntegrityResult, RecoveryReport } from '../../../../shared/domain/profile.js';

/** The same floor the unlock window sets for a new passphrase (electron/main/unlock/unlockPage.ts). */
export const MIN_PASSPHRASE_LENGTH = 8;

export type PassphraseProblem = 'required' | 'short' | 'mismatch' | 'same';

export interface PassphraseChange {
  readonly oldPassphrase: string;
  readonly newPassphrase: string;
  readonly confirm: string;
}

export function passphraseProblem(p: PassphraseChange): PassphraseProblem | null {
  if (p.oldPassphrase === '' || p.newPassphrase === '') return 'required';
  // Counted in code points: a Thai passphrase of 8 characters is 8, not its UTF-16 length.
  if ([...p.newPassphrase].length < MIN_PASSPHRASE_LENGTH) return 'short';
  if (p.confirm !== p.newPassphrase) return 'mismatch';
  if (p.newPassphrase === p.oldPassphrase) return 'same';
  return null;
}

export type IntegrityView =
  | { readonly kind: 'healthy' }
  | { readonly kind: 'damaged'; readonly problems: readonly string[] };

export const integrityView = (r: IntegrityResult): IntegrityView =>
  r.ok && r.problems.length === 0 ? { kind: 'healthy' } : { kind: 'damaged', problems: r.problems };

export interface RecoverySummary {
  /** Local-only rows carried into the new database (accounts, outbox, drafts, audit log, queued actions). */
  readonly kept: number;
  /** Rows that could not be read or did not fit the new schema: lost. */
  readonly lost: number;
  readonly accounts: number;
  /** Where the damaged files were moved (kept for IT, never deleted by the app). */
  readonly movedTo: string;
  readonly keyLost: boolean;
}

export const recoverySummary = (r: RecoveryReport): RecoverySummary => ({
  kept: r.tables.reduce((n, t) => n + t.copied, 0),
  lost: r.tables.reduce((n, t) => n + t.unreadable + t.rejected, 0),
  accounts: r.accounts,
  movedTo: r.movedTo,
  keyLost: r.keyLost,
});
