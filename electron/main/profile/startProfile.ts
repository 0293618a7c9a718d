// Starting the core on the app's profile, with the recovery of DESIGN.md §3: when the database cannot be
// opened (damaged, failed its integrity check) or the key cannot be unwrapped, the user is told plainly and
// offered a rebuild from the server that keeps the local-only data still readable. Nothing is rebuilt
// without the user's yes, and the old files are always kept aside (electron/core/recovery).
import { isCodedError } from '../../../shared/contract/result.js';
import type { RecoveryReport } from '../../core/recovery/recoverProfile.js';
import type { UnlockOutcome } from './unlockDatabaseKey.js';

export type RecoveryOffer =
  /** The key is fine, the database is not: rebuild, keeping accounts, outbox, drafts, audit log. */
  | 'damaged'
  /** The key cannot be had: start over with a new key; accounts must be added again. */
  | 'key-lost';

export interface StartProfileDeps<C> {
  unlock(): Promise<UnlockOutcome>;
  startCore(key: Uint8Array): Promise<C>;
  recover(key: Uint8Array | null): RecoveryReport;
  /** Asks the user (a dialog); true = rebuild. `detail` is diagnostic text for IT. */
  offerRecovery(offer: RecoveryOffer, detail: string): Promise<boolean>;
  /** After a recovery, tells the user what was kept and where the old files are. */
  reportRecovery(report: RecoveryReport): Promise<void>;
}

export type StartProfileOutcome<C> =
  | { readonly kind: 'started'; readonly core: C }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'failed'; readonly stage: 'key' | 'store'; readonly error: unknown };

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export async function startProfile<C>(deps: StartProfileDeps<C>): Promise<StartProfileOutcome<C>> {
  let unlocked: UnlockOutcome;
  try {
    unlocked = await deps.unlock();
  } catch (e) {
    // WRONG_PASSPHRASE after every attempt, or a keystore that cannot unwrap the key (it may come back:
    // another desktop session, a restored keyring), so the default answer is No and the app quits.
    const lost = isCodedError(e) && (e.code === 'WRONG_PASSPHRASE' || e.code === 'KEYSTORE_UNAVAILABLE');
    if (!lost || !(await deps.offerRecovery('key-lost', message(e)))) return { kind: 'failed', stage: 'key', error: e };
    try {
      const report = deps.recover(null);
      await deps.reportRecovery(report);
      unlocked = await deps.unlock();
    } catch (again) {
      return { kind: 'failed', stage: 'key', error: again };
    }
  }
  if (unlocked.kind === 'cancelled') return unlocked;
  const { key } = unlocked;
  try {
    try {
      return { kind: 'started', core: await deps.startCore(key) };
    } catch (e) {
      if (!(isCodedError(e) && e.code === 'STORE_UNAVAILABLE')) return { kind: 'failed', stage: 'store', error: e };
      if (!(await deps.offerRecovery('damaged', message(e)))) return { kind: 'failed', stage: 'store', error: e };
      const report = deps.recover(key);
      await deps.reportRecovery(report);
      return { kind: 'started', core: await deps.startCore(key) };
    }
  } catch (e) {
    return { kind: 'failed', stage: 'store', error: e };
  } finally {
    // The worker has its own copy; the main process keeps no key in memory.
    key.fill(0);
  }
}
