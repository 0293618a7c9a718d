import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EVENT_NAMES, METHOD_NAMES, type EventName, type MethodName } from '../../shared/contract/api.js';
import {
  CONTRACT_EVENT_NAMES,
  CONTRACT_METHOD_NAMES,
  channelFor,
  eventChannelFor,
} from '../../shared/contract/channels.js';
import { ok, type Result } from '../../shared/contract/result.js';
import type { CoreLike } from './coreLike.js';
import { createIpcRelay, type EventTargetLike, type IpcMainLike } from './ipcRelay.js';
import type { MainLogger } from './mainLogger.js';
import { isTrustedSender, type InvokeEventLike } from './trustedSender.js';

type Handler = (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>;

class FakeIpcMain implements IpcMainLike<InvokeEventLike> {
  readonly handlers = new Map<string, Handler>();
  handle(channel: string, listener: Handler): void {
    assert.ok(!this.handlers.has(channel), `second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  invoke(channel: string, event: InvokeEventLike, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    assert.ok(handler, `no handler for ${channel}`);
    return handler(event, ...args);
  }
}

class FakeCore implements CoreLike {
  readonly calls: { method: MethodName; args: unknown }[] = [];
  readonly listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  answer: (method: MethodName) => Promise<Result<unknown>> = () => Promise.resolve(ok('answered'));
  call(method: MethodName, args: unknown): Promise<Result<unknown>> {
    this.calls.push({ method, args });
    return this.answer(method);
  }
  on(event: EventName, listener: (payload: unknown) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set);
    set.add(listener);
    return () => set.delete(listener);
  }
  emit(event: EventName, payload: unknown): void {
    for (const l of this.listeners.get(event) ?? []) l(payload);
  }
}

class FakeWindowContents implements EventTargetLike {
  readonly id = 3;
  readonly mainFrame = { frameTreeNodeId: 10 };
  readonly sent: { channel: string; payload: unknown }[] = [];
  destroyed = false;
  url = 'raksa://app/index.html';
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getURL(): string {
    return this.url;
  }
}

const quietLogger = (): MainLogger & { lines: string[] } => {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
};

function setup() {
  const ipc = new FakeIpcMain();
  const core = new FakeCore();
  const contents = new FakeWindowContents();
  const logger = quietLogger();
  const relay = createIpcRelay({
    ipc,
    core,
    isTrustedSender: (event) => isTrustedSender(event, contents),
    getEventTarget: () => contents,
    logger,
  });
  const frame = (url = 'raksa://app/index.html', parent: unknown = null, node = 10) => ({
    sender: { id: contents.id },
    senderFrame: { url, parent, frameTreeNodeId: node },
  });
  return { ipc, core, contents, logger, relay, frame };
}

void test('channels.ts names exactly the contract methods and events, on distinct channels', () => {
  assert.deepEqual([...CONTRACT_METHOD_NAMES].sort(), [...METHOD_NAMES].sort());
  assert.deepEqual([...CONTRACT_EVENT_NAMES].sort(), [...EVENT_NAMES].sort());
  const channels = [...METHOD_NAMES.map(channelFor), ...EVENT_NAMES.map(eventChannelFor)];
  assert.equal(new Set(channels).size, channels.length);
  assert.equal(channelFor('app.status'), 'raksa:call:app.status');
  assert.equal(eventChannelFor('sync.progress'), 'raksa:event:sync.progress');
});

void test('one handler per contract method, on the derived channel', () => {
  const { ipc } = setup();
  assert.deepEqual([...ipc.handlers.keys()].sort(), METHOD_NAMES.map(channelFor).sort());
});

void test('a valid call from our main frame reaches the core with parsed arguments', async () => {
  const { ipc, core, frame } = setup();
  const result = await ipc.invoke(channelFor('messages.list'), frame(), { folderId: 4 });
  assert.deepEqual(result, ok('answered'));
  // validateCall applied the contract's defaults: the core sees parsed, not raw, arguments.
  assert.deepEqual(core.calls, [{ method: 'messages.list', args: { folderId: 4, offset: 0, limit: 100 } }]);
});

void test('a call from another origin is refused without reaching the core', async () => {
  const { ipc, core, frame, logger } = setup();
  const result = await ipc.invoke(channelFor('accounts.list'), frame('https://evil.example/'), {});
  assert.deepEqual(result, {
    ok: false,
    error: { code: 'FORBIDDEN', message: 'This caller may not use the mail API.' },
  });
  assert.equal(core.calls.length, 0);
  assert.ok(logger.lines.some((l) => l.includes('accounts.list')));
});

void test('a call from a subframe (the message iframe) is refused', async () => {
  const { ipc, core, frame } = setup();
  const sub = await ipc.invoke(
    channelFor('accounts.list'),
    frame('raksa://app/index.html', { url: 'raksa://app/' }),
    {},
  );
  assert.equal((sub as Result<unknown>).ok, false);
  const srcdoc = await ipc.invoke(channelFor('accounts.list'), frame('about:srcdoc', null, 11), {});
  assert.equal((srcdoc as Result<unknown>).ok, false);
  const gone = await ipc.invoke(channelFor('accounts.list'), { sender: { id: 3 }, senderFrame: null }, {});
  assert.equal((gone as Result<unknown>).ok, false);
  assert.equal(core.calls.length, 0);
});

void test('bad arguments are answered with INVALID_ARGUMENT and never reach the core', async () => {
  const { ipc, core, frame } = setup();
  for (const args of [{ folderId: -1 }, { folderId: 'x' }, { folderId: 1, extra: true }, 'text', [1]]) {
    const result = (await ipc.invoke(channelFor('messages.list'), frame(), args)) as Result<unknown>;
    assert.equal(result.ok, false, JSON.stringify(args));
    if (!result.ok) assert.equal(result.error.code, 'INVALID_ARGUMENT');
  }
  const twoArgs = (await ipc.invoke(
    channelFor('app.status'),
    frame(),
    {},
    { smuggled: 1 },
  )) as Result<unknown>;
  assert.equal(twoArgs.ok, false);
  if (!twoArgs.ok) assert.equal(twoArgs.error.code, 'INVALID_ARGUMENT');
  assert.equal(core.calls.length, 0);
});

void test('a core that throws becomes an INTERNAL Result, not a rejected invoke', async () => {
  const { ipc, core, frame } = setup();
  core.answer = () => Promise.reject(new Error('worker gone: /home/user/secret path'));
  const result = (await ipc.invoke(channelFor('app.status'), frame(), {})) as Result<unknown>;
  assert.equal(result.ok, false);
  if (!result.ok) {
    assert.equal(result.error.code, 'INTERNAL');
    assert.doesNotMatch(result.error.message, /secret path/);
  }
});

void test('core events reach our window on the derived channel, payload only', () => {
  const { core, contents } = setup();
  core.emit('mailbox.changed', { accountId: 1, folderId: 2 });
  core.emit('sync.progress', { done: 1 });
  assert.deepEqual(contents.sent, [
    { channel: 'raksa:event:mailbox.changed', payload: { accountId: 1, folderId: 2 } },
    { channel: 'raksa:event:sync.progress', payload: { done: 1 } },
  ]);
  assert.deepEqual(
    [...core.listeners.keys()].sort(),
    [...EVENT_NAMES].sort(),
    'subscribed to every contract event',
  );
});

void test('events are not sent to a destroyed window or a page that is not ours', () => {
  const { core, contents } = setup();
  contents.url = 'https://evil.example/';
  core.emit('accounts.changed', {});
  contents.url = 'raksa://app/index.html';
  contents.destroyed = true;
  core.emit('accounts.changed', {});
  assert.deepEqual(contents.sent, []);
});

void test('dispose removes every handler and event subscription', () => {
  const { ipc, core, contents, relay } = setup();
  relay.dispose();
  assert.equal(ipc.handlers.size, 0);
  core.emit('accounts.changed', {});
  assert.deepEqual(contents.sent, []);
  for (const set of core.listeners.values()) assert.equal(set.size, 0);
});
