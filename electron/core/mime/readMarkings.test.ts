import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MessageSummary } from '../../../shared/domain/schemas.js';
import { parseMessage } from './parseMessage.js';
import { readMarkings } from './readMarkings.js';

void test('headers, Thai values, RFC 2047 document number', () => {
  assert.deepEqual(
    readMarkings(
      [
        { key: 'x-raksa-classification', value: 'top-secret' },
        { key: 'x-raksa-urgency', value: 'ด่วนมาก' },
        { key: 'x-raksa-document-number', value: '=?UTF-8?B?4LiX4Li14LmIIOC4meC4oyAwMTA1LzEyMw==?=' },
      ],
      'ประชุม',
    ),
    { classification: 'top-secret', urgency: 'very-urgent', documentNumber: 'ที่ นร 0105/123' },
  );
});

void test('subject prefix only; the stronger class wins; unknown values are ignored; none is null', () => {
  assert.deepEqual(readMarkings([], 'Re: [ลับ][ด่วน] เรื่อง'), { classification: 'confidential', urgency: 'urgent', documentNumber: null });
  assert.equal(readMarkings([{ key: 'x-raksa-classification', value: 'secret' }], '[ลับที่สุด] x')?.classification, 'top-secret');
  assert.equal(readMarkings([{ key: 'x-raksa-classification', value: 'ultra' }], 'x'), null);
  assert.equal(readMarkings([], '[ประกาศ] ทั่วไป'), null);
});

void test('parseMessage fills MessageView.markings', async () => {
  const summary: MessageSummary = {
    id: 1, accountId: 1, folderId: 1, uid: 1, date: 0, from: null, subject: '', unread: false, flagged: false,
    hasAttachments: false, size: 0, cached: true,
  };
  const raw = new TextEncoder().encode('Subject: [ลับมาก] x\r\nX-Raksa-Urgency: most-urgent\r\n\r\nbody');
  assert.deepEqual((await parseMessage(raw, summary)).markings, { classification: 'secret', urgency: 'most-urgent', documentNumber: null });
  assert.equal((await parseMessage(new TextEncoder().encode('Subject: x\r\n\r\nb'), summary)).markings, null);
});
