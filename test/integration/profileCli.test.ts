// The key and database lifecycle through the real `raksa` binary against a private Dovecot: saving an
// attachment, changing the passphrase, checking integrity, recovering a damaged database (local-only data
// kept, mail refilled by the next sync) and starting over when the passphrase is lost.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { appendMessage, startDovecot, type DovecotServer } from '../servers/dovecot.js';
import { readFixture, thaiAttachments } from '../fixtures/index.js';
import { generatedMessage } from './generatedMail.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = path.join(root, 'bin', 'raksa.mjs');
let server: DovecotServer;
let work: string;
let profile: string;

const raksa = (args: string[], env: Record<string, string> = {}) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd: root, env: { ...process.env, TMPDIR: path.join(work, 'tmp'), MAILPASS: 'alice-secret-1', ...env }, timeout: 180_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });

const as = (pass: string) => ({ RAKSA_PASSPHRASE: pass });
const common = () => ['--profile', profile, '--ca-file', path.join(work, 'ca.pem')];
const search = async (pass: string, q: string) => {
  const r = await raksa(['search', ...common(), q, '--json'], as(pass));
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as { id: number; subject: string }[];
};

before(async () => {
  server = await startDovecot();
  work = mkdtempSync(path.join(os.tmpdir(), 'raksa-profile-cli-'));
  profile = path.join(work, 'profile');
  writeFileSync(path.join(work, 'ca.pem'), server.caPem);
  mkdirSync(path.join(work, 'tmp'));
  await appendMessage(server, 'alice', 'alice-secret-1', 'INBOX', readFixture(thaiAttachments));
  for (let i = 1; i <= 120; i++) await appendMessage(server, 'alice', 'alice-secret-1', 'INBOX', generatedMessage(i, Date.UTC(2024, 0, i), 4000));
});

after(async () => {
  await server?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

void test('attachment save, passphrase change, integrity check, recovery, and a lost passphrase', async () => {
  const added = await raksa(
    ['account', 'add', ...common(), '--email', 'alice@example.go.th', '--imap-host', '127.0.0.1', '--imap-port',
      String(server.imapsPort), '--smtp-host', '127.0.0.1', '--smtp-port', '465', '--security', 'tls', '--user', 'alice',
      '--password-env', 'MAILPASS'],
    as('first passphrase'),
  );
  assert.equal(added.code, 0, added.stderr);
  assert.equal((await raksa(['sync', ...common(), '--once'], as('first passphrase'))).code, 0);

  // attachment save: the decrypted bytes, to the chosen file only; the temp copy is gone afterwards.
  const [msg] = await search('first passphrase', thaiAttachments.subject);
  assert.ok(msg);
  const out = path.join(work, 'saved.csv');
  const saved = await raksa(['attachment', 'save', ...common(), String(msg.id), '1', '--out', out, '--json'], as('first passphrase'));
  assert.equal(saved.code, 0, saved.stderr);
  assert.equal((JSON.parse(saved.stdout) as { filename: string }).filename, 'ตารางสรุป.csv');
  assert.equal(statSync(out).size, thaiAttachments.attachments[1]?.size);
  const again = await raksa(['attachment', 'save', ...common(), String(msg.id), '1', '--out', out], as('first passphrase'));
  assert.equal(again.code, 1, 'an existing file is not overwritten without --force');
  assert.equal((await raksa(['attachment', 'save', ...common(), String(msg.id), '9', '--out', `${out}.x`], as('first passphrase'))).code, 1);
  assert.deepEqual(readdirSync(path.join(work, 'tmp')).filter((n) => n.startsWith('raksa-att-')), []);

  // profile passphrase: the old one stops working, the new one opens the same mail.
  const changed = await raksa(['profile', 'passphrase', '--profile', profile], { ...as('first passphrase'), RAKSA_NEW_PASSPHRASE: 'ใหม่ second passphrase' });
  assert.equal(changed.code, 0, changed.stderr);
  const old = await raksa(['search', ...common(), 'มังคุด', '--json'], as('first passphrase'));
  assert.equal(old.code, 1);
  assert.match(old.stderr, /WRONG_PASSPHRASE/u);
  const pass = 'ใหม่ second passphrase';
  assert.equal((await search(pass, 'มังคุด')).length, 1);
  const wrongOld = await raksa(['profile', 'passphrase', '--profile', profile], { ...as('nope'), RAKSA_NEW_PASSPHRASE: 'x' });
  assert.equal(wrongOld.code, 1);

  const check = await raksa(['profile', 'check', ...common(), '--full', '--json'], as(pass));
  assert.equal(check.code, 0, check.stderr);
  assert.deepEqual(JSON.parse(check.stdout), { ok: true, problems: [] });

  // Damage the middle of the database: the check says so, and so do reads that touch the bad page.
  const db = path.join(profile, 'raksa.db');
  const fd = openSync(db, 'r+');
  writeSync(fd, Buffer.alloc(64, 0xa5), 0, 64, Math.floor(statSync(db).size / 2));
  closeSync(fd);
  const damaged = await raksa(['profile', 'check', ...common(), '--json'], as(pass));
  assert.equal(damaged.code, 1);
  assert.equal((JSON.parse(damaged.stdout) as { ok: boolean }).ok, false);

  const recovered = await raksa(['profile', 'recover', '--profile', profile, '--json'], as(pass));
  assert.equal(recovered.code, 0, recovered.stderr);
  const report = JSON.parse(recovered.stdout) as { accounts: number; keyLost: boolean; movedTo: string };
  assert.equal(report.keyLost, false);
  assert.equal(report.accounts, 1);
  assert.ok(existsSync(path.join(report.movedTo, 'raksa.db')), 'the damaged file is kept');
  assert.equal((await search(pass, 'มังคุด')).length, 0, 'the cache starts empty');
  assert.equal((await raksa(['sync', ...common(), '--once'], as(pass))).code, 0, 'the kept account syncs without being re-entered');
  assert.equal((await search(pass, 'มังคุด')).length, 1);
  assert.equal((await search(pass, 'in:INBOX')).length, 121);

  // The passphrase is lost: without --key-lost nothing changes; with it, a fresh start and the old files aside.
  const refused = await raksa(['profile', 'recover', '--profile', profile], as('forgotten'));
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /--key-lost/u);
  const fresh = await raksa(['profile', 'recover', '--profile', profile, '--key-lost', '--json'], as('a brand new passphrase'));
  assert.equal(fresh.code, 0, fresh.stderr);
  const lost = JSON.parse(fresh.stdout) as { keyLost: boolean; movedTo: string; movedFiles: string[] };
  assert.equal(lost.keyLost, true);
  assert.ok(lost.movedFiles.includes('key.json') && lost.movedFiles.includes('raksa.db'));
  assert.match(readFileSync(path.join(lost.movedTo, 'README.txt'), 'utf8'), /accounts must be added again/u);
  const list = await raksa(['account', 'list', ...common(), '--json'], as('a brand new passphrase'));
  assert.equal(list.code, 0, list.stderr);
  assert.deepEqual(JSON.parse(list.stdout), []);
});
