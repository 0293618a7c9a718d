// profile-recovery entries: a real rebuild of a damaged database (recoverProfile) leaves a note, and what
// the core runs at every open (recordPendingRecoveries, called by createCore) records it in the new
// database once, with what was kept and lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { AccountInput } from '../../../shared/domain/schemas.js';
import { DEFAULT_POLICY } from '../../../shared/policy/index.js';
import { policyHash } from '../policy/policyHash.js';
import {
  addPendingRecovery,
  readPendingRecoveries,
  RECOVERY_MARKER_FILE,
} from '../recovery/recoveryMarker.js';
import { DEFAULT_DATABASE_FILE, recoverProfile } from '../recovery/recoverProfile.js';
import { migrate } from '../store/migrate.js';
import { closeDatabase, openDatabase } from '../store/openDatabase.js';
import { SqliteMailStore } from '../store/sqliteMailStore.js';
import { AuditLog } from './auditLog.js';
import { recordPendingRecoveries } from './recordRecovery.js';

const HASH = policyHash(DEFAULT_POLICY);

const profile = (t: { after: (fn: () => void) => void }) => {
  const dir = mkdtempSync(join(tmpdir(), 'raksa-rec-audit-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};

/** A profile with one account, 3 outbox rows, 40 audit entries and cached mail, then damaged mid-file. */
const damagedProfile = (dir: string, key: Uint8Array) => {
  const db = openDatabase(join(dir, DEFAULT_DATABASE_FILE), key);
  migrate(db);
  const store = new SqliteMailStore(db);
  const a = store.addAccount(
    AccountInput.parse({
      email: 'somchai@moph.go.th',
      imap: { host: 'imap.moph.go.th', port: 993, security: 'tls' },
      smtp: { host: 'smtp.moph.go.th', port: 465, security: 'tls' },
      user: 'somchai',
      password: 'pw',
    }),
  );
  const insert = db.prepare(
    `INSERT INTO outbox (account_id, message_id, state, subject, raw, envelope_json, compose_json, classification,
       confirmed_verdict, created_at, updated_at) VALUES (?, ?, 'queued', 's', ?, '{}', '{}', 'none', 'allow', 1, 1)`,
  );
  for (let i = 1; i <= 3; i++) insert.run(a.id, `<o${i}@raksa>`, Buffer.from('raw'));
  const audit = new AuditLog(db);
  for (let i = 0; i < 40; i++)
    audit.append({ kind: 'warn', account: 'somchai@moph.go.th', policyHash: HASH, detail: { i } });
  store.replaceFolders(a.id, [
    { path: 'INBOX', name: 'INBOX', delimiter: '/', specialUse: 'inbox', subscribed: true },
  ]);
  const inbox = store.findFolderByPath(a.id, 'INBOX');
  assert.ok(inbox);
  store.upsertHeaders(
    inbox.id,
    Array.from({ length: 300 }, (_, i) => ({
      uid: i + 1,
      messageId: `<${i}@x>`,
      date: i,
      from: { name: '', address: 's@moph.go.th' },
      to: [],
      cc: [],
      subject: `เรื่อง ${i}`,
      flags: [],
      size: 1,
      hasAttachments: false,
      inReplyTo: null,
    })),
  );
  closeDatabase(db);
  const file = join(dir, DEFAULT_DATABASE_FILE);
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(16, 0x5a), 0, 16, Math.floor(statSync(file).size / 2));
  closeSync(fd);
};

/** What createCore does on open: migrate, then record what is waiting. */
const openAndRecord = (dir: string, key: Uint8Array, t: { after: (fn: () => void) => void }) => {
  const db = openDatabase(join(dir, DEFAULT_DATABASE_FILE), key);
  t.after(() => closeDatabase(db));
  migrate(db);
  const audit = new AuditLog(db);
  return { audit, recorded: recordPendingRecoveries(audit, dir, HASH) };
};

void test('a damaged database rebuilt with its key: one profile-recovery entry after the copied ones', (t) => {
  const dir = profile(t);
  const key = randomBytes(32);
  damagedProfile(dir, key);
  const report = recoverProfile(dir, key, { now: () => new Date('2025-03-04T05:06:07Z') });
  const copied = report.tables.find((r) => r.table === 'audit_log')?.copied ?? -1;
  assert.equal(copied, 40);

  const { audit, recorded } = openAndRecord(dir, key, t);
  assert.equal(recorded.length, 1);
  const [entry] = recorded;
  assert.equal(entry?.kind, 'profile-recovery');
  assert.equal(entry.seq, 41, 'chained after the 40 copied entries');
  assert.equal(entry.account, null);
  assert.equal(entry.policyHash, HASH);
  assert.deepEqual(entry.reasons, ['integrity-failure']);
  assert.equal(entry.detail['reason'], 'integrity-failure');
  assert.equal(entry.detail['recoveredAt'], '2025-03-04T05:06:07.000Z');
  assert.equal(entry.detail['kept.outbox'], 3);
  assert.equal(entry.detail['kept.audit_log'], 40);
  assert.equal(entry.detail['kept.accounts'], 1);
  assert.equal(entry.detail['kept.drafts'], 0);
  assert.equal(entry.detail['lost.outbox'], 0);
  assert.equal(entry.detail['schemaReadable'], true);
  assert.equal(entry.detail['movedFiles'], report.movedFiles.join(','));
  assert.deepEqual(audit.verify(), { ok: true, count: 41, head: entry.hash });
  assert.ok(!existsSync(join(dir, RECOVERY_MARKER_FILE)), 'the note is removed once recorded');
  assert.deepEqual(recordPendingRecoveries(audit, dir, HASH), [], 'nothing is waiting at the next open');
});

void test('a note left by a crash after the append is not recorded twice; an unreadable note is still recorded', (t) => {
  const dir = profile(t);
  const key = randomBytes(32);
  damagedProfile(dir, key);
  recoverProfile(dir, key);
  const pending = readPendingRecoveries(dir)?.pending[0];
  assert.ok(pending);
  const { audit } = openAndRecord(dir, key, t);
  // The same note back (the crash case): recognised by its recoveryId.
  addPendingRecovery(dir, pending);
  assert.deepEqual(recordPendingRecoveries(audit, dir, HASH), []);
  // A note this app did not write (damaged, or planted): a rebuild is claimed, its details unknown, and said so.
  writeFileSync(join(dir, RECOVERY_MARKER_FILE), '{not json');
  const [unknown, ...rest] = recordPendingRecoveries(audit, dir, HASH);
  assert.deepEqual(rest, []);
  assert.equal(unknown?.kind, 'profile-recovery');
  assert.deepEqual(unknown.reasons, ['recovery-note-unreadable']);
  assert.equal(unknown.detail['noteReadable'], false);
  assert.equal(audit.verify().ok, true);
  assert.equal([...audit.export()].filter((e) => e.kind === 'profile-recovery').length, 2);
});

void test('two rebuilds before the next open (key lost twice) are both recorded, oldest first', (t) => {
  const dir = profile(t);
  const first = recoverProfile(dir, null, { now: () => new Date('2025-01-01T00:00:00Z') });
  const second = recoverProfile(dir, null, { now: () => new Date('2025-01-02T00:00:00Z') });
  const { audit, recorded } = openAndRecord(dir, randomBytes(32), t);
  assert.deepEqual(
    recorded.map((e) => [e.detail['recoveryId'], e.detail['reason']]),
    [first, second].map((r) => [r.movedTo.split(/[\\/]/u).at(-1), 'key-unwrap-failed']),
  );
  assert.equal(audit.verify().ok, true);
});
