// Push for one account (issue 4 §2): a dedicated, long-lived connection that keeps INBOX open read-only and lets
// imapflow IDLE on it (RFC 2177), so the server's EXISTS / EXPUNGE / FETCH (flags) notifications arrive within
// a second; other folders are polled on an interval. The watcher only notices; the sync service does the work
// on its own connection. A dropped connection, a server restart or a sleeping laptop (the clock jumps) leads to
// a reconnect with backoff (backoff.ts), reset by the next successful connect.
import type { ImapFlow } from 'imapflow';
import { Backoff } from './backoff.js';

export interface WatcherTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

export const realTimers: WatcherTimers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

export interface AccountWatcherDeps {
  /** A logged-in connection with automatic IDLE on (the sync connections have it off). */
  connect(): Promise<ImapFlow>;
  /** The server told us a folder changed (new mail, expunge, flags). */
  onChange(folderPath: string): void;
  /** Time to look at the folders that are not watched. */
  onPoll(): void;
  onOnline(): void;
  onOffline(error: unknown): void;
  readonly timers?: WatcherTimers;
  readonly backoff?: Backoff;
  /** Default 5 minutes. */
  readonly pollMs?: number;
  /** Notifications closer together than this become one sync (a 50-message expunge is one change). */
  readonly debounceMs?: number;
  readonly folderPath?: string;
}

/** A wall-clock gap this much larger than the tick means the machine slept: the socket is likely dead. */
const SLEEP_TICK_MS = 30_000;
const SLEEP_SLACK_MS = 30_000;

export class AccountWatcher {
  private client: ImapFlow | null = null;
  private stopped = false;
  private retry: unknown = null;
  private poll: unknown = null;
  private tick: unknown = null;
  private debounce: unknown = null;
  private lastTick = 0;
  private readonly timers: WatcherTimers;
  private readonly backoff: Backoff;
  private readonly path: string;
  private running: Promise<void> | null = null;

  constructor(private readonly deps: AccountWatcherDeps) {
    this.timers = deps.timers ?? realTimers;
    this.backoff = deps.backoff ?? new Backoff();
    this.path = deps.folderPath ?? 'INBOX';
  }

  get connected(): boolean {
    return this.client?.usable === true;
  }

  start(): void {
    if (this.running || this.stopped) return;
    this.running = this.connectOnce();
    this.schedulePoll();
    this.scheduleTick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const h of [this.retry, this.poll, this.tick, this.debounce]) if (h !== null) this.timers.clearTimeout(h);
    this.retry = this.poll = this.tick = this.debounce = null;
    const c = this.client;
    this.client = null;
    c?.close();
    await this.running?.catch(() => undefined);
  }

  private async connectOnce(): Promise<void> {
    let client: ImapFlow | null = null;
    try {
      client = await this.deps.connect();
      if (this.stopped) {
        client.close();
        return;
      }
      this.client = client;
      const c = client;
      c.on('exists', (e: { path: string }) => this.changed(e.path));
      c.on('expunge', (e: { path: string }) => this.changed(e.path));
      c.on('flags', (e: { path: string }) => this.changed(e.path));
      c.on('close', () => this.lost(c, new Error('connection closed')));
      // EXAMINE: watching must never clear \Recent or touch a flag. imapflow IDLEs on it once nothing else runs.
      await c.mailboxOpen(this.path, { readOnly: true });
      this.backoff.reset();
      this.deps.onOnline();
      // Whatever arrived while we were away is synced now, not at the next poll.
      this.deps.onChange(this.path);
    } catch (e) {
      if (client) this.lost(client, e);
      else this.failed(e);
    } finally {
      this.running = null;
    }
  }

  private changed(path: string): void {
    if (this.stopped) return;
    if (this.debounce !== null) return;
    this.debounce = this.timers.setTimeout(() => {
      this.debounce = null;
      if (!this.stopped) this.deps.onChange(path);
    }, this.deps.debounceMs ?? 100);
  }

  private lost(client: ImapFlow, error: unknown): void {
    if (this.client !== client && this.client !== null) return;
    this.client = null;
    client.close();
    this.failed(error);
  }

  private failed(error: unknown): void {
    if (this.stopped || this.retry !== null) return;
    this.deps.onOffline(error);
    this.retry = this.timers.setTimeout(() => {
      this.retry = null;
      if (!this.stopped && !this.running && !this.client) this.running = this.connectOnce();
    }, this.backoff.next());
  }

  private schedulePoll(): void {
    this.poll = this.timers.setTimeout(() => {
      this.poll = null;
      if (this.stopped) return;
      this.deps.onPoll();
      this.schedulePoll();
    }, this.deps.pollMs ?? 5 * 60_000);
  }

  private scheduleTick(): void {
    this.lastTick = this.timers.now();
    this.tick = this.timers.setTimeout(() => {
      this.tick = null;
      if (this.stopped) return;
      const slept = this.timers.now() - this.lastTick > SLEEP_TICK_MS + SLEEP_SLACK_MS;
      if (slept && this.client) {
        // After a suspend the server has long dropped us while our socket still looks open.
        this.backoff.reset();
        this.lost(this.client, new Error('woke from sleep'));
      }
      this.scheduleTick();
    }, SLEEP_TICK_MS);
  }
}
