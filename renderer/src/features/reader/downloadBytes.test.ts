import assert from 'node:assert/strict';
import { test } from 'node:test';
import { downloadBytes, type DownloadPage } from './downloadBytes.js';

test('the download is an octet-stream Blob under the given name, clicked once and revoked later', async () => {
  const blobs: Blob[] = [];
  const revoked: string[] = [];
  const timers: (() => void)[] = [];
  const clicked: { href: string; download: string }[] = [];
  const appended: unknown[] = [];
  const link = {
    href: '',
    download: '',
    rel: '',
    style: { display: '' },
    click() {
      clicked.push({ href: this.href, download: this.download });
    },
    remove() {
      appended.splice(appended.indexOf(this), 1);
    },
  };
  const page = {
    document: {
      createElement: () => link,
      body: { append: (n: unknown) => appended.push(n) },
    },
    URL: {
      createObjectURL: (b: Blob) => {
        blobs.push(b);
        return 'blob:raksa/1';
      },
      revokeObjectURL: (u: string) => revoked.push(u),
    },
    setTimeout: (fn: () => void) => timers.push(fn),
  } as unknown as DownloadPage;

  downloadBytes(page, 'คำสั่ง.pdf', new Uint8Array([37, 80, 68, 70]));
  assert.deepEqual(clicked, [{ href: 'blob:raksa/1', download: 'คำสั่ง.pdf' }]);
  const blob = blobs[0];
  assert.ok(blob);
  assert.equal(blob.type, 'application/octet-stream');
  assert.deepEqual(new Uint8Array(await blob.arrayBuffer()), new Uint8Array([37, 80, 68, 70]));
  assert.deepEqual(appended, [], 'the link is removed again');
  assert.deepEqual(revoked, [], 'not revoked before Chromium has read it');
  timers.forEach((f) => f());
  assert.deepEqual(revoked, ['blob:raksa/1']);
});
