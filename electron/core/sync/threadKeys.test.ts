import { test } from 'node:test';
import assert from 'node:assert/strict';
import { messageIds, normalizeMessageId, referencesFromHeaderBlock, subjectKey } from './threadKeys.js';

void test('subjectKey strips English and Thai reply/forward prefixes, repeated and counted', () => {
  assert.deepEqual(subjectKey('Re: RE: Fwd: งบประมาณ  ปี 2567'), { key: 'งบประมาณ ปี 2567', followUp: true });
  assert.deepEqual(subjectKey('ตอบกลับ: ส่งต่อ: ประชุม'), { key: 'ประชุม', followUp: true });
  assert.deepEqual(subjectKey('Re[2]: Budget'), { key: 'budget', followUp: true });
  assert.deepEqual(subjectKey('Budget'), { key: 'budget', followUp: false });
  assert.deepEqual(subjectKey('Re:'), { key: null, followUp: true });
  // "Regarding" is not a prefix
  assert.equal(subjectKey('Regarding: x').followUp, false);
});

void test('messageIds and References header blocks', () => {
  assert.deepEqual(messageIds('<a@x> <b@y>\r\n <a@x>'), ['<a@x>', '<b@y>']);
  assert.deepEqual(messageIds('a@x'), ['<a@x>']);
  assert.equal(normalizeMessageId(' <m1@h> '), '<m1@h>');
  assert.equal(normalizeMessageId(null), null);
  const block = Buffer.from('References: <p1@h>\r\n <p2@h>\r\n\r\n');
  assert.deepEqual(referencesFromHeaderBlock(block), ['<p1@h>', '<p2@h>']);
  assert.deepEqual(referencesFromHeaderBlock(Buffer.from('\r\n')), []);
});
