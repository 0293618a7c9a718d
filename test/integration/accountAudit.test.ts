// Account changes and profile rebuilds in the audit log, through the real core (a worker on a real
// encrypted profile, real logins against a private Dovecot) and the real `raksa` binary: account-add,
// account-refused, account-edit, account-remove, then profile-recovery both for a damaged database rebuilt
// with its key (the UI's profile.recover) and for a lost key (`raksa profile recover --key-lost`).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AuditEntry } from '../../shared/audit/auditSchemas.js';
import { DEFAULT_POLICY } from '../../shared/policy/index.js';
import type { CoreClient } from '../../electron/core/host/coreClient.js';
import { policyHash } from '../../electron/core/policy/policyHash.js';
import type { MachinePolicy } from '../../electron/core/policy/machinePolicy.js';
import { openProfile } from '../../electron/core/profile/openProfile.js';
import { RECOVERY_MARKER_FILE } from '../../electron/core/recovery/recoveryMarker.js';
import { startDovecot, type DovecotServer } from '../servers/dovecot.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = path.join(root, 'bin', 'raksa.mjs');
const PASSPHRASE = 'account audit passphrase';
// The binary enforces the machine's own policy (none here: the defaults); the in-process core gets this one.
const POLICY: MachinePolicy = {
  policy: { ...DEFAULT_POLICY, allowedMailServers: ['127.0.0.1', '*.go.th'] },
  source: 'file',
  path: '/etc/raksa-mail/policy.json',
  lockedKeys: { allowedMailServers: '/etc/raksa-mail/policy.json' },
};

let server: DovecotServer;
let work: string;
let profile: string;
let caFile: string;

const open = (): Promise<CoreClient> =>
  openProfile({ profileDir: profile, passphrase: PASSPHRASE, trustedCaPem: [server.caPem], policy: POLICY });

const raksa = (args: string[], passphrase = PASSPHRASE) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args, '--profile', profile],
      { cwd: root, env: { ...process.env, RAKSA_PASSPHRASE: passphrase }, timeout: 120_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });

/** `raksa audit export --json`: the raw text IT receives, and its entries. */
const exportLog = async (passphrase = PASSPHRASE) => {
  const r = await raksa(['audit', 'export', '--json'], passphrase);
  assert.equal(r.code, 0, r.stderr);
  return {
    text: r.stdout,
    entries: r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as AuditEntry),
  };
};

const verify = async (passphrase = PASSPHRASE) => {
  const r = await raksa(['audit', 'verify', '--json'], passphrase);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  return JSON.parse(r.stdout) as { ok: boolean; count: number };
};

const must = <T>(r: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T => {
  if (!r.ok) assert.fail(`${r.error.code}: ${r.error.message}`);
  return r.value;
};

const servers = (imapPort: number, security: 'tls' | 'starttls' = 'tls') => ({
  imap: { host: '127.0.0.1', port: imapPort, security },
  smtp: { host: '127.0.0.1', port: 465, security: 'tls' as const },
});

before(async () => {
  server = await startDovecot();
  work = await mkdtemp(path.join(os.tmpdir(), 'raksa-acc-audit-'));
  profile = path.join(work, 'profile');
  caFile = path.join(work, 'ca.pem');
  await writeFile(caFile, server.caPem);
});

after(async () => {
  await server?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

void test('account add, refusal, edit and removal are audited; no password reaches the export', async () => {
  const hash = policyHash(POLICY.policy);
  const core = await open();
  let keptId: number;
  try {
    const alice = must(
      await core.call('accounts.add', {
        email: 'alice@example.go.th',
        displayName: 'อลิซ',
        ...servers(server.imapsPort),
        user: 'alice',
        password: 'alice-secret-1',
      }),
    );
    keptId = alice.id;

    // Outside allowedMailServers: refused before any login, nothing stored.
    const refused = await core.call('accounts.add', {
      email: 'someone@gmail.com',
      displayName: '',
      imap: { host: 'imap.gmail.com', port: 993, security: 'tls' },
      smtp: { host: 'smtp.gmail.com', port: 465, security: 'tls' },
      user: 'someone@gmail.com',
      password: 'gmail-secret-3',
    });
    assert.equal(refused.ok ? 'ok' : refused.error.code, 'SERVER_NOT_ALLOWED');
    assert.deepEqual(
      must(await core.call('accounts.list', {})).map((a) => a.email),
      ['alice@example.go.th'],
    );

    // Another login on STARTTLS: it must log in (as bob) before it is saved.
    must(
      await core.call('accounts.update', {
        id: alice.id,
        imap: { port: server.imapPort, security: 'starttls' },
        user: 'bob',
        password: 'bob-secret-2',
      }),
    );

    const carol = must(
      await core.call('accounts.add', {
        email: 'carol@example.go.th',
        displayName: '',
        ...servers(server.imapsPort),
        user: 'alice',
        password: 'alice-secret-1',
      }),
    );
    must(await core.call('accounts.remove', { id: carol.id }));
    must(
      await core.call('drafts.save', {
        compose: {
          accountId: alice.id,
          to: ['somchai@moph.go.th'],
          cc: [],
          bcc: [],
          subject: 'ร่างบันทึก',
          text: 'ข้อความ',
        },
        upload: false,
      }),
    );
  } finally {
    await core.close();
  }

  const { text, entries } = await exportLog();
  for (const secret of ['alice-secret-1', 'bob-secret-2', 'gmail-secret-3']) {
    assert.ok(!text.includes(secret), `the export never holds a password (${secret})`);
  }
  // The binary runs under the machine's own (default) policy, so it adds a policy-change of its own at the end.
  assert.deepEqual(
    entries.map((e) => e.kind),
    [
      'policy-change',
      'account-add',
      'account-refused',
      'account-edit',
      'account-add',
      'account-remove',
      'policy-change',
    ],
  );
  const [, add, refusal, edit, , remove] = entries;
  for (const e of [add, refusal, edit, remove]) assert.equal(e?.policyHash, hash);
  assert.equal(add?.account, 'alice@example.go.th');
  assert.deepEqual(add?.detail, {
    accountId: keptId,
    user: 'alice',
    imapHost: '127.0.0.1',
    imapPort: server.imapsPort,
    imapSecurity: 'tls',
    smtpHost: '127.0.0.1',
    smtpPort: 465,
    smtpSecurity: 'tls',
  });
  assert.equal(refusal?.account, 'someone@gmail.com');
  assert.deepEqual(refusal?.reasons, ['server-not-allowed']);
  assert.equal(refusal?.detail['refusedHost'], 'imap.gmail.com');
  assert.equal(refusal?.detail['operation'], 'add');
  assert.equal(edit?.account, 'alice@example.go.th');
  assert.equal(edit?.detail['changed'], 'imap.port,imap.security,user,password');
  assert.equal(edit?.detail['old.imap.port'], server.imapsPort);
  assert.equal(edit?.detail['new.imap.port'], server.imapPort);
  assert.equal(edit?.detail['old.imap.security'], 'tls');
  assert.equal(edit?.detail['new.imap.security'], 'starttls');
  assert.equal(edit?.detail['cacheDropped'], true);
  assert.equal(remove?.account, 'carol@example.go.th');
  assert.equal(remove?.detail['cachedDataDeleted'], true);
  assert.deepEqual(await verify(), { ok: true, count: entries.length, head: entries.at(-1)?.hash });
});

void test('a rebuild with the key (profile.recover) is recorded in the new database with what was kept', async () => {
  const core = await open();
  try {
    // Opening under POLICY again (the binary ran under the defaults) recorded a policy-change first.
    const before = must(await core.call('audit.verify', {}));
    assert.ok(before.ok);
    const report = must(await core.call('profile.recover', {}));
    assert.equal(report.keyLost, false);
    // The worker opened a new core on the rebuilt database: the entry is already there.
    const page = must(await core.call('audit.export', {}));
    const entry = page.entries.find((e) => e.kind === 'profile-recovery');
    assert.ok(entry, 'profile-recovery recorded');
    assert.equal(entry.seq, before.count + 1, 'after every copied entry');
    assert.equal(entry.account, null);
    assert.equal(entry.policyHash, policyHash(POLICY.policy));
    assert.deepEqual(entry.reasons, ['integrity-failure']);
    assert.equal(entry.detail['reason'], 'integrity-failure');
    assert.equal(entry.detail['recoveryId'], path.basename(report.movedTo));
    assert.equal(entry.detail['kept.audit_log'], before.count);
    assert.equal(entry.detail['kept.accounts'], 1);
    assert.equal(entry.detail['kept.drafts'], 1);
    assert.equal(entry.detail['kept.outbox'], 0);
    assert.equal(entry.detail['lost.audit_log'], 0);
    assert.equal(entry.detail['schemaReadable'], true);
    assert.deepEqual(must(await core.call('audit.verify', {})), {
      ok: true,
      count: page.entries.length,
      head: page.entries.at(-1)?.hash,
    });
    assert.ok(!existsSync(path.join(profile, RECOVERY_MARKER_FILE)), 'the note is gone once recorded');
  } finally {
    await core.close();
  }
  // Recorded once: the next open adds no second profile-recovery.
  const { entries } = await exportLog();
  assert.equal(entries.filter((e) => e.kind === 'profile-recovery').length, 1);
});

void test('a lost key (raksa profile recover --key-lost): the new database starts with profile-recovery', async () => {
  const NEW = 'a brand new passphrase';
  const r = await raksa(['profile', 'recover', '--key-lost', '--json'], NEW);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as { movedTo: string };
  const { text, entries } = await exportLog(NEW);
  assert.deepEqual(
    entries.map((e) => e.kind),
    ['profile-recovery', 'policy-change'],
  );
  const [entry] = entries;
  assert.deepEqual(entry?.reasons, ['key-unwrap-failed']);
  assert.equal(entry?.detail['recoveryId'], path.basename(report.movedTo));
  assert.equal(entry?.policyHash, policyHash(DEFAULT_POLICY));
  for (const table of ['outbox', 'drafts', 'audit_log', 'accounts'])
    assert.equal(entry?.detail[`kept.${table}`], 0, table);
  assert.match(String(entry?.detail['movedFiles']), /raksa\.db/u);
  assert.ok(!text.includes('alice-secret-1'));
  assert.equal((await verify(NEW)).ok, true);
});
