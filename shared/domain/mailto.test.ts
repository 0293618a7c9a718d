import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findMailtoArgument, parseMailto } from './mailto.js';

void test('plain address, percent-encoded Thai subject and multi-line body', () => {
  const r = parseMailto(
    'mailto:somchai@moph.go.th?subject=%E0%B8%82%E0%B8%AD%E0%B9%80%E0%B8%8A%E0%B8%B4%E0%B8%8D%E0%B8%9B%E0%B8%A3%E0%B8%B0%E0%B8%8A%E0%B8%B8%E0%B8%A1&body=%E0%B9%80%E0%B8%A3%E0%B8%B5%E0%B8%A2%E0%B8%99%0D%0Aline%202',
  );
  assert.deepEqual(r, {
    to: ['somchai@moph.go.th'],
    cc: [],
    bcc: [],
    subject: 'ขอเชิญประชุม',
    body: 'เรียน\nline 2',
    inReplyTo: null,
  });
});

void test('several to (path and query), cc, bcc, case-insensitive names, in-reply-to', () => {
  const r = parseMailto(
    'MAILTO:a@x.go.th,b@y.go.th?To=c@z.go.th&CC=d@q.go.th,e@q.go.th&bcc=%22Boss%22%20%3Cboss@x.go.th%3E&In-Reply-To=%3C123@x.go.th%3E',
  );
  assert.ok(r);
  assert.deepEqual(r.to, ['a@x.go.th', 'b@y.go.th', 'c@z.go.th']);
  assert.deepEqual(r.cc, ['d@q.go.th', 'e@q.go.th']);
  assert.deepEqual(r.bcc, ['"Boss" <boss@x.go.th>']);
  assert.equal(r.inReplyTo, '<123@x.go.th>');
});

void test('attach, attachment and unknown headers are dropped; + stays a plus', () => {
  const r = parseMailto(
    'mailto:a+tag@x.go.th?attach=/etc/passwd&Attachment=C:%5Csecret.docx&x-evil=1&from=ceo@x.go.th&subject=a+b',
  );
  assert.deepEqual(r, { to: ['a+tag@x.go.th'], cc: [], bcc: [], subject: 'a+b', body: '', inReplyTo: null });
  assert.ok(!JSON.stringify(r).includes('passwd'));
  assert.ok(!JSON.stringify(r).includes('secret'));
});

void test('a subject cannot inject a header line; malformed escapes do not throw', () => {
  const r = parseMailto('mailto:a@x.go.th?subject=hi%0D%0ABcc:%20x@evil.com&body=100%%20sure%E0');
  assert.ok(r);
  assert.equal(r.subject, 'hi Bcc: x@evil.com');
  assert.deepEqual(r.bcc, []);
  assert.equal(r.body, '100%%20sure%E0'.replace('%20', ' '));
});

void test('not a mailto URL', () => {
  assert.equal(parseMailto('https://example.com'), null);
  assert.equal(parseMailto('javascript:alert(1)'), null);
  assert.deepEqual(parseMailto('mailto:')?.to, []);
});

void test('findMailtoArgument picks the URL out of a launch command line', () => {
  assert.equal(findMailtoArgument(['/usr/bin/raksa', '--flag', 'mailto:a@x.go.th']), 'mailto:a@x.go.th');
  assert.equal(findMailtoArgument(['/usr/bin/raksa']), null);
});
