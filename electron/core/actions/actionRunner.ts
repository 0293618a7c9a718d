// Replays each account's queue in order when its server can be reached. One run per account at a time, and
// sync runs inside the same per-account lock (exclusive), so a sync never reads the server between a queued
// change and its replay. Offline (HOST_UNREACHABLE, TIMEOUT, OFFLINE) the runner waits and tries again with
// exponential backoff; a successful sync or a new action tries at once. Another failure counts against the
// action, which is dropped (and its local effect undone) after MAX_ATTEMPTS so one bad action cannot block
// the queue for ever. The clock is injected so tests drive time.
import type { ImapFlow } from 'imapflow';
import type { ErrorCode } from '../../../shared/contract/result.js';
import { closeImap } from '../imap/connectImap.js';
import { mapImapError } from '../imap/mapImapError.js';
import type { Logger } from '../log/logger.js';
import type { AccountWithSecret } from '../store/mailStore.js';
import type { ActionQueueStore } from './actionQueueStore.js';
import { replayAction, revertAction } from './replayAction.js';

export interface Clock {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    // A pending retry must not keep a CLI or test process alive on its own.
    t.unref();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface ActionRunnerDeps {
  readonly queue: ActionQueueStore;
  readonly getAccount: (accountId: number) => AccountWithSecret | null;
  readonly connect: (account: AccountWithSecret) => Promise<ImapFlow>;
  readonly log: Logger;
  readonly clock?: Clock;
  /** The queue length changed (all accounts). */
  readonly onQueueChanged?: (count: number) => void;
  /** A server answered (null) or could not be reached (the connection error). */
  readonly onServer?: (error: { code: ErrorCode; message: string } | null) => void;
  /** The local mailbox changed because an action was settled or undone. */
  readonly onMailboxChanged?: (accountId: number) => void;
  readonly backoff?: { readonly initialMs: number; readonly maxMs: number };
  readonly forceCopyFallback?: boolean;
}

export const MAX_ATTEMPTS = 5;
const DEFAULT_BACKOFF = { initialMs: 1000, maxMs: 15_000 };
const OFFLINE: ReadonlySet<ErrorCode> = new Set(['HOST_UNREACHABLE', 'TIMEOUT', 'OFFLINE']);

export type RunResult = 'empty' | 'offline' | 'retry' | 'closed';

export class ActionRunner {
  private readonly locks = new Map<number, Promise<unknown>>();
  private readonly timers = new Map<number, unknown>();
  private readonly delays = new Map<number, number>();
  private readonly clock: Clock;
  private readonly backoff: { initialMs: number; maxMs: number };
  private closed = false;

  constructor(private readonly deps: ActionRunnerDeps) {
    this.clock = deps.clock ?? systemClock;
    this.backoff = { ...DEFAULT_BACKOFF, ...deps.backoff };
  }

  /** Resumes every queue left from the last session (the queue is in the database). */
  start(): void {
    this.queueChanged();
    for (const accountId of this.deps.queue.accountsWithActions()) this.kick(accountId);
  }

  /** Runs `fn` alone for this account: no replay and no other exclusive work interleave with it. */
  exclusive<T>(accountId: number, fn: () => Promise<T>): Promise<T> {
    const before = this.locks.get(accountId) ?? Promise.resolve();
    const run = before.then(fn, fn);
    const tail = run.catch(() => undefined);
    this.locks.set(accountId, tail);
    void tail.then(() => {
      if (this.locks.get(accountId) === tail) this.locks.delete(accountId);
    });
    return run;
  }

  /** Try this account's queue now (after a new action or a successful sync). */
  kick(accountId: number): void {
    if (this.closed) return;
    this.cancelTimer(accountId);
    this.delays.delete(accountId);
    void this.exclusive(accountId, () => this.replayLocked(accountId));
  }

  /** Replays while already holding the account's lock (used by sync before it reads the server). */
  async replayLocked(accountId: number): Promise<RunResult> {
    if (this.closed) return 'closed';
    const queue = this.deps.queue;
    if (queue.count(accountId) === 0) return 'empty';
    const account = this.deps.getAccount(accountId);
    if (!account) return 'empty';
    let client: ImapFlow | null = null;
    try {
      client = await this.deps.connect(account);
      for (let action = queue.next(accountId); action && !this.closed; action = queue.next(accountId)) {
        try {
          await replayAction(client, queue, action, {
            log: this.deps.log,
            ...(this.deps.forceCopyFallback ? { forceCopyFallback: true } : {}),
          });
        } catch (e) {
          const err = mapImapError(e);
          if (OFFLINE.has(err.code)) throw err;
          const attempts = queue.bumpAttempts(action.id);
          this.deps.log.warn('queued action failed', { actionId: action.id, kind: action.kind, code: err.code, attempts });
          if (attempts >= MAX_ATTEMPTS) {
            this.deps.log.warn('queued action dropped after repeated failures', { actionId: action.id, kind: action.kind });
            revertAction(queue, action, true);
          } else {
            this.deps.onServer?.(null);
            this.schedule(accountId);
            return 'retry';
          }
        } finally {
          this.queueChanged();
          this.deps.onMailboxChanged?.(accountId);
        }
      }
      this.deps.onServer?.(null);
      this.delays.delete(accountId);
      return this.closed ? 'closed' : 'empty';
    } catch (e) {
      const err = mapImapError(e);
      if (!OFFLINE.has(err.code)) this.deps.log.warn('action replay could not start', { code: err.code });
      this.deps.onServer?.({ code: err.code, message: err.message });
      this.schedule(accountId);
      return 'offline';
    } finally {
      if (client) await closeImap(client);
    }
  }

  queueChanged(): void {
    this.deps.onQueueChanged?.(this.deps.queue.count());
  }

  /** Stops retrying and waits for running replays (before the database closes). */
  async close(): Promise<void> {
    this.closed = true;
    for (const accountId of [...this.timers.keys()]) this.cancelTimer(accountId);
    await Promise.allSettled([...this.locks.values()]);
  }

  private schedule(accountId: number): void {
    if (this.closed) return;
    this.cancelTimer(accountId);
    const previous = this.delays.get(accountId);
    const delay = previous === undefined ? this.backoff.initialMs : Math.min(previous * 2, this.backoff.maxMs);
    this.delays.set(accountId, delay);
    const handle = this.clock.setTimeout(() => {
      this.timers.delete(accountId);
      if (!this.closed) void this.exclusive(accountId, () => this.replayLocked(accountId));
    }, delay);
    this.timers.set(accountId, handle);
  }

  private cancelTimer(accountId: number): void {
    const h = this.timers.get(accountId);
    if (h !== undefined) this.clock.clearTimeout(h);
    this.timers.delete(accountId);
  }
}
