import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EMPTY_FORM, toAccountInput, validateAccountForm } from './accountForm.js';
import { portAfterSecurityChange } from './serverDefaults.js';

test('the port follows the security choice unless the user typed their own', () => {
  assert.equal(portAfterSecurityChange('imap', '993', 'tls', 'starttls'), '143');
  assert.equal(portAfterSecurityChange('imap', '143', 'starttls', 'tls'), '993');
  assert.equal(portAfterSecurityChange('smtp', '465', 'tls', 'starttls'), '587');
  assert.equal(portAfterSecurityChange('smtp', '', 'tls', 'starttls'), '587');
  assert.equal(portAfterSecurityChange('imap', '10993', 'tls', 'starttls'), '10993');
});

test('defaults are TLS on 993 and 465; the user name defaults to the address', () => {
  const input = toAccountInput({
    ...EMPTY_FORM,
    email: ' a@moph.go.th ',
    imapHost: 'imap.moph.go.th',
    smtpHost: 'smtp.moph.go.th',
    password: 'p',
  });
  assert.deepEqual(input.imap, { host: 'imap.moph.go.th', port: 993, security: 'tls' });
  assert.deepEqual(input.smtp, { host: 'smtp.moph.go.th', port: 465, security: 'tls' });
  assert.equal(input.user, 'a@moph.go.th');
});

test('problems are reported per field with the reason', () => {
  const r = validateAccountForm({
    ...EMPTY_FORM,
    email: 'not-an-address',
    imapHost: 'bad host!',
    imapPort: '99999',
    smtpHost: '',
    password: '',
  });
  assert.equal(r.ok, false);
  assert.deepEqual(!r.ok && r.problems, {
    email: 'invalidEmail',
    imapHost: 'invalidHost',
    imapPort: 'invalidPort',
    smtpHost: 'required',
    password: 'required',
  });
});

test('a complete form passes the contract schema', () => {
  const r = validateAccountForm({
    ...EMPTY_FORM,
    email: 'a@moph.go.th',
    imapHost: '127.0.0.1',
    imapSecurity: 'plain',
    imapPort: '1143',
    smtpHost: '127.0.0.1',
    smtpPort: '1025',
    smtpSecurity: 'plain',
    password: 'secret',
  });
  assert.ok(r.ok);
});
