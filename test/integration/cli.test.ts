// The `raksa` binary as a user runs it: a real process, a real private Dovecot, a real encrypted profile.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { appendMessage, startDovecot, type DovecotServer } from '../servers/dovecot.js';
import { THAI_FIXTURES, readFixture, thaiPlain, thaiTis620 } from '../fixtures/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = path.join(root, 'bin', 'raksa.mjs');

let server: DovecotServer;
let work: string;
let caFile: string;

const raksa = (args: string[], env: Record<string, string> = {}) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd: root, env: { ...process.env, RAKSA_TEST_PASS: 'correct horse battery', ...env }, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });

const profileArgs = (profile: string) => ['--profile', profile, '--passphrase-env', 'RAKSA_TEST_PASS', '--ca-file', caFile];

const addArgs = (profile: string) => [
  'account',
  'add',
  ...profileArgs(profile),
  '--email',
  'alice@example.go.th',
  '--imap-host',
  '127.0.0.1',
  '--imap-port',
  String(server.imapsPort),
  '--smtp-host',
  '127.0.0.1',
  '--smtp-port',
  '465',
  '--security',
  'tls',
  '--user',
  'alice',
  '--password-env',
  'MAILPASS',
  '--json',
];

before(async () => {
  server = await startDovecot();
  work = await mkdtemp(path.join(os.tmpdir(), 'raksa-cli-'));
  caFile = path.join(work, 'ca.pem');
  await writeFile(caFile, server.caPem);
  for (const fixture of THAI_FIXTURES) await appendMessage(server, 'alice', 'alice-secret-1', 'INBOX', readFixture(fixture));
});

after(async () => {
  await server?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

test('account add, sync --once, list and show a Thai message through the real binary', async () => {
  const profile = path.join(work, 'p1');
  const added = await raksa(addArgs(profile), { MAILPASS: 'alice-secret-1' });
  assert.equal(added.code, 0, added.stderr);
  const account = JSON.parse(added.stdout) as { id: number; email: string; password?: string };
  assert.equal(account.email, 'alice@example.go.th');
  assert.equal(account.password, undefined, 'the password never leaves the core');

  const synced = await raksa(['sync', ...profileArgs(profile), '--once', '--json']);
  assert.equal(synced.code, 0, synced.stderr);
  const [summary] = JSON.parse(synced.stdout) as { ok: boolean; folders: { path: string; total: number }[] }[];
  assert.equal(summary?.ok, true);
  assert.equal(summary?.folders.find((f) => f.path === 'INBOX')?.total, THAI_FIXTURES.length);

  const listed = await raksa(['list', ...profileArgs(profile), '--json']);
  assert.equal(listed.code, 0, listed.stderr);
  const page = JSON.parse(listed.stdout) as { total: number; items: { id: number; subject: string }[] };
  assert.equal(page.total, THAI_FIXTURES.length);
  const plain = page.items.find((m) => m.subject === thaiPlain.subject);
  const tis = page.items.find((m) => m.subject === thaiTis620.subject);
  assert.ok(plain && tis, `Thai subjects decoded: ${page.items.map((m) => m.subject).join(' | ')}`);

  const shown = await raksa(['show', ...profileArgs(profile), String(plain.id), '--json']);
  assert.equal(shown.code, 0, shown.stderr);
  const view = JSON.parse(shown.stdout) as { text: string; summary: { from: { address: string } } };
  assert.ok(view.text.includes(thaiPlain.bodyMarker));
  assert.equal(view.summary.from.address, thaiPlain.from.address);

  const shownTis = await raksa(['show', ...profileArgs(profile), String(tis.id), '--json']);
  assert.ok((JSON.parse(shownTis.stdout) as { text: string }).text.includes(thaiTis620.bodyMarker));

  // Nothing readable at rest: the Thai marker appears in no file of the profile.
  for (const name of await readdir(profile)) {
    const bytes = await readFile(path.join(profile, name));
    assert.equal(bytes.includes(Buffer.from(thaiPlain.bodyMarker)), false, `${name} holds plaintext`);
    assert.equal(bytes.includes(Buffer.from('SQLite format 3')), false, `${name} is an unencrypted database`);
  }
});

test('a wrong password is refused with AUTH_FAILED and nothing is stored', async () => {
  const profile = path.join(work, 'p2');
  const added = await raksa(addArgs(profile), { MAILPASS: 'not-the-password' });
  assert.equal(added.code, 1);
  assert.match(added.stderr, /AUTH_FAILED/);
  const synced = await raksa(['sync', ...profileArgs(profile), '--once', '--json']);
  assert.equal(synced.code, 0, synced.stderr);
  assert.deepEqual(JSON.parse(synced.stdout), []);
});

test('the wrong profile passphrase opens nothing', async () => {
  const profile = path.join(work, 'p3');
  assert.equal((await raksa(['sync', ...profileArgs(profile), '--once'])).code, 0);
  const wrong = await raksa(['sync', ...profileArgs(profile), '--once'], { RAKSA_TEST_PASS: 'wrong passphrase' });
  assert.equal(wrong.code, 1);
  assert.match(wrong.stderr, /WRONG_PASSPHRASE/);
});

test('plain IMAP to a non-loopback host is refused before any connection', async () => {
  const profile = path.join(work, 'p4');
  const args = addArgs(profile).map((a) => (a === '127.0.0.1' ? 'mail.example.go.th' : a === 'tls' ? 'plain' : a));
  const added = await raksa(args, { MAILPASS: 'x' });
  assert.equal(added.code, 1);
  assert.match(added.stderr, /PLAINTEXT_REFUSED/);
});

test('usage errors exit 2 and name the problem', async () => {
  const missing = await raksa(['account', 'add', '--profile', path.join(work, 'p5'), '--email', 'a@b.go.th']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /--imap-host/);
  const badPort = await raksa([...addArgs(path.join(work, 'p5')).map((a) => (a === String(server.imapsPort) ? '99999' : a))], {
    MAILPASS: 'x',
  });
  assert.equal(badPort.code, 2);
  assert.match(badPort.stderr, /imap-port/);
});
