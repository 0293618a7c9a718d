// Runs account syncs one at a time per account: a second request while one runs waits for that run instead of
// starting a parallel one that would race it on the same folders. A push notification during a run is not
// lost: it asks for one more run after the current one. With push on, an account that synced once gets a
// watcher (IDLE on INBOX, polling elsewhere; electron/core/sync/accountWatcher.ts). stopAccount() aborts that
// account's run and watcher, so editing or removing one account never waits for the others.
import { CodedError, isCodedError } from '../../../shared/contract/result.js';
import type { EventPayload } from '../../../shared/contract/api.js';
import type { SyncProgress } from '../../../shared/domain/schemas.js';
import type { AccountWithSecret, MailStore } from '../store/mailStore.js';
import type { SyncFolderResult } from '../sync/syncFolder.js';
import type { StatusTracker } from './statusTracker.js';

export interface RunSyncOptions {
  /** Only these folder paths; default every synced folder. */
  readonly folders?: readonly string[];
  readonly signal: AbortSignal;
  readonly onFolderSynced: (folderPath: string, result: SyncFolderResult) => void;
}

export type RunSync = (account: AccountWithSecret, onProgress: (p: SyncProgress) => void, opts: RunSyncOptions) => Promise<void>;

/** What the service needs from a push watcher (AccountWatcher). */
export interface Watcher {
  start(): void;
  stop(): Promise<void>;
}

export interface WatcherHooks {
  onChange(folderPath: string): void;
  onPoll(): void;
  onOnline(): void;
  onOffline(error: unknown): void;
}

export interface SyncServiceDeps {
  readonly getAccount: (accountId: number) => AccountWithSecret | null;
  readonly run: RunSync;
  readonly status: StatusTracker;
  readonly onProgress: (p: SyncProgress) => void;
  readonly onFolderChanged: (accountId: number, folderId: number | null) => void;
  /** New mail in an inbox since the last sync (desktop notification). */
  readonly onNewMail?: (event: EventPayload<'mail.new'>) => void;
  /** For the new-mail event: which folders are inboxes, and the newest message's sender and subject. */
  readonly store?: Pick<MailStore, 'getFolder' | 'listMessages'>;
  /** Push: builds the watcher of an account; absent, no account is watched (CLI). */
  readonly createWatcher?: (accountId: number, hooks: WatcherHooks) => Watcher;
}

interface Running {
  readonly promise: Promise<void>;
  readonly abort: AbortController;
}

export class SyncService {
  private readonly running = new Map<number, Running>();
  /** Folders a notification asked for while a run was busy; `null` means all folders. */
  private readonly again = new Map<number, Set<string> | null>();
  private readonly watchers = new Map<number, Watcher>();
  private closed = false;

  constructor(private readonly deps: SyncServiceDeps) {}

  sync(accountId: number, folders?: readonly string[]): Promise<void> {
    const current = this.running.get(accountId);
    if (current) return current.promise;
    const abort = new AbortController();
    const promise = this.runOnce(accountId, abort.signal, folders).finally(() => {
      this.running.delete(accountId);
      this.followUp(accountId);
    });
    this.running.set(accountId, { promise, abort });
    return promise;
  }

  /** Push and polling: sync now, or right after the run in progress (which may have missed the change). */
  requestSync(accountId: number, folders?: readonly string[]): void {
    if (this.closed) return;
    if (this.running.has(accountId)) {
      const prev = this.again.get(accountId);
      this.again.set(accountId, prev === null || !folders ? null : new Set([...(prev ?? []), ...folders]));
      return;
    }
    this.sync(accountId, folders).catch(() => undefined);
  }

  /** Stops one account: its watcher, and its running sync (aborted: the batch in flight is not committed). */
  async stopAccount(accountId: number): Promise<void> {
    this.again.delete(accountId);
    const watcher = this.watchers.get(accountId);
    this.watchers.delete(accountId);
    const run = this.running.get(accountId);
    run?.abort.abort(new CodedError('INTERNAL', 'The sync was stopped: the account is being changed.'));
    await Promise.allSettled([watcher?.stop(), run?.promise]);
  }

  /** Waits for every running sync (used before the database closes). */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.running.values()].map((r) => r.promise));
  }

  /** Stops every watcher and waits for the running syncs. */
  async close(): Promise<void> {
    this.closed = true;
    this.again.clear();
    const watchers = [...this.watchers.values()];
    this.watchers.clear();
    await Promise.allSettled(watchers.map((w) => w.stop()));
    await this.idle();
  }

  private followUp(accountId: number): void {
    if (!this.again.has(accountId) || this.closed) return;
    const folders = this.again.get(accountId);
    this.again.delete(accountId);
    this.sync(accountId, folders ? [...folders] : undefined).catch(() => undefined);
  }

  private watch(accountId: number): void {
    const create = this.deps.createWatcher;
    if (!create || this.closed || this.watchers.has(accountId)) return;
    const watcher = create(accountId, {
      onChange: (path) => this.requestSync(accountId, [path]),
      onPoll: () => this.requestSync(accountId),
      onOnline: () => this.deps.status.serverReached(null),
      onOffline: (e) =>
        this.deps.status.serverReached(
          isCodedError(e) ? { code: e.code, message: e.message } : { code: 'OFFLINE', message: 'The mail server cannot be reached.' },
        ),
    });
    this.watchers.set(accountId, watcher);
    watcher.start();
  }

  private async runOnce(accountId: number, signal: AbortSignal, folders?: readonly string[]): Promise<void> {
    const account = this.deps.getAccount(accountId);
    if (!account) throw new CodedError('NOT_FOUND', `No account ${accountId}.`);
    this.deps.status.syncStarted();
    try {
      await this.deps.run(
        account,
        (p) => {
          this.deps.onProgress(p);
          if (p.phase === 'headers' || p.phase === 'done') this.deps.onFolderChanged(accountId, null);
        },
        { signal, ...(folders ? { folders } : {}), onFolderSynced: (_path, r) => this.folderSynced(accountId, r) },
      );
      this.deps.status.syncSucceeded();
    } catch (e) {
      if (signal.aborted) {
        // Stopped on purpose (stopAccount): not a failure to show; the server was reachable.
        this.deps.status.syncSucceeded();
        throw isCodedError(e) ? e : new CodedError('INTERNAL', 'The sync was stopped.', { cause: e });
      }
      const code = isCodedError(e) ? e.code : 'INTERNAL';
      const message = isCodedError(e) ? e.message : 'Sync failed.';
      this.deps.status.syncFailed(code, message);
      this.deps.onProgress({ accountId, folderPath: '', phase: 'error', done: 0, total: 0 });
      throw isCodedError(e) ? e : new CodedError('INTERNAL', message, { cause: e });
    }
    // Push starts once the account has synced: its settings work and its folders are known.
    if (!signal.aborted) this.watch(accountId);
  }

  private folderSynced(accountId: number, r: SyncFolderResult): void {
    if (r.added + r.removed + r.flagsUpdated > 0) this.deps.onFolderChanged(accountId, r.folderId);
    const store = this.deps.store;
    if (r.added === 0 || r.initial || !store || !this.deps.onNewMail) return;
    if (store.getFolder(r.folderId)?.specialUse !== 'inbox') return;
    const newest = store.listMessages(r.folderId, 0, 1).items[0];
    this.deps.onNewMail({
      accountId,
      folderId: r.folderId,
      count: r.added,
      latest: newest ? { from: newest.from?.name || newest.from?.address || '', subject: newest.subject } : null,
    });
  }
}
