import assert from 'node:assert/strict';
import { test } from 'node:test';
import { displayFileName } from './displayFileName.js';

test('strips bidi overrides and control characters that disguise a name', () => {
  assert.equal(displayFileName('invoice\u202Efdp.exe'), 'invoicefdp.exe');
  assert.equal(displayFileName('a\u0000b\u2067c.pdf\u200F'), 'abc.pdf');
  assert.equal(displayFileName('หนังสือเชิญ.pdf'), 'หนังสือเชิญ.pdf');
  assert.equal(displayFileName('\u202E'), '—');
});
