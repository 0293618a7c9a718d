import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateSend } from '../../../../shared/domain/evaluateSend.js';
import { DEFAULT_POLICY, type Policy } from '../../../../shared/policy/index.js';
import { chipKey, chipVerdicts, confirmationKeys, dialogGroups, needsEncryption } from './sendDecision.js';

const policy: Policy = { ...DEFAULT_POLICY, blockedDomains: ['evil.example'] };
const facts = {
  to: ['somchai@moph.go.th', 'a@partner.co.th', 'b@partner.co.th'],
  cc: ['x@gmail.com'],
  bcc: ['spy@evil.example'],
  subject: 'ประชุม',
  classification: 'none' as const,
  urgency: 'none' as const,
  attachmentNames: ['report.pdf'],
  encrypted: false,
};

void test('chip tones: government, external, free webmail, blocked', () => {
  const chips = chipVerdicts(evaluateSend(policy, facts));
  assert.equal(chips.get(chipKey('to', 'somchai@moph.go.th'))?.tone, 'government');
  assert.equal(chips.get(chipKey('to', 'a@partner.co.th'))?.tone, 'external');
  assert.equal(chips.get(chipKey('cc', 'x@gmail.com'))?.tone, 'freemail');
  assert.equal(chips.get(chipKey('bcc', 'spy@evil.example'))?.tone, 'blocked');
  assert.deepEqual(chips.get(chipKey('bcc', 'spy@evil.example'))?.reasonCodes, ['blocked-domain']);
});

void test('dialog groups by domain, free webmail apart; one confirmation per group and for the files', () => {
  const preview = evaluateSend(policy, { ...facts, bcc: [] });
  const g = dialogGroups(preview);
  assert.deepEqual(g.government, ['somchai@moph.go.th']);
  assert.deepEqual(g.external.map((x) => [x.domain, x.addresses]), [['partner.co.th', ['a@partner.co.th', 'b@partner.co.th']]]);
  assert.deepEqual(g.freemail.map((x) => x.domain), ['gmail.com']);
  assert.deepEqual(g.blocked, []);
  assert.deepEqual(confirmationKeys(preview), ['domain:partner.co.th', 'domain:gmail.com', 'attachments']);
});

void test('classified mail to government: blocked for want of encryption', () => {
  const preview = evaluateSend(policy, { ...facts, to: ['somchai@moph.go.th'], cc: [], bcc: [], classification: 'confidential' });
  assert.equal(preview.verdict, 'block');
  assert.equal(needsEncryption(preview), true);
  assert.deepEqual(dialogGroups(preview).blocked.map((x) => x.domain), ['moph.go.th']);
});
