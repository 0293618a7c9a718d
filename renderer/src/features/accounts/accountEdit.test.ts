import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AccountSummary } from '../../../../shared/domain/schemas.js';
import { applyDiscovery, formFromAccount, validateAccountEdit } from './accountEdit.js';
import { EMPTY_FORM } from './accountForm.js';

const ACCOUNT: AccountSummary = {
  id: 7,
  email: 'somchai@moph.go.th',
  displayName: 'สมชาย ใจดี',
  imap: { host: 'imap.moph.go.th', port: 993, security: 'tls' },
  smtp: { host: 'smtp.moph.go.th', port: 587, security: 'starttls' },
  user: 'somchai@moph.go.th',
};

test('the edit form is prefilled from the account; the password is blank (keep)', () => {
  const v = formFromAccount(ACCOUNT);
  assert.equal(v.imapPort, '993');
  assert.equal(v.smtpSecurity, 'starttls');
  assert.equal(v.user, '', 'a user equal to the address shows as blank (the default)');
  assert.equal(v.password, '');
  assert.equal(formFromAccount({ ...ACCOUNT, user: 'somchai' }).user, 'somchai');
});

test('an edit with a blank password sends no password, so the stored one is kept', () => {
  const r = validateAccountEdit(7, { ...formFromAccount(ACCOUNT), displayName: 'นายสมชาย ใจดี' });
  assert.ok(r.ok);
  assert.equal(r.ok && 'password' in r.update, false);
  assert.deepEqual(r.ok && r.update, {
    id: 7,
    email: 'somchai@moph.go.th',
    displayName: 'นายสมชาย ใจดี',
    imap: ACCOUNT.imap,
    smtp: ACCOUNT.smtp,
    user: 'somchai@moph.go.th',
  });
});

test('a typed password is sent; field problems are reported as for an add', () => {
  const withPassword = validateAccountEdit(7, { ...formFromAccount(ACCOUNT), password: 'new-secret' });
  assert.equal(withPassword.ok && withPassword.update.password, 'new-secret');
  const bad = validateAccountEdit(7, { ...formFromAccount(ACCOUNT), imapPort: '70000', smtpHost: '' });
  assert.deepEqual(!bad.ok && bad.problems, { imapPort: 'invalidPort', smtpHost: 'required' });
});

test("discovery fills only the server fields and the user; the rest stays the user's", () => {
  const typed = { ...EMPTY_FORM, email: 'Somchai@moph.go.th', displayName: 'สมชาย', password: 'pw' };
  const v = applyDiscovery(typed, {
    source: 'autoconfig',
    imap: { host: 'mail.moph.go.th', port: 143, security: 'starttls' },
    smtp: { host: 'mail.moph.go.th', port: 465, security: 'tls' },
    user: 'somchai@moph.go.th',
  });
  assert.deepEqual(
    [v.imapHost, v.imapPort, v.imapSecurity, v.smtpHost, v.smtpPort, v.smtpSecurity],
    ['mail.moph.go.th', '143', 'starttls', 'mail.moph.go.th', '465', 'tls'],
  );
  assert.equal(v.user, '', 'the address (any case) is the default user');
  assert.equal(v.displayName, 'สมชาย');
  assert.equal(v.password, 'pw');
  const server = { host: 'mail.moph.go.th', port: 993, security: 'tls' } as const;
  assert.equal(
    applyDiscovery(typed, { source: 'srv', imap: server, smtp: server, user: 'somchai' }).user,
    'somchai',
  );
});
