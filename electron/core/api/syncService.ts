// Runs account syncs one at a time per account: a second request while one runs waits for that run
// instead of starting a parallel one that would race it on the same folders.
import { CodedError, isCodedError } from '../../../shared/contract/result.js';
import type { SyncProgress } from '../../../shared/domain/schemas.js';
import type { AccountWithSecret } from '../store/mailStore.js';
import type { StatusTracker } from './statusTracker.js';

export type RunSync = (account: AccountWithSecret, onProgress: (p: SyncProgress) => void) => Promise<void>;

export interface SyncServiceDeps {
  readonly getAccount: (accountId: number) => AccountWithSecret | null;
  readonly run: RunSync;
  readonly status: StatusTracker;
  readonly onProgress: (p: SyncProgress) => void;
  readonly onFolderChanged: (accountId: number) => void;
}

export class SyncService {
  private readonly running = new Map<number, Promise<void>>();

  constructor(private readonly deps: SyncServiceDeps) {}

  sync(accountId: number): Promise<void> {
    const current = this.running.get(accountId);
    if (current) return current;
    const run = this.runOnce(accountId).finally(() => this.running.delete(accountId));
    this.running.set(accountId, run);
    return run;
  }

  /** Waits for every running sync (used before the database closes). */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.running.values()]);
  }

  private async runOnce(accountId: number): Promise<void> {
    const account = this.deps.getAccount(accountId);
    if (!account) throw new CodedError('NOT_FOUND', `No account ${accountId}.`);
    this.deps.status.syncStarted();
    try {
      await this.deps.run(account, (p) => {
        this.deps.onProgress(p);
        if (p.phase === 'headers' || p.phase === 'done') this.deps.onFolderChanged(accountId);
      });
      this.deps.status.syncSucceeded();
    } catch (e) {
      const code = isCodedError(e) ? e.code : 'INTERNAL';
      const message = isCodedError(e) ? e.message : 'Sync failed.';
      this.deps.status.syncFailed(code, message);
      this.deps.onProgress({ accountId, folderPath: '', phase: 'error', done: 0, total: 0 });
      throw isCodedError(e) ? e : new CodedError('INTERNAL', message, { cause: e });
    }
  }
}
