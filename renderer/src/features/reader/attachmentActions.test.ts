import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BROWSER_DOWNLOAD_MAX_BYTES } from '../../../../shared/domain/attachmentData.js';
import { attachmentHostOf, attachmentOffer, base64ToBytes } from './attachmentActions.js';

test('a safe type can be opened and saved in the desktop app, only saved in the browser host', () => {
  assert.deepEqual(attachmentOffer('คำสั่งแต่งตั้ง.pdf', 224, 'desktop'), {
    canOpen: true,
    canSave: true,
    warnings: [],
    tooLargeForBrowser: false,
  });
  const browser = attachmentOffer('คำสั่งแต่งตั้ง.pdf', 224, 'browser');
  assert.equal(browser.canOpen, false);
  assert.equal(browser.canSave, true);
});

test('a dangerous name is never offered Open, only Save, with the reasons', () => {
  const exe = attachmentOffer('setup.exe', 10, 'desktop');
  assert.equal(exe.canOpen, false);
  assert.equal(exe.canSave, true);
  assert.deepEqual(exe.warnings, ['dangerous-type']);

  const disguised = attachmentOffer('invoice.pdf.exe', 10, 'desktop');
  assert.equal(disguised.canOpen, false);
  assert.ok(disguised.warnings.includes('double-extension'));

  // "invoice\u202Efdp.exe" displays as "invoiceexe.pdf": the bidi control alone makes it save-only.
  const bidi = attachmentOffer('invoice\u202Efdp.exe', 10, 'desktop');
  assert.equal(bidi.canOpen, false);
  assert.ok(bidi.warnings.includes('bidi-control'));

  assert.equal(attachmentOffer('report.html', 10, 'desktop').canOpen, false);
  assert.deepEqual(attachmentOffer('README', 10, 'desktop').warnings, ['no-extension']);
});

test('the browser host refuses what one WebSocket frame cannot carry', () => {
  const big = attachmentOffer('scan.pdf', BROWSER_DOWNLOAD_MAX_BYTES + 1, 'browser');
  assert.equal(big.canSave, false);
  assert.equal(big.tooLargeForBrowser, true);
  // The desktop app copies the temp file in the main process: no frame limit there.
  assert.equal(attachmentOffer('scan.pdf', BROWSER_DOWNLOAD_MAX_BYTES + 1, 'desktop').canSave, true);
  assert.equal(attachmentOffer('scan.pdf', BROWSER_DOWNLOAD_MAX_BYTES, 'browser').canSave, true);
});

test('the host is the desktop app only when the preload bridge is present', () => {
  assert.equal(attachmentHostOf({}), 'browser');
  assert.equal(attachmentHostOf({ raksa: {} }), 'desktop');
});

test('base64 decodes to the exact bytes, including every byte value', () => {
  const all = new Uint8Array(256).map((_, i) => i);
  assert.deepEqual(base64ToBytes(Buffer.from(all).toString('base64')), all);
  assert.deepEqual(base64ToBytes(''), new Uint8Array(0));
});
