// Issue 3 §1, crash safety: `raksa sync --once` is killed with SIGKILL at random points during sync and
// indexing, many times, while the server changes between runs (new mail, expunged mail). Then the database
// opens, integrity_check passes, and after one complete sync the cache matches the server exactly: per
// folder the same UIDs and Message-IDs as an independent imapflow listing, no duplicates, every message
// cached and indexed once. Seeded: RAKSA_CRASH_SEED=<n> replays a failing run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDovecot, connectImap, createMailbox, type DovecotServer } from '../servers/dovecot.js';
import { PassphraseSecretStorage } from '../../electron/core/secrets/passphraseSecretStorage.js';
import { closeDatabase, openDatabase } from '../../electron/core/store/openDatabase.js';
import { DATABASE_FILE } from '../../electron/core/host/composition.js';
import { generatedMessage } from './generatedMail.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = path.join(root, 'bin', 'raksa.mjs');
const PASS = 'crash test passphrase';
const SEED = Number(process.env.RAKSA_CRASH_SEED ?? 20_240_501);
const ITERATIONS = Number(process.env.RAKSA_CRASH_ITER ?? 18);
const FOLDERS = ['INBOX', 'งานสารบรรณ'] as const;
const BASE = Date.UTC(2024, 0, 1);

// mulberry32: small, seedable, good enough to spread kill times and server changes.
const rng = (seed: number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

let server: DovecotServer;
let work: string;
let profile: string;
let nextMessage = 1;

const common = () => ['--profile', profile, '--passphrase-env', 'RAKSA_CRASH_PASS', '--ca-file', path.join(work, 'ca.pem')];

interface Run {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
  readonly timing: string;
}

/** Runs the CLI; with `killAfterMs`, SIGKILLs it that long after its first progress line (sync under way). */
const raksa = (args: string[], killAfterMs?: number) =>
  new Promise<Run>((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: root,
      env: { ...process.env, RAKSA_CRASH_PASS: PASS, MAILPASS: 'alice-secret-1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    let armed = false;
    const hardStop = setTimeout(() => child.kill('SIGKILL'), 180_000);
    const started = Date.now();
    let firstProgress = -1;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
      if (killAfterMs !== undefined && !armed && /: \d+\/\d+/u.test(stderr)) {
        armed = true;
        firstProgress = Date.now() - started;
        setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(hardStop);
      resolve({ code, signal, stderr, timing: `progress at ${firstProgress} ms, exit at ${Date.now() - started} ms` });
    });
  });

const append = async (folder: string, count: number, pad: number) => {
  const c = await connectImap(server, 'alice', 'alice-secret-1');
  try {
    for (let k = 0; k < count; k++) {
      const i = nextMessage++;
      await c.append(folder, generatedMessage(i, BASE + i * 3_600_000, pad), i % 3 ? [] : ['\\Seen']);
    }
  } finally {
    await c.logout();
  }
};

const expungeSome = async (folder: string, count: number, random: () => number) => {
  const c = await connectImap(server, 'alice', 'alice-secret-1');
  try {
    const lock = await c.getMailboxLock(folder);
    try {
      const uids = (await c.search({ all: true }, { uid: true })) || [];
      const victims = uids.filter(() => random() < count / Math.max(uids.length, 1));
      if (victims.length > 0) await c.messageDelete(victims.join(','), { uid: true });
    } finally {
      lock.release();
    }
  } finally {
    await c.logout();
  }
};

/** folder → uid → Message-ID, straight from the server. */
const serverListing = async (): Promise<Map<string, Map<number, string>>> => {
  const c = await connectImap(server, 'alice', 'alice-secret-1');
  const out = new Map<string, Map<number, string>>();
  try {
    for (const folder of FOLDERS) {
      const lock = await c.getMailboxLock(folder, { readOnly: true });
      const m = new Map<number, string>();
      try {
        if ((c.mailbox && c.mailbox.exists) || 0) {
          for await (const msg of c.fetch('1:*', { uid: true, envelope: true })) m.set(msg.uid, msg.envelope?.messageId ?? '');
        }
      } finally {
        lock.release();
      }
      out.set(folder, m);
    }
  } finally {
    await c.logout();
  }
  return out;
};

before(async () => {
  server = await startDovecot();
  work = mkdtempSync(path.join(os.tmpdir(), 'raksa-crash-'));
  profile = path.join(work, 'profile');
  writeFileSync(path.join(work, 'ca.pem'), server.caPem);
  await createMailbox(server, 'alice', 'alice-secret-1', FOLDERS[1]);
  await append('INBOX', 160, 3000);
  await append(FOLDERS[1], 60, 3000);
});

after(async () => {
  await server?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

void test(`SIGKILL during sync and indexing, ${ITERATIONS} times: the database stays sound and converges to the server (seed ${SEED})`, async (t) => {
  t.diagnostic(`seed ${SEED} (set RAKSA_CRASH_SEED to replay)`);
  const added = await raksa([
    'account', 'add', ...common(), '--email', 'alice@example.go.th', '--imap-host', '127.0.0.1',
    '--imap-port', String(server.imapsPort), '--smtp-host', '127.0.0.1', '--smtp-port', '465', '--security', 'tls',
    '--user', 'alice', '--password-env', 'MAILPASS',
  ]);
  assert.equal(added.code, 0, added.stderr);

  const random = rng(SEED);
  let killed = 0;
  for (let i = 0; i < ITERATIONS; i++) {
    // The server moves on between runs, as it does between real crashes.
    if (i > 0) {
      // Enough new mail that the headers, bodies and index phases of the next run take a few hundred ms.
      await append(FOLDERS[Math.floor(random() * 2)] ?? 'INBOX', 25 + Math.floor(random() * 40), 2000 + Math.floor(random() * 30_000));
      if (random() < 0.5) await expungeSome(FOLDERS[Math.floor(random() * 2)] ?? 'INBOX', 1 + Math.floor(random() * 4), random);
    }
    const delay = Math.floor(random() * 400);
    const run = await raksa(['sync', ...common(), '--once'], delay);
    t.diagnostic(`run ${i}: ${run.signal ?? `exit ${run.code}`}, ${run.timing}, kill planned ${delay} ms after progress`);
    if (run.signal === 'SIGKILL') killed++;
    else assert.equal(run.code, 0, `iteration ${i} (not killed) failed: ${run.stderr.slice(-2000)}`);
  }
  t.diagnostic(`${killed} of ${ITERATIONS} runs were killed mid-sync`);
  assert.ok(killed >= ITERATIONS / 2, `only ${killed} runs were killed; the kills must land during sync`);

  const final = await raksa(['sync', ...common(), '--once']);
  assert.equal(final.code, 0, final.stderr.slice(-2000));

  const key = await new PassphraseSecretStorage({ profileDir: profile, passphrase: PASS }).loadOrCreateDatabaseKey();
  const db = openDatabase(path.join(profile, DATABASE_FILE), key);
  try {
    assert.deepEqual(db.pragma('integrity_check'), [{ integrity_check: 'ok' }]);
    const expected = await serverListing();
    for (const folder of FOLDERS) {
      const rows = db
        .prepare(
          `SELECT m.uid, m.message_id AS mid, m.cached, (SELECT count(*) FROM search_docs d WHERE d.message_id = m.id AND d.has_body = 1) AS indexed
           FROM messages m JOIN folders f ON f.id = m.folder_id WHERE f.path = ? ORDER BY m.uid`,
        )
        .all(folder) as { uid: number; mid: string | null; cached: number; indexed: number }[];
      const server = expected.get(folder) ?? new Map<number, string>();
      assert.equal(new Set(rows.map((r) => r.uid)).size, rows.length, `${folder}: no duplicated UID`);
      assert.deepEqual(rows.map((r) => r.uid), [...server.keys()].sort((a, b) => a - b), `${folder}: the same UIDs as the server`);
      for (const r of rows) assert.equal(`<${r.mid ?? ''}>`.replace(/^<</u, '<').replace(/>>$/u, '>'), `<${(server.get(r.uid) ?? '').replace(/^<|>$/gu, '')}>`, `${folder} uid ${r.uid}: Message-ID`);
      assert.ok(rows.every((r) => r.cached === 1 && r.indexed === 1), `${folder}: every message cached and indexed once`);
      const mids = rows.map((r) => r.mid);
      assert.equal(new Set(mids).size, mids.length, `${folder}: no duplicated Message-ID`);
    }
    const docs = db.prepare('SELECT count(*) FROM search_docs').pluck().get();
    const msgs = db.prepare('SELECT count(*) FROM messages').pluck().get();
    assert.equal(docs, msgs, 'one search document per message, no orphans');
  } finally {
    closeDatabase(db);
    key.fill(0);
  }
});
