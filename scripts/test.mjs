// `npm test`: preflight, then every *.test.ts under shared/, electron/, renderer/ and test/ in
// node's test runner. Node 20's --test takes no globs, so the files are found here.
//
//   npm test                          all suites
//   npm test -- test/integration      a directory (or a file, or a substring of the paths)
//   npm test -- --test-name-pattern=TLS shared/   node --test options pass through
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { reportSystem } from './preflight.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ROOTS = ['shared', 'electron', 'renderer', 'test'];
const SKIP = new Set(['node_modules', 'dist', 'out', '.tsbuild', 'test-results']);

function walk(dir, found) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || SKIP.has(entry.name)) continue;
    const p = join(dir, entry.name);
    if (entry.isDirectory()) walk(p, found);
    else if (entry.isFile() && entry.name.endsWith('.test.ts')) found.push(p);
  }
  return found;
}

function allTests() {
  const found = [];
  for (const r of ROOTS) if (existsSync(join(root, r))) walk(join(root, r), found);
  return found.map((f) => relative(root, f)).sort();
}

/** A path (file or directory, relative to the cwd or the repo) or else a substring of the paths. */
function select(filters, all) {
  if (filters.length === 0) return all;
  const chosen = new Set();
  for (const f of filters) {
    const abs = [resolve(process.cwd(), f), resolve(root, f)].find((p) => existsSync(p));
    let hits;
    if (abs && statSync(abs).isDirectory()) {
      const rel = relative(root, abs);
      hits = rel === '' ? all : all.filter((t) => t.startsWith(rel + sep));
    } else if (abs) {
      hits = [relative(root, abs)];
    } else {
      hits = all.filter((t) => t.includes(f));
    }
    if (hits.length === 0) {
      console.error(`npm test: no test file matches "${f}"`);
      process.exit(1);
    }
    hits.forEach((h) => chosen.add(h));
  }
  return [...chosen].sort();
}

const args = process.argv.slice(2);
const nodeOpts = args.filter((a) => a.startsWith('--'));
const files = select(args.filter((a) => !a.startsWith('--')), allTests());

if (!reportSystem()) {
  console.error('npm test: system dependencies missing (see above); .ci/run installs them.');
  process.exit(1);
}
if (files.length === 0) {
  console.error('npm test: no *.test.ts files found');
  process.exit(1);
}
// The end-to-end tests load the built renderer and the bundled worker: build first, so `npm test` on a
// fresh clone tests what the current sources produce (RAKSA_TEST_NO_BUILD=1 skips it when CI just built).
if (process.env.RAKSA_TEST_NO_BUILD !== '1') {
  const { build } = await import('./build.mjs');
  await build();
}

// One file at a time: the machine has 2 cores, and server tests start Dovecot, SMTP, Chromium;
// running them side by side makes timing-sensitive tests flaky for no gain in coverage.
const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...nodeOpts, ...files],
  { cwd: root, stdio: ['inherit', 'pipe', 'inherit'], env: { ...process.env, ...(process.stdout.isTTY ? { FORCE_COLOR: '1' } : {}) } },
);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));

// CI reads the runner's summary ("ℹ tests N", "ℹ pass N", ...) from the last lines. On failure the
// spec reporter lists the failing tests after it, so the summary is repeated at the very end.
// eslint-disable-next-line no-control-regex
const SUMMARY = /^(?:\x1b\[[0-9;]*m)*ℹ (tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) /;
let summary = [];
let inSummary = false;
let afterSummary = false;
const lines = createInterface({ input: child.stdout, crlfDelay: Infinity });
lines.on('line', (line) => {
  process.stdout.write(`${line}\n`);
  if (SUMMARY.test(line)) {
    if (!inSummary) summary = [];
    summary.push(line);
    inSummary = true;
    afterSummary = false;
  } else if (line.trim() !== '') {
    if (inSummary) afterSummary = true;
    inSummary = false;
  }
});

const exited = new Promise((res) => child.on('exit', (code, signal) => res({ code, signal })));
const drained = new Promise((res) => lines.on('close', res));
const [{ code, signal }] = await Promise.all([exited, drained]);
if (afterSummary && summary.length > 0) process.stdout.write(`\n${summary.join('\n')}\n`);
if (signal) {
  console.error(`npm test: test runner killed by ${signal}`);
  process.exit(1);
}
process.exit(code ?? 1);
