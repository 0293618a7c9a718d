// The audit entries of account changes, through the handlers the UI and the CLI both call
// (accountHandlersTesting.ts: real encrypted store and audit log, real policy gate, login faked).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditEntry } from '../../../shared/audit/auditSchemas.js';
import { isCodedError, type ErrorCode } from '../../../shared/contract/result.js';
import type { AccountDiscovery } from '../../../shared/domain/accounts.js';
import { accountHandlersHarness as setup, GO_TH_ONLY, SEEDED } from './accountHandlersTesting.js';

const NEW_ACCOUNT = {
  email: 'somsri@moe.go.th',
  displayName: 'สมศรี',
  imap: { host: 'imap.moe.go.th', port: 993, security: 'tls' },
  smtp: { host: 'smtp.moe.go.th', port: 587, security: 'starttls' },
  user: 'somsri',
  password: 'add-pass-ลับ-1',
};

const rejectsWith = (p: Promise<unknown>, code: ErrorCode) =>
  assert.rejects(p, (e: unknown) => isCodedError(e) && e.code === code);

/** The whole exported log as IT would receive it (JSON), for searching. */
const exported = (entries: AuditEntry[]) => JSON.stringify(entries);

void test('account-add: address, servers and security, under the policy hash; the chain verifies', async (t) => {
  const h = setup(t);
  const added = await h.add(NEW_ACCOUNT);
  const [entry, ...rest] = h.entries();
  assert.deepEqual(rest, []);
  assert.equal(entry?.kind, 'account-add');
  assert.equal(entry.account, 'somsri@moe.go.th');
  assert.equal(entry.policyHash, h.policyHash);
  assert.deepEqual(entry.detail, {
    accountId: added.id,
    user: 'somsri',
    imapHost: 'imap.moe.go.th',
    imapPort: 993,
    imapSecurity: 'tls',
    smtpHost: 'smtp.moe.go.th',
    smtpPort: 587,
    smtpSecurity: 'starttls',
  });
  assert.ok(!exported(h.entries()).includes(NEW_ACCOUNT.password));
  assert.deepEqual(h.audit.verify(), { ok: true, count: 1, head: entry.hash });
});

void test('account-add: a failed login stores nothing and records nothing', async (t) => {
  const h = setup(t, { loginFails: 'AUTH_FAILED' });
  await rejectsWith(h.add(NEW_ACCOUNT), 'AUTH_FAILED');
  assert.equal(h.store.listAccounts().length, 1);
  assert.deepEqual(h.entries(), []);
});

void test('account-edit: names the changed fields with old → new servers; no password, not even its length', async (t) => {
  const h = setup(t);
  const newPassword = 'new-pass-ใหม่-Zq9';
  await h.update({
    id: h.account.id,
    imap: { host: 'mail.moph.go.th', port: 1993, security: 'starttls' },
    password: newPassword,
    displayName: 'สมชาย',
  });
  const [entry] = h.entries();
  assert.equal(entry?.kind, 'account-edit');
  assert.equal(entry.account, SEEDED.email);
  assert.equal(entry.policyHash, h.policyHash);
  assert.deepEqual(entry.detail, {
    accountId: h.account.id,
    changed: 'displayName,imap.host,imap.port,imap.security,password',
    'old.imap.host': 'imap.moph.go.th',
    'new.imap.host': 'mail.moph.go.th',
    'old.imap.port': 993,
    'new.imap.port': 1993,
    'old.imap.security': 'tls',
    'new.imap.security': 'starttls',
    cacheDropped: true,
  });
  const json = exported(h.entries());
  for (const secret of [newPassword, SEEDED.password])
    assert.ok(!json.includes(secret), 'no password in the export');
  assert.ok(!/length|passwordLength/iu.test(json), 'nothing about the password but its name');
  assert.equal(h.audit.verify().ok, true);

  // An address change: the entry is under the new address and says which it was (and only that).
  await h.update({ id: h.account.id, email: 'somchai.j@moph.go.th' });
  const second = h.entries()[1];
  assert.equal(second?.account, 'somchai.j@moph.go.th');
  assert.deepEqual(second.detail, {
    accountId: h.account.id,
    changed: 'email',
    'old.email': SEEDED.email,
    'new.email': 'somchai.j@moph.go.th',
    cacheDropped: false,
  });
  // Nothing changed: nothing to record.
  await h.update({ id: h.account.id, displayName: 'สมชาย' });
  assert.equal(h.entries().length, 2);
  assert.deepEqual(h.audit.verify(), { ok: true, count: 2, head: second.hash });
});

void test('account-remove: address, and that its cached data was deleted', async (t) => {
  const h = setup(t);
  await h.handlers['accounts.remove']({ id: h.account.id });
  assert.deepEqual(h.store.listFolders(h.account.id), []);
  const [entry] = h.entries();
  assert.equal(entry?.kind, 'account-remove');
  assert.equal(entry.account, SEEDED.email);
  assert.equal(entry.policyHash, h.policyHash);
  assert.equal(entry.detail['cachedDataDeleted'], true);
  assert.equal(entry.detail['accountId'], h.account.id);
  assert.equal(entry.detail['imapHost'], SEEDED.imap.host);
  assert.ok(!exported(h.entries()).includes(SEEDED.password));
  assert.equal(h.audit.verify().ok, true);
});

void test('account-refused: an add outside allowedMailServers stores nothing and records one refusal', async (t) => {
  const h = setup(t, { policy: GO_TH_ONLY });
  const foreign = {
    ...NEW_ACCOUNT,
    email: 'someone@gmail.com',
    imap: { host: 'imap.gmail.com', port: 993, security: 'tls' },
  };
  await rejectsWith(h.add(foreign), 'SERVER_NOT_ALLOWED');
  assert.deepEqual(
    h.store.listAccounts().map((a) => a.email),
    [SEEDED.email],
    'nothing added',
  );
  assert.equal(h.logins.length, 0, 'no login was attempted');
  const entries = h.entries();
  assert.equal(entries.length, 1);
  const [entry] = entries;
  assert.equal(entry?.kind, 'account-refused');
  assert.equal(entry.account, 'someone@gmail.com');
  assert.equal(entry.verdict, 'block');
  assert.deepEqual(entry.reasons, ['server-not-allowed']);
  assert.equal(entry.policyHash, h.policyHash);
  assert.equal(entry.detail['operation'], 'add');
  assert.equal(entry.detail['code'], 'SERVER_NOT_ALLOWED');
  assert.equal(entry.detail['refusedRole'], 'imap');
  assert.equal(entry.detail['refusedHost'], 'imap.gmail.com');
  assert.ok(!exported(entries).includes(NEW_ACCOUNT.password));
  assert.equal(h.audit.verify().ok, true);
});

void test('account-refused: an edit to a foreign SMTP server, and plaintext to a remote host', async (t) => {
  const h = setup(t, { policy: GO_TH_ONLY });
  await rejectsWith(
    h.update({ id: h.account.id, smtp: { host: 'smtp.gmail.com' }, password: 'x-secret-9' }),
    'SERVER_NOT_ALLOWED',
  );
  // Plaintext SMTP to another machine: refused before any connection (the login only tries IMAP).
  await rejectsWith(
    h.update({ id: h.account.id, smtp: { security: 'plain', port: 25 } }),
    'PLAINTEXT_REFUSED',
  );
  assert.equal(h.logins.length, 0);
  assert.deepEqual(h.store.getAccountWithSecret(h.account.id)?.smtp, SEEDED.smtp, 'nothing saved');
  const [first, second, ...rest] = h.entries();
  assert.deepEqual(rest, []);
  assert.equal(first?.kind, 'account-refused');
  assert.equal(first.account, SEEDED.email);
  assert.equal(first.detail['operation'], 'edit');
  assert.equal(first.detail['refusedHost'], 'smtp.gmail.com');
  assert.equal(first.detail['refusedRole'], 'smtp');
  assert.equal(second?.kind, 'account-refused');
  assert.deepEqual(second.reasons, ['plaintext-refused']);
  assert.equal(second.detail['refusedHost'], SEEDED.smtp.host);
  assert.equal(second.detail['smtpSecurity'], 'plain');
  assert.ok(!exported(h.entries()).includes('x-secret-9'));
  assert.equal(h.audit.verify().ok, true);
});

void test('account-refused: discovery that found only foreign servers (raksa account add --autoconfig)', async (t) => {
  const foreign: AccountDiscovery = {
    source: 'autoconfig',
    imap: { host: 'imap.gmail.com', port: 993, security: 'tls' },
    smtp: { host: 'smtp.gmail.com', port: 465, security: 'tls' },
    user: 'someone@gmail.com',
  };
  const h = setup(t, { policy: GO_TH_ONLY, discovery: foreign });
  await rejectsWith(h.handlers['accounts.discover']({ email: 'someone@gmail.com' }), 'SERVER_NOT_ALLOWED');
  const [entry, ...rest] = h.entries();
  assert.deepEqual(rest, []);
  assert.equal(entry?.kind, 'account-refused');
  assert.equal(entry.detail['operation'], 'discover');
  assert.equal(entry.detail['refusedHost'], 'imap.gmail.com');
  // An allowed discovery or a failed login is not a refusal.
  const open = setup(t, { discovery: foreign, loginFails: 'AUTH_FAILED' });
  await open.handlers['accounts.discover']({ email: 'someone@gmail.com' });
  await rejectsWith(open.update({ id: open.account.id, password: 'wrong' }), 'AUTH_FAILED');
  assert.deepEqual(open.entries(), []);
});
