import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseUnlockNavigation, UNLOCK_ACTION, UNLOCK_CANCEL, UNLOCK_PAGE_CSP, unlockPageHtml } from './unlockPage.js';

void test('the page has no script and a CSP that only allows inline styles and the two form targets', () => {
  for (const mode of ['unlock', 'create'] as const) {
    const html = unlockPageHtml(mode, 'wrong');
    assert.doesNotMatch(html, /<script|javascript:|\son[a-z]+=/iu);
    assert.match(html, /Content-Security-Policy/u);
    assert.match(html, /Wrong passphrase/u);
    assert.equal(html.includes('name="confirm"'), mode === 'create');
  }
  assert.match(UNLOCK_PAGE_CSP, /^default-src 'none';/u);
  assert.doesNotMatch(UNLOCK_PAGE_CSP, /script-src/u);
});

void test('a submit navigation yields the fields (Thai, spaces, symbols intact); cancel and anything else are told apart', () => {
  const url = new URL(UNLOCK_ACTION);
  url.searchParams.set('passphrase', 'รหัส ผ่าน&=?#2567');
  url.searchParams.set('confirm', 'รหัส ผ่าน&=?#2567');
  assert.deepEqual(parseUnlockNavigation(url.href), { kind: 'submit', passphrase: 'รหัส ผ่าน&=?#2567', confirm: 'รหัส ผ่าน&=?#2567' });
  assert.deepEqual(parseUnlockNavigation(`${UNLOCK_ACTION}?passphrase=x`), { kind: 'submit', passphrase: 'x', confirm: null });
  assert.deepEqual(parseUnlockNavigation(`${UNLOCK_CANCEL}?`), { kind: 'cancel' });
  assert.equal(parseUnlockNavigation('https://evil.example/submit?passphrase=x'), null);
  assert.equal(parseUnlockNavigation(`${UNLOCK_ACTION}`), null);
  assert.equal(parseUnlockNavigation('not a url'), null);
});
