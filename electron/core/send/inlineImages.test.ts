// Inline images on the way out (issue 5 §1): the schema's rules, buildMessage's multipart/related with
// Content-IDs, and stripActiveHtml keeping cid: sources while dropping remote and data: ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import PostalMime from 'postal-mime';
import { ComposeInput, MAX_INLINE_IMAGE_BYTES } from '../../../shared/domain/compose.js';
import { buildMessage } from './buildMessage.js';
import { parseOriginal } from './composePrepare.js';
import { stripActiveHtml } from './stripActiveHtml.js';

// A 1×1 transparent PNG.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

const opts = {
  from: { name: 'อลิซ', address: 'alice@example.go.th' },
  subject: 'รูปในเนื้อความ',
  classification: 'none',
  urgency: 'none',
  date: new Date('2025-01-02T03:04:05Z'),
} as const;

void test('an inline image becomes a Content-ID part with disposition inline inside multipart/related', async () => {
  const input = ComposeInput.parse({
    accountId: 1,
    to: ['b@example.go.th'],
    text: 'ดูรูป',
    html: '<p>ดูรูป <img src="cid:img1.abc@raksa" alt="แผนที่"></p>',
    attachments: [
      {
        filename: 'image-1.png',
        contentType: 'image/png',
        dataBase64: PNG,
        contentId: 'img1.abc@raksa',
        inline: true,
      },
      {
        filename: 'แผน.pdf',
        contentType: 'application/pdf',
        dataBase64: Buffer.from('pdf').toString('base64'),
      },
    ],
  });
  const built = await buildMessage(input, opts);
  const raw = built.raw.toString('latin1');
  assert.match(raw, /^Content-Type: multipart\/mixed;/imu);
  assert.match(raw, /^Content-Type: multipart\/related;/imu);
  assert.match(raw, /^Content-ID: <img1\.abc@raksa>/imu);
  // The image's part header block: inline, with its Content-ID; the PDF stays an attachment.
  const imagePart = /Content-Type: image\/png[^]*?\r\n\r\n/u.exec(raw)?.[0] ?? '';
  assert.match(imagePart, /Content-Disposition: inline/iu);
  assert.match(imagePart, /Content-ID: <img1\.abc@raksa>/iu);
  const pdfPart = /Content-Type: application\/pdf[^]*?\r\n\r\n/u.exec(raw)?.[0] ?? '';
  assert.match(pdfPart, /Content-Disposition: attachment/iu);
  assert.doesNotMatch(pdfPart, /Content-ID/iu);
  // multipart/related holds the HTML and the image, not the PDF.
  const relatedBoundary = /multipart\/related;[^]*?boundary="?([^"\r\n;]+)"?/iu.exec(raw)?.[1];
  assert.ok(relatedBoundary, 'a multipart/related boundary');
  const relatedBody = raw.split(`--${relatedBoundary}`).slice(1, -1).join('');
  assert.match(relatedBody, /text\/html/u);
  assert.match(relatedBody, /image\/png/u);
  assert.doesNotMatch(relatedBody, /application\/pdf/u);

  const parsed = await PostalMime.parse(built.raw);
  assert.match(parsed.html ?? '', /src="cid:img1\.abc@raksa"/u);
  const img = parsed.attachments.find((a) => a.mimeType === 'image/png');
  assert.equal(img?.contentId, '<img1.abc@raksa>');
  assert.equal(img?.disposition, 'inline');
  assert.deepEqual(Buffer.from(img?.content as ArrayBuffer), Buffer.from(PNG, 'base64'));
});

void test('the schema refuses inline parts without a Content-ID, of SVG, or above the per-image cap', () => {
  const base = { accountId: 1, to: ['b@example.go.th'] };
  const bad = (a: Record<string, unknown>): boolean =>
    !ComposeInput.safeParse({ ...base, attachments: [a] }).success;
  assert.ok(
    bad({ filename: 'a.png', contentType: 'image/png', dataBase64: PNG, inline: true }),
    'no contentId',
  );
  assert.ok(
    bad({ filename: 'a.svg', contentType: 'image/svg+xml', dataBase64: PNG, contentId: 'a@b', inline: true }),
    'svg',
  );
  assert.ok(
    bad({ filename: 'a.png', contentType: 'image/png', dataBase64: PNG, contentId: '<a@b>', inline: true }),
    'cid with <>',
  );
  const big = 'A'.repeat(Math.ceil((MAX_INLINE_IMAGE_BYTES + 3) / 3) * 4);
  assert.ok(
    bad({ filename: 'a.png', contentType: 'image/png', dataBase64: big, contentId: 'a@b', inline: true }),
    'too large',
  );
  assert.ok(
    !bad({ filename: 'a.png', contentType: 'image/png', dataBase64: PNG, contentId: 'a@b', inline: true }),
  );
  // The same bytes as an ordinary attachment are fine: the per-image cap is for inline images.
  assert.ok(!bad({ filename: 'a.png', contentType: 'image/png', dataBase64: big }));
});

void test('stripActiveHtml keeps cid: sources and drops remote and data: ones', () => {
  const html =
    '<p><img src="cid:img1.abc@raksa" alt="ok"><img src="https://tracker.example/p.gif"><img src=\'http://x/y\'>' +
    '<img src=data:image/png;base64,AAAA><img srcset="https://x/1.png 1x"><td background="https://x/b.png">t</td>' +
    '<object data="data:text/html,x"></object><img src="data:image/svg+xml;base64,PHN2Zz4="></p>';
  const out = stripActiveHtml(html);
  assert.match(out, /<img src="cid:img1\.abc@raksa" alt="ok">/u);
  assert.doesNotMatch(out, /https?:|data:|srcset|background/iu);
  assert.equal((out.match(/<img/gu) ?? []).length, 6, 'the elements stay, without their sources');
});

void test('an HTML body that still carries a data: or remote image is sent without that source', async () => {
  const input = ComposeInput.parse({
    accountId: 1,
    to: ['b@example.go.th'],
    html: `<p><img src="data:image/png;base64,${PNG}"><img src="https://tracker.example/p.gif"></p>`,
  });
  const raw = (await buildMessage(input, opts)).raw.toString('latin1');
  const parsed = await PostalMime.parse(raw);
  assert.doesNotMatch(parsed.html ?? '', /data:|tracker/u);
});

void test('forward inline keeps the original inline images, as ordinary attachments', async () => {
  const input = ComposeInput.parse({
    accountId: 1,
    to: ['b@example.go.th'],
    text: 'ดูรูป',
    html: '<p><img src="cid:img1.f@raksa"></p>',
    attachments: [
      {
        filename: 'image-1.png',
        contentType: 'image/png',
        dataBase64: PNG,
        contentId: 'img1.f@raksa',
        inline: true,
      },
    ],
  });
  const built = await buildMessage(input, opts);
  const original = await parseOriginal(built.raw, 1, 0);
  assert.deepEqual(original.attachments, [
    { filename: 'image-1.png', contentType: 'image/png', dataBase64: PNG },
  ]);
});
