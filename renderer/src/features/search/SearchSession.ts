// What the search box drives: typing is debounced, each settled query gets its own result source (a page
// cache), and a source is shown only if it belongs to the LATEST query when its first answer arrives. An
// answer to an older query that arrives late is dropped with its source, so the list never jumps back to
// what was typed before. The results of the last settled query stay on screen (marked pending) while the
// next one runs, so the list does not flash empty on every keystroke.
//
// No React here: the state is a plain snapshot store (useSyncExternalStore), and time is injected, so the
// debounce and the stale-answer rules are unit-tested without a browser.
import type { ApiError } from '../../../../shared/contract/result.js';

/** The part of a page cache the session needs (MessagePageCache satisfies it). */
export interface ResultSource {
  readonly total: number | null;
  readonly error: ApiError | null;
  subscribe(listener: () => void): () => void;
  ensure(first: number, last: number): void;
  dispose(): void;
}

export interface ShownSearch<S> {
  readonly query: string;
  readonly source: S;
}

export interface SearchSnapshot<S> {
  /** The results on screen (their query, which may be older than the text in the box), or null. */
  readonly shown: ShownSearch<S> | null;
  /** A newer query than `shown` is waiting for its debounce or its first answer. */
  readonly pending: boolean;
  /** Search is active: the box holds non-blank text. */
  readonly active: boolean;
}

export type Schedule = (run: () => void, ms: number) => () => void;

export interface SearchSessionOptions<S> {
  createSource: (query: string) => S;
  schedule: Schedule;
  debounceMs?: number;
}

export const SEARCH_DEBOUNCE_MS = 150;

const IDLE: SearchSnapshot<never> = { shown: null, pending: false, active: false };

export class SearchSession<S extends ResultSource> {
  private text = '';
  private snapshot: SearchSnapshot<S> = IDLE;
  private cancelTimer: (() => void) | null = null;
  private waiting: { query: string; source: S; off: () => void } | null = null;
  private readonly stateListeners = new Set<() => void>();
  private readonly textListeners = new Set<() => void>();
  private readonly debounceMs: number;

  constructor(private readonly options: SearchSessionOptions<S>) {
    this.debounceMs = options.debounceMs ?? SEARCH_DEBOUNCE_MS;
  }

  /** The box's text; changes on every keystroke (only the box subscribes to it). */
  getText = (): string => this.text;
  /** Changes only when the shown results or the pending flag change, not on every keystroke. */
  getSnapshot = (): SearchSnapshot<S> => this.snapshot;

  subscribe = (listener: () => void): (() => void) => this.listen(this.stateListeners, listener);
  subscribeText = (listener: () => void): (() => void) => this.listen(this.textListeners, listener);

  setText(text: string): void {
    if (text === this.text) return;
    this.text = text;
    this.emit(this.textListeners);
    this.cancelTimer?.();
    this.cancelTimer = null;
    const query = text.trim();
    if (query === '') {
      this.dropWaiting();
      this.replaceShown(null, false);
      return;
    }
    if (query === this.snapshot.shown?.query) {
      // Back to what is already shown (e.g. a trailing space): nothing to run.
      this.dropWaiting();
      this.setState({ ...this.snapshot, pending: false, active: true });
      return;
    }
    this.setState({ ...this.snapshot, pending: true, active: true });
    this.cancelTimer = this.options.schedule(() => {
      this.cancelTimer = null;
      this.start(query);
    }, this.debounceMs);
  }

  /** Runs the current text at once (Enter), skipping the rest of the debounce. */
  flush(): void {
    if (!this.cancelTimer) return;
    this.cancelTimer();
    this.cancelTimer = null;
    this.start(this.text.trim());
  }

  clear(): void {
    this.setText('');
  }

  /**
   * Stops everything and frees the sources, back to an empty box. Not final: React's StrictMode runs an
   * effect's cleanup and then the effect again on the same instance, which must keep working.
   */
  dispose(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
    this.dropWaiting();
    this.text = '';
    this.emit(this.textListeners);
    this.replaceShown(null, false);
  }

  private start(query: string): void {
    this.dropWaiting();
    const source = this.options.createSource(query);
    const settle = (): void => {
      // Only the source of the latest query may replace what is shown; a dropped one was disposed and
      // unsubscribed, so this guard is for an answer already in flight when it was dropped.
      if (this.waiting?.source !== source) return;
      if (source.total === null && source.error === null) return;
      this.waiting.off();
      this.waiting = null;
      this.replaceShown({ query, source }, this.cancelTimer !== null);
    };
    this.waiting = { query, source, off: source.subscribe(settle) };
    source.ensure(0, 0);
  }

  private dropWaiting(): void {
    if (!this.waiting) return;
    this.waiting.off();
    this.waiting.source.dispose();
    this.waiting = null;
  }

  private replaceShown(shown: ShownSearch<S> | null, pending: boolean): void {
    const old = this.snapshot.shown;
    if (old && old.source !== shown?.source) old.source.dispose();
    this.setState({ shown, pending, active: this.text.trim() !== '' });
  }

  private setState(next: SearchSnapshot<S>): void {
    const cur = this.snapshot;
    if (cur.shown === next.shown && cur.pending === next.pending && cur.active === next.active) return;
    this.snapshot = next;
    this.emit(this.stateListeners);
  }

  private listen(set: Set<() => void>, listener: () => void): () => void {
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  private emit(set: Set<() => void>): void {
    for (const l of [...set]) l();
  }
}
