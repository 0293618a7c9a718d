import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_POLICY, type Policy } from '../policy/index.js';
import { evaluateSend, type SendFacts } from './evaluateSend.js';

const facts = (over: Partial<SendFacts>): SendFacts => ({
  to: [],
  cc: [],
  bcc: [],
  subject: 'เรื่อง',
  classification: 'none',
  urgency: 'none',
  attachmentNames: [],
  encrypted: false,
  ...over,
});

const withAttachments = (a: Policy['rules']['attachments']): Policy => ({
  ...DEFAULT_POLICY,
  rules: { ...DEFAULT_POLICY.rules, attachments: a },
});

void test('government only: allow; Bcc to webmail counts as much as To', () => {
  assert.equal(evaluateSend(DEFAULT_POLICY, facts({ to: ['a@moph.go.th'] })).verdict, 'allow');
  const p = evaluateSend(DEFAULT_POLICY, facts({ to: ['a@moph.go.th'], bcc: ['x@gmail.com'] }));
  assert.equal(p.verdict, 'warn');
  assert.equal(p.recipients.recipients[1]?.field, 'bcc');
});

void test('classified and unencrypted: blocked, also when the class is only written in the subject', () => {
  const picked = evaluateSend(DEFAULT_POLICY, facts({ to: ['a@moph.go.th'], classification: 'confidential' }));
  assert.equal(picked.verdict, 'block');
  assert.ok(picked.recipients.recipients[0]?.reasons.some((r) => r.code === 'classified-unencrypted'));
  const typed = evaluateSend(DEFAULT_POLICY, facts({ to: ['a@moph.go.th'], subject: '[ลับ] เรื่อง' }));
  assert.equal(typed.classification, 'confidential');
  assert.equal(typed.verdict, 'block');
  assert.equal(typed.subject, '[ลับ] เรื่อง');
});

void test('attachments: blocked type blocks even inside government; external files take rules.attachments.external', () => {
  const policy = withAttachments({ blockedExtensions: ['.exe'], external: 'justify' });
  const inside = evaluateSend(policy, facts({ to: ['a@moph.go.th'], attachmentNames: ['setup.EXE. ', 'รายงาน.pdf'] }));
  assert.equal(inside.verdict, 'block');
  assert.deepEqual(inside.attachments.map((a) => a.verdict), ['block', 'allow']);
  const bidi = evaluateSend(policy, facts({ to: ['a@moph.go.th'], attachmentNames: ['photo\u202Egpj.exe'] }));
  assert.equal(bidi.verdict, 'block');
  const outside = evaluateSend(policy, facts({ to: ['x@example.com'], attachmentNames: ['รายงาน.pdf'] }));
  assert.equal(outside.verdict, 'justify');
  assert.equal(outside.attachments[0]?.reasons[0]?.code, 'attachment-external');
  const none = evaluateSend(policy, facts({ to: ['x@example.com'] }));
  assert.equal(none.verdict, 'warn');
});
