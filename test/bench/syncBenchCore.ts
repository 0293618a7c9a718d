// The part of the sync benchmark (syncBench.ts) that runs in the core-like worker thread: a fresh encrypted
// profile, and our header sync or full offline sync into it. syncBench.ts starts this file as a worker with the
// limits startCore gives the core's thread (CORE_WORKER_LIMITS), so the code, the thread and its V8 limits are
// the app's; the thread that starts it loads none of this, as the app's host thread does not.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { SearchIndex } from '../../electron/core/search/searchIndex.js';
import { InThreadDocParser } from '../../electron/core/search/docParser.js';
import { DocWorkerPool } from '../../electron/core/search/docWorkerPool.js';
import { closeDatabase } from '../../electron/core/store/openDatabase.js';
import { SqliteSyncWriter } from '../../electron/core/store/sqliteSyncWriter.js';
import { ThreadedSyncWriter } from '../../electron/core/store/threadedSyncWriter.js';
import { syncAccount } from '../../electron/core/sync/syncAccount.js';
import { openBenchProfile } from './benchProfile.js';
import { benchThreadScripts } from './benchScripts.js';

export type CoreTask = { readonly task: 'headers'; readonly port: number } | { readonly task: 'full'; readonly port: number };

export interface HeaderSyncResult {
  readonly seconds: number;
  readonly rows: number;
}

const now = (): number => performance.now();

// Headers are written from a second thread (ThreadedSyncWriter), as the core does; SYNC_WRITER=core writes
// them from this one (SqliteSyncWriter) to compare.
const threadWriter = process.env.SYNC_WRITER !== 'core';
const threads = benchThreadScripts();

function profile(port: number) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'raksa-syncbench-'));
  const file = path.join(dir, 'raksa.db');
  const key = randomBytes(32);
  const { db, store, account } = openBenchProfile(file, key, port);
  const writer = threadWriter ? new ThreadedSyncWriter({ db, file, key, script: threads.syncWriter }) : new SqliteSyncWriter(db);
  return {
    db, store, account, writer, index: new SearchIndex(db),
    close: async () => {
      if (writer instanceof ThreadedSyncWriter) await writer.close();
      closeDatabase(db);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface FullSyncResult {
  readonly seconds: number;
  readonly headerSeconds: number;
  readonly allRows: number;
  readonly cached: number;
  readonly indexed: number;
  /** The whole child process's peak RSS (Node included, and tsx when not run bundled). */
  readonly peakMb: number;
  /** Where RSS peaked, from 100 ms samples. */
  readonly peakPhase: string;
}

/** One run of step 2 (in the core-like thread): INBOX's headers into a fresh profile. */
async function headerSync(port: number): Promise<HeaderSyncResult> {
  const q = profile(port);
  const t = now();
  await syncAccount({ store: q.store, writer: q.writer, account: q.account, folders: ['INBOX'] });
  const seconds = (now() - t) / 1000;
  const rows = q.db.prepare('SELECT count(*) FROM messages').pluck().get() as number;
  await q.close();
  return { seconds, rows };
}

/** Step 3, run in the child process's core-like thread: a fresh profile, every folder's headers, then every body. */
async function fullSync(port: number): Promise<FullSyncResult> {
  let phase = 'headers';
  let sampled = { rss: 0, phase };
  const sample = (): void => {
    const rss = process.memoryUsage.rss();
    if (rss > sampled.rss) sampled = { rss, phase };
  };
  const sampler = setInterval(sample, 100);
  const p = profile(port);
  // Bodies are parsed in a DocWorkerPool, as in the core; DOC_WORKERS=N sets its size, 0 parses in this thread.
  const workers = process.env.DOC_WORKERS === undefined ? undefined : Number(process.env.DOC_WORKERS);
  const parser = workers === 0 ? new InThreadDocParser() : new DocWorkerPool({ ...(workers ? { size: workers } : {}), script: threads.docWorker });
  const t0 = now();
  let bodiesAt = 0;
  try {
    await syncAccount({
      store: p.store, writer: p.writer, account: p.account,
      offline: {
        index: p.index, policy: { windowDays: null, maxMessageBytes: null }, parser,
        ...(p.writer instanceof ThreadedSyncWriter ? { writer: p.writer } : {}),
      },
      onProgress: (e) => {
        if (e.phase !== 'bodies' || bodiesAt !== 0) return;
        sample();
        bodiesAt = now();
        phase = 'bodies';
      },
    });
  } finally {
    await parser.close();
  }
  const seconds = (now() - t0) / 1000;
  sample();
  clearInterval(sampler);
  const allRows = p.db.prepare('SELECT count(*) FROM messages').pluck().get() as number;
  const cached = p.db.prepare('SELECT count(*) FROM messages WHERE cached = 1').pluck().get() as number;
  const indexed = p.db.prepare('SELECT count(*) FROM search_docs WHERE has_body = 1').pluck().get() as number;
  await p.close();
  const peakMb = Math.round(process.resourceUsage().maxRSS / 1024);
  return { seconds, headerSeconds: (bodiesAt - t0) / 1000, allRows, cached, indexed, peakMb, peakPhase: `the ${sampled.phase} phase` };
}

const task = (workerData as { benchTask?: CoreTask } | null)?.benchTask;
if (!parentPort || !task) throw new Error('syncBenchCore.ts runs as syncBench.ts\'s worker thread');
parentPort.postMessage(task.task === 'headers' ? await headerSync(task.port) : await fullSync(task.port));
