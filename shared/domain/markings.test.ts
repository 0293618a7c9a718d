import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSubjectMarkings, subjectWithMarkings } from './markings.js';

void test('prefixes only the classes that are set, secrecy first', () => {
  assert.equal(subjectWithMarkings('ประชุม', 'confidential', 'most-urgent'), '[ลับ][ด่วนที่สุด] ประชุม');
  assert.equal(subjectWithMarkings('ประชุม', 'none', 'urgent'), '[ด่วน] ประชุม');
  assert.equal(subjectWithMarkings('ประชุม', 'top-secret', 'none'), '[ลับที่สุด] ประชุม');
  assert.equal(subjectWithMarkings('ประชุม', 'none', 'none'), 'ประชุม');
});

void test('never double-prefixes; existing markings are replaced, also after Re:', () => {
  assert.equal(subjectWithMarkings('[ลับ][ด่วนที่สุด] ประชุม', 'confidential', 'most-urgent'), '[ลับ][ด่วนที่สุด] ประชุม');
  assert.equal(subjectWithMarkings('[ลับ] ประชุม', 'secret', 'none'), '[ลับมาก] ประชุม');
  assert.equal(subjectWithMarkings('Re: [ลับ][ด่วน] ประชุม', 'confidential', 'urgent'), '[ลับ][ด่วน] Re: ประชุม');
  // Other bracketed text is the user's and stays.
  assert.equal(subjectWithMarkings('[ประกาศ] ประชุม', 'none', 'urgent'), '[ด่วน] [ประกาศ] ประชุม');
});

void test('reads the strongest class and the urgency from a subject', () => {
  assert.deepEqual(parseSubjectMarkings('[ด่วนมาก][ลับมาก] เรื่อง'), {
    classification: 'secret',
    urgency: 'very-urgent',
    rest: 'เรื่อง',
  });
  assert.equal(parseSubjectMarkings('ไม่มี [ลับ] ตรงกลาง').classification, 'none');
});
