// The thread scripts the benchmarks start. `npm run bench` (scripts/bench.mjs) builds the core's bundles first
// and names their folder in RAKSA_BENCH_BUNDLES: the benchmarks then run the same parser and writer threads the
// app ships, and run bundled themselves. A benchmark started on its own (node --import tsx) runs everything
// from the TypeScript sources through tsx instead, which loads tsx and transpiles every module in each thread
// (~50–70 MB more at the full sync's peak for the threads, ~65 MB for the core's own thread, measured).
import path from 'node:path';
import { docWorkerScript, type DocWorkerScript } from '../../electron/core/search/docWorkerPool.js';
import { syncWriterScript, type SyncWriterScript } from '../../electron/core/store/threadedSyncWriter.js';
import { benchThreadsLabel } from './benchMode.js';

export interface BenchThreadScripts {
  readonly docWorker: DocWorkerScript;
  readonly syncWriter: SyncWriterScript;
  /** Said in the benchmark's output. */
  readonly label: string;
}

export function benchThreadScripts(): BenchThreadScripts {
  const dir = process.env.RAKSA_BENCH_BUNDLES;
  if (!dir) return { docWorker: docWorkerScript(), syncWriter: syncWriterScript(), label: benchThreadsLabel() };
  return {
    docWorker: docWorkerScript(path.join(dir, 'docWorker.mjs')),
    syncWriter: syncWriterScript(path.join(dir, 'syncWriterThread.mjs')),
    label: benchThreadsLabel(),
  };
}
