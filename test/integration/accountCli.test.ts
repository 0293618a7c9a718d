// `raksa account list|edit|remove` through the real binary, a real encrypted profile and a private
// Dovecot: several accounts, an edit that must log in before it is saved, and a removal.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDovecot, type DovecotServer } from '../servers/dovecot.js';

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
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });

const profileArgs = (profile: string) => ['--profile', profile, '--passphrase-env', 'RAKSA_TEST_PASS', '--ca-file', caFile];

const add = (profile: string, user: string) =>
  raksa(
    ['account', 'add', ...profileArgs(profile), '--email', `${user}@example.go.th`, '--imap-host', '127.0.0.1',
      '--imap-port', String(server.imapsPort), '--smtp-host', '127.0.0.1', '--smtp-port', '465', '--security', 'tls',
      '--user', user, '--password-env', 'MAILPASS', '--json'],
    { MAILPASS: `${user}-secret-${user === 'alice' ? 1 : 2}` },
  );

interface Listed {
  id: number;
  email: string;
  imap: { host: string; port: number; security: string };
  password?: string;
}

const list = async (profile: string): Promise<Listed[]> => {
  const r = await raksa(['account', 'list', ...profileArgs(profile), '--json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Listed[];
};

before(async () => {
  server = await startDovecot();
  work = await mkdtemp(path.join(os.tmpdir(), 'raksa-acccli-'));
  caFile = path.join(work, 'ca.pem');
  await writeFile(caFile, server.caPem);
});

after(async () => {
  await server?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

test('account list, edit and remove with two accounts', async () => {
  const profile = path.join(work, 'p1');
  assert.equal((await add(profile, 'alice')).code, 0);
  assert.equal((await add(profile, 'bob')).code, 0);
  const accounts = await list(profile);
  assert.deepEqual(accounts.map((a) => a.email), ['alice@example.go.th', 'bob@example.go.th']);
  assert.ok(accounts.every((a) => a.password === undefined), 'no password is ever listed');
  const text = await raksa(['account', 'list', ...profileArgs(profile)]);
  assert.match(text.stdout, /alice@example\.go\.th\s+IMAP 127\.0\.0\.1:\d+ \(tls\)/);

  // edit by address: STARTTLS on the plaintext port, logging in with the kept password
  const edited = await raksa(['account', 'edit', ...profileArgs(profile), 'ALICE@example.go.th', '--imap-port', String(server.imapPort), '--imap-security', 'starttls', '--json']);
  assert.equal(edited.code, 0, edited.stderr);
  assert.deepEqual((JSON.parse(edited.stdout) as Listed).imap, { host: '127.0.0.1', port: server.imapPort, security: 'starttls' });

  // a wrong new password: refused by the server, nothing saved
  const bobId = accounts[1]?.id ?? 0;
  const wrong = await raksa(['account', 'edit', ...profileArgs(profile), String(bobId), '--password-env', 'NEWPASS'], { NEWPASS: 'nope' });
  assert.equal(wrong.code, 1);
  assert.match(wrong.stderr, /AUTH_FAILED/);
  // a downgrade to plain on a non-loopback host: refused before any connection
  const plain = await raksa(['account', 'edit', ...profileArgs(profile), String(bobId), '--imap-host', 'mail.example.go.th', '--security', 'plain']);
  assert.equal(plain.code, 1);
  assert.match(plain.stderr, /PLAINTEXT_REFUSED/);
  assert.equal((await list(profile)).find((a) => a.id === bobId)?.imap.port, server.imapsPort);

  // sync bob so there is cached mail to remove
  assert.equal((await raksa(['sync', ...profileArgs(profile), '--once'])).code, 0);
  const removed = await raksa(['account', 'remove', ...profileArgs(profile), String(bobId), '--json']);
  assert.equal(removed.code, 0, removed.stderr);
  assert.deepEqual(JSON.parse(removed.stdout), { removed: bobId });
  assert.deepEqual((await list(profile)).map((a) => a.email), ['alice@example.go.th']);
  const again = await raksa(['account', 'remove', ...profileArgs(profile), String(bobId)]);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /NOT_FOUND/);
});

test('usage: edit needs something to change; add --autoconfig makes the server flags optional', async () => {
  const profile = path.join(work, 'p2');
  const nothing = await raksa(['account', 'edit', ...profileArgs(profile), '1']);
  assert.equal(nothing.code, 2);
  assert.match(nothing.stderr, /nothing to change/);
  const noAccount = await raksa(['account', 'edit', ...profileArgs(profile), '--imap-port', '993']);
  assert.equal(noAccount.code, 2);
  const badPort = await raksa(['account', 'edit', ...profileArgs(profile), '1', '--imap-port', '0']);
  assert.equal(badPort.code, 2);
  assert.match(badPort.stderr, /--imap-port/);
  // without --autoconfig the hosts are required; with it the next missing thing is the password
  const manual = await raksa(['account', 'add', ...profileArgs(profile), '--email', 'a@example.go.th']);
  assert.equal(manual.code, 2);
  assert.match(manual.stderr, /--imap-host/);
  const auto = await raksa(['account', 'add', ...profileArgs(profile), '--email', 'a@example.go.th', '--autoconfig']);
  assert.equal(auto.code, 2);
  assert.match(auto.stderr, /--password-env/);
  assert.doesNotMatch(auto.stderr.split('\n')[0] ?? '', /--imap-host/, 'the error itself no longer asks for hosts');
});
