import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EffectivePolicyView } from '../../../../shared/domain/machinePolicy.js';
import { DEFAULT_POLICY, STRICTEST_POLICY } from '../../../../shared/policy/policy.js';
import { lockOf, policyKeyId, policySettingRows, STRICTEST_FALLBACK_SOURCE } from './policyView.js';

const FILE = '/etc/raksa-mail/policy.json';
const REG = 'HKLM\\SOFTWARE\\Policies\\RaksaMail';

const view = (over: Partial<EffectivePolicyView>): EffectivePolicyView => ({
  policy: DEFAULT_POLICY,
  source: 'default',
  path: null,
  error: null,
  lockedKeys: {},
  hash: 'ab'.repeat(32),
  problem: null,
  ...over,
});

const row = (rows: ReturnType<typeof policySettingRows>, key: string) => {
  const r = rows.find((x) => x.key === key);
  assert.ok(r, `row ${key}`);
  return r;
};

test('one row per policy leaf (nested rules included), version left out', () => {
  const keys = policySettingRows(view({})).map((r) => r.key);
  assert.ok(!keys.includes('version'));
  for (const k of [
    'governmentDomains',
    'rules.external',
    'rules.attachments.blockedExtensions',
    'rules.attachments.external',
    'allowedMailServers',
    'offlineWindowDays',
    'keyProtection',
  ]) {
    assert.ok(keys.includes(k), k);
  }
  assert.ok(!keys.includes('rules'), 'objects are not rows themselves');
});

test('the defaults: nothing is locked, and null values say what they mean', () => {
  const rows = policySettingRows(view({}));
  assert.ok(rows.every((r) => !r.lock.locked));
  assert.deepEqual(row(rows, 'allowedMailServers').value, { kind: 'unset', meaning: 'anyServer' });
  assert.deepEqual(row(rows, 'offlineWindowDays').value, { kind: 'unset', meaning: 'everyMessage' });
  assert.deepEqual(row(rows, 'offlineAttachmentMaxBytes').value, { kind: 'unset', meaning: 'noLimit' });
  assert.deepEqual(row(rows, 'rules.external').value, { kind: 'word', word: 'warn' });
  assert.deepEqual(row(rows, 'governmentDomains').value, { kind: 'list', items: [] });
});

test('keys locked by a file or a registry value carry that source; others stay unlocked', () => {
  const rows = policySettingRows(
    view({
      source: 'registry',
      path: `${REG} + ${FILE}`,
      policy: { ...DEFAULT_POLICY, offlineWindowDays: 365, caCertificates: ['-----BEGIN CERTIFICATE-----…'] },
      lockedKeys: {
        'rules.external': `${REG}\\RulesExternal`,
        offlineWindowDays: FILE,
        caCertificates: FILE,
      },
    }),
  );
  assert.deepEqual(row(rows, 'rules.external').lock, {
    locked: true,
    fallback: false,
    source: `${REG}\\RulesExternal`,
  });
  assert.deepEqual(row(rows, 'offlineWindowDays').lock, { locked: true, fallback: false, source: FILE });
  assert.deepEqual(row(rows, 'offlineWindowDays').value, { kind: 'days', days: 365 });
  assert.deepEqual(
    row(rows, 'caCertificates').value,
    { kind: 'count', count: 1 },
    'certificates are counted, not printed',
  );
  assert.deepEqual(row(rows, 'rules.freeMail').lock, { locked: false });
  assert.equal(rows.filter((r) => r.lock.locked).length, 3);
});

test('an invalid policy: every key is locked to the strictest fallback', () => {
  const keys = policySettingRows(view({ policy: STRICTEST_POLICY })).map((r) => r.key);
  const rows = policySettingRows(
    view({
      source: 'invalid',
      policy: STRICTEST_POLICY,
      lockedKeys: Object.fromEntries(keys.map((k) => [k, STRICTEST_FALLBACK_SOURCE])),
    }),
  );
  assert.ok(rows.every((r) => r.lock.locked && r.lock.fallback));
  assert.deepEqual(row(rows, 'rules.external').value, { kind: 'word', word: 'block' });
  const servers = row(rows, 'allowedMailServers').value;
  assert.equal(servers.kind, 'list');
  assert.ok(servers.kind === 'list' && servers.items.includes('*.go.th'));
});

test('a lock on an enclosing object covers its leaves', () => {
  assert.deepEqual(lockOf('rules.attachments.external', { rules: FILE }), {
    locked: true,
    fallback: false,
    source: FILE,
  });
  assert.deepEqual(lockOf('rules.external', { 'rules.attachments': FILE }), { locked: false });
});

test('translation ids replace the dots', () => {
  assert.equal(policyKeyId('rules.attachments.blockedExtensions'), 'rules_attachments_blockedExtensions');
});
