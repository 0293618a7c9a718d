// accounts.discover / update / remove over the real store (accountHandlersTesting.ts), with the login and
// discovery faked so each rule can be driven: the policy gate on every change, a login before saving,
// cache dropped when the mailbox behind the account changes, and removal of the cached data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isCodedError, type ErrorCode } from '../../../shared/contract/result.js';
import { AccountUpdate, type AccountDiscovery } from '../../../shared/domain/accounts.js';
import { AccountInput } from '../../../shared/domain/schemas.js';
import { accountHandlersHarness as setup, GO_TH_ONLY } from './accountHandlersTesting.js';

async function rejectsWith(p: Promise<unknown>, code: ErrorCode, pattern?: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(isCodedError(e), String(e));
    assert.equal(e.code, code, e.message);
    if (pattern) assert.match(e.message, pattern);
    assert.ok(!e.message.includes('old-pass') && !e.message.includes('new-pass'));
    return true;
  });
}

void test('update: a port change merges, logs in with the new settings, then saves', async (t) => {
  const { update, store, logins, account, events } = setup(t);
  const saved = await update({ id: account.id, imap: { port: 1993 } });
  assert.deepEqual(saved.imap, { host: 'imap.moph.go.th', port: 1993, security: 'tls' });
  assert.equal(logins.length, 1);
  assert.equal(logins[0]?.imap.port, 1993);
  assert.equal(logins[0]?.password, 'old-pass', 'no password given: the stored one is kept');
  assert.equal(store.getAccountWithSecret(account.id)?.imap.port, 1993);
  assert.equal(store.listFolders(account.id).length, 0, 'another server: its cache is dropped');
  assert.ok(events.includes('accounts.changed') && events.includes('mailbox.changed'));
});

void test('update: a failed login saves nothing', async (t) => {
  const { update, store, account } = setup(t, { loginFails: 'AUTH_FAILED' });
  await rejectsWith(update({ id: account.id, password: 'new-pass', imap: { host: 'imap2.moph.go.th' } }), 'AUTH_FAILED');
  const stored = store.getAccountWithSecret(account.id);
  assert.equal(stored?.password, 'old-pass');
  assert.equal(stored?.imap.host, 'imap.moph.go.th');
  assert.equal(store.listFolders(account.id).length, 1);
});

void test('update: a new password is verified; the display name alone needs no login and keeps the cache', async (t) => {
  const { update, store, logins, account, released } = setup(t);
  await update({ id: account.id, password: 'new-pass' });
  assert.equal(logins.at(-1)?.password, 'new-pass');
  assert.equal(store.getAccountWithSecret(account.id)?.password, 'new-pass');
  assert.equal(store.listFolders(account.id).length, 1, 'same mailbox: cache kept');
  const before = logins.length;
  const renamed = await update({ id: account.id, displayName: 'สมชาย' });
  assert.equal(renamed.displayName, 'สมชาย');
  assert.equal(logins.length, before);
  assert.deepEqual(released, []);
  const moved = await update({ id: account.id, imap: { port: 1993 } });
  assert.equal(moved.displayName, 'สมชาย', 'an edit that leaves the name out keeps it');
});

void test('update: policy *.go.th refuses a foreign server before any login', async (t) => {
  const { update, store, logins, account } = setup(t, { policy: GO_TH_ONLY });
  await rejectsWith(update({ id: account.id, imap: { host: 'imap.gmail.com' } }), 'SERVER_NOT_ALLOWED', /imap\.gmail\.com.*\*\.go\.th/);
  await rejectsWith(update({ id: account.id, smtp: { host: 'smtp.gmail.com' } }), 'SERVER_NOT_ALLOWED', /SMTP/);
  assert.equal(logins.length, 0);
  assert.equal(store.getAccountWithSecret(account.id)?.imap.host, 'imap.moph.go.th');
  // an allowed change still works under the same policy
  await update({ id: account.id, imap: { host: 'mail.moph.go.th' } });
  assert.equal(store.getAccountWithSecret(account.id)?.imap.host, 'mail.moph.go.th');
});

void test('update: unknown id, another account\'s address, an invalid merge', async (t) => {
  const { update, store, account } = setup(t);
  store.addAccount(
    AccountInput.parse({
      email: 'other@moph.go.th',
      imap: { host: 'imap.moph.go.th', port: 993, security: 'tls' },
      smtp: { host: 'smtp.moph.go.th', port: 465, security: 'tls' },
      user: 'other',
      password: 'x',
    }),
  );
  await rejectsWith(update({ id: 999, displayName: 'x' }), 'NOT_FOUND');
  await rejectsWith(update({ id: account.id, email: 'OTHER@moph.go.th' }), 'ALREADY_EXISTS');
  assert.throws(() => AccountUpdate.parse({ id: account.id, imap: { port: 0 } }));
  assert.throws(() => AccountUpdate.parse({ id: account.id, imap: { bogus: 1 } }));
});

void test('remove: deletes the account and its cache, after releasing it', async (t) => {
  const { handlers, store, account, released, events } = setup(t);
  assert.equal(await handlers['accounts.remove']({ id: account.id }), null);
  assert.deepEqual(released, [account.id]);
  assert.equal(store.getAccountWithSecret(account.id), null);
  assert.deepEqual(store.listFolders(account.id), []);
  assert.ok(events.includes('accounts.changed'));
  await rejectsWith(handlers['accounts.remove']({ id: account.id }), 'NOT_FOUND');
});

void test('discover: results outside the allowlist are refused with SERVER_NOT_ALLOWED', async (t) => {
  const foreign: AccountDiscovery = {
    source: 'autoconfig',
    imap: { host: 'imap.gmail.com', port: 993, security: 'tls' },
    smtp: { host: 'smtp.gmail.com', port: 465, security: 'tls' },
    user: 'someone@gmail.com',
  };
  const { handlers } = setup(t, { policy: GO_TH_ONLY, discovery: foreign });
  await rejectsWith(handlers['accounts.discover']({ email: 'someone@gmail.com' }), 'SERVER_NOT_ALLOWED', /imap\.gmail\.com/);
  const open = setup(t, { discovery: foreign });
  assert.deepEqual(await open.handlers['accounts.discover']({ email: 'someone@gmail.com' }), foreign);
  await rejectsWith(setup(t).handlers['accounts.discover']({ email: 'x@moph.go.th' }), 'NOT_FOUND');
});
