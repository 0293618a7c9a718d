import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  attachmentBytes,
  fits,
  fromComposeInput,
  isDowngrade,
  MAX_ATTACHMENT_BYTES,
  sizeLevel,
  splitRecipients,
  toComposeInput,
  withSignature,
} from './composeModel.js';
import { ComposeInput } from '../../../../shared/domain/compose.js';

void test('recipients split on commas and semicolons, not inside quotes or <>', () => {
  assert.deepEqual(splitRecipients('a@x.go.th; "Doe, John" <j@x.go.th>, <odd,one@x>'), ['a@x.go.th', '"Doe, John" <j@x.go.th>', '<odd,one@x>']);
  assert.deepEqual(splitRecipients(' , ;'), []);
});

void test('attachment sizes: warn above 20 MB, refuse above the core limit', () => {
  const mb = (n: number) => ({ filename: 'f', contentType: 'application/pdf', dataBase64: 'A'.repeat(Math.ceil((n * 1024 * 1024) / 3) * 4) });
  assert.equal(attachmentBytes([{ filename: 'a', contentType: 'text/plain', dataBase64: 'YWJj' }]), 3);
  assert.equal(attachmentBytes([{ filename: 'a', contentType: 'text/plain', dataBase64: 'YQ==' }]), 1);
  assert.equal(sizeLevel(attachmentBytes([mb(19)])), 'ok');
  assert.equal(sizeLevel(attachmentBytes([mb(21)])), 'warn');
  assert.equal(fits([mb(20)], 5 * 1024 * 1024 - 100), true);
  assert.equal(fits([mb(20)], 6 * 1024 * 1024), false);
  assert.equal(MAX_ATTACHMENT_BYTES, 25 * 1024 * 1024);
});

void test('downgrade: only below the original class', () => {
  assert.equal(isDowngrade({ classification: 'none', originalClassification: 'confidential' }), true);
  assert.equal(isDowngrade({ classification: 'secret', originalClassification: 'confidential' }), false);
  assert.equal(isDowngrade({ classification: 'none', originalClassification: null }), false);
});

void test('round trip through ComposeInput keeps markings, threading and attachments; mailto shows every field', () => {
  const input = ComposeInput.parse({
    accountId: 2,
    to: ['a@x.go.th'],
    bcc: ['hidden@x.go.th'],
    subject: 'Re: ประชุม',
    text: 'เนื้อหา',
    classification: 'secret',
    urgency: 'urgent',
    documentNumber: 'ที่ นร 1/2',
    inReplyTo: '<p@x>',
    references: ['<r@x>', '<p@x>'],
    attachments: [{ filename: 'a.pdf', contentType: 'application/pdf', dataBase64: 'YWJj' }],
  });
  const state = fromComposeInput(input, { draftId: 9, originalClassification: 'secret' });
  assert.equal(state.showBcc, true);
  assert.equal(state.showCc, false);
  assert.equal(fromComposeInput(ComposeInput.parse({ accountId: 1 }), { showAll: true }).showBcc, true);
  const back = toComposeInput(state, { text: 'เนื้อหา' });
  assert.deepEqual(ComposeInput.parse(back), input);
  assert.equal(toComposeInput({ ...state, documentNumber: '  ' }, { text: '' }).documentNumber, undefined);
});

void test('signature goes above the quote, after an RFC 3676 separator', () => {
  assert.equal(withSignature('\n\nOn …:\n> x\n', 'สมชาย\nกองกลาง'), '\n\n-- \nสมชาย\nกองกลาง\n\nOn …:\n> x\n');
  assert.equal(withSignature('', 'สมชาย'), '\n\n-- \nสมชาย\n');
  assert.equal(withSignature('abc', '  '), 'abc');
});
