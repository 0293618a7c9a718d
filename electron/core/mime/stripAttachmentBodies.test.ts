import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFixture, THAI_FIXTURES, thaiAttachments } from '../../../test/fixtures/index.js';
import type { MessageSummary } from '../../../shared/domain/schemas.js';
import { parseMessage } from './parseMessage.js';
import { stripAttachmentBodies } from './stripAttachmentBodies.js';

const summary: MessageSummary = {
  id: 1, accountId: 1, folderId: 1, uid: 1, messageId: null, date: 0, from: null, subject: '', seen: false,
  flagged: false, size: 0, hasAttachments: false, cached: true,
} as unknown as MessageSummary;

const text = (b: Uint8Array): string => Buffer.from(b).toString('utf8');
const bytes = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));

/** What the index reads of a parsed message: text, HTML and the attachment list without sizes. */
const indexView = async (source: Uint8Array) => {
  const v = await parseMessage(source, summary);
  return { text: v.text, html: v.html, to: v.to, cc: v.cc, attachments: v.attachments.map(({ size: _s, ...a }) => a) };
};

void test('the Thai fixtures parse to the same text and attachment list after stripping', async () => {
  for (const f of THAI_FIXTURES) {
    const source = new Uint8Array(readFixture(f));
    assert.deepEqual(await indexView(stripAttachmentBodies(source)), await indexView(source), f.file);
  }
  const source = new Uint8Array(readFixture(thaiAttachments));
  const stripped = stripAttachmentBodies(source);
  // JVBERi is "%PDF" in base64: the start of the PDF attachment's body.
  assert.ok(text(source).includes('JVBERi') && !text(stripped).includes('JVBERi'), 'the PDF body is gone');
  assert.ok(stripped.byteLength < source.byteLength);
  assert.ok(text(stripped).includes('Content-Disposition: attachment'), 'their headers stay');
});

const multipart = (eol: string): string =>
  [
    'From: a@x.go.th',
    'Content-Type: multipart/mixed; boundary="b1=_x"',
    '',
    'preamble',
    '--b1=_x',
    'Content-Type: multipart/related; boundary=b2',
    '',
    '--b2',
    'Content-Type: text/html; charset=utf-8',
    '',
    '<p>ข้อความ</p>',
    '--b2',
    'Content-Type: image/png; name="logo.png"',
    'Content-Transfer-Encoding: base64',
    'Content-ID: <logo@x>',
    '',
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    '--b2--',
    '--b1=_x',
    'Content-Type: text/csv; name="data.csv"',
    'Content-Disposition: attachment; filename="data.csv"',
    'Content-Transfer-Encoding: base64',
    '',
    'YSxiLGMK',
    '--b1=_x',
    'Content-Type: application/pdf;',
    ' name="=?UTF-8?B?4Lij4Liy4Lii4LiH4Liy4LiZLnBkZg==?="',
    'Content-Transfer-Encoding: BASE64',
    '',
    'JVBERi0xLjQKJcfsj6IKMSAwIG9iago8PC9UeXBlL0NhdGFsb2c+PgplbmRvYmoK',
    'JVBERi0xLjQKJcfsj6IKMSAwIG9iago8PC9UeXBlL0NhdGFsb2c+PgplbmRvYmoK',
    '--b1=_x--',
    'epilogue',
    '',
  ].join(eol);

void test('binary base64 parts lose their bodies; text, headers, delimiters, preamble and epilogue stay', async () => {
  for (const eol of ['\r\n', '\n']) {
    const source = bytes(multipart(eol));
    const out = text(stripAttachmentBodies(source));
    assert.ok(!out.includes('iVBORw0KGgo'), 'the inline image body is gone');
    assert.ok(!out.includes('JVBERi0x'), 'the PDF body is gone');
    assert.ok(out.includes('YSxiLGMK'), 'a text/* part is kept even when it is an attachment');
    for (const kept of ['preamble', 'epilogue', '<p>ข้อความ</p>', 'name="logo.png"', '--b2--', '--b1=_x--', ' name="=?UTF-8?B?']) {
      assert.ok(out.includes(kept), kept);
    }
    assert.deepEqual(await indexView(bytes(out)), await indexView(source), JSON.stringify(eol));
  }
});

void test('what it cannot read with certainty is left exactly as it is', () => {
  const unclosed = bytes(multipart('\r\n').replace('--b1=_x--', '--b1=_y--'));
  assert.equal(stripAttachmentBodies(unclosed), unclosed, 'no close delimiter');
  const noBoundary = bytes('Content-Type: multipart/mixed\r\n\r\n--x\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\nAAAA\r\n--x--\r\n');
  assert.equal(stripAttachmentBodies(noBoundary), noBoundary, 'a multipart without a boundary');
  const single = bytes('Content-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0x\r\n');
  assert.equal(text(stripAttachmentBodies(single)), 'Content-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n', 'a message that is one binary part keeps its headers');
  const nested = bytes(
    'Content-Type: multipart/mixed; boundary=o\r\n\r\n--o\r\nContent-Type: message/rfc822\r\n\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\nAAAA\r\n--o--\r\n',
  );
  assert.equal(stripAttachmentBodies(nested), nested, 'an attached message is kept whole');
  const deep = bytes(
    `${Array.from({ length: 40 }, (_, i) => `Content-Type: multipart/mixed; boundary=d${i}\r\n\r\n--d${i}\r\n`).join('')}Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\nAAAA\r\n${Array.from({ length: 40 }, (_, i) => `--d${39 - i}--\r\n`).join('')}`,
  );
  assert.ok(text(stripAttachmentBodies(deep)).includes('AAAA'), 'nesting beyond the limit is kept');
});

void test('the HTML alternative of a text/plain part is cut; an HTML part with no plain alternative stays', async () => {
  const alt = (plain: boolean): string =>
    [
      'Content-Type: multipart/alternative; boundary=a',
      '',
      '--a',
      ...(plain ? ['Content-Type: text/plain; charset=utf-8', '', 'เรียน ท่านผู้อำนวยการ', '--a'] : []),
      'Content-Type: text/html; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      '<p>=E0=B9=80=E0=B8=A3=E0=B8=B5=E0=B8=A2=E0=B8=99 html-only-marker</p>',
      '--a--',
      '',
    ].join('\r\n');
  const withPlain = bytes(alt(true));
  const cut = stripAttachmentBodies(withPlain);
  assert.ok(!text(cut).includes('html-only-marker') && text(cut).includes('Content-Type: text/html'));
  assert.equal((await parseMessage(cut, summary)).text, (await parseMessage(withPlain, summary)).text);
  const htmlOnly = bytes(alt(false));
  assert.equal(stripAttachmentBodies(htmlOnly), htmlOnly, 'the only text there is stays');
  assert.ok((await parseMessage(htmlOnly, summary)).html?.includes('html-only-marker'));
});
