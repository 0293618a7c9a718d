import assert from 'node:assert/strict';
import { test } from 'node:test';
import { integrityView, passphraseProblem, recoverySummary } from './profileCare.js';

test('a passphrase change is checked before it is sent', () => {
  const base = { oldPassphrase: 'เดิมยาวพอแล้ว', newPassphrase: 'ใหม่ยาวพอแล้ว', confirm: 'ใหม่ยาวพอแล้ว' };
  assert.equal(passphraseProblem(base), null);
  assert.equal(passphraseProblem({ ...base, oldPassphrase: '' }), 'required');
  assert.equal(passphraseProblem({ ...base, newPassphrase: '', confirm: '' }), 'required');
  assert.equal(passphraseProblem({ ...base, newPassphrase: 'short', confirm: 'short' }), 'short');
  assert.equal(passphraseProblem({ ...base, confirm: 'ใหม่ยาวพอแล้ว!' }), 'mismatch');
  assert.equal(passphraseProblem({ ...base, newPassphrase: base.oldPassphrase, confirm: base.oldPassphrase }), 'same');
});

test('length counts characters, not UTF-16 units', () => {
  // Eight emoji are 16 UTF-16 units but 8 characters: long enough; seven are not.
  const eight = '😀'.repeat(8);
  assert.equal(passphraseProblem({ oldPassphrase: 'x', newPassphrase: eight, confirm: eight }), null);
  const seven = '😀'.repeat(7);
  assert.equal(passphraseProblem({ oldPassphrase: 'x', newPassphrase: seven, confirm: seven }), 'short');
});

test('an integrity result is healthy only when ok and without problems', () => {
  assert.deepEqual(integrityView({ ok: true, problems: [] }), { kind: 'healthy' });
  assert.deepEqual(integrityView({ ok: false, problems: ['row 3 missing from index'] }), {
    kind: 'damaged',
    problems: ['row 3 missing from index'],
  });
  assert.equal(integrityView({ ok: true, problems: ['odd'] }).kind, 'damaged');
});

test('a recovery report sums what was kept and what was lost', () => {
  const s = recoverySummary({
    keyLost: false,
    movedTo: '/p/damaged-1',
    movedFiles: ['mail.db'],
    schemaReadable: true,
    accounts: 2,
    tables: [
      { table: 'accounts', copied: 2, unreadable: 0, rejected: 0 },
      { table: 'outbox', copied: 3, unreadable: 1, rejected: 0 },
      { table: 'audit_log', copied: 10, unreadable: 0, rejected: 2 },
    ],
  });
  assert.deepEqual(s, { kept: 15, lost: 3, accounts: 2, movedTo: '/p/damaged-1', keyLost: false });
});
