import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isTrustedSender, type InvokeEventLike, type WindowContentsLike } from './trustedSender.js';

const window: WindowContentsLike = { id: 7, mainFrame: { frameTreeNodeId: 1 } };
const mainFrameEvent = (
  overrides: Partial<{ id: number; url: string; parent: unknown; node: number }> = {},
): InvokeEventLike => ({
  sender: { id: overrides.id ?? 7 },
  senderFrame: {
    url: overrides.url ?? 'raksa://app/index.html',
    parent: overrides.parent === undefined ? null : overrides.parent,
    frameTreeNodeId: overrides.node ?? 1,
  },
});

void test('the main frame of our window on raksa://app is trusted', () => {
  assert.equal(isTrustedSender(mainFrameEvent(), window), true);
  assert.equal(isTrustedSender(mainFrameEvent({ url: 'raksa://app/index.html#/inbox' }), window), true);
});

void test('a destroyed or navigated-away frame (senderFrame null) is refused', () => {
  assert.equal(isTrustedSender({ sender: { id: 7 }, senderFrame: null }, window), false);
});

void test('no window, another webContents, a subframe or another frame node is refused', () => {
  assert.equal(isTrustedSender(mainFrameEvent(), null), false);
  assert.equal(isTrustedSender(mainFrameEvent({ id: 8 }), window), false);
  assert.equal(isTrustedSender(mainFrameEvent({ parent: { url: 'raksa://app/index.html' } }), window), false);
  assert.equal(isTrustedSender(mainFrameEvent({ node: 2 }), window), false);
});

void test('a page from any other origin is refused', () => {
  for (const url of [
    'https://evil.example/',
    'about:srcdoc',
    'about:blank',
    'file:///index.html',
    'raksa://evil/index.html',
    'raksa://app:99/index.html',
    'http://127.0.0.1/',
    '',
  ]) {
    assert.equal(isTrustedSender(mainFrameEvent({ url }), window), false, url);
  }
});
