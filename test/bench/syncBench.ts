// The sync benchmark behind `npm run bench` (docs/benchmarks.md, issue 4 §3), in one run against one private
// Dovecot serving the generated mailbox (../shared/bench):
// 1. the raw imapflow header fetch of INBOX (UID FLAGS ENVELOPE RFC822.SIZE BODYSTRUCTURE): the ceiling;
// 2. our header sync of INBOX into a fresh encrypted profile (syncAccount + SqliteSyncWriter, threads included);
// 3. our full offline sync of every folder (headers, then every body parsed, stored encrypted and indexed);
// 4. mbsync (isync) syncing INBOX into an empty Maildir, as ../shared/bench/mbsync-sync.sh does;
// plus the peak memory of this process, which runs what the core runs.
// Usage: node --import tsx test/bench/syncBench.ts [COUNT] (the Maildir must exist or is generated).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ImapFlow } from 'imapflow';
import { SearchIndex } from '../../electron/core/search/searchIndex.js';
import { migrate } from '../../electron/core/store/migrate.js';
import { closeDatabase, openDatabase } from '../../electron/core/store/openDatabase.js';
import { SqliteMailStore } from '../../electron/core/store/sqliteMailStore.js';
import { SqliteSyncWriter } from '../../electron/core/store/sqliteSyncWriter.js';
import { syncAccount } from '../../electron/core/sync/syncAccount.js';
import { MIGRATIONS } from '../../electron/core/store/migrations/index.js';

const count = Number(process.argv[2] ?? 10_000);
const root = fileURLToPath(new URL('../..', import.meta.url));
const benchDir = process.env.SHARED_BENCH ?? path.resolve(root, '../shared/bench');
const data = process.env.BENCH_DATA ?? '/tmp/mailbench';
const maildir = path.join(data, `maildir-${count}`);
const out = (s: string): void => void process.stdout.write(`${s}\n`);
const now = (): number => performance.now();

interface MbsyncSummary {
  readonly wallS_median: number;
  readonly msgsPerS_median: number;
  readonly maxRssMB: number;
}

async function rawHeaderFetch(port: number): Promise<{ seconds: number; messages: number }> {
  const client = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user: 'bench', pass: 'bench' }, logger: false });
  await client.connect();
  try {
    await client.mailboxOpen('INBOX', { readOnly: true });
    const t0 = now();
    let n = 0;
    for await (const _m of client.fetch('1:*', { uid: true, flags: true, envelope: true, size: true, bodyStructure: true }, { uid: true })) n++;
    return { seconds: (now() - t0) / 1000, messages: n };
  } finally {
    await client.logout();
  }
}

function profile(port: number) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'raksa-syncbench-'));
  const db = openDatabase(path.join(dir, 'raksa.db'), randomBytes(32));
  migrate(db, { migrations: MIGRATIONS });
  const store = new SqliteMailStore(db);
  const summary = store.addAccount({
    email: 'bench@example.go.th', displayName: 'bench', user: 'bench', password: 'bench',
    imap: { host: '127.0.0.1', port, security: 'plain' }, smtp: { host: '127.0.0.1', port: 25, security: 'plain' },
  });
  const account = store.getAccountWithSecret(summary.id);
  if (!account) throw new Error('account vanished');
  return {
    db, store, account, writer: new SqliteSyncWriter(db), index: new SearchIndex(db),
    close: () => {
      closeDatabase(db);
      rmSync(dir, { recursive: true, force: true });
    },
  };
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
    const raw = await rawHeaderFetch(port);

    let p = profile(port);
    let t0 = now();
    await syncAccount({ store: p.store, writer: p.writer, account: p.account, folders: ['INBOX'] });
    const headerSecs = (now() - t0) / 1000;
    const inboxRows = p.db.prepare('SELECT count(*) FROM messages').pluck().get() as number;
    p.close();

    p = profile(port);
    t0 = now();
    let bodiesAt = 0;
    await syncAccount({
      store: p.store, writer: p.writer, account: p.account,
      offline: { index: p.index, policy: { windowDays: null, maxMessageBytes: null } },
      onProgress: (e) => void (e.phase === 'bodies' && bodiesAt === 0 ? (bodiesAt = now()) : undefined),
    });
    const fullSecs = (now() - t0) / 1000;
    const allRows = p.db.prepare('SELECT count(*) FROM messages').pluck().get() as number;
    const cached = p.db.prepare('SELECT count(*) FROM messages WHERE cached = 1').pluck().get() as number;
    const indexed = p.db.prepare('SELECT count(*) FROM search_docs WHERE has_body = 1').pluck().get() as number;
    p.close();
    const peakMb = Math.round(process.resourceUsage().maxRSS / 1024);

    let mbsync: MbsyncSummary | null = null;
    if (process.env.SKIP_MBSYNC !== '1') {
      const text = execFileSync('bash', [path.join(benchDir, 'mbsync-sync.sh'), String(port), '1', String(count)], { encoding: 'utf8', env: { ...process.env, BENCH_DATA: data } });
      const line = /^SUMMARY (.*)$/mu.exec(text)?.[1];
      mbsync = line ? (JSON.parse(line) as MbsyncSummary) : null;
    }

    const rate = (n: number, s: number): string => Math.round(n / s).toLocaleString('en');
    out(`\n### Sync, N = ${count.toLocaleString('en')} (INBOX; ${allRows.toLocaleString('en')} messages in all folders)\n`);
    out(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, Node ${process.version}, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}. ${new Date().toISOString()}\n`);
    out('| step | messages | time (s) | msgs/s | vs. reference |');
    out('|---|---:|---:|---:|---:|');
    out(`| raw imapflow header fetch of INBOX (ceiling) | ${raw.messages.toLocaleString('en')} | ${raw.seconds.toFixed(2)} | ${rate(raw.messages, raw.seconds)} | 1× |`);
    out(`| header sync of INBOX (connect, EXAMINE, SEARCH, FETCH + References, store, threads) | ${inboxRows.toLocaleString('en')} | ${headerSecs.toFixed(2)} | ${rate(inboxRows, headerSecs)} | ${(headerSecs / raw.seconds).toFixed(2)}× the ceiling's time |`);
    out(`| full offline sync of every folder (headers ${((bodiesAt - t0) / 1000).toFixed(1)} s, then ${cached.toLocaleString('en')} bodies parsed, stored encrypted, ${indexed.toLocaleString('en')} indexed) | ${allRows.toLocaleString('en')} | ${fullSecs.toFixed(1)} | ${rate(allRows, fullSecs)} | ${mbsync ? `${(Math.round(allRows / fullSecs) / mbsync.msgsPerS_median).toFixed(2)}× mbsync's rate` : '–'} |`);
    if (mbsync) out(`| mbsync (isync), INBOX into an empty Maildir, FSync yes | ${count.toLocaleString('en')} | ${mbsync.wallS_median.toFixed(1)} | ${mbsync.msgsPerS_median.toLocaleString('en')} | peak ${mbsync.maxRssMB} MB |`);
    out(`\nPeak memory (RSS) of the process running the core code: ${peakMb} MB.`);
  } finally {
    execFileSync('bash', [path.join(benchDir, 'dovecot-down.sh'), state], { stdio: 'ignore' });
  }
}

await main();
