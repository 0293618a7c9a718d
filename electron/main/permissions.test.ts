import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { Session, WebContents } from 'electron';
import { APP_ENTRY_URL, isAppUrl } from './appOrigin.js';
import {
  hardenSession,
  hardenWebContents,
  isAllowedFrameNavigation,
  isAllowedNavigation,
} from './permissions.js';

void test('navigation is allowed only within raksa://app', () => {
  assert.equal(isAllowedNavigation(APP_ENTRY_URL), true);
  assert.equal(isAllowedNavigation('raksa://app/index.html#/inbox'), true);
  for (const url of [
    'https://example.com/',
    'http://127.0.0.1:5173/',
    'file:///etc/passwd',
    'raksa://evil/index.html',
    'raksa://app.evil.com/',
    'raksa://app:1/index.html',
    'raksa://user:pw@app/index.html',
    'javascript:alert(1)',
    'data:text/html,<script>1</script>',
    'about:blank',
    'mailto:a@example.com',
    'not a url',
    '',
  ]) {
    assert.equal(isAllowedNavigation(url), false, url);
    assert.equal(isAppUrl(url), false, url);
  }
});

void test('subframes may also be the message iframe (about:srcdoc / about:blank), the main frame may not', () => {
  assert.equal(isAllowedFrameNavigation('about:srcdoc', false), true);
  assert.equal(isAllowedFrameNavigation('about:blank', false), true);
  assert.equal(isAllowedFrameNavigation('about:srcdoc', true), false);
  assert.equal(isAllowedFrameNavigation('https://tracker.example/pixel', false), false);
  assert.equal(isAllowedFrameNavigation('data:text/html,x', false), false);
  assert.equal(isAllowedFrameNavigation(APP_ENTRY_URL, true), true);
});

/** An EventEmitter standing in for webContents: records the handlers the code under test installs. */
class FakeContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  /** Emits like Electron does and reports whether a listener called preventDefault. */
  attempt(event: string, details: Record<string, unknown> = {}): boolean {
    let prevented = false;
    this.emit(event, { ...details, preventDefault: () => (prevented = true) });
    return prevented;
  }
}

void test('hardenWebContents denies foreign navigation, redirects, webviews and new windows', () => {
  const contents = new FakeContents();
  hardenWebContents(contents as unknown as WebContents);

  assert.equal(contents.attempt('will-navigate', { url: 'https://evil.example/' }), true);
  assert.equal(contents.attempt('will-navigate', { url: APP_ENTRY_URL }), false);
  assert.equal(contents.attempt('will-redirect', { url: 'https://evil.example/', isMainFrame: true }), true);
  assert.equal(
    contents.attempt('will-frame-navigate', { url: 'https://evil.example/', isMainFrame: false }),
    true,
  );
  assert.equal(contents.attempt('will-frame-navigate', { url: 'about:srcdoc', isMainFrame: false }), false);
  assert.equal(contents.attempt('will-attach-webview'), true);
  assert.deepEqual(contents.windowOpenHandler?.({ url: 'https://example.com/' }), { action: 'deny' });
  assert.deepEqual(contents.windowOpenHandler?.({ url: APP_ENTRY_URL }), { action: 'deny' });
});

void test('hardenWebContents is idempotent (window.ts and web-contents-created both apply it)', () => {
  const contents = new FakeContents();
  hardenWebContents(contents as unknown as WebContents);
  hardenWebContents(contents as unknown as WebContents);
  assert.equal(contents.listenerCount('will-navigate'), 1);
});

void test('hardenSession denies every permission request, check and device, and downloads', () => {
  const emitter = new EventEmitter();
  let request: ((wc: unknown, permission: string, cb: (granted: boolean) => void) => void) | undefined;
  let check: ((...args: unknown[]) => boolean) | undefined;
  let device: ((...args: unknown[]) => boolean) | undefined;
  const session = Object.assign(emitter, {
    setPermissionRequestHandler: (h: typeof request) => (request = h),
    setPermissionCheckHandler: (h: typeof check) => (check = h),
    setDevicePermissionHandler: (h: typeof device) => (device = h),
  });
  hardenSession(session as unknown as Session);

  for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
    const answers: boolean[] = [];
    request?.({}, permission, (granted) => answers.push(granted));
    assert.deepEqual(answers, [false], permission);
    assert.equal(check?.({}, permission, 'raksa://app'), false, permission);
  }
  assert.equal(device?.({ deviceType: 'usb' }), false);
  let prevented = false;
  emitter.emit('will-download', { preventDefault: () => (prevented = true) });
  assert.equal(prevented, true);
});
