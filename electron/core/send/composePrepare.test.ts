import { test } from 'node:test';
import assert from 'node:assert/strict';
import PostalMime from 'postal-mime';
import { ComposeInput } from '../../../shared/domain/compose.js';
import { parseOriginal, prepareCompose, recipientText } from './composePrepare.js';
import { forwardSubject, htmlToText, quoteLines, replySubject } from './replyText.js';

const ACCOUNTS = [
  { id: 1, email: 'alice@example.go.th' },
  { id: 2, email: 'saraban@moph.go.th' },
];

const raw = (headers: string, body = 'เรียน ทุกท่าน\r\nขอเชิญประชุมวันจันทร์\r\n') =>
  new TextEncoder().encode(`${headers.trim().replace(/\n/gu, '\r\n')}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}`);

const ORIGINAL = raw(`
From: =?UTF-8?B?4Liq4Lih4LiK4Liy4LiiIOC5g+C4iOC4lOC4tQ==?= <somchai@moph.go.th>
To: saraban@moph.go.th, "Dr. Boss, Jr." <boss@moph.go.th>
Cc: alice@example.go.th, other@gmail.com
Subject: =?UTF-8?B?W+C4peC4seC4ml1b4LiU4LmI4Lin4LiZXSDguILguK3guYDguIrguLTguI3guJvguKPguLDguIrguLjguKE=?=
Date: Mon, 2 Mar 2026 10:00:00 +0700
Message-ID: <orig@moph.go.th>
References: <root@moph.go.th> <mid@moph.go.th>
X-Raksa-Classification: confidential
X-Raksa-Urgency: urgent
X-Raksa-Document-Number: =?UTF-8?B?4LiX4Li14LmIIOC4quC4mCAwMjAxLzU1?=
`);

const ctx = { accounts: ACCOUNTS, locale: 'th' as const, timeZone: 'Asia/Bangkok' };

void test('reply: threading, identity of the addressee, inherited classes, one Re:, Thai quote header', async () => {
  const original = await parseOriginal(ORIGINAL, 1, 0);
  assert.equal(original.subject, '[ลับ][ด่วน] ขอเชิญประชุม');
  const { compose, originalClassification } = prepareCompose('reply', original, ctx, 1);
  assert.equal(originalClassification, 'confidential');
  assert.equal(compose.accountId, 2, 'replies from saraban@ (in To), not the account that stored it');
  assert.deepEqual(compose.to, ['สมชาย ใจดี <somchai@moph.go.th>']);
  assert.deepEqual(compose.cc, []);
  assert.equal(compose.subject, 'Re: ขอเชิญประชุม', 'the markings are not part of the typed subject');
  assert.equal(compose.classification, 'confidential');
  assert.equal(compose.urgency, 'urgent');
  assert.equal(compose.documentNumber, undefined, 'a reply is a new letter with its own number');
  assert.equal(compose.inReplyTo, '<orig@moph.go.th>');
  assert.deepEqual(compose.references, ['<root@moph.go.th>', '<mid@moph.go.th>', '<orig@moph.go.th>']);
  assert.match(compose.text, /^\n\nเมื่อ 2 มีนาคม 2569 เวลา 10:00 สมชาย ใจดี <somchai@moph\.go\.th> เขียนว่า:\n> เรียน ทุกท่าน\n> ขอเชิญประชุมวันจันทร์\n$/u);
  // What compose.prepare returns must be a valid message for send.preview / drafts.save.
  assert.ok(ComposeInput.safeParse(compose).success);
});

void test('reply all: everyone but my own addresses, names with commas quoted; English header', async () => {
  const original = await parseOriginal(ORIGINAL, 1, 0);
  const { compose } = prepareCompose('replyAll', original, { ...ctx, locale: 'en' }, 1);
  assert.deepEqual(compose.to, ['สมชาย ใจดี <somchai@moph.go.th>', '"Dr. Boss, Jr." <boss@moph.go.th>']);
  assert.deepEqual(compose.cc, ['other@gmail.com'], 'alice@ and saraban@ are mine and left out');
  assert.match(compose.text, /On 2 March 2026 at 10:00, สมชาย ใจดี <somchai@moph\.go\.th> wrote:/u);
});

void test('reply to my own sent message goes to its recipients; Reply-To wins over From', async () => {
  const sent = await parseOriginal(raw('From: alice@example.go.th\nTo: bob@moph.go.th\nSubject: Re: งาน\nMessage-ID: <s@x>'), 1, 0);
  const r = prepareCompose('reply', sent, ctx, 1);
  assert.deepEqual(r.compose.to, ['bob@moph.go.th']);
  assert.equal(r.compose.subject, 'Re: งาน', 'Re: is not doubled');
  assert.equal(r.compose.accountId, 1);
  assert.equal(r.originalClassification, 'none');
  const list = await parseOriginal(raw('From: a@x.go.th\nReply-To: list@x.go.th\nTo: alice@example.go.th\nSubject: ตอบกลับ: เรื่อง'), 1, 0);
  const r2 = prepareCompose('reply', list, ctx, 1);
  assert.deepEqual(r2.compose.to, ['list@x.go.th']);
  assert.equal(r2.compose.subject, 'ตอบกลับ: เรื่อง');
});

void test('forward inline: Fwd: once, the forwarded block, attachments kept, the original named in References', async () => {
  const mixed = new TextEncoder().encode(
    [
      'From: somchai@moph.go.th',
      'To: alice@example.go.th',
      'Subject: Fwd: [ลับมาก] รายงาน',
      'Message-ID: <f@moph.go.th>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'เนื้อหา',
      '--b',
      'Content-Type: application/pdf; name="r.pdf"',
      'Content-Disposition: attachment; filename="r.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('%PDF-1.4 test').toString('base64'),
      '--b--',
      '',
    ].join('\r\n'),
  );
  const original = await parseOriginal(mixed, 1, 0);
  const { compose, originalClassification } = prepareCompose('forward', original, ctx, 1);
  assert.equal(originalClassification, 'secret', 'the subject marking counts when there is no header');
  assert.equal(compose.classification, 'secret');
  assert.equal(compose.subject, 'Fwd: รายงาน');
  assert.deepEqual(compose.to, []);
  assert.equal(compose.inReplyTo, undefined);
  assert.deepEqual(compose.references, ['<f@moph.go.th>']);
  assert.match(compose.text, /---------- ข้อความที่ส่งต่อ ----------\nจาก: somchai@moph\.go\.th\n/u);
  assert.match(compose.text, /เนื้อหา/u);
  assert.deepEqual(
    compose.attachments.map((a) => [a.filename, a.contentType, Buffer.from(a.dataBase64, 'base64').toString()]),
    [['r.pdf', 'application/pdf', '%PDF-1.4 test']],
  );
});

void test('forward as attachment: the original .eml byte for byte', async () => {
  const original = await parseOriginal(ORIGINAL, 1, 0);
  const { compose } = prepareCompose('forwardAttachment', original, ctx, 1);
  const [eml] = compose.attachments;
  assert.ok(eml);
  assert.equal(eml.contentType, 'message/rfc822');
  assert.equal(eml.filename, 'ขอเชิญประชุม.eml');
  assert.deepEqual(Buffer.from(eml.dataBase64, 'base64'), Buffer.from(ORIGINAL));
  assert.equal(compose.text, '');
  assert.equal(compose.subject, 'Fwd: ขอเชิญประชุม');
  // The attached message parses back with its markings.
  const back = await PostalMime.parse(Buffer.from(eml.dataBase64, 'base64'));
  assert.equal(back.messageId, '<orig@moph.go.th>');
});

void test('new: an empty message from the given account', () => {
  const r = prepareCompose('new', null, ctx, 2);
  assert.equal(r.compose.accountId, 2);
  assert.equal(r.originalClassification, null);
});

void test('subjects, quoting and HTML to text', () => {
  assert.equal(replySubject('Re: x'), 'Re: x');
  assert.equal(replySubject('RE[2]: x'), 'RE[2]: x');
  assert.equal(replySubject('Fwd: x'), 'Re: Fwd: x');
  assert.equal(forwardSubject('FW: x'), 'FW: x');
  assert.equal(forwardSubject('ส่งต่อ: x'), 'ส่งต่อ: x');
  assert.equal(quoteLines('a\n> b\n\nc\n'), '> a\n>> b\n>\n> c');
  assert.equal(htmlToText('<p>สวัสดี&nbsp;<b>ครับ</b></p><script>x()</script><ul><li>หนึ่ง</li></ul>&#3585;'), 'สวัสดี ครับ\n• หนึ่ง\nก');
  assert.equal(recipientText({ name: 'somchai@moph.go.th', address: 'somchai@moph.go.th' }), 'somchai@moph.go.th');
});
