import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startupErrorText, type StartupFailure } from './startupErrorText.js';

const THAI = /[\u0E00-\u0E7F]/u;

void test('the keystore dialog explains, in Thai and English, that no key will be made or stored in clear', () => {
  const { title, body } = startupErrorText(
    'keystore',
    'no secure keyring is available (safeStorage backend: basic_text)',
  );
  assert.match(title, THAI);
  assert.match(title, /Cannot start/);
  assert.match(body, /ที่เก็บกุญแจ/);
  assert.match(body, /key store .* is unavailable/);
  assert.match(body, /will not create a new key/);
  assert.match(body, /basic_text/);
  assert.ok(body.indexOf('ที่เก็บกุญแจ') < body.indexOf('key store'), 'Thai first');
});

void test('every failure kind has both languages and a distinct message', () => {
  const kinds: StartupFailure[] = ['keystore', 'key', 'store'];
  const bodies = kinds.map((k) => startupErrorText(k, '').body);
  for (const body of bodies) {
    assert.match(body, THAI);
    assert.match(body, /Raksa Mail cannot start/);
  }
  assert.equal(new Set(bodies).size, kinds.length);
});

void test('the diagnostic detail is bounded', () => {
  const { body } = startupErrorText('store', 'x'.repeat(10_000));
  assert.ok(body.length < 2_000);
});
