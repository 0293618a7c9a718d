import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_POLICY, STRICTEST_POLICY } from '../../shared/policy/index.js';
import type { EffectivePolicyView } from '../../shared/domain/machinePolicy.js';
import { policyHash } from '../core/policy/policyHash.js';
import { parseSince } from './auditCommands.js';
import type { CliIo } from './command.js';
import { COMMANDS, main } from './main.js';
import { createPolicyShowCommand } from './policyShowCommand.js';

const io = () => {
  const o = { out: '', err: '' };
  const cli: CliIo = {
    env: {},
    stdout: (s) => void (o.out += s),
    stderr: (s) => void (o.err += s),
    readFile: () => Promise.reject(new Error('no files')),
  };
  return { o, cli };
};

void test('policy show --json prints the effective policy, its source, locks and hash', async () => {
  const policy = { ...DEFAULT_POLICY, blockedDomains: ['example.net'] };
  const cmd = createPolicyShowCommand(() =>
    Promise.resolve({
      policy,
      source: 'file' as const,
      path: '/etc/raksa-mail/policy.json',
      lockedKeys: { blockedDomains: '/etc/raksa-mail/policy.json' },
    }),
  );
  const { o, cli } = io();
  assert.equal(await main(['policy', 'show', '--json'], cli, { 'policy show': cmd }), 0);
  const view = JSON.parse(o.out) as EffectivePolicyView;
  assert.equal(view.source, 'file');
  assert.equal(view.path, '/etc/raksa-mail/policy.json');
  assert.equal(view.hash, policyHash(policy));
  assert.deepEqual(view.policy.blockedDomains, ['example.net']);
  assert.deepEqual(view.lockedKeys, { blockedDomains: '/etc/raksa-mail/policy.json' });
  assert.equal(view.problem, null);
});

void test('policy show reports an invalid machine policy and the strictest fallback', async () => {
  const cmd = createPolicyShowCommand(() =>
    Promise.resolve({
      policy: STRICTEST_POLICY,
      source: 'invalid' as const,
      path: '/etc/raksa-mail/policy.json',
      error: '/etc/raksa-mail/policy.json: not valid JSON',
      lockedKeys: { 'rules.external': 'strictest-fallback' },
    }),
  );
  const json = io();
  await main(['policy', 'show', '--json'], json.cli, { 'policy show': cmd });
  const view = JSON.parse(json.o.out) as EffectivePolicyView;
  assert.equal(view.source, 'invalid');
  assert.equal(view.hash, policyHash(STRICTEST_POLICY));
  assert.match(view.problem ?? '', /not valid JSON.*strictest/);
  const text = io();
  await main(['policy', 'show'], text.cli, { 'policy show': cmd });
  assert.match(text.o.err, /strictest settings apply/);
  assert.match(text.o.out, /source: invalid/);
});

void test('no verb takes a policy file that would replace the machine policy for sending', () => {
  for (const name of ['policy show', 'audit export', 'audit verify']) {
    const flags = COMMANDS[name]?.flags.map((f) => f.name) ?? [];
    assert.ok(COMMANDS[name], name);
    assert.ok(!flags.includes('policy') && !flags.includes('policy-file'), name);
  }
});

void test('--since takes a UTC date or an ISO time', () => {
  assert.equal(parseSince('2025-01-31'), Date.UTC(2025, 0, 31));
  assert.equal(parseSince('2025-01-31T07:00:00+07:00'), Date.UTC(2025, 0, 31));
  for (const bad of ['yesterday', '31/01/2025', '2025-13-45', ''])
    assert.throws(() => parseSince(bad), /--since/);
});
