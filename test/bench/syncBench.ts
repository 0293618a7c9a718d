// The sync benchmark behind `npm run bench` (docs/benchmarks.md, issue 4 §3), in one run against one private
// Dovecot serving the generated mailbox (../shared/bench):
// 1. the raw imapflow header fetch of INBOX (UID FLAGS ENVELOPE RFC822.SIZE BODYSTRUCTURE): the ceiling, timed
//    two ways: the FETCH alone (as ../shared/bench/imapflow-fetch.mjs does) and end to end (connect, LOGIN,
//    EXAMINE, FETCH), which is what our figure is compared with, since a real client must connect too;
// 2. our header sync of INBOX into a fresh encrypted profile, end to end (syncAccount + ThreadedSyncWriter, the
//    rows written by a second thread, as the core composes it; SYNC_WRITER=core: SqliteSyncWriter on this
//    thread, to compare, and body batches on this thread too: connect,
//    LIST, folder rows, EXAMINE, UID SEARCH, FETCH, every row stored and threaded, the checkpoint);
// 3. our full offline sync of every folder (headers, then every body parsed, stored encrypted and indexed);
// 4. mbsync (isync) syncing INBOX into an empty Maildir, as ../shared/bench/mbsync-sync.sh does;
// plus peak memory (RSS). Steps 2 and 3 run in a worker thread with the limits startCore gives the core's
// thread (CORE_WORKER_LIMITS), as in the app; the raw fetch runs on this script's main thread with Node's
// defaults. Step 3 runs alone in a child process (this script again, with SYNCBENCH_FULL_SYNC_PORT set), so
// its peak is the core's own: this process's peak also covers the raw imapflow fetches and the header runs,
// and RSS never goes down again (V8 keeps its grown heap, glibc its arenas).
// Usage: npm run bench (bundled, as the app runs; scripts/bench.mjs), or node --import tsx test/bench/syncBench.ts
// [COUNT] (from the sources; the Maildir must exist or is generated);
// HEADER_RUNS=N (default 3) sets how many raw/ours header runs alternate; FULL_RUNS=N (default 1), how many
// full syncs and mbsync runs alternate (an odd count makes the median one of the runs).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CORE_WORKER_LIMITS } from '../../electron/core/host/coreWorkerLimits.js';
import { benchRunsBundled, benchThreadsLabel } from './benchMode.js';
import type { CoreTask, FullSyncResult, HeaderSyncResult } from './syncBenchCore.js';

const count = Number(process.argv[2] ?? 10_000);
const root = fileURLToPath(new URL('../..', import.meta.url));
const benchDir = process.env.SHARED_BENCH ?? path.resolve(root, '../shared/bench');
const data = process.env.BENCH_DATA ?? '/tmp/mailbench';
const maildir = path.join(data, `maildir-${count}`);
const out = (s: string): void => void process.stdout.write(`${s}\n`);
const now = (): number => performance.now();
const headerRuns = Math.max(1, Number(process.env.HEADER_RUNS ?? 3));
const fullRuns = Math.max(1, Number(process.env.FULL_RUNS ?? 1));
const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

interface MbsyncSummary {
  readonly wallS_median: number;
  readonly msgsPerS_median: number;
  readonly maxRssMB: number;
}

interface RawTimes {
  /** The FETCH alone, after connect, LOGIN and EXAMINE (what ../shared/bench/imapflow-fetch.mjs reports). */
  readonly fetchSeconds: number;
  /** Connect, LOGIN, EXAMINE and the FETCH: what any client must do, comparable with our end-to-end figure. */
  readonly endToEndSeconds: number;
  readonly messages: number;
}

async function rawHeaderFetch(port: number): Promise<RawTimes> {
  const t0 = now();
  // Loaded here, not at the top: the full sync's child process runs this file's top level too, and its own
  // thread should hold no more than the app's host thread does.
  const { ImapFlow } = await import('imapflow');
  const client = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user: 'bench', pass: 'bench' }, logger: false });
  await client.connect();
  try {
    await client.mailboxOpen('INBOX', { readOnly: true });
    const t1 = now();
    let n = 0;
    for await (const _m of client.fetch('1:*', { uid: true, flags: true, envelope: true, size: true, bodyStructure: true }, { uid: true })) n++;
    const t2 = now();
    return { fetchSeconds: (t2 - t1) / 1000, endToEndSeconds: (t2 - t0) / 1000, messages: n };
  } finally {
    await client.logout();
  }
}

/**
 * Runs a task of ours in a worker thread made as startCore makes the core's (CORE_WORKER_LIMITS): the sync's
 * speed and memory depend on the thread's V8 limits. The worker is syncBenchCore (its bundle, or the sources
 * through the tsx bootstrap the core uses when not bundled).
 */
function inCoreThread<T>(task: CoreTask): Promise<T> {
  const worker = benchRunsBundled
    ? new Worker(new URL('./syncBenchCore.mjs', import.meta.url), { workerData: { benchTask: task }, resourceLimits: CORE_WORKER_LIMITS })
    : new Worker(new URL('../../electron/core/host/tsWorkerBootstrap.mjs', import.meta.url), {
        workerData: { entry: new URL('./syncBenchCore.ts', import.meta.url).href, benchTask: task },
        resourceLimits: CORE_WORKER_LIMITS,
      });
  return new Promise<T>((resolve, reject) => {
    let result: { readonly value: T } | undefined;
    worker.once('message', (value: T) => (result = { value }));
    worker.once('error', reject);
    worker.once('exit', (code) => (result ? resolve(result.value) : reject(new Error(`the bench task thread exited (${code}) without a result`))));
  });
}

/** Step 3 in a child process (same Node flags and environment), for a peak RSS of the core's work alone. */
function fullSyncInChild(port: number): FullSyncResult {
  const text = execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), String(count)], {
    encoding: 'utf8',
    env: { ...process.env, SYNCBENCH_FULL_SYNC_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = /^FULLSYNC (.*)$/mu.exec(text)?.[1];
  if (!line) throw new Error(`the full sync child printed no result:\n${text}`);
  return JSON.parse(line) as FullSyncResult;
}

async function main(): Promise<void> {
  if (!existsSync(`${maildir}.groundtruth.json`)) {
    execFileSync(process.execPath, [path.join(benchDir, 'gen-mailbox.mjs'), '--count', String(count), '--out', maildir, '--seed', '1'], { stdio: 'inherit' });
  }
  const state = path.join(data, `dovecot-raksa-syncbench-${count}`);
  const env = execFileSync('bash', [path.join(benchDir, 'dovecot-up.sh'), maildir, state], { encoding: 'utf8' });
  const port = Number(/^PORT=(\d+)$/mu.exec(env)?.[1]);
  try {
    await rawHeaderFetch(port); // warms Dovecot's index cache, as for every later step
    // Raw and ours alternate, HEADER_RUNS times each, and the medians are compared: on a shared machine one pair
    // of single runs can differ by a third either way.
    const raws: RawTimes[] = [];
    const ours: number[] = [];
    let inboxRows = 0;
    for (let i = 0; i < headerRuns; i++) {
      raws.push(await rawHeaderFetch(port));
      const run = await inCoreThread<HeaderSyncResult>({ task: 'headers', port });
      ours.push(run.seconds);
      inboxRows = run.rows;
    }
    const raw = { messages: raws[0]?.messages ?? 0, fetchSeconds: median(raws.map((r) => r.fetchSeconds)), endToEndSeconds: median(raws.map((r) => r.endToEndSeconds)) };
    const headerSecs = median(ours);

    // Ours and mbsync alternate FULL_RUNS times and the medians are compared: mbsync fsyncs every message, and
    // on this shared machine its time for the same 100,000 messages has ranged from 47 to 100 s.
    const fulls: FullSyncResult[] = [];
    const mbsyncs: MbsyncSummary[] = [];
    for (let i = 0; i < fullRuns; i++) {
      fulls.push(fullSyncInChild(port));
      if (process.env.SKIP_MBSYNC !== '1') {
        const text = execFileSync('bash', [path.join(benchDir, 'mbsync-sync.sh'), String(port), '1', String(count)], { encoding: 'utf8', env: { ...process.env, BENCH_DATA: data } });
        const line = /^SUMMARY (.*)$/mu.exec(text)?.[1];
        if (line) mbsyncs.push(JSON.parse(line) as MbsyncSummary);
      }
    }
    const full = [...fulls].sort((a, b) => a.seconds - b.seconds)[fulls.length >> 1];
    if (!full) throw new Error('no full sync ran');
    const { allRows, cached, indexed } = full;
    const fullSecs = full.seconds;
    const fullPeakMb = Math.max(...fulls.map((f) => f.peakMb));
    const benchPeakMb = Math.round(process.resourceUsage().maxRSS / 1024);
    const mbsync: MbsyncSummary | null =
      mbsyncs.length > 0
        ? {
            wallS_median: median(mbsyncs.map((m) => m.wallS_median)),
            msgsPerS_median: median(mbsyncs.map((m) => m.msgsPerS_median)),
            maxRssMB: Math.max(...mbsyncs.map((m) => m.maxRssMB)),
          }
        : null;

    const rate = (n: number, s: number): string => Math.round(n / s).toLocaleString('en');
    out(`\n### Sync, N = ${count.toLocaleString('en')} (INBOX; ${allRows.toLocaleString('en')} messages in all folders; writer: ${process.env.SYNC_WRITER !== 'core' ? 'ThreadedSyncWriter, headers and bodies' : 'SqliteSyncWriter, the core-like thread'}; ${benchThreadsLabel()})\n`);
    out(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, Node ${process.version}, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}. ${new Date().toISOString()}\n`);
    out('| step | messages | time (s) | msgs/s | vs. reference |');
    out('|---|---:|---:|---:|---:|');
    out(`| raw imapflow header fetch of INBOX, FETCH only (as ../shared/bench/imapflow-fetch.mjs times it) | ${raw.messages.toLocaleString('en')} | ${raw.fetchSeconds.toFixed(2)} | ${rate(raw.messages, raw.fetchSeconds)} | 1× |`);
    out(`| raw imapflow header fetch of INBOX, end to end: connect, LOGIN, EXAMINE, FETCH (the ceiling) | ${raw.messages.toLocaleString('en')} | ${raw.endToEndSeconds.toFixed(2)} | ${rate(raw.messages, raw.endToEndSeconds)} | 1× |`);
    out(`| header sync of INBOX, end to end: connect, LIST, folder rows, EXAMINE, UID SEARCH, FETCH (+ INTERNALDATE, References), store, threads, checkpoint | ${inboxRows.toLocaleString('en')} | ${headerSecs.toFixed(2)} | ${rate(inboxRows, headerSecs)} | ${(headerSecs / raw.endToEndSeconds).toFixed(2)}× the raw end-to-end time (${(headerSecs / raw.fetchSeconds).toFixed(2)}× the FETCH-only time) |`);
    out(`| full offline sync of every folder (headers ${full.headerSeconds.toFixed(1)} s, then ${cached.toLocaleString('en')} bodies parsed, stored encrypted, ${indexed.toLocaleString('en')} indexed) | ${allRows.toLocaleString('en')} | ${fullSecs.toFixed(1)} | ${rate(allRows, fullSecs)} | ${mbsync ? `${(Math.round(allRows / fullSecs) / mbsync.msgsPerS_median).toFixed(2)}× mbsync's rate` : '–'} |`);
    if (mbsync) out(`| mbsync (isync), INBOX into an empty Maildir, FSync yes | ${count.toLocaleString('en')} | ${mbsync.wallS_median.toFixed(1)} | ${mbsync.msgsPerS_median.toLocaleString('en')} | peak ${mbsync.maxRssMB} MB |`);
    const list = (xs: readonly number[]): string => xs.map((x) => x.toFixed(2)).join(', ');
    out(`\nHeader rows are medians of ${headerRuns} alternating runs: raw FETCH only ${list(raws.map((r) => r.fetchSeconds))} s; raw end to end ${list(raws.map((r) => r.endToEndSeconds))} s; ours ${list(ours)} s.`);
    if (fullRuns > 1) {
      out(
        `Full sync and mbsync rows are medians of ${fullRuns} alternating runs: ours ${list(fulls.map((f) => f.seconds))} s ` +
          `(headers ${list(fulls.map((f) => f.headerSeconds))} s)` +
          (mbsyncs.length > 0 ? `; mbsync ${list(mbsyncs.map((m) => m.wallS_median))} s.` : '.'),
      );
    }
    out(
      `\nPeak memory (RSS) of the core: ${fullPeakMb} MB for the full offline sync (the highest of its runs), run alone in a child process ` +
        `(Node${benchRunsBundled ? '' : ' and tsx'}, the parser and writer threads included; highest sample in ${full.peakPhase}). ` +
        `This bench process, which ran the raw imapflow fetches and the header runs: ${benchPeakMb} MB.`,
    );
  } finally {
    execFileSync('bash', [path.join(benchDir, 'dovecot-down.sh'), state], { stdio: 'ignore' });
  }
}

const childPort = process.env.SYNCBENCH_FULL_SYNC_PORT;
if (childPort) out(`FULLSYNC ${JSON.stringify(await inCoreThread<FullSyncResult>({ task: 'full', port: Number(childPort) }))}`);
else await main();
