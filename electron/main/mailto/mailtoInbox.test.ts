import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CoreLike } from '../coreLike.js';
import { MailtoInbox, withMailto } from './mailtoInbox.js';

const fakeCore = (): CoreLike & { calls: string[] } => {
  const calls: string[] = [];
  return {
    calls,
    call: (method) => {
      calls.push(method);
      return Promise.resolve({ ok: true, value: 'from-core' });
    },
    on: () => () => undefined,
  };
};

void test('a URL from before the renderer is ready is kept and handed out once', async () => {
  const inbox = new MailtoInbox();
  const core = fakeCore();
  const wrapped = withMailto(core, inbox);
  const events: unknown[] = [];
  wrapped.on('compose.mailto', (p) => events.push(p));
  inbox.receive('mailto:somchai@moph.go.th?subject=x');
  assert.deepEqual(events, [], 'not sent while nobody has asked yet (the page may still be loading)');
  assert.deepEqual(await wrapped.call('compose.pendingMailto', {}), { ok: true, value: 'mailto:somchai@moph.go.th?subject=x' });
  assert.deepEqual(await wrapped.call('compose.pendingMailto', {}), { ok: true, value: null });
  assert.deepEqual(core.calls, [], 'the core is not asked');
  inbox.receive('mailto:b@x.go.th');
  assert.deepEqual(events, [{ url: 'mailto:b@x.go.th' }], 'later links arrive as the compose.mailto event');
});

void test('other calls pass through; non-mailto URLs are ignored', async () => {
  const inbox = new MailtoInbox();
  const core = fakeCore();
  const wrapped = withMailto(core, inbox);
  assert.deepEqual(await wrapped.call('app.status', {}), { ok: true, value: 'from-core' });
  inbox.receive('https://evil.example/');
  inbox.receive('javascript:alert(1)');
  assert.deepEqual(await wrapped.call('compose.pendingMailto', {}), { ok: true, value: null });
});

void test('unsubscribing stops delivery', () => {
  const inbox = new MailtoInbox();
  const wrapped = withMailto(fakeCore(), inbox);
  inbox.take();
  const got: unknown[] = [];
  const off = wrapped.on('compose.mailto', (p) => got.push(p));
  inbox.receive('mailto:a@x.go.th');
  off();
  inbox.receive('mailto:b@x.go.th');
  assert.equal(got.length, 1);
});
