// The preload's layering rule bans node:* for shipped code; this test runs in Node, not in the preload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IpcRendererEvent } from 'electron';
import type { MethodName } from '../../shared/contract/api.js';
import { createBridge, type IpcRendererLike } from './createBridge.js';

type Listener = (event: unknown, ...args: unknown[]) => void;

class FakeIpcRenderer implements IpcRendererLike {
  readonly invoked: { channel: string; args: unknown[] }[] = [];
  readonly listeners = new Map<string, Set<Listener>>();
  reply: () => Promise<unknown> = () => Promise.resolve({ ok: true, value: 'pong' });
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push({ channel, args });
    return this.reply();
  }
  on(channel: string, listener: Listener): this {
    const set = this.listeners.get(channel) ?? new Set();
    this.listeners.set(channel, set);
    set.add(listener);
    return this;
  }
  removeListener(channel: string, listener: Listener): this {
    this.listeners.get(channel)?.delete(listener);
    return this;
  }
  emit(channel: string, event: unknown, payload: unknown): void {
    for (const l of this.listeners.get(channel) ?? []) l(event, payload);
  }
  count(channel: string): number {
    return this.listeners.get(channel)?.size ?? 0;
  }
}

void test('call forwards a contract method on its channel with exactly one argument', async () => {
  const ipc = new FakeIpcRenderer();
  const bridge = createBridge(ipc);
  const result = await bridge.call('folders.list', { accountId: 2 });
  assert.deepEqual(result, { ok: true, value: 'pong' });
  assert.deepEqual(ipc.invoked, [{ channel: 'raksa:call:folders.list', args: [{ accountId: 2 }] }]);
});

void test('unknown methods are refused without touching IPC', async () => {
  const ipc = new FakeIpcRenderer();
  const bridge = createBridge(ipc);
  for (const name of ['nope', 'raksa:call:app.status', '__proto__', 'constructor', 'toString', '']) {
    const result = await bridge.call(name as MethodName, {});
    assert.equal(result.ok, false, name);
    if (!result.ok) assert.equal(result.error.code, 'UNKNOWN_METHOD');
  }
  assert.equal(ipc.invoked.length, 0);
});

void test('a failed invoke becomes an INTERNAL Result, not a rejection', async () => {
  const ipc = new FakeIpcRenderer();
  ipc.reply = () => Promise.reject(new Error("No handler registered for 'raksa:call:app.status'"));
  const result = await createBridge(ipc).call('app.status', {});
  assert.equal(result.ok, false);
  if (!result.ok) assert.equal(result.error.code, 'INTERNAL');
});

void test('event listeners get the payload only, never the IPC event', () => {
  const ipc = new FakeIpcRenderer();
  const bridge = createBridge(ipc);
  const received: unknown[][] = [];
  bridge.on('mailbox.changed', (...args: unknown[]) => received.push(args));
  const ipcEvent = { sender: ipc, senderId: 0 } as unknown as IpcRendererEvent;
  ipc.emit('raksa:event:mailbox.changed', ipcEvent, { accountId: 1, folderId: null });
  assert.deepEqual(received, [[{ accountId: 1, folderId: null }]]);
});

void test('unsubscribe removes the listener, and only once', () => {
  const ipc = new FakeIpcRenderer();
  const bridge = createBridge(ipc);
  const seen: unknown[] = [];
  const off = bridge.on('accounts.changed', (p) => seen.push(p));
  const other = bridge.on('accounts.changed', (p) => seen.push(['other', p]));
  assert.equal(ipc.count('raksa:event:accounts.changed'), 2);
  off();
  off();
  assert.equal(ipc.count('raksa:event:accounts.changed'), 1);
  ipc.emit('raksa:event:accounts.changed', {}, {});
  assert.deepEqual(seen, [['other', {}]]);
  other();
  assert.equal(ipc.count('raksa:event:accounts.changed'), 0);
});

void test('unknown events and non-function listeners are refused up front', () => {
  const ipc = new FakeIpcRenderer();
  const bridge = createBridge(ipc);
  assert.throws(() => bridge.on('nope' as 'accounts.changed', () => undefined), TypeError);
  assert.throws(() => bridge.on('__proto__' as 'accounts.changed', () => undefined), TypeError);
  assert.throws(() => bridge.on('accounts.changed', 'x' as unknown as () => void), TypeError);
  assert.equal(ipc.listeners.size, 0);
});

void test('the bridge is frozen and exposes only call and on', () => {
  const bridge = createBridge(new FakeIpcRenderer());
  assert.ok(Object.isFrozen(bridge));
  assert.deepEqual(Object.keys(bridge).sort(), ['call', 'on']);
  assert.throws(() => {
    (bridge as { call: unknown }).call = () => undefined;
  }, TypeError);
});
