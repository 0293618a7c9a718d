#!/usr/bin/env node
// `npm run bench [-- COUNT]`: the benchmarks of docs/benchmarks.md against a private Dovecot on 127.0.0.1 serving
// the deterministic generator's mailbox (../shared/bench; 10,000 messages by default). Not timed tests.
// 1. sync (test/bench/syncBench.ts): raw imapflow header fetch (the ceiling), our header sync, our full offline
//    sync (bodies parsed, stored encrypted and indexed), mbsync on the same mailbox, peak memory;
// 2. search (test/bench/searchBench.ts): index build time, query latency, DB size and recall.
// BENCH=sync or BENCH=search runs one of them. TZ=UTC so that before:/after: days match the ground truth.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const which = process.env.BENCH ?? 'all';
const scripts = [
  ...(which === 'all' || which === 'sync' ? ['test/bench/syncBench.ts'] : []),
  ...(which === 'all' || which === 'search' ? ['test/bench/searchBench.ts'] : []),
];
let status = 0;
for (const script of scripts) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', script, ...process.argv.slice(2)], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, TZ: 'UTC' },
  });
  status ||= r.status ?? 1;
}
process.exitCode = status;
