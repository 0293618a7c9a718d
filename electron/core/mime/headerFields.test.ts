import { test } from 'node:test';
import assert from 'node:assert/strict';
import { headerBlock, unfoldedFields } from './headerFields.js';

void test('header fields: folded lines joined, names lowercased, values trimmed, the body left out', () => {
  const text = 'Subject: =?UTF-8?B?4Lil4Lix4Lia?=\r\n =?UTF-8?B?4Lih4Liy4LiB?=\r\nX-Raksa-Classification:  secret \r\nno colon here\r\n\r\nBody: not a header\r\n';
  assert.deepEqual(unfoldedFields(headerBlock(text)), [
    { key: 'subject', value: '=?UTF-8?B?4Lil4Lix4Lia?= =?UTF-8?B?4Lih4Liy4LiB?=' },
    { key: 'x-raksa-classification', value: 'secret' },
  ]);
  assert.equal(headerBlock('A: 1\nB: 2'), 'A: 1\nB: 2', 'no empty line: all of it is the header');
  assert.equal(headerBlock('A: 1\n\nB: 2'), 'A: 1');
});
