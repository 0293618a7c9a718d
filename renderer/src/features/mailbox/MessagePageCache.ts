// The message list's data behind the virtualizer: pages of 100 rows fetched only when they become
// visible, so a folder of 100 000 messages costs a handful of small requests, never the whole list.
import type { ApiError, Result } from '../../../../shared/contract/result.js';
import type { MessagePage, MessageSummary } from '../../../../shared/domain/schemas.js';

// Generic over the row type so search results (MessageSummary plus a snippet) reuse the same cache.
export type PageLoader<T extends MessageSummary = MessageSummary> = (
  offset: number,
  limit: number,
) => Promise<Result<Omit<MessagePage, 'items'> & { items: T[] }>>;

export interface MessagePageCacheOptions {
  pageSize?: number;
  /** Pages kept in memory; the least recently wanted beyond this are dropped (scrolling 100k rows). */
  maxPages?: number;
}

interface Page<T> {
  items: readonly T[];
  generation: number;
  lastWanted: number;
}

export class MessagePageCache<T extends MessageSummary = MessageSummary> {
  readonly pageSize: number;
  private readonly maxPages: number;
  private readonly pages = new Map<number, Page<T>>();
  private readonly inFlight = new Map<number, number>(); // page index → generation requested
  private readonly listeners = new Set<() => void>();
  private generation = 0;
  private tick = 0;
  private wanted: readonly [number, number] = [0, 0];
  private version = 0;
  private totalCount: number | null = null;
  private lastError: ApiError | null = null;
  private disposed = false;

  constructor(
    private readonly load: PageLoader<T>,
    options: MessagePageCacheOptions = {},
  ) {
    this.pageSize = options.pageSize ?? 100;
    this.maxPages = Math.max(options.maxPages ?? 60, 4);
  }

  /** null until the first page answered. */
  get total(): number | null {
    return this.totalCount;
  }

  get error(): ApiError | null {
    return this.lastError;
  }

  getVersion = (): number => this.version;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  item(index: number): T | undefined {
    const page = this.pages.get(Math.floor(index / this.pageSize));
    return page?.items[index % this.pageSize];
  }

  /** Makes sure rows first..last (inclusive) are loaded or loading; fetches only missing or stale pages. */
  ensure(first: number, last: number): void {
    if (this.disposed) return;
    const lo = Math.max(0, Math.floor(first / this.pageSize));
    const hi = Math.max(lo, Math.floor(Math.max(first, last) / this.pageSize));
    this.wanted = [lo, hi];
    this.tick++;
    for (let p = lo; p <= hi; p++) {
      if (this.totalCount !== null && p * this.pageSize >= this.totalCount && p > 0) break;
      const page = this.pages.get(p);
      if (page) page.lastWanted = this.tick;
      const fresh = page?.generation === this.generation;
      if (!fresh && this.inFlight.get(p) !== this.generation) void this.fetchPage(p);
    }
  }

  /**
   * The folder changed on the server side: refetch what is visible. Old rows stay on screen until the
   * new ones arrive, so the list does not flash empty on every new message.
   */
  invalidate(): void {
    this.generation++;
    const [lo, hi] = this.wanted;
    this.ensure(lo * this.pageSize, hi * this.pageSize);
  }

  dispose(): void {
    this.disposed = true;
    this.listeners.clear();
  }

  private async fetchPage(p: number): Promise<void> {
    const generation = this.generation;
    this.inFlight.set(p, generation);
    const result = await this.load(p * this.pageSize, this.pageSize);
    if (this.inFlight.get(p) === generation) this.inFlight.delete(p);
    if (this.disposed || generation !== this.generation) return;
    if (!result.ok) {
      this.lastError = result.error;
    } else {
      this.lastError = null;
      this.totalCount = result.value.total;
      this.pages.set(p, { items: result.value.items, generation, lastWanted: this.tick });
      this.evict();
    }
    this.version++;
    for (const l of this.listeners) l();
  }

  private evict(): void {
    if (this.pages.size <= this.maxPages) return;
    const [lo, hi] = this.wanted;
    const candidates = [...this.pages.entries()]
      .filter(([p]) => p < lo || p > hi)
      .sort((a, b) => a[1].lastWanted - b[1].lastWanted);
    for (const [p] of candidates) {
      if (this.pages.size <= this.maxPages) break;
      this.pages.delete(p);
    }
  }
}
