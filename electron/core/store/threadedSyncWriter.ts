// The sync write path on a second thread (issue 4 §3). A first sync of a large folder spends about as
// long in SQLite (upserts into `messages` and its indexes, threads, commits: ~40 µs a message at 100,000) as
// imapflow spends parsing the FETCH responses, and both ran on the core's thread one after the other. Here the
// batches are committed by a worker thread on its own connection to the same WAL database (syncWriterThread.ts),
// so the core parses batch N+1 while batch N is written. Every guarantee of headerWriter.ts holds: each call is
// one transaction (SqliteSyncWriter.commit, in the thread); calls are committed strictly in the order made; the
// returned promise settles only once the batch is committed (or failed with nothing of it written), and
// syncFolder sends a checkpoint only after every batch it covers has settled successfully.
// The body cache's batches (bodyWriter.ts) go the same way, in the same order as everything else sent: the core
// thread spent about half its time of a full offline sync committing them (raw sources, both FTS5 indexes, the
// WAL checkpoints), and meanwhile read nothing from the server; now it reads and parses the next batches while
// the thread commits this one. Nothing else writes during the body phase, so the two connections do not take
// turns on the write lock (an earlier split, sources on one connection and index terms on the other, did).
// A thread that cannot start (bundle missing, database refused) is not a sync failure: the writes then run on
// the core's connection, as before. A thread that dies fails the commits it had not answered (each was one
// transaction, so it is in or out as a whole; the next sync fetches whatever is missing) and is started again
// for the next commit.
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CodedError, ERROR_CODES, type ErrorCode } from '../../../shared/contract/result.js';
import type { Logger } from '../log/logger.js';
import { SearchIndex } from '../search/searchIndex.js';
import { bodyWriterOn, type BodyWriter, type CachedBody } from '../sync/bodyWriter.js';
import type { HeaderBatch, HeaderWriter } from '../sync/headerWriter.js';
import type { SqliteDatabase } from './openDatabase.js';
import { SqliteMailStore } from './sqliteMailStore.js';
import { SqliteSyncWriter } from './sqliteSyncWriter.js';

export interface SyncWriterThreadData {
  /** The profile database file and its raw key (the thread opens its own connection). */
  readonly file: string;
  readonly key: Uint8Array;
}

export type ToSyncWriterThread =
  | { readonly t: 'commit'; readonly id: number; readonly folderId: number; readonly batch: HeaderBatch }
  | { readonly t: 'bodies'; readonly id: number; readonly bodies: readonly CachedBody[] }
  | { readonly t: 'close' };

export type FromSyncWriterThread =
  | { readonly t: 'ready' }
  | { readonly t: 'fatal'; readonly message: string }
  | { readonly t: 'done'; readonly id: number }
  | { readonly t: 'failed'; readonly id: number; readonly code: ErrorCode | null; readonly message: string }
  | { readonly t: 'closed' };

/** The script the thread runs, and its workerData besides the database's (tsWorkerBootstrap's `entry`). */
export interface SyncWriterScript {
  readonly path: string;
  readonly workerData?: Readonly<Record<string, unknown>>;
}

/** The bundled thread (dist/core/syncWriterThread.mjs) when given, else the TypeScript entry through tsx. */
export function syncWriterScript(bundledPath?: string): SyncWriterScript {
  if (bundledPath) return { path: bundledPath };
  return {
    path: fileURLToPath(new URL('../host/tsWorkerBootstrap.mjs', import.meta.url)),
    workerData: { entry: new URL('./syncWriterThread.ts', import.meta.url).href },
  };
}

/**
 * The thread's V8 limits. It only deserializes a batch and hands it to SQLite, so all it allocates dies at
 * once; V8's default young generation would keep tens of MB committed for nothing (cf. DOC_WORKER_LIMITS).
 * Not smaller: a header batch (up to 4,000 headers) is deserialized onto this heap. (4 MB, with a 4 MB page
 * cache, was tried in session 5: header sync at 100k measured 1.51–1.52× the raw fetch in two runs against
 * 1.34–1.42× before, and the full sync's peak was no lower; docs/benchmarks.md.)
 */
export const SYNC_WRITER_LIMITS = { maxYoungGenerationSizeMb: 12 } as const;

/**
 * An idle thread is ended after this long, so that the memory it grew (its heap and page cache, ~60 MB at
 * 100,000 messages) is given back between syncs. Long enough to outlast the FETCH of the next batch (8,000
 * headers take ~1 s), so a folder's sync keeps one thread; starting it again costs one thread start per sync.
 */
export const SYNC_WRITER_IDLE_MS = 3000;
/**
 * After a checkpoint (a folder's last commit) the thread ends sooner: the header phase's heap is not carried
 * into the body phase that follows at once (the full-sync bench peaked ~70 MB higher when it was). The next
 * batch, of headers or bodies, starts a new thread.
 */
export const SYNC_WRITER_IDLE_AFTER_CHECKPOINT_MS = 100;

/**
 * While it commits body batches, the thread's connection checkpoints the WAL into the database itself only
 * once it holds this many pages (SQLite's default, which header batches keep, is 1,000): after each body commit
 * the core's connection copies what was committed (queueCheckpoint), off the thread's path, so the thread's own
 * checkpoint finds about one batch left to copy and then lets the WAL start over. With the default the thread
 * copied every batch itself (~10 MB of sources and index pages, then two fsyncs) between two of its commits.
 * Header batches are not copied behind: in the header phase the core thread is the one that limits (it parses
 * the FETCH responses), and copying there took header sync at 100k from 1.43× to 1.67× the raw fetch.
 */
export const SYNC_WRITER_AUTOCHECKPOINT_PAGES = 4096;

export interface ThreadedSyncWriterOptions {
  /** The core's connection: flag comparisons read it, and it writes when no thread can run. */
  readonly db: SqliteDatabase;
  readonly file: string;
  readonly key: Uint8Array;
  readonly script?: SyncWriterScript;
  /** Starts the thread; default `new Worker(script.path, …)`. Tests inject it. */
  readonly createWorker?: (data: SyncWriterThreadData & Readonly<Record<string, unknown>>) => Worker;
  readonly log?: Logger;
  /** Defaults SYNC_WRITER_IDLE_MS and SYNC_WRITER_IDLE_AFTER_CHECKPOINT_MS. */
  readonly idleMs?: number;
  readonly idleAfterCheckpointMs?: number;
}

interface Pending {
  /** Kept until the thread is ready, to be written here if it never comes up; then let go (it was copied). */
  writeHere: (() => Promise<void>) | null;
  readonly checkpoint: boolean;
  /** A body batch: once committed, the core's connection copies it into the database (queueCheckpoint). */
  readonly bodies: boolean;
  readonly resolve: () => void;
  readonly reject: (e: Error) => void;
}

interface Thread {
  readonly worker: Worker;
  ready: boolean;
  /** Sent and not answered, in the order sent (= the order the thread commits them). */
  readonly inFlight: Map<number, Pending>;
}

/**
 * The buffers among these views that each view spans whole: moving one to the thread moves exactly that
 * message, while a view into a larger buffer (Node's pool for small Buffers) is copied instead.
 */
const ownBuffers = (views: readonly Uint8Array[]): ArrayBuffer[] => [
  ...new Set(
    views.flatMap((v) =>
      v.buffer instanceof ArrayBuffer && v.byteOffset === 0 && v.byteLength === v.buffer.byteLength ? [v.buffer] : [],
    ),
  ),
];

const toErrorCode = (code: string | null): ErrorCode =>
  code !== null && (ERROR_CODES as readonly string[]).includes(code) ? (code as ErrorCode) : 'STORE_UNAVAILABLE';

export class ThreadedSyncWriter implements HeaderWriter, BodyWriter {
  readonly updatesFlags = true;
  private readonly local: SqliteSyncWriter;
  /** Body batches on the core's connection, made when first needed (only when no thread can run). */
  private localBodies: BodyWriter | null = null;
  private readonly createWorker: ThreadedSyncWriterOptions['createWorker'] & {};
  private thread: Thread | null = null;
  /** The thread could not start: every commit runs on the core's connection from now on. */
  private onCoreThread = false;
  private closed = false;
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | null = null;
  /** A queueCheckpoint is scheduled. */
  private checkpointQueued = false;

  constructor(private readonly options: ThreadedSyncWriterOptions) {
    this.local = new SqliteSyncWriter(options.db);
    const script = options.script ?? syncWriterScript();
    this.createWorker =
      options.createWorker ??
      ((data) =>
        new Worker(script.path, { workerData: { ...script.workerData, ...data }, resourceLimits: SYNC_WRITER_LIMITS }));
  }

  /** Whether commits go to the thread (false once it could not start). */
  get threaded(): boolean {
    return !this.onCoreThread;
  }

  commit(folderId: number, batch: HeaderBatch): Promise<void> {
    return this.send(
      (id) => ({ t: 'commit', id, folderId, batch }),
      () => this.commitHere(folderId, batch),
      { checkpoint: batch.checkpoint !== undefined, bodies: false },
    );
  }

  /** A body cache batch (bodyWriter.ts), committed by the thread in the order of every call made here. */
  writeBodies(bodies: readonly CachedBody[]): Promise<void> {
    return this.send(
      (id) => ({ t: 'bodies', id, bodies }),
      () => {
        this.localBodies ??= bodyWriterOn(new SqliteMailStore(this.options.db), new SearchIndex(this.options.db));
        return this.localBodies.writeBodies(bodies);
      },
      { checkpoint: false, bodies: true, transfer: () => ownBuffers(bodies.map((b) => b.source)) },
    );
  }

  /**
   * Posts one write to the thread. `transfer` lists buffers the thread may take over instead of receiving a
   * copy (a batch of sources is ~8 MB); only used once the thread is up, since until then the data must stay
   * here to be written on this connection if the thread never comes up.
   */
  private send(
    message: (id: number) => ToSyncWriterThread,
    writeHere: () => Promise<void>,
    opts: { readonly checkpoint: boolean; readonly bodies: boolean; readonly transfer?: () => ArrayBuffer[] },
  ): Promise<void> {
    if (this.closed) return Promise.reject(new CodedError('STORE_UNAVAILABLE', 'The sync writer is closed.'));
    if (this.onCoreThread) return writeHere();
    this.stopIdleTimer();
    return new Promise<void>((resolve, reject) => {
      const thread = this.thread ?? this.start();
      if (this.onCoreThread || !thread) {
        writeHere().then(resolve, reject);
        return;
      }
      const id = this.nextId++;
      const pending: Pending = { writeHere, checkpoint: opts.checkpoint, bodies: opts.bodies, resolve, reject };
      thread.inFlight.set(id, pending);
      thread.worker.postMessage(message(id), thread.ready && opts.transfer ? opts.transfer() : []);
      // The thread has its own copy now; the caller's data need not outlive this call once the thread is up.
      if (thread.ready) pending.writeHere = null;
    });
  }

  /** Stored flags per UID (SqliteSyncWriter.flagState), read on the core's connection. */
  flagState(folderId: number): Map<number, string> {
    return this.local.flagState(folderId);
  }

  /** Lets the thread finish what it was sent, closes its connection, and ends it. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopIdleTimer();
    const thread = this.thread;
    if (!thread) return;
    // From here its end is expected: onEnd leaves it alone, and what it still answers is settled below.
    this.thread = null;
    await this.retire(thread);
    for (const p of thread.inFlight.values()) p.reject(new CodedError('STORE_UNAVAILABLE', 'The sync writer is closed.'));
    thread.inFlight.clear();
  }

  /** Asks a thread no longer in `this.thread` to close its connection after what it was sent, and ends it. */
  private async retire(thread: Thread): Promise<void> {
    const ended = new Promise<void>((resolve) => {
      thread.worker.on('message', (m: FromSyncWriterThread) => {
        if (m.t === 'closed') resolve();
      });
      thread.worker.once('exit', () => resolve());
    });
    const msg: ToSyncWriterThread = { t: 'close' };
    thread.worker.postMessage(msg);
    await ended;
    await thread.worker.terminate();
  }

  private stopIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  /** Nothing in flight: the thread ends unless a commit comes within idleMs. */
  private startIdleTimer(thread: Thread, afterCheckpoint: boolean): void {
    this.stopIdleTimer();
    const ms = afterCheckpoint
      ? (this.options.idleAfterCheckpointMs ?? SYNC_WRITER_IDLE_AFTER_CHECKPOINT_MS)
      : (this.options.idleMs ?? SYNC_WRITER_IDLE_MS);
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.thread !== thread || thread.inFlight.size > 0) return;
      // Out of `this.thread` first: a commit made from now on starts a new thread instead of being sent here.
      this.thread = null;
      void this.retire(thread);
    }, ms);
    this.idleTimer.unref();
  }

  private commitHere(folderId: number, batch: HeaderBatch): Promise<void> {
    try {
      this.local.commit(folderId, batch);
      return Promise.resolve();
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }

  private start(): Thread | null {
    let worker: Worker;
    try {
      worker = this.createWorker({ file: this.options.file, key: this.options.key });
    } catch (e) {
      this.giveUp(e);
      return null;
    }
    const thread: Thread = { worker, ready: false, inFlight: new Map() };
    this.thread = thread;
    worker.on('message', (m: FromSyncWriterThread) => this.onMessage(thread, m));
    worker.on('error', (e) => this.onEnd(thread, e));
    worker.on('exit', (code) => this.onEnd(thread, new Error(`sync writer thread exited (${code})`)));
    return thread;
  }

  private onMessage(thread: Thread, m: FromSyncWriterThread): void {
    if (m.t === 'ready') {
      thread.ready = true;
      for (const p of thread.inFlight.values()) p.writeHere = null;
    }
    else if (m.t === 'fatal') this.onEnd(thread, new Error(m.message));
    else if (m.t === 'done' || m.t === 'failed') {
      const p = thread.inFlight.get(m.id);
      if (!p) return;
      thread.inFlight.delete(m.id);
      if (thread.inFlight.size === 0 && this.thread === thread) this.startIdleTimer(thread, p.checkpoint);
      if (m.t === 'done') {
        p.resolve();
        if (p.bodies) this.queueCheckpoint();
      } else p.reject(new CodedError(toErrorCode(m.code), m.message));
    }
  }

  /**
   * After the promise callbacks of a body commit have run (the next batch is posted first, so the thread never
   * waits for this), copies the WAL's committed frames into the database on the core's connection: a PASSIVE
   * checkpoint, which never blocks the thread's writes and gives up on any lock it cannot take at once.
   */
  private queueCheckpoint(): void {
    if (this.checkpointQueued) return;
    this.checkpointQueued = true;
    setImmediate(() => {
      this.checkpointQueued = false;
      if (this.closed) return;
      try {
        this.options.db.pragma('wal_checkpoint(PASSIVE)');
      } catch (e) {
        // Only a lost chance to copy early: the thread's own checkpoint (SYNC_WRITER_AUTOCHECKPOINT_PAGES) stays.
        this.options.log?.debug('checkpoint behind the sync writer failed', { error: e instanceof Error ? e.name : typeof e });
      }
    });
  }

  /** The thread is gone (or never came up). Called at most once per thread. */
  private onEnd(thread: Thread, cause: unknown): void {
    if (this.thread !== thread) return;
    this.thread = null;
    void thread.worker.terminate();
    const orphans = [...thread.inFlight.values()];
    thread.inFlight.clear();
    if (!thread.ready) {
      // Nothing was committed by a thread that never came up: the same batches, in the same order, here.
      this.giveUp(cause);
      for (const p of orphans) {
        if (p.writeHere) p.writeHere().then(p.resolve, p.reject);
        else p.reject(new CodedError('STORE_UNAVAILABLE', 'The sync writer thread ended.', { cause }));
      }
      return;
    }
    this.options.log?.warn('sync writer thread ended', { error: cause instanceof Error ? cause.name : typeof cause });
    // Each was one transaction, in or out as a whole; the sync fails and the next one fetches what is missing.
    for (const p of orphans) p.reject(new CodedError('STORE_UNAVAILABLE', 'The sync writer thread ended.', { cause }));
  }

  private giveUp(cause: unknown): void {
    this.onCoreThread = true;
    this.options.log?.warn('sync writer thread unavailable; writing on the core thread', {
      error: cause instanceof Error ? cause.name : typeof cause,
    });
  }
}
