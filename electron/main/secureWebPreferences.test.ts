import { test } from 'node:test';
import assert from 'node:assert/strict';
import { secureWebPreferences } from './secureWebPreferences.js';

void test('every isolation flag is set the safe way', () => {
  const prefs = secureWebPreferences('/app/dist/electron/preload.cjs');
  assert.equal(prefs.preload, '/app/dist/electron/preload.cjs');
  assert.equal(prefs.contextIsolation, true);
  assert.equal(prefs.sandbox, true);
  assert.equal(prefs.nodeIntegration, false);
  assert.equal(prefs.nodeIntegrationInWorker, false);
  assert.equal(prefs.nodeIntegrationInSubFrames, false);
  assert.equal(prefs.webSecurity, true);
  assert.equal(prefs.allowRunningInsecureContent, false);
  assert.equal(prefs.webviewTag, false);
  assert.equal(prefs.spellcheck, false);
  assert.equal(prefs.experimentalFeatures, false);
  assert.equal(prefs.navigateOnDragDrop, false);
  assert.equal(prefs.devTools, false);
  assert.equal(prefs.enableBlinkFeatures, undefined);
});

void test('devTools only when asked (development builds)', () => {
  assert.equal(secureWebPreferences('/p.cjs', { devTools: true }).devTools, true);
  assert.equal(secureWebPreferences('/p.cjs', { devTools: true }).sandbox, true);
});

void test('each call returns a fresh object, so one window cannot loosen another', () => {
  const a = secureWebPreferences('/p.cjs');
  const b = secureWebPreferences('/p.cjs');
  assert.notEqual(a, b);
  assert.deepEqual(a, b);
});
