#!/usr/bin/env node
// `npm run bench [-- COUNT]`: the benchmarks of docs/benchmarks.md against a private Dovecot on 127.0.0.1 serving
// the deterministic generator's mailbox (../shared/bench; 10,000 messages by default). Not timed tests.
// 1. sync (test/bench/syncBench.ts): raw imapflow header fetch (the ceiling), our header sync, our full offline
//    sync (bodies parsed, stored encrypted and indexed), mbsync on the same mailbox, peak memory;
// 2. search (test/bench/searchBench.ts): index build time, query latency, DB size and recall.
// BENCH=sync or BENCH=search runs one of them. TZ=UTC so that before:/after: days match the ground truth.
// The tools compared against (Dovecot, mbsync from isync, notmuch, GNU time) are installed first when missing
// (Debian, as root; a temporary policy-rc.d keeps apt from starting a system-wide Dovecot). CI never runs this.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCoreWorker, bundleForNode } from './build.mjs';

const TOOLS = [
  ['/usr/sbin/dovecot', 'dovecot-imapd'],
  ['/usr/bin/mbsync', 'isync'],
  ['/usr/bin/notmuch', 'notmuch'],
  ['/usr/bin/time', 'time'],
];
const missing = TOOLS.filter(([bin]) => !existsSync(bin)).map(([, pkg]) => pkg);
if (missing.length > 0) {
  const policy = '/usr/sbin/policy-rc.d';
  const madePolicy = !existsSync(policy);
  if (madePolicy) writeFileSync(policy, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
  try {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
    const r = spawnSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
    if (r.status !== 0) throw new Error(`apt-get install ${missing.join(' ')} failed`);
  } finally {
    if (madePolicy) rmSync(policy, { force: true });
  }
}

const root = fileURLToPath(new URL('..', import.meta.url));
// The benchmarks run the code the app ships: the core's bundles (its parser and writer threads start from them,
// test/bench/benchScripts.ts), and each benchmark script bundled the same way, so the core's own code runs from
// a bundle too, not through tsx (which transpiles every module on a loader thread of its own: ~65 MB more in
// the full sync's child process at 10k, measured). Built now so they match the sources. The bundles sit two
// folders below the repo, as the scripts do, so their paths relative to the repo still hold.
const bundles = path.join(root, 'dist/bench-core');
await buildCoreWorker(bundles);
const which = process.env.BENCH ?? 'all';
const names = [...(which === 'all' || which === 'sync' ? ['syncBench'] : []), ...(which === 'all' || which === 'search' ? ['searchBench'] : [])];
// syncBench's core-like worker thread is an entry of its own (syncBenchCore.ts).
const entries = [...names, ...(names.includes('syncBench') ? ['syncBenchCore'] : [])];
await bundleForNode(Object.fromEntries(entries.map((n) => [n, path.join(root, 'test/bench', `${n}.ts`)])), bundles);
let status = 0;
for (const name of names) {
  const r = spawnSync(process.execPath, [path.join(bundles, `${name}.mjs`), ...process.argv.slice(2)], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, TZ: 'UTC', RAKSA_BENCH_BUNDLES: bundles },
  });
  status ||= r.status ?? 1;
}
process.exitCode = status;
