import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RaksaBridge } from './bridge.js';
import { createIpcClient } from './ipcClient.js';

function fakeBridge(answer: (method: string, args: unknown) => unknown) {
  const listeners = new Map<string, (p: unknown) => void>();
  const bridge: RaksaBridge = {
    call: (method, args) => Promise.resolve(answer(method, args)),
    on: (event, listener) => {
      listeners.set(event, listener);
      return () => listeners.delete(event);
    },
  };
  return { bridge, push: (event: string, p: unknown) => listeners.get(event)?.(p) };
}

test('passes method and args through and validates the answer', async () => {
  const calls: unknown[] = [];
  const { bridge } = fakeBridge((method, args) => {
    calls.push([method, args]);
    return { ok: true, value: 'en' };
  });
  const client = createIpcClient(bridge);
  const r = await client.call('settings.getLocale', {});
  assert.deepEqual(calls, [['settings.getLocale', {}]]);
  assert.deepEqual(r, { ok: true, value: 'en' });
});

test('a value outside the contract is a PROTOCOL error; a rejected invoke is INTERNAL', async () => {
  const bad = createIpcClient(fakeBridge(() => ({ ok: true, value: 'fr' })).bridge);
  const r1 = await bad.call('settings.getLocale', {});
  assert.equal(!r1.ok && r1.error.code, 'PROTOCOL');
  const malformed = createIpcClient(fakeBridge(() => 'ok').bridge);
  const r2 = await malformed.call('settings.getLocale', {});
  assert.equal(!r2.ok && r2.error.code, 'PROTOCOL');
  const rejecting = createIpcClient({
    call: () => Promise.reject(new Error('gone')),
    on: () => () => undefined,
  });
  const r3 = await rejecting.call('settings.getLocale', {});
  assert.equal(!r3.ok && r3.error.code, 'INTERNAL');
});

test('drops event payloads that do not match the schema', () => {
  const { bridge, push } = fakeBridge(() => null);
  const client = createIpcClient(bridge);
  const seen: unknown[] = [];
  client.on('sync.progress', (p) => seen.push(p.done));
  push('sync.progress', { accountId: 1, folderPath: 'INBOX', phase: 'headers', done: 5, total: 10 });
  push('sync.progress', { accountId: 1, folderPath: 'INBOX', phase: 'hacked', done: 6, total: 10 });
  push('sync.progress', null);
  assert.deepEqual(seen, [5]);
});
