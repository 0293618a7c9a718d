import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FetchMessageObject, MessageStructureObject } from 'imapflow';
import { envelopeToHeader, hasAttachmentParts } from './envelopeToHeader.js';

const text = (part: string): MessageStructureObject => ({ part, type: 'text/plain', parameters: { charset: 'utf-8' } });

void test('hasAttachmentParts: disposition attachment or a file name anywhere in the tree', () => {
  assert.equal(hasAttachmentParts(undefined), false);
  assert.equal(hasAttachmentParts(text('1')), false);
  const alt: MessageStructureObject = { type: 'multipart/alternative', childNodes: [text('1'), { part: '2', type: 'text/html' }] };
  assert.equal(hasAttachmentParts(alt), false);
  const mixed = (child: MessageStructureObject): MessageStructureObject => ({ type: 'multipart/mixed', childNodes: [alt, child] });
  assert.equal(hasAttachmentParts(mixed({ part: '2', type: 'application/pdf', disposition: 'attachment' })), true);
  assert.equal(hasAttachmentParts(mixed({ part: '2', type: 'application/pdf', dispositionParameters: { filename: 'คำสั่ง.pdf' } })), true);
  assert.equal(hasAttachmentParts(mixed({ part: '2', type: 'application/pdf', parameters: { name: 'a.pdf' } })), true);
  // a cid: image shown inside the HTML is not a paperclip attachment
  const cidImage: MessageStructureObject = {
    part: '2',
    type: 'image/png',
    id: '<logo@oae.go.th>',
    disposition: 'inline',
    dispositionParameters: { filename: 'logo.png' },
  };
  assert.equal(hasAttachmentParts({ type: 'multipart/related', childNodes: [alt, cidImage] }), false);
  assert.equal(hasAttachmentParts(mixed({ ...cidImage, id: undefined })), true, 'inline but no Content-ID: still a file');
});

void test('envelopeToHeader maps the envelope, flags and dates', () => {
  const msg: FetchMessageObject = {
    seq: 1,
    uid: 42,
    flags: new Set(['\\Seen', '\\Flagged']),
    size: 1234,
    internalDate: new Date('2025-01-02T03:04:05Z'),
    envelope: {
      date: new Date('2025-01-01T00:00:00Z'),
      subject: 'ขอเชิญประชุม',
      messageId: '<a@moph.go.th>',
      inReplyTo: '<b@moph.go.th>',
      from: [{ name: 'สมชาย ใจดี', address: 'somchai@moph.go.th' }],
      to: [{ name: '', address: 'alice@example.go.th' }, { name: 'group' }],
      cc: [{ address: 'bob@example.go.th' }],
    },
    bodyStructure: text('1'),
  };
  assert.deepEqual(envelopeToHeader(msg), {
    uid: 42,
    messageId: '<a@moph.go.th>',
    date: Date.parse('2025-01-01T00:00:00Z'),
    from: { name: 'สมชาย ใจดี', address: 'somchai@moph.go.th' },
    to: [{ name: '', address: 'alice@example.go.th' }],
    cc: [{ name: '', address: 'bob@example.go.th' }],
    subject: 'ขอเชิญประชุม',
    flags: ['\\Seen', '\\Flagged'],
    size: 1234,
    hasAttachments: false,
    inReplyTo: '<b@moph.go.th>',
  });
});

void test('a missing or invalid Date falls back to INTERNALDATE; a missing envelope still yields a header', () => {
  const internalDate = new Date('2025-01-02T03:04:05Z');
  const bad = envelopeToHeader({ seq: 1, uid: 1, internalDate, envelope: { date: 'not a date' } });
  assert.equal(bad.date, internalDate.getTime());
  const bare = envelopeToHeader({ seq: 1, uid: 2 });
  assert.equal(bare.subject, '');
  assert.equal(bare.from, null);
  assert.equal(bare.date, 0);
});
