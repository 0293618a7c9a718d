// Search documents parsed in worker threads (docParser.ts says why). Each job carries its own copy of the
// source (the core keeps the original: it stores it in the same transaction as the document). A worker
// parses its jobs strictly in the order it received them, so when one dies, the oldest unanswered job is the
// one it was parsing: that job has a second chance in a fresh worker, then gets its header-only document —
// a message that kills a worker twice would take the core down with it if it were parsed here instead. The
// jobs queued behind it are simply sent again. A worker that dies before it is ready (script missing, broken
// bundle) is not any message's fault: after a few of those in a row the pool parses in this thread instead.
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { MessageSummary } from '../../../shared/domain/schemas.js';
import type { Logger } from '../log/logger.js';
import { fallbackDoc, InThreadDocParser, type DocParser } from './docParser.js';
import type { SearchDoc } from './searchDoc.js';

export interface DocJob {
  readonly id: number;
  readonly source: Uint8Array;
  readonly summary: MessageSummary;
}

export interface ToDocWorker {
  readonly jobs: readonly DocJob[];
}

/** `doc`: the full document, or the header-only fallback of a message that could not be parsed. */
export type FromDocWorker = { readonly t: 'ready' } | { readonly t: 'doc'; readonly id: number; readonly doc: SearchDoc };

/** The script a worker runs, and its workerData. */
export interface DocWorkerScript {
  readonly path: string;
  readonly workerData?: unknown;
}

/**
 * The bundled worker (dist/core/docWorker.mjs, passed down by the host that started the core from the bundle),
 * or else the TypeScript entry through tsx, as the core itself is started from sources (coreClient.ts).
 */
export function docWorkerScript(bundledPath?: string): DocWorkerScript {
  if (bundledPath) return { path: bundledPath };
  return {
    path: fileURLToPath(new URL('../host/tsWorkerBootstrap.mjs', import.meta.url)),
    workerData: { entry: new URL('./docWorker.ts', import.meta.url).href },
  };
}

/**
 * Measured on 2 cores (the offline sync benchmark, 10,510 messages): one parser thread is busy ~70% of the body
 * phase while the core's thread writes, so it keeps up; a second one only competes with the writer and with
 * the IMAP server for the CPU (slower overall). On a larger machine a second thread keeps parsing from ever
 * being the limit; more would sit idle, since the single writer is.
 */
export const defaultDocWorkers = (parallelism: number = os.availableParallelism()): number =>
  Math.min(2, Math.max(1, parallelism - 1));

/**
 * The parser threads' V8 limits. A parse allocates a lot that dies at once, so a small young generation costs
 * no measurable speed, while V8's default (48 MB on 64-bit) is kept committed by every thread: 12 MB halved a
 * parser thread's heap (~47 MB to ~23 MB) and took ~25 MB off the core's peak RSS in the offline sync benchmark.
 */
export const DOC_WORKER_LIMITS = { maxYoungGenerationSizeMb: 12 } as const;

/** Deaths before ready in a row after which the workers are given up on. */
const MAX_START_FAILURES = 3;
/** A job whose worker died this many times while parsing it gets its header-only document. */
const MAX_DEATHS = 2;

export interface DocWorkerPoolOptions {
  readonly size?: number;
  readonly script?: DocWorkerScript;
  /** Starts one worker; default: `new Worker(script.path, …)`. Tests inject it to kill or fake workers. */
  readonly createWorker?: () => Worker;
  readonly log?: Logger;
  /** Where jobs go once the workers cannot be started; default: an InThreadDocParser. */
  readonly inThread?: DocParser;
}

interface Job {
  readonly id: number;
  readonly source: Uint8Array;
  readonly summary: MessageSummary;
  deaths: number;
  readonly resolve: (doc: SearchDoc) => void;
  readonly reject: (e: Error) => void;
}

interface Slot {
  readonly worker: Worker;
  /** Sent and not answered, in the order sent (= the order the worker parses them). */
  readonly inFlight: Map<number, Job>;
  ready: boolean;
}

export class DocWorkerPool implements DocParser {
  private readonly size: number;
  private readonly createWorker: () => Worker;
  private readonly inThread: DocParser;
  private readonly slots = new Set<Slot>();
  private queue: Job[] = [];
  private flushScheduled = false;
  private nextId = 1;
  private startFailures = 0;
  private broken = false;
  private closed = false;

  constructor(private readonly options: DocWorkerPoolOptions = {}) {
    this.size = Math.max(1, options.size ?? defaultDocWorkers());
    const script = options.script ?? docWorkerScript();
    this.createWorker =
      options.createWorker ??
      (() =>
        new Worker(script.path, {
          workerData: script.workerData ?? null,
          resourceLimits: DOC_WORKER_LIMITS,
        }));
    this.inThread = options.inThread ?? new InThreadDocParser();
  }

  /** Running worker threads (for tests and diagnostics). */
  get threads(): number {
    return this.slots.size;
  }

  parse(source: Uint8Array, summary: MessageSummary): Promise<SearchDoc> {
    if (this.closed) return Promise.reject(new Error('The document parser is closed.'));
    if (this.broken) return this.inThread.parse(source, summary);
    return new Promise<SearchDoc>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, source, summary, deaths: 0, resolve, reject });
      this.schedule();
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const slots = [...this.slots];
    this.slots.clear();
    const orphans = [...this.queue, ...slots.flatMap((s) => [...s.inFlight.values()])];
    this.queue = [];
    for (const job of orphans) job.reject(new Error('The document parser is closed.'));
    await Promise.all(slots.map((s) => s.worker.terminate()));
    await this.inThread.close();
  }

  /** Jobs added in one synchronous run (a whole batch) go to a worker in one message. */
  private schedule(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    queueMicrotask(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    if (this.closed || this.queue.length === 0) return;
    while (!this.broken && this.slots.size < this.size) {
      try {
        this.spawn();
      } catch (e) {
        this.options.log?.warn('document parser thread failed', {
          error: e instanceof Error ? e.name : typeof e,
        });
        this.startFailed();
      }
    }
    if (this.broken) {
      const jobs = this.queue;
      this.queue = [];
      for (const job of jobs) this.inThread.parse(job.source, job.summary).then(job.resolve, job.reject);
      return;
    }
    const slots = [...this.slots];
    const outboxes = new Map<Slot, Job[]>(slots.map((s) => [s, []]));
    for (const job of this.queue) {
      // The least loaded worker: a batch spreads evenly, and jobs sent back after a death go to the fresh one.
      let best = slots[0];
      let bestLoad = Infinity;
      for (const s of slots) {
        const load = s.inFlight.size + (outboxes.get(s)?.length ?? 0);
        if (load < bestLoad) [best, bestLoad] = [s, load];
      }
      if (best) outboxes.get(best)?.push(job);
    }
    this.queue = [];
    for (const [slot, jobs] of outboxes) {
      if (jobs.length === 0) continue;
      // A fresh copy per send, transferred: exactly the message's bytes (a view's whole underlying buffer would
      // be cloned otherwise), and the original stays intact for the store and for a retry.
      const sent = jobs.map((j) => ({ id: j.id, source: new Uint8Array(j.source), summary: j.summary }));
      for (const j of jobs) slot.inFlight.set(j.id, j);
      const message: ToDocWorker = { jobs: sent };
      slot.worker.postMessage(
        message,
        sent.map((d) => d.source.buffer),
      );
    }
  }

  private spawn(): void {
    const worker = this.createWorker();
    const slot: Slot = { worker, inFlight: new Map(), ready: false };
    this.slots.add(slot);
    worker.on('message', (msg: FromDocWorker) => this.received(slot, msg));
    // Without a listener an uncaught error in the worker would be rethrown here; 'exit' follows and handles it.
    worker.on('error', (e) => this.options.log?.warn('document parser thread failed', { error: e.name }));
    worker.on('exit', (code) => this.died(slot, code));
  }

  private received(slot: Slot, msg: FromDocWorker): void {
    if (msg.t === 'ready') {
      slot.ready = true;
      this.startFailures = 0;
      this.options.log?.debug('document parser thread ready');
      return;
    }
    const job = slot.inFlight.get(msg.id);
    if (!job) return;
    slot.inFlight.delete(msg.id);
    job.resolve(msg.doc);
  }

  private died(slot: Slot, code: number): void {
    // Not ours any more (closed, or already handled).
    if (!this.slots.delete(slot)) return;
    const jobs = [...slot.inFlight.values()];
    this.options.log?.warn('document parser thread stopped', {
      code,
      ready: slot.ready,
      inFlight: jobs.length,
    });
    if (!slot.ready) this.startFailed();
    else if (jobs[0]) jobs[0].deaths++;
    const retry: Job[] = [];
    for (const job of jobs) {
      if (job.deaths >= MAX_DEATHS) job.resolve(fallbackDoc(job.summary));
      else retry.push(job);
    }
    this.queue = [...retry, ...this.queue];
    this.schedule();
  }

  private startFailed(): void {
    if (++this.startFailures < MAX_START_FAILURES || this.broken) return;
    this.broken = true;
    this.options.log?.error('document parser threads cannot start; parsing in the core thread');
  }
}
