import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ComposeInput } from '../../../../shared/domain/compose.js';
import { fits, fromComposeInput, toComposeInput } from './composeModel.js';
import { cidImagesToData, dataImagesToCid, inlineImageBytes } from './inlineImages.js';

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';
const GIF = 'R0lGODlhAQABAAAAACw=';

void test('data: images become cid: references and inline parts; identical images share one part', () => {
  const html = `<p>ก <img src="data:image/png;base64,${PNG}" alt=""> ข <img src="data:image/jpeg;base64,${GIF}"> <img src="data:image/png;base64,${PNG}"></p>`;
  const out = dataImagesToCid(html, 'tok');
  assert.equal(
    out.html,
    '<p>ก <img src="cid:img1.tok@raksa.invalid" alt=""> ข <img src="cid:img2.tok@raksa.invalid"> <img src="cid:img1.tok@raksa.invalid"></p>',
  );
  assert.deepEqual(out.images, [
    {
      filename: 'image-1.png',
      contentType: 'image/png',
      dataBase64: PNG,
      contentId: 'img1.tok@raksa.invalid',
      inline: true,
    },
    {
      filename: 'image-2.jpg',
      contentType: 'image/jpeg',
      dataBase64: GIF,
      contentId: 'img2.tok@raksa.invalid',
      inline: true,
    },
  ]);
  assert.doesNotMatch(out.html, /data:/u);
  // What compose sends passes the API schema.
  assert.ok(ComposeInput.safeParse({ accountId: 1, html: out.html, attachments: out.images }).success);
});

void test('svg and non-base64 data: URLs are not turned into parts', () => {
  const html = '<img src="data:image/svg+xml;base64,PHN2Zz4="><img src="data:image/png,abc">';
  const out = dataImagesToCid(html, 't');
  assert.equal(out.html, html, 'left for the core to strip');
  assert.deepEqual(out.images, []);
});

void test('cid: back to data: for a reopened draft, inline parts leave the attachment list', () => {
  const pdf = { filename: 'a.pdf', contentType: 'application/pdf', dataBase64: 'YWJj' };
  const img = {
    filename: 'image-1.png',
    contentType: 'image/png',
    dataBase64: PNG,
    contentId: 'img1.t@raksa.invalid',
    inline: true as const,
  };
  const back = cidImagesToData('<p><img src="cid:img1.t@raksa.invalid"><img src="cid:unknown@x"></p>', [
    pdf,
    img,
  ]);
  assert.equal(back.html, `<p><img src="data:image/png;base64,${PNG}"><img src="cid:unknown@x"></p>`);
  assert.deepEqual(back.attachments, [pdf]);
});

void test('a draft round trip through ComposeInput keeps the image inline and the files as attachments', () => {
  const pdf = { filename: 'a.pdf', contentType: 'application/pdf', dataBase64: 'YWJj' };
  const state = { ...fromComposeInput({ accountId: 1, html: '', attachments: [pdf] }) };
  const editorHtml = `<div>รูป <img src="data:image/png;base64,${PNG}"></div>`;
  const input = toComposeInput(state, { text: 'รูป', html: editorHtml }, 'abc');
  assert.match(input.html ?? '', /src="cid:img1\.abc@raksa\.invalid"/u);
  assert.equal(input.attachments?.length, 2);
  const parsed = ComposeInput.parse(input);
  const reopened = fromComposeInput(parsed);
  assert.equal(reopened.html, editorHtml);
  assert.deepEqual(reopened.attachments, [pdf]);
});

void test('inline images count in the message size limit', () => {
  const oneMb = 'A'.repeat(Math.ceil((1024 * 1024) / 3) * 4);
  const html = `<img src="data:image/png;base64,${oneMb}">`;
  assert.ok(inlineImageBytes(html) >= 1024 * 1024);
  assert.equal(fits([], 24.5 * 1024 * 1024), true);
  assert.equal(fits([], 24.5 * 1024 * 1024, html), false);
});
