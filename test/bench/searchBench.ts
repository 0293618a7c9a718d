// The search benchmark behind `npm run bench` (docs/benchmarks.md). Steps, each timed:
// 1. generate (or reuse) a Maildir with ../shared/bench/gen-mailbox.mjs (seeded, with ground truth);
// 2. serve it with a private Dovecot on 127.0.0.1 (../shared/bench/dovecot-up.sh, user bench/bench);
// 3. syncAccount into a fresh encrypted profile: headers of every folder, then every body cached and indexed;
// 4. run a fixed query set (English, Thai, operators) QUERY_RUNS times each: median and p95 latency of a
//    50-result page with its total and snippets; recall against the generator's ground truth;
// 5. the index build on its own, the counterpart of `notmuch new` (which indexes a local Maildir): the index is
//    emptied (SearchIndex.clear) and rebuilt from the encrypted local cache (indexCachedBodies: every source
//    read, decrypted, parsed on the parser thread, indexed), then every query must give the same hits again.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageSearch } from '../../electron/core/search/messageSearch.js';
import { SearchIndex } from '../../electron/core/search/searchIndex.js';
import { DocWorkerPool } from '../../electron/core/search/docWorkerPool.js';
import { openBenchProfile } from './benchProfile.js';
import { benchThreadScripts } from './benchScripts.js';
import { closeDatabase } from '../../electron/core/store/openDatabase.js';
import { syncAccount } from '../../electron/core/sync/syncAccount.js';
import { indexCachedBodies } from '../../electron/core/sync/cacheBodies.js';

const count = Number(process.argv[2] ?? 10_000);
const QUERY_RUNS = Number(process.env.QUERY_RUNS ?? 20);
const root = fileURLToPath(new URL('../..', import.meta.url));
const benchDir = process.env.SHARED_BENCH ?? path.resolve(root, '../shared/bench');
const data = process.env.BENCH_DATA ?? '/tmp/mailbench';
const maildir = path.join(data, `maildir-${count}`);
const truthFile = `${maildir}.groundtruth.json`;
const out = (s: string): void => void process.stdout.write(`${s}\n`);

interface Truth {
  words: Record<string, { all: { substring: number } }>;
  from: Record<string, { all: number }>;
  dateRanges: Record<string, { all: number }>;
  total: { messages: number };
}

const seconds = (from: bigint): number => Number(process.hrtime.bigint() - from) / 1e9;
const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

interface NotmuchSummary {
  readonly messagesIndexed: number;
  readonly indexWallS_median: number;
  readonly indexMsgsPerS_median: number;
  readonly dbMB: number;
  readonly queries: readonly { q: string; hits: number; expect: number | null; recall: number | null; countMs_median: number; page50Ms_median: number }[];
}

/** Our query for each notmuch query of ../shared/bench/notmuch-bench.mjs (same meaning, our syntax). */
const OUR_QUERY: Record<string, string> = {
  'งบประมาณ*': 'งบประมาณ',
  'date:2024-01-01..2024-03-31': 'after:2024-01-01 before:2024-04-01',
  'from:finance@cgd.go.th and date:2023-06-01..2023-06-30': 'from:finance@cgd.go.th after:2023-06-01 before:2023-07-01',
  'id:does-not-exist@nowhere': 'zzqxnotaword',
};

/** `notmuch new` over the same Maildir, then the same queries with `notmuch count`/`search` (notmuch-bench.mjs). */
function notmuchSideBySide(
  ourMessages: number,
  ourSeconds: number,
  build: { messages: number; seconds: number },
  ours: ReadonlyMap<string, { hits: number; median: number }>,
): void {
  const runs = String(Math.min(QUERY_RUNS, Number(process.env.NOTMUCH_QUERY_RUNS ?? 10)));
  const text = execFileSync(process.execPath, [path.join(benchDir, 'notmuch-bench.mjs'), '--maildir', maildir, '--index-runs', '1',
    '--query-runs', runs, '--state', path.join(data, `notmuch-raksa-bench-${count}`)], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' }, maxBuffer: 64 * 2 ** 20 });
  const line = /^SUMMARY (.*)$/mu.exec(text)?.[1];
  if (!line) throw new Error('notmuch-bench.mjs printed no SUMMARY');
  const nm = JSON.parse(line) as NotmuchSummary;
  const ourRate = ourMessages / ourSeconds;
  out('\n#### Side by side with notmuch (same Maildir, same run)\n');
  out('| build | messages | time (s) | msgs/s |');
  out('|---|---:|---:|---:|');
  const buildRate = build.messages / build.seconds;
  out(`| ours: index build from the local encrypted cache (read, decrypt, parse, both FTS5 indexes) | ${build.messages.toLocaleString('en')} | ${build.seconds.toFixed(1)} | ${Math.round(buildRate).toLocaleString('en')} (${(buildRate / nm.indexMsgsPerS_median).toFixed(2)}× notmuch) |`);
  out(`| ours: whole sync: IMAP download + parse + encrypted store + both FTS5 indexes | ${ourMessages.toLocaleString('en')} | ${ourSeconds.toFixed(1)} | ${Math.round(ourRate).toLocaleString('en')} (${(ourRate / nm.indexMsgsPerS_median).toFixed(2)}× notmuch) |`);
  out(`| \`notmuch new\` (local Maildir, Xapian, DB ${nm.dbMB} MB) | ${nm.messagesIndexed.toLocaleString('en')} | ${nm.indexWallS_median.toFixed(1)} | ${nm.indexMsgsPerS_median.toLocaleString('en')} |`);
  out(`\n| notmuch query | notmuch hits | notmuch recall | \`count\` ms | \`search --limit=50\` ms | our query | our hits | our median ms |`);
  out('|---|---:|---:|---:|---:|---|---:|---:|');
  for (const q of nm.queries) {
    const mine = OUR_QUERY[q.q] ?? q.q;
    const r = ours.get(mine);
    out(`| \`${q.q}\` | ${q.hits.toLocaleString('en')} | ${q.recall ?? '–'} | ${q.countMs_median} | ${q.page50Ms_median} | \`${mine}\` | ${r ? r.hits.toLocaleString('en') : '–'} | ${r ? r.median.toFixed(1) : '–'} |`);
  }
  out('\nnotmuch times include starting the process and opening its database (see its no-hit row); ours are in-process.');
}

async function main(): Promise<void> {
  if (!existsSync(truthFile)) {
    out(`generating ${count} messages into ${maildir} …`);
    execFileSync(process.execPath, [path.join(benchDir, 'gen-mailbox.mjs'), '--count', String(count), '--out', maildir, '--seed', '1'], {
      stdio: 'inherit',
    });
  }
  const truth = JSON.parse(readFileSync(truthFile, 'utf8')) as Truth;
  const state = path.join(data, `dovecot-raksa-bench-${count}`);
  const env = execFileSync('bash', [path.join(benchDir, 'dovecot-up.sh'), maildir, state], { encoding: 'utf8' });
  const port = Number(/^PORT=(\d+)$/mu.exec(env)?.[1]);
  const profile = mkdtempSync(path.join(os.tmpdir(), 'raksa-bench-'));
  try {
    const { db, store, account: withSecret } = openBenchProfile(path.join(profile, 'raksa.db'), randomBytes(32), port);
    const index = new SearchIndex(db);

    let bodiesStart = 0n;
    const t0 = process.hrtime.bigint();
    // Bodies parsed on another core, as the core does (docWorkerPool.ts).
    // DOC_WORKERS=N sets the pool's size (default: the core's, defaultDocWorkers).
    const workers = process.env.DOC_WORKERS === undefined ? undefined : Number(process.env.DOC_WORKERS);
    const parser = new DocWorkerPool({ ...(workers ? { size: workers } : {}), script: benchThreadScripts().docWorker });
    try {
    await syncAccount({
      store, account: withSecret, offline: { index, policy: { windowDays: null, maxMessageBytes: null }, parser },
      onProgress: (p) => {
        if (p.phase === 'bodies' && bodiesStart === 0n) bodiesStart = process.hrtime.bigint();
      },
    });
    const total = seconds(t0);
    const headerSecs = Number(bodiesStart - t0) / 1e9;
    const bodySecs = total - headerSecs;
    db.pragma('wal_checkpoint(TRUNCATE)');
    const messages = db.prepare('SELECT count(*) FROM messages').pluck().get() as number;
    const cached = db.prepare('SELECT count(*) FROM messages WHERE cached = 1').pluck().get() as number;
    const dbBytes = statSync(path.join(profile, 'raksa.db')).size;
    const sourceBytes = db.prepare('SELECT sum(length(source)) FROM message_sources').pluck().get() as number;

    const search = new MessageSearch(db);
    const queries: { label: string; q: string; truth: number | null }[] = [
      ...Object.keys(truth.words).map((w) => ({ label: /[\u0E00-\u0E7F]/u.test(w) ? 'Thai word' : 'English word', q: w, truth: truth.words[w]?.all.substring ?? null })),
      ...Object.keys(truth.from).map((a) => ({ label: 'from: address', q: `from:${a}`, truth: truth.from[a]?.all ?? null })),
      ...Object.keys(truth.dateRanges).map((r) => {
        const [a, b] = r.split('..');
        const next = new Date(Date.parse(`${b}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
        return { label: 'date range', q: `after:${a} before:${next}`, truth: truth.dateRanges[r]?.all ?? null };
      }),
      { label: 'date range, Buddhist Era', q: 'after:2567-01-01 before:2567-04-01', truth: truth.dateRanges['2024-01-01..2024-03-31']?.all ?? null },
      { label: 'from + date', q: 'from:finance@cgd.go.th after:2023-06-01 before:2023-07-01', truth: null },
      { label: 'Thai word + operators', q: 'งบประมาณ in:INBOX is:unread', truth: null },
      { label: 'Thai 2 characters', q: 'ฎี', truth: null },
      { label: 'Thai phrase', q: '"ด่วนที่สุด"', truth: truth.words['ด่วนที่สุด']?.all.substring ?? null },
      { label: 'English prefix', q: 'procure', truth: null },
      { label: 'listing: in:INBOX', q: 'in:INBOX', truth: null },
      { label: 'no hit', q: 'zzqxnotaword', truth: 0 },
    ];
    const rows: string[] = [];
    const ours = new Map<string, { hits: number; median: number }>();
    for (const { label, q, truth: t } of queries) {
      const times: number[] = [];
      let hits = 0;
      for (let i = 0; i < QUERY_RUNS; i++) {
        const s = process.hrtime.bigint();
        hits = search.search({ query: q, limit: 50, offset: 0 }).total;
        times.push(Number(process.hrtime.bigint() - s) / 1e6);
      }
      const recall = t === null ? '–' : t === 0 ? (hits === 0 ? '1' : 'false hits') : String(Math.round((Math.min(hits, t) / t) * 1000) / 1000);
      ours.set(q, { hits, median: pct(times, 50) });
      rows.push(`| ${label} | \`${q}\` | ${hits.toLocaleString('en')} | ${t === null ? '–' : t.toLocaleString('en')} | ${recall} | ${pct(times, 50).toFixed(1)} | ${pct(times, 95).toFixed(1)} |`);
    }

    // 5. The index alone, rebuilt from the local cache, then checked against the hits of step 4.
    index.clear();
    db.pragma('wal_checkpoint(TRUNCATE)');
    const r0 = process.hrtime.bigint();
    const rebuilt = await indexCachedBodies(store, index, withSecret.id, undefined, parser);
    index.indexNewHeaders();
    const rebuildSecs = seconds(r0);
    const changed = queries.filter(({ q }) => search.search({ query: q, limit: 1, offset: 0 }).total !== ours.get(q)?.hits);
    if (changed.length > 0) throw new Error(`after the rebuild these queries give other hits: ${changed.map((c) => c.q).join(', ')}`);
    closeDatabase(db);

    const cpu = os.cpus();
    out(`\n### N = ${count.toLocaleString('en')} (INBOX; ${messages.toLocaleString('en')} messages in all folders)\n`);
    out(`Machine: ${cpu.length} × ${cpu[0]?.model ?? '?'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}; ${benchThreadScripts().label}. ${new Date().toISOString()}\n`);
    out('| step | time (s) | msgs/s |');
    out('|---|---:|---:|');
    out(`| headers of every folder (syncFolder) | ${headerSecs.toFixed(1)} | ${Math.round(messages / headerSecs).toLocaleString('en')} |`);
    out(`| bodies: download + parse + index, ${cached.toLocaleString('en')} cached | ${bodySecs.toFixed(1)} | ${Math.round(cached / bodySecs).toLocaleString('en')} |`);
    out(`| total sync, everything cached and indexed | ${total.toFixed(1)} | ${Math.round(messages / total).toLocaleString('en')} |`);
    out(`| index build from the local encrypted cache (index emptied, ${rebuilt.toLocaleString('en')} bodies read, parsed and indexed; same hits after) | ${rebuildSecs.toFixed(1)} | ${Math.round(rebuilt / rebuildSecs).toLocaleString('en')} |`);
    out(`\nDatabase: ${(dbBytes / 2 ** 20).toFixed(0)} MB encrypted (raw sources ${(sourceBytes / 2 ** 20).toFixed(0)} MB of it; the rest is headers and both FTS5 indexes).\n`);
    out(`| query | text | hits | ground truth | recall | median ms | p95 ms |`);
    out('|---|---|---:|---:|---:|---:|---:|');
    for (const r of rows) out(r);
    if (process.env.SKIP_NOTMUCH !== '1') notmuchSideBySide(messages, total, { messages: rebuilt, seconds: rebuildSecs }, ours);
    } finally {
      await parser.close();
    }
  } finally {
    execFileSync('bash', [path.join(benchDir, 'dovecot-down.sh'), state], { stdio: 'ignore' });
    rmSync(profile, { recursive: true, force: true });
  }
}

await main();
