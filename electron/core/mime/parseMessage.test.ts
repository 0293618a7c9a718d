import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MessageView, type MessageSummary } from '../../../shared/domain/schemas.js';
import { readFixture, THAI_FIXTURES, thaiAttachments, thaiHtml, thaiTis620 } from '../../../test/fixtures/index.js';
import { MAX_INLINE_IMAGE_BYTES, parseMessage } from './parseMessage.js';

const summary: MessageSummary = {
  id: 1,
  accountId: 1,
  folderId: 1,
  uid: 1,
  date: 0,
  from: null,
  subject: '',
  unread: true,
  flagged: false,
  hasAttachments: false,
  size: 0,
  cached: true,
};

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s.replace(/\n/g, '\r\n'));

for (const f of THAI_FIXTURES) {
  void test(`${f.file}: ${f.covers}`, async () => {
    const view = await parseMessage(readFixture(f), summary);
    MessageView.parse(view);
    assert.equal(view.messageId, f.messageId);
    assert.deepEqual(view.to.map((m) => m.address), [f.to]);
    assert.ok(view.text?.includes(f.bodyMarker), `text of ${f.file} contains the marker`);
    assert.deepEqual(
      view.attachments.filter((a) => !a.inline).map(({ filename, contentType, size }) => ({ filename, contentType, size })),
      f.attachments,
    );
    for (const img of f.inline) {
      const a = view.attachments.find((x) => x.contentId === img.contentId);
      assert.ok(a, `inline part ${img.contentId}`);
      assert.equal(a.inline, true);
      assert.equal(a.size, img.size);
      assert.match(view.inlineImages[img.contentId] ?? '', /^data:image\/png;base64,[A-Za-z0-9+/=]+$/);
    }
  });
}

void test('TIS-620 text decodes to Thai, not mojibake', async () => {
  const view = await parseMessage(readFixture(thaiTis620), summary);
  assert.ok(view.text?.includes(thaiTis620.bodyMarker));
  assert.ok(!/[\u00a1-\u00fb]{3}/u.test(view.text ?? ''), 'no Latin-1 mojibake');
});

void test('HTML is returned raw for the renderer to sanitize, and the text part has no markup', async () => {
  const view = await parseMessage(readFixture(thaiHtml), summary);
  assert.ok(view.html?.includes(thaiHtml.htmlHazards!.script), 'raw HTML, unsanitized by design');
  assert.ok(view.html?.includes('cid:logo@oae.go.th'));
  assert.ok(!view.text?.includes('<script'));
});

void test('Thai attachment names from RFC 2231 and RFC 2047 are decoded', async () => {
  const names = (await parseMessage(readFixture(thaiAttachments), summary)).attachments.map((a) => a.filename);
  assert.deepEqual(names, thaiAttachments.attachments.map((a) => a.filename));
});

void test('hostile file names are sanitized; SVG, oversized and cid-less images are not inlined', async () => {
  const big = Buffer.alloc(MAX_INLINE_IMAGE_BYTES + 1, 1).toString('base64').replace(/.{76}/g, '$&\n');
  const raw = `From: a@go.th
To: b@go.th, Team: c@go.th, d@go.th;
Cc: "ก ข" <e@go.th>
Reply-To: f@go.th
Subject: x
Message-ID: <m1@go.th>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary=b

--b
Content-Type: text/html; charset=utf-8

<p>hi <img src="cid:svg@x"><img src="cid:big@x"></p>
--b
Content-Type: image/svg+xml
Content-ID: <svg@x>
Content-Disposition: inline; filename="a.svg"

<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>
--b
Content-Type: image/png
Content-ID: <big@x>
Content-Transfer-Encoding: base64
Content-Disposition: inline

${big}
--b
Content-Type: image/gif
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="../../\u202Egpj.exe"

R0lGODlhAQABAAAAACw=
--b--
`;
  const view = await parseMessage(bytes(raw), summary);
  MessageView.parse(view);
  assert.deepEqual(view.to.map((m) => m.address), ['b@go.th', 'c@go.th', 'd@go.th'], 'groups flattened');
  assert.deepEqual(view.cc, [{ name: 'ก ข', address: 'e@go.th' }]);
  assert.deepEqual(view.replyTo, [{ name: '', address: 'f@go.th' }]);
  assert.equal(view.text, null);
  assert.deepEqual(Object.keys(view.inlineImages), [], 'no svg, nothing over the cap, nothing without a Content-ID');
  const [svg, png, gif] = view.attachments;
  assert.equal(svg?.contentId, 'svg@x');
  assert.equal(png?.size, MAX_INLINE_IMAGE_BYTES + 1);
  assert.equal(png?.filename, 'attachment-2.png');
  assert.equal(gif?.filename, '_.._gpj.exe');
  assert.equal(gif?.inline, false);
});
