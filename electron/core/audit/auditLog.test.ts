import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { canonicalJson } from '../../../shared/audit/canonicalJson.js';
import { DEFAULT_POLICY, STRICTEST_POLICY, evaluateRecipients } from '../../../shared/policy/index.js';
import { auditRecipientsFromDecision, type AuditEventInput } from '../../../shared/audit/auditSchemas.js';
import { migrate } from '../store/migrate.js';
import { closeDatabase, openDatabase, type SqliteDatabase } from '../store/openDatabase.js';
import { policyHash } from '../policy/policyHash.js';
import { AuditLog } from './auditLog.js';
import { recordPolicyChange } from './recordPolicyChange.js';

const HASH = policyHash(DEFAULT_POLICY);

const setup = (t: { after: (fn: () => void) => void }) => {
  const dir = mkdtempSync(join(tmpdir(), 'raksa-audit-'));
  const db = openDatabase(join(dir, 'p.db'), randomBytes(32));
  migrate(db);
  let clock = Date.UTC(2025, 0, 2, 3, 4, 5, 6);
  const audit = new AuditLog(db, () => clock++);
  t.after(() => {
    closeDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  });
  return { db, audit };
};

const warnEvent = (justification: string | null = null): AuditEventInput => {
  const decision = evaluateRecipients(DEFAULT_POLICY, { to: ['somchai@moph.go.th', 'friend@gmail.com'] });
  return {
    kind: justification ? 'justify' : 'warn',
    account: 'alice@example.go.th',
    recipients: auditRecipientsFromDecision(decision),
    verdict: decision.verdict,
    reasons: ['free-webmail'],
    justification,
    policyHash: HASH,
    detail: { messageId: '<1@example.go.th>' },
  };
};

/** What an attacker holding the key does: drop the trigger and rewrite a row. */
const tamper = (db: SqliteDatabase, sql: string, ...params: unknown[]) => {
  db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
  db.prepare(sql).run(...params);
};

void test('append chains each entry to the previous one with sha256(prevHash || canonical JSON)', (t) => {
  const { audit } = setup(t);
  const first = audit.append(warnEvent());
  const second = audit.append(warnEvent('ประสานงานกับบริษัทผู้รับจ้าง'));
  assert.equal(first.seq, 1);
  assert.equal(first.prevHash, '0'.repeat(64));
  assert.equal(first.time, '2025-01-02T03:04:05.006Z');
  assert.equal(second.prevHash, first.hash);
  const { hash, ...body } = second;
  assert.equal(
    hash,
    createHash('sha256')
      .update(first.hash + canonicalJson(body))
      .digest('hex'),
  );
  assert.deepEqual(
    second.recipients.map((r) => [r.address, r.verdict]),
    [
      ['somchai@moph.go.th', 'allow'],
      ['friend@gmail.com', 'warn'],
    ],
  );
  assert.equal(second.justification, 'ประสานงานกับบริษัทผู้รับจ้าง');
  assert.deepEqual(audit.verify(), { ok: true, count: 2, head: second.hash });
});

void test('a bad event is refused and writes nothing', (t) => {
  const { audit } = setup(t);
  assert.throws(() => audit.append({ ...warnEvent(), policyHash: 'nope' }), /policyHash/);
  assert.throws(() => audit.append({ ...warnEvent(), kind: 'deleted' as never }), /kind/);
  assert.deepEqual(audit.verify(), { ok: true, count: 0, head: '0'.repeat(64) });
});

void test('the table refuses UPDATE, DELETE and an INSERT that does not extend the chain', (t) => {
  const { db, audit } = setup(t);
  const e = audit.append(warnEvent());
  assert.throws(() => db.prepare("UPDATE audit_log SET kind = 'warn'").run(), /append-only/);
  assert.throws(() => db.prepare('DELETE FROM audit_log').run(), /append-only/);
  assert.throws(
    () =>
      db
        .prepare(
          'INSERT INTO audit_log (seq, time_ms, kind, entry, prev_hash, hash) VALUES (5, 0, ?, ?, ?, ?)',
        )
        .run('warn', '{}', e.hash, 'a'.repeat(64)),
    /extend the chain/,
  );
  assert.throws(
    () =>
      db
        .prepare(
          'INSERT INTO audit_log (seq, time_ms, kind, entry, prev_hash, hash) VALUES (2, 0, ?, ?, ?, ?)',
        )
        .run('warn', '{}', '0'.repeat(64), 'a'.repeat(64)),
    /extend the chain/,
  );
  assert.equal(audit.verify().ok, true);
});

void test('verify names the entry whose content was changed', (t) => {
  const { db, audit } = setup(t);
  for (let i = 0; i < 4; i++) audit.append(warnEvent(`reason ${i}`));
  tamper(db, "UPDATE audit_log SET entry = replace(entry, 'reason 2', 'reason X') WHERE seq = 3");
  const r = audit.verify();
  assert.equal(r.ok, false);
  assert.equal(r.ok ? 0 : r.firstBrokenSeq, 3);
  assert.match(r.ok ? '' : r.reason, /does not match its hash/);
});

void test('verify names a rewritten entry even when its own hash was recomputed', (t) => {
  const { db, audit } = setup(t);
  for (let i = 0; i < 4; i++) audit.append(warnEvent(`reason ${i}`));
  const row = db.prepare('SELECT entry, prev_hash FROM audit_log WHERE seq = 2').get() as {
    entry: string;
    prev_hash: string;
  };
  const forged = row.entry.replace('reason 1', 'harmless');
  const forgedHash = createHash('sha256')
    .update(row.prev_hash + forged)
    .digest('hex');
  tamper(db, 'UPDATE audit_log SET entry = ?, hash = ? WHERE seq = 2', forged, forgedHash);
  const r = audit.verify();
  assert.deepEqual(r.ok ? null : r.firstBrokenSeq, 2);
});

void test('verify notices a removed entry, a changed time index and a non-canonical entry', (t) => {
  const cases: [string, number][] = [
    ['DELETE FROM audit_log WHERE seq = 2', 2],
    ['UPDATE audit_log SET time_ms = 0 WHERE seq = 3', 3],
    ["UPDATE audit_log SET entry = ' ' || entry WHERE seq = 1", 1],
    ["UPDATE audit_log SET entry = 'not json' WHERE seq = 3", 3],
  ];
  for (const [sql, seq] of cases) {
    const { db, audit } = setup(t);
    for (let i = 0; i < 3; i++) audit.append(warnEvent());
    tamper(db, sql);
    const r = audit.verify();
    assert.equal(r.ok ? 0 : r.firstBrokenSeq, seq, sql);
  }
});

void test('export iterates every entry in order, pages, and filters by time', (t) => {
  const { audit } = setup(t);
  const written = Array.from({ length: 1203 }, () => audit.append(warnEvent()));
  const all = [...audit.export()];
  assert.equal(all.length, 1203);
  assert.deepEqual(all[1202], written[1202]);
  assert.deepEqual(
    all.map((e) => e.seq),
    written.map((e) => e.seq),
  );
  const since = Date.parse(written[1000]?.time ?? '');
  assert.deepEqual(
    [...audit.export({ since })].map((e) => e.seq),
    written.slice(1000).map((e) => e.seq),
  );
  const page = audit.page({ afterSeq: 1, limit: 2 });
  assert.deepEqual(
    page.entries.map((e) => e.seq),
    [2, 3],
  );
  assert.equal(page.nextAfterSeq, 3);
  assert.equal(audit.page({ afterSeq: 1200, limit: 5 }).nextAfterSeq, null);
});

void test('a policy change is recorded once per distinct policy, with its source', (t) => {
  const { audit } = setup(t);
  const facts = { policyHash: HASH, source: 'default', location: null, error: null };
  const first = recordPolicyChange(audit, facts);
  assert.equal(first?.kind, 'policy-change');
  assert.equal(first?.detail.previousPolicyHash, null);
  assert.equal(recordPolicyChange(audit, facts), null, 'same policy on the next start: nothing new');
  audit.append(warnEvent());
  assert.equal(recordPolicyChange(audit, facts), null, 'other entries do not hide the last policy');
  const strict = policyHash(STRICTEST_POLICY);
  const changed = recordPolicyChange(audit, {
    policyHash: strict,
    source: 'strictest-fallback',
    location: '/etc/raksa-mail/policy.json',
    error: 'rules.x: unknown key',
  });
  assert.equal(changed?.detail.previousPolicyHash, HASH);
  assert.equal(changed?.detail.source, 'strictest-fallback');
  assert.equal(changed?.policyHash, strict);
  assert.equal(audit.lastPolicyHash(), strict);
  assert.equal(audit.verify().ok, true);
});

void test('the policy hash is independent of key order and changes with any rule', () => {
  const reordered = JSON.parse(JSON.stringify({ ...DEFAULT_POLICY, version: 1 })) as typeof DEFAULT_POLICY;
  assert.equal(policyHash(reordered), HASH);
  assert.notEqual(
    policyHash({ ...DEFAULT_POLICY, rules: { ...DEFAULT_POLICY.rules, external: 'justify' } }),
    HASH,
  );
  assert.match(HASH, /^[0-9a-f]{64}$/);
});
