import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sanitizeFilename } from './sanitizeFilename.js';

void test('keeps ordinary Thai and Latin names', () => {
  assert.equal(sanitizeFilename('คำสั่งแต่งตั้ง.pdf'), 'คำสั่งแต่งตั้ง.pdf');
  assert.equal(sanitizeFilename('report 2568.xlsx'), 'report 2568.xlsx');
});

void test('strips bidi overrides and isolates that disguise the extension', () => {
  assert.equal(sanitizeFilename('invoice\u202Efdp.exe'), 'invoicefdp.exe');
  assert.equal(sanitizeFilename('a\u2066b\u2067c\u2068d\u2069.txt'), 'abcd.txt');
  assert.equal(sanitizeFilename('x\u202A\u202B\u202C\u202D.js'), 'x.js');
  assert.equal(sanitizeFilename('a\u200Fb.pdf'), 'ab.pdf');
});

void test('removes path separators, control characters and hiding dots', () => {
  assert.equal(sanitizeFilename('../../etc/passwd'), '_.._etc_passwd');
  assert.equal(sanitizeFilename('C:\\Windows\\evil.dll'), 'C:_Windows_evil.dll');
  assert.equal(sanitizeFilename('a\u0000b\r\nc\u0085.txt'), 'abc.txt');
  assert.equal(sanitizeFilename('.bashrc'), 'bashrc');
  assert.equal(sanitizeFilename('doc.pdf. . '), 'doc.pdf');
});

void test('empty or missing names get the fallback; long names keep their extension', () => {
  assert.equal(sanitizeFilename(null), 'attachment');
  assert.equal(sanitizeFilename('\u202E', 'file.bin'), 'file.bin');
  const long = sanitizeFilename(`${'ก'.repeat(500)}.pdf`);
  assert.ok(long.length <= 200);
  assert.ok(long.endsWith('.pdf'));
});
