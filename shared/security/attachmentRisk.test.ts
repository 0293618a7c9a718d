import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attachmentRisk } from './attachmentRisk.js';

void test('every type the brief names is dangerous, in any case', () => {
  for (const ext of ['exe', 'scr', 'js', 'jse', 'vbs', 'wsf', 'hta', 'lnk', 'bat', 'cmd', 'com', 'msi', 'ps1', 'iso', 'img', 'html', 'htm', 'svg']) {
    for (const name of [`file.${ext}`, `FILE.${ext.toUpperCase()}`, `หนังสือราชการ.${ext}`]) {
      const r = attachmentRisk(name);
      assert.equal(r.dangerous, true, name);
      assert.ok(r.reasons.includes('dangerous-type'), name);
      assert.equal(r.extension, `.${ext}`);
    }
  }
});

void test('ordinary documents may be opened', () => {
  for (const name of ['หนังสือเวียน ที่ มท 0808.2-ว 1234.pdf', 'budget 2567.xlsx', 'photo.JPG', 'notes.txt', 'a.b.c.docx']) {
    const r = attachmentRisk(name);
    assert.equal(r.dangerous, false, `${name}: ${r.reasons.join(',')}`);
    assert.deepEqual(r.reasons, []);
  }
});

void test('double extensions either way round are dangerous', () => {
  assert.deepEqual(attachmentRisk('report.pdf.exe').reasons, ['dangerous-type', 'double-extension']);
  assert.deepEqual(attachmentRisk('report.exe.pdf').reasons, ['double-extension']);
  assert.equal(attachmentRisk('invoice.PDF .exe').dangerous, true);
});

void test('Windows trailing dots and spaces do not hide the extension', () => {
  assert.equal(attachmentRisk('evil.exe. . ').extension, '.exe');
  assert.equal(attachmentRisk('evil.exe. . ').dangerous, true);
});

void test('bidi overrides and invisible characters are dangerous even when the real type is harmless', () => {
  // Shown as "invoiceexe.pdf"; really "invoice\u202Efdp.exe".
  const rlo = attachmentRisk('invoice\u202Efdp.exe');
  assert.equal(rlo.extension, '.exe');
  assert.ok(rlo.reasons.includes('bidi-control') && rlo.reasons.includes('dangerous-type'));
  assert.deepEqual(attachmentRisk('report\u2066.pdf').reasons, ['bidi-control']);
  assert.deepEqual(attachmentRisk('rep\u200Bort.pdf').reasons, ['invisible-character']);
  // An invisible character cannot glue a dangerous extension out of sight.
  assert.equal(attachmentRisk('photo.jpg\u200B.js').extension, '.js');
});

void test('a name without an extension is not opened (the OS would guess)', () => {
  assert.deepEqual(attachmentRisk('README').reasons, ['no-extension']);
  assert.deepEqual(attachmentRisk('.bashrc').reasons, ['no-extension']);
});
