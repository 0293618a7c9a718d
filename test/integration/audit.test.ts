// The audit verbs through the real `raksa` binary and a real encrypted profile: the core records the policy
// on start, export prints JSON lines, and verify fails naming the entry an attacker holding the key changed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AuditEntry } from '../../shared/audit/auditSchemas.js';
import { auditRecipientsFromDecision } from '../../shared/audit/auditSchemas.js';
import { DEFAULT_POLICY, STRICTEST_POLICY, evaluateRecipients } from '../../shared/policy/index.js';
import { AuditLog } from '../../electron/core/audit/auditLog.js';
import { DATABASE_FILE } from '../../electron/core/host/composition.js';
import { policyHash } from '../../electron/core/policy/policyHash.js';
import { openProfile } from '../../electron/core/profile/openProfile.js';
import { PassphraseSecretStorage } from '../../electron/core/secrets/passphraseSecretStorage.js';
import { migrate } from '../../electron/core/store/migrate.js';
import { closeDatabase, openDatabase, type SqliteDatabase } from '../../electron/core/store/openDatabase.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = path.join(root, 'bin', 'raksa.mjs');
const PASSPHRASE = 'audit test passphrase';

let work: string;
let profile: string;

const raksa = (args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args, '--profile', profile, '--passphrase-env', 'RAKSA_AUDIT_PASS'],
      { cwd: root, env: { ...process.env, RAKSA_AUDIT_PASS: PASSPHRASE }, timeout: 120_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      },
    );
  });

/** Opens the profile's database in this process, as someone holding the profile key can. */
const withDatabase = async (fn: (db: SqliteDatabase) => void) => {
  const key = await new PassphraseSecretStorage({
    profileDir: profile,
    passphrase: PASSPHRASE,
  }).loadOrCreateDatabaseKey();
  const db = openDatabase(path.join(profile, DATABASE_FILE), key);
  try {
    migrate(db);
    fn(db);
  } finally {
    closeDatabase(db);
  }
};

before(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'raksa-audit-cli-'));
  profile = path.join(work, 'profile');
});

after(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

test('a new profile records the policy in force; verify says intact', async () => {
  const r = await raksa(['audit', 'verify', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const result = JSON.parse(r.stdout) as { ok: boolean; count: number; head: string };
  assert.equal(result.ok, true);
  assert.equal(result.count, 1, 'the first start records a policy-change entry');

  const again = await raksa(['audit', 'verify']);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /intact: 1 entries/, 'the same policy on the next start adds nothing');
});

test('export prints one JSON entry per line and honours --since', async () => {
  await withDatabase((db) => {
    const decision = evaluateRecipients(DEFAULT_POLICY, { to: ['friend@gmail.com', 'somchai@moph.go.th'] });
    let clock = Date.UTC(2030, 5, 1);
    const audit = new AuditLog(db, () => (clock += 86_400_000));
    for (const justification of [null, 'ส่งเอกสารประกอบการประชุม', null]) {
      audit.append({
        kind: justification ? 'justify' : 'warn',
        account: 'alice@example.go.th',
        recipients: auditRecipientsFromDecision(decision),
        verdict: decision.verdict,
        reasons: ['free-webmail'],
        justification,
        policyHash: policyHash(DEFAULT_POLICY),
      });
    }
  });
  const all = await raksa(['audit', 'export', '--json']);
  assert.equal(all.code, 0, all.stderr);
  const lines = all.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 4);
  const entries = lines.map((l) => JSON.parse(l) as AuditEntry);
  assert.deepEqual(
    entries.map((e) => e.kind),
    ['policy-change', 'warn', 'justify', 'warn'],
  );
  assert.equal(entries[2]?.justification, 'ส่งเอกสารประกอบการประชุม');
  assert.deepEqual(
    entries[1]?.recipients.map((r) => r.address),
    ['friend@gmail.com', 'somchai@moph.go.th'],
  );
  assert.equal(entries[3]?.prevHash, entries[2]?.hash);

  const since = await raksa(['audit', 'export', '--since', '2030-06-03', '--json']);
  assert.equal(since.code, 0, since.stderr);
  assert.deepEqual(
    since.stdout
      .trimEnd()
      .split('\n')
      .map((l) => (JSON.parse(l) as AuditEntry).seq),
    [3, 4],
  );
  const bad = await raksa(['audit', 'export', '--since', 'yesterday']);
  assert.equal(bad.code, 2);
});

test('verify fails naming the entry whose justification was rewritten', async () => {
  await withDatabase((db) => {
    // Exactly what an attacker with the key would do: remove the guard, then edit the row.
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare("UPDATE audit_log SET entry = replace(entry, 'ประชุม', 'ส่วนตัว') WHERE seq = 3").run();
  });
  const r = await raksa(['audit', 'verify']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /broken at entry 3\b/);
  const json = await raksa(['audit', 'verify', '--json']);
  assert.equal(json.code, 1);
  assert.deepEqual(
    { ...(JSON.parse(json.stdout) as object), reason: undefined },
    { ok: false, firstBrokenSeq: 3, reason: undefined },
  );
});

test('a core started under an invalid machine policy says so in app.status and records the fallback', async () => {
  const dir = path.join(work, 'invalid-policy');
  const invalid = {
    policy: STRICTEST_POLICY,
    source: 'invalid' as const,
    path: '/etc/raksa-mail/policy.json',
    error: '/etc/raksa-mail/policy.json: rules.freemail: unknown key "freemail"',
    lockedKeys: { 'rules.external': 'strictest-fallback' },
  };
  const core = await openProfile({ profileDir: dir, passphrase: PASSPHRASE, policy: invalid });
  try {
    const status = await core.call('app.status', {});
    assert.ok(status.ok);
    assert.match(status.value.policyProblem ?? '', /rules\.freemail.*strictest settings apply/);
    const effective = await core.call('policy.effective', {});
    assert.ok(effective.ok);
    assert.equal(effective.value.source, 'invalid');
    assert.equal(effective.value.hash, policyHash(STRICTEST_POLICY));
    const check = await core.call('policy.check', { to: ['friend@gmail.com'] });
    assert.ok(check.ok);
    assert.equal(check.value.verdict, 'block', 'the strictest policy is the one enforced');
    const page = await core.call('audit.export', {});
    assert.ok(page.ok);
    const [entry] = page.value.entries;
    assert.equal(entry?.kind, 'policy-change');
    assert.equal(entry?.detail.source, 'strictest-fallback');
    assert.equal(entry?.policyHash, policyHash(STRICTEST_POLICY));
  } finally {
    await core.close();
  }
  // Fixed policy on the next start: no problem any more, and the change is recorded.
  const fixed = await openProfile({
    profileDir: dir,
    passphrase: PASSPHRASE,
    policy: { policy: DEFAULT_POLICY, source: 'default', lockedKeys: {} },
  });
  try {
    const status = await fixed.call('app.status', {});
    assert.equal(status.ok ? status.value.policyProblem : 'x', null);
    const verify = await fixed.call('audit.verify', {});
    assert.deepEqual(verify.ok && verify.value.ok ? verify.value.count : 0, 2);
  } finally {
    await fixed.close();
  }
});
