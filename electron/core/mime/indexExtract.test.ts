import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MessageSummary } from '../../../shared/domain/schemas.js';
import { THAI_FIXTURES, readFixture } from '../../../test/fixtures/index.js';
import { bodyDoc, bodyDocByFullParser, type SearchDoc } from '../search/searchDoc.js';
import { indexExtract } from './indexExtract.js';
import { decodeBase64Units, decodeBody } from './indexExtractBody.js';
import { KNOWN_CHARSETS } from './indexExtractFields.js';

const summary: MessageSummary = {
  id: 1,
  accountId: 1,
  folderId: 1,
  uid: 1,
  date: 0,
  from: { name: 'สมชาย ใจดี', address: 'somchai@moph.go.th' },
  subject: 'ทดสอบ',
  unread: true,
  flagged: false,
  hasAttachments: false,
  size: 0,
  cached: true,
};

/** A message from lines (strings are UTF-8, Buffers raw bytes), joined with `eol`. */
const mime = (lines: readonly (string | Buffer)[], eol = '\r\n'): Uint8Array =>
  new Uint8Array(Buffer.concat(lines.flatMap((l) => [typeof l === 'string' ? Buffer.from(l) : l, Buffer.from(eol)])));

/** Thai text in TIS-620 (U+0E01–U+0E5B are the bytes 0xA1–0xFB). */
const tis620 = (s: string): Buffer =>
  Buffer.from([...s].map((ch) => (ch.codePointAt(0) ?? 0) >= 0x0e01 ? (ch.codePointAt(0) ?? 0) - 0x0e00 + 0xa0 : ch.charCodeAt(0)));

/** The fast pass takes the message, and its document is the full parser's. */
async function fast(raw: Uint8Array): Promise<SearchDoc> {
  assert.notEqual(indexExtract(raw), null, 'the fast pass should read this message');
  const doc = await bodyDoc(raw, summary);
  assert.deepEqual(doc, await bodyDocByFullParser(raw, summary));
  return doc;
}

/** The fast pass leaves the message to the full parser, and bodyDoc still gives the full parser's document. */
async function fallsBack(raw: Uint8Array): Promise<void> {
  assert.equal(indexExtract(raw), null, 'the fast pass should give up on this message');
  assert.deepEqual(await bodyDoc(raw, summary), await bodyDocByFullParser(raw, summary));
}

const head = (...extra: string[]): string[] => [
  'From: =?UTF-8?B?4Liq4Lih4LiK4Liy4Lii?= <somchai@moph.go.th>',
  'To: =?UTF-8?B?4Liq4Liz4LiZ4Lix4LiB4LiH4Liy4LiZ?= <a@office.go.th>, b@office.go.th',
  'Subject: test',
  'MIME-Version: 1.0',
  ...extra,
];

void test('every Thai fixture takes the fast pass and gives the full parser\'s document', async () => {
  for (const f of THAI_FIXTURES) {
    const doc = await fast(new Uint8Array(readFixture(f)));
    assert.match(doc.body, new RegExp(f.bodyMarker, 'u'), f.file);
    assert.equal(doc.attachments, [...f.inline, ...f.attachments].map((a) => a.filename).join('\n'), f.file);
  }
});

void test('quoted-printable: soft breaks, =XX in both cases, invalid escapes and a trailing = at the end', async () => {
  const raw = mime([
    ...head('Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable'),
    '',
    '=E0=B8=AA=E0=B8=A7=E0=B8=B1=E0=B8=AA=E0=B8=94=E0=B8=B5 soft=',
    ' break a=3Db =e0=b8=81 =ZZ =4',
    'last line=',
  ]);
  const doc = await fast(raw);
  assert.equal(doc.body, 'สวัสดี soft break a=b ก =ZZ =4\nlast line');
});

void test('CRLF and LF give the same document; a bare CR inside a body line is kept', async () => {
  const lines = [
    ...head('Content-Type: multipart/alternative; boundary="b1"'),
    '',
    '--b1',
    'Content-Type: text/plain; charset="utf-8"',
    'Content-Transfer-Encoding: 8bit',
    '',
    'บรรทัดแรก\rต่อ',
    'บรรทัดสอง',
    '--b1',
    'Content-Type: text/html; charset="utf-8"',
    '',
    '<p>html</p>',
    '--b1--',
  ];
  const crlf = await fast(mime(lines));
  const lf = await fast(mime(lines, '\n'));
  assert.deepEqual(crlf, lf);
  assert.equal(crlf.body, 'บรรทัดแรก\rต่อ\nบรรทัดสอง\n');
  assert.equal(crlf.recipients, 'สำนักงาน a@office.go.th\nb@office.go.th');
});

void test('base64 text, padded on every line, and base64 with characters outside the alphabet', async () => {
  const words = ['ประชุม ', 'งบประมาณ ', 'ด่วนที่สุด'];
  const padded = words.map((w) => Buffer.from(w).toString('base64'));
  assert.ok(padded.some((l) => l.endsWith('=')));
  const doc = await fast(mime([...head('Content-Type: text/plain', 'Content-Transfer-Encoding: BASE64'), '', ...padded]));
  assert.equal(doc.body, 'ประชุม งบประมาณ ด่วนที่สุด');
  const b64 = Buffer.from('ยุทธศาสตร์ชาติ').toString('base64');
  const junk = `${b64.slice(0, 8)}-_*${b64.slice(8, 20)} \t${b64.slice(20)}`;
  assert.equal((await fast(mime([...head('Content-Transfer-Encoding: base64'), '', junk]))).body.includes('ยุทธศาสตร์'), true);
});

void test("Node's base64 decoder is used only where it gives the loop decoder's bytes", () => {
  let seed = 7;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const others = ['\r\n', '\n', ' ', '\t', '*', '\u00e9', '.', ':', '\0', '\r', '-', '_', '=', '=\r\n'];
  for (let t = 0; t < 3000; t++) {
    let s = '';
    const n = rand(t % 2 ? 40 : 600);
    for (let i = 0; i < n; i++) s += rand(10) === 0 ? (others[rand(others.length)] ?? '') : (alphabet[rand(64)] ?? '');
    if (rand(2)) s += '='.repeat(1 + rand(3));
    const bytes = Buffer.from(s, 'latin1');
    assert.deepEqual(
      Buffer.from(decodeBody(bytes, 0, bytes.length, 'base64')),
      Buffer.from(decodeBase64Units(bytes, 0, bytes.length)),
      JSON.stringify(s),
    );
  }
});

void test('nested multipart/mixed > alternative with attachments: text, names in order, RFC 2047 and RFC 2231', async () => {
  const raw = mime([
    ...head('Cc: "กอง, คลัง" <finance@cgd.go.th>', 'Content-Type: multipart/mixed;', '\tboundary="outer"'),
    '',
    'preamble',
    '--outer',
    'Content-Type: multipart/alternative; boundary=inner',
    '',
    '--inner',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    'plain =E0=B8=81',
    '--inner',
    'Content-Type: text/html; charset=utf-8',
    '',
    '<b>html</b>',
    '--inner--',
    'epilogue of inner',
    '--outer',
    'Content-Type: application/pdf; name="=?UTF-8?B?4Lij4Liy4Lii4LiH4Liy4LiZLnBkZg==?="',
    'Content-Disposition: attachment',
    'Content-Transfer-Encoding: base64',
    '',
    'JVBERi0xLjQK',
    '--outer',
    'Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    "Content-Disposition: attachment; filename*=utf-8''%E0%B8%AA%E0%B8%B1%E0%B8%8D%E0%B8%8D%E0%B8%B2.docx",
    '',
    'x',
    '--outer',
    'Content-Type: text/csv; name=data.csv',
    'Content-Disposition: attachment;',
    " filename*0*=utf-8''%E0%B8%95%E0%B8%B2; filename*1*=%E0%B8%A3%E0%B8%B2%E0%B8%87;",
    ' filename*2=".csv"',
    '',
    'a,b',
    '--outer',
    'Content-Type: image/png',
    'Content-Disposition: inline',
    '',
    'png',
    '--outer',
    'Content-Type: text/plain; name="notes.txt"',
    'Content-Disposition: attachment; filename="../..\\notes\u202Etxt.exe"',
    '',
    'attached text is not the body',
    '--outer--',
  ]);
  const doc = await fast(raw);
  assert.equal(doc.body, 'plain ก\n');
  // In a quoted string `\n` is `n` (RFC 5322 quoted-pair); the bidi override and the path go.
  assert.equal(doc.attachments, 'รายงาน.pdf\nสัญญา.docx\nตาราง.csv\nattachment-4.png\n_..notestxt.exe');
  assert.equal(doc.recipients, 'สำนักงาน a@office.go.th\nb@office.go.th\nกอง, คลัง finance@cgd.go.th');
});

void test('HTML only: the HTML reduced to text; two plain parts in a mixed: joined by a line break', async () => {
  const html = await fast(
    mime([...head('Content-Type: text/html; charset=utf-8'), '', '<style>x{}</style><p>ราคา&nbsp;ทุเรียน</p><br>ต่อ']),
  );
  assert.equal(html.body, 'ราคา ทุเรียน\nต่อ');
  const two = await fast(
    mime([...head('Content-Type: multipart/mixed; boundary=m'), '', '--m', '', 'one', '--m', 'Content-Type: text/plain', '', 'two', '--m--']),
  );
  assert.equal(two.body, 'one\n\ntwo\n');
});

void test('TIS-620 and windows-874 Thai, quoted-printable and 8bit', async () => {
  for (const charset of ['tis-620', 'TIS620', 'windows-874', 'x-cp874']) {
    const qp = [...tis620('เงาะโรงเรียน')].map((b) => `=${b.toString(16).toUpperCase()}`).join('');
    const doc = await fast(
      mime([...head(`Content-Type: text/plain; charset="${charset}"`, 'Content-Transfer-Encoding: quoted-printable'), '', qp]),
    );
    assert.equal(doc.body, 'เงาะโรงเรียน\n', charset);
  }
  const raw = mime([...head('Content-Type: text/plain; charset=tis-620', 'Content-Transfer-Encoding: 8bit'), '', tis620('มังคุด')]);
  assert.equal((await fast(raw)).body, 'มังคุด\n');
});

void test('every charset label the fast pass accepts decodes as the full parser decodes it', async () => {
  const bytes = [0x41, 0x7a, 0xa1, 0xb5, 0xc0, 0xd1, 0xe0, 0xe9, 0xfb, 0x82, 0xa0, 0x8e, 0x9f];
  const qp = bytes.map((b) => `=${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  for (const label of KNOWN_CHARSETS.keys()) {
    const raw = mime([...head(`Content-Type: text/plain; charset=${label}`, 'Content-Transfer-Encoding: quoted-printable'), '', qp]);
    assert.notEqual(indexExtract(raw), null, label);
    assert.deepEqual(await bodyDoc(raw, summary), await bodyDocByFullParser(raw, summary), label);
  }
});

void test('a missing close delimiter: the last part runs to the end, as in the full parser', async () => {
  const doc = await fast(
    mime([...head('Content-Type: multipart/mixed; boundary="x"'), '', '--x', 'Content-Type: text/plain', '', 'cut', 'off']),
  );
  assert.equal(doc.body, 'cut\noff\n');
});

void test('To in group syntax, several To and Cc fields, and the classification header', async () => {
  const raw = mime([
    'From: a@b.go.th',
    'To: ทีมงาน: x@moph.go.th, "Y Z" <y@moph.go.th>;',
    'To: w@moph.go.th',
    'cc: c1@go.th',
    'CC: =?UTF-8?Q?=E0=B8=81?= <c2@go.th>',
    'x-raksa-CLASSIFICATION: =?UTF-8?B?4Lil4Lix4Lia?=',
    'Content-Type: text/plain',
    '',
    'body',
  ]);
  const doc = await fast(raw);
  assert.equal(doc.recipients, 'x@moph.go.th\nY Z y@moph.go.th\nw@moph.go.th\nc1@go.th\nก c2@go.th');
  assert.equal(doc.classification, 'confidential');
});

void test('what the fast pass is not sure of goes to the full parser, with the same document', async () => {
  const plain = (...h: string[]): Uint8Array => mime([...head(...h), '', 'text =E0=B8=81']);
  await fallsBack(plain('Content-Type: text/plain; charset=x-unknown-charset'));
  await fallsBack(plain('Content-Type: text/plain (comment); charset=utf-8'));
  await fallsBack(plain('Content-Type: text/plain', 'Content-Type: text/html'));
  await fallsBack(plain('Content-Type: text/plain; format=flowed'));
  await fallsBack(plain('Content-Transfer-Encoding: x-uuencode'));
  await fallsBack(plain('Content-Type: text/plain; name=รายงาน.txt'));
  await fallsBack(mime([...head('Content-Type: message/rfc822'), '', 'Subject: inner', '', 'inner body']));
  await fallsBack(mime([...head('Content-Type: multipart/digest; boundary=d'), '', '--d', '', 'x', '--d--']));
  // An HTML-only part next to a plain one: postal-mime converts it with its own HTML-to-text.
  await fallsBack(
    mime([
      ...head('Content-Type: multipart/mixed; boundary=m'),
      '',
      '--m',
      'Content-Type: text/plain',
      '',
      'plain',
      '--m',
      'Content-Type: text/html',
      '',
      '<p>html</p>',
      '--m--',
    ]),
  );
  // A header section ended by "\r\r\n": the index copy's part scanner would not see its end there.
  await fallsBack(new Uint8Array(Buffer.from('To: a@b.go.th\r\nContent-Type: text/plain\r\r\nbody\r\n')));
});

void test('an attached message/rfc822 and a text/calendar part are attachments in the fast pass too', async () => {
  const doc = await fast(
    mime([
      ...head('Content-Type: multipart/mixed; boundary=m'),
      '',
      '--m',
      'Content-Type: text/plain',
      '',
      'see attached',
      '--m',
      'Content-Type: message/rfc822',
      'Content-Disposition: attachment; filename="fwd.eml"',
      '',
      'Subject: inner',
      '',
      'inner',
      '--m',
      'Content-Type: text/calendar; method=REQUEST',
      '',
      'BEGIN:VCALENDAR',
      '--m--',
    ]),
  );
  assert.equal(doc.body, 'see attached\n');
  assert.equal(doc.attachments, 'fwd.eml\nattachment-2.calendar');
});
