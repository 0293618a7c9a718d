import { test } from 'node:test';
import assert from 'node:assert/strict';
import PostalMime from 'postal-mime';
import { ComposeInput } from '../../../shared/domain/compose.js';
import { buildMessage, newMessageId } from './buildMessage.js';

const headerOf = (raw: Buffer, name: string): string | undefined =>
  new RegExp(`^${name}: (.*)$`, 'imu').exec(raw.toString('latin1'))?.[1];

void test('fixed Message-ID and Date, markings in the subject and headers, Bcc only in the envelope', async () => {
  const input = ComposeInput.parse({
    accountId: 1,
    to: ['สมชาย <somchai@moph.go.th>'],
    cc: ['b@example.go.th'],
    bcc: ['hidden@example.go.th'],
    subject: 'ignored here',
    text: 'เรียน ท่าน\nข้อความ',
    urgency: 'most-urgent',
    documentNumber: 'ที่ นร 0105/123',
    inReplyTo: '<parent@moph.go.th>',
    references: ['<root@moph.go.th>'],
    attachments: [{ filename: 'รายงาน ฉบับที่ 1.pdf', contentType: 'application/pdf', dataBase64: Buffer.from([0, 1, 2, 255]).toString('base64') }],
  });
  const date = new Date('2025-01-02T03:04:05Z');
  const built = await buildMessage(input, {
    from: { name: 'อลิซ', address: 'alice@example.go.th' },
    subject: '[ลับ][ด่วนที่สุด] ประชุม',
    classification: 'confidential',
    urgency: 'most-urgent',
    date,
    uuid: '11111111-2222-3333-4444-555555555555',
  });
  assert.equal(built.messageId, '<11111111-2222-3333-4444-555555555555@example.go.th>');
  assert.deepEqual(built.envelope, {
    from: 'alice@example.go.th',
    to: ['somchai@moph.go.th'],
    cc: ['b@example.go.th'],
    bcc: ['hidden@example.go.th'],
  });
  assert.doesNotMatch(built.raw.toString('latin1'), /hidden@|^bcc:/imu);
  assert.equal(headerOf(built.raw, 'X-Raksa-Classification'), 'confidential');
  assert.equal(headerOf(built.raw, 'X-Raksa-Urgency'), 'most-urgent');
  assert.match(headerOf(built.raw, 'X-Raksa-Document-Number') ?? '', /^=\?UTF-8\?B\?/u, 'RFC 2047 encoded');
  assert.doesNotMatch(built.raw.toString('latin1'), /X-Mailer/iu);

  const parsed = await PostalMime.parse(built.raw);
  assert.equal(parsed.subject, '[ลับ][ด่วนที่สุด] ประชุม');
  assert.equal(parsed.messageId, built.messageId);
  assert.equal(parsed.inReplyTo, '<parent@moph.go.th>');
  assert.equal(parsed.references, '<root@moph.go.th> <parent@moph.go.th>');
  assert.equal(new Date(parsed.date ?? '').getTime(), date.getTime());
  assert.equal(parsed.to?.[0]?.name, 'สมชาย');
  assert.equal(parsed.text?.trim(), 'เรียน ท่าน\nข้อความ');
  const docNumber = parsed.headers.find((h) => h.key === 'x-raksa-document-number')?.value ?? '';
  const decoded = docNumber.replace(/=\?UTF-8\?B\?([^?]*)\?=\s*/giu, (_, b64: string) => Buffer.from(b64, 'base64').toString('utf8'));
  assert.equal(decoded, 'ที่ นร 0105/123');
  assert.equal(parsed.attachments[0]?.filename, 'รายงาน ฉบับที่ 1.pdf');
  assert.deepEqual(Buffer.from(parsed.attachments[0]?.content as ArrayBuffer), Buffer.from([0, 1, 2, 255]));
});

void test('the same input built twice differs only by what the caller pins', async () => {
  const input = ComposeInput.parse({ accountId: 1, to: ['a@moph.go.th'], text: 'x', html: '<p>x<script>alert(1)</script></p>' });
  const opts = { from: { name: '', address: 'a@moph.go.th' }, subject: 's', classification: 'none', urgency: 'none', date: new Date(0) } as const;
  const a = await buildMessage(input, opts);
  assert.notEqual(a.messageId, (await buildMessage(input, opts)).messageId);
  assert.doesNotMatch(a.raw.toString(), /<script/iu);
  assert.equal(newMessageId('a@สำนักงาน.องค์กร.ไทย', 'u').endsWith('.xn--o3cw4h>'), true);
});
