import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isListingQuery, parseDay, parseQuery, thaiDigitsToAscii } from './parseQuery.js';
import { classificationFromHeader, classificationFromSubject } from './classificationOf.js';
import { codePointLength, containsThai } from './thaiText.js';

void test('free words and quoted phrases', () => {
  const q = parseQuery('  budget  "การประชุม   ครั้งที่ 1" นักเรียน ');
  assert.deepEqual(q.terms, [
    { field: 'any', value: 'budget', phrase: false },
    { field: 'any', value: 'การประชุม ครั้งที่ 1', phrase: true },
    { field: 'any', value: 'นักเรียน', phrase: false },
  ]);
  assert.equal(isListingQuery(q), false);
  assert.deepEqual(q.problems, []);
});

void test('an unterminated quote runs to the end of the query', () => {
  assert.deepEqual(parseQuery('"งบประมาณ ปี').terms, [{ field: 'any', value: 'งบประมาณ ปี', phrase: true }]);
});

void test('field operators, with quoted values, case-insensitive keys', () => {
  const q = parseQuery('FROM:saraban@moe.go.th to:"สมชาย ใจดี" subject:ประชุม');
  assert.deepEqual(q.terms, [
    { field: 'from', value: 'saraban@moe.go.th', phrase: false },
    { field: 'to', value: 'สมชาย ใจดี', phrase: true },
    { field: 'subject', value: 'ประชุม', phrase: false },
  ]);
});

void test('flag, attachment, folder and class operators', () => {
  const q = parseQuery('in:INBOX in:"Sent Items" has:attachment is:unread is:flagged class:ลับมาก class:top-secret');
  assert.deepEqual(q.folders, ['INBOX', 'Sent Items']);
  assert.equal(q.hasAttachment, true);
  assert.equal(q.unread, true);
  assert.equal(q.flagged, true);
  assert.deepEqual(q.classes, ['secret', 'top-secret']);
  assert.deepEqual(q.terms, []);
  assert.equal(isListingQuery(q), true);
  assert.equal(parseQuery('is:read').unread, false);
  assert.equal(parseQuery('').terms.length, 0);
});

void test('dates: CE, Buddhist Era (year ≥ 2400), Thai digits, and invalid dates reported', () => {
  const q = parseQuery('after:2567-01-01 before:2024-03-31');
  assert.deepEqual(q.after, { year: 2024, month: 1, day: 1 });
  assert.deepEqual(q.before, { year: 2024, month: 3, day: 31 });
  assert.deepEqual(parseDay('๒๕๖๗-๐๓-๓๑'), { year: 2024, month: 3, day: 31 });
  assert.deepEqual(parseDay('2399/12/31'), { year: 2399, month: 12, day: 31 });
  assert.deepEqual(parseDay('2400-01-01'), { year: 1857, month: 1, day: 1 });
  assert.equal(parseDay('2024-02-30'), null);
  assert.equal(parseDay('2024-13-01'), null);
  assert.equal(parseDay('31/03/2024'), null);
  const bad = parseQuery('before:yesterday budget');
  assert.equal(bad.before, null);
  assert.equal(bad.problems.length, 1);
  assert.equal(bad.problems[0]?.token, 'before:yesterday');
  assert.deepEqual(bad.terms, [{ field: 'any', value: 'budget', phrase: false }]);
  assert.equal(thaiDigitsToAscii('ศธ ๐๒๑๐'), 'ศธ 0210');
});

void test('unknown key: prefixes are plain text, bad operator values are problems', () => {
  const q = parseQuery('http://example.go.th 10:30 has:pdf is:later class:secretish');
  assert.deepEqual(
    q.terms.map((t) => t.value),
    ['http://example.go.th', '10:30'],
  );
  assert.equal(q.problems.length, 3);
  assert.equal(q.hasAttachment, null);
  assert.deepEqual(q.classes, []);
});

void test('classification from subject prefixes and the header', () => {
  assert.equal(classificationFromSubject('[ลับ] รายงานการประชุม'), 'confidential');
  assert.equal(classificationFromSubject('Re: [ด่วนที่สุด] [ลับมาก] คำสั่ง'), 'secret');
  assert.equal(classificationFromSubject('ตอบกลับ: [ลับที่สุด]แผนงาน'), 'top-secret');
  assert.equal(classificationFromSubject('รายงาน [ลับ] ท้ายเรื่อง'), 'none', 'only a prefix counts');
  assert.equal(classificationFromSubject('[ด่วน] ขอเชิญประชุม'), 'none');
  assert.equal(classificationFromSubject(''), 'none');
  assert.equal(classificationFromHeader(' Secret '), 'secret');
  assert.equal(classificationFromHeader('ลับที่สุด'), 'top-secret');
  assert.equal(classificationFromHeader('restricted'), null);
});

void test('Thai text helpers', () => {
  assert.equal(containsThai('budget'), false);
  assert.equal(containsThai('ศธ0210'), true);
  assert.equal(codePointLength('ที่'), 3);
  assert.equal(codePointLength('เรียน'), 5);
});
