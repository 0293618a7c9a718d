import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import WebSocket from 'ws';
import type { ApiClient } from '../../../shared/contract/client.js';
import type { EventName } from '../../../shared/contract/api.js';
import { ok } from '../../../shared/contract/result.js';
import { startBrowserHost } from './browserHost.js';

/** A transport-level fake: records calls and lets the test emit events. The real core is tested elsewhere. */
function recordingCore() {
  const calls: { method: string; args: unknown }[] = [];
  const listeners = new Map<string, ((p: unknown) => void)[]>();
  const client: ApiClient = {
    call: (method, args) => {
      calls.push({ method, args });
      return Promise.resolve(ok([]) as never);
    },
    on: (event, listener) => {
      listeners.set(event, [...(listeners.get(event) ?? []), listener as (p: unknown) => void]);
      return () => undefined;
    },
  };
  const emit = (event: EventName, payload: unknown) => listeners.get(event)?.forEach((l) => l(payload));
  return { client, calls, emit };
}

async function withHost(fn: (ctx: { url: URL; origin: string; core: ReturnType<typeof recordingCore> }) => Promise<void>) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'raksa-host-'));
  await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>t</title>');
  const core = recordingCore();
  const host = await startBrowserHost({ core: core.client, staticDir: dir });
  try {
    await fn({ url: new URL(host.url), origin: host.origin, core });
  } finally {
    await host.close();
    await rm(dir, { recursive: true, force: true });
  }
}

const connect = (url: string, origin: string) =>
  new Promise<WebSocket>((resolve, reject) => {
    const ws = new WebSocket(url, { origin });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });

const get = (url: string, headers: Record<string, string> = {}) =>
  new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      })
      .on('error', reject);
  });

const nextMessage = (ws: WebSocket) =>
  new Promise<Record<string, unknown>>((resolve) => ws.once('message', (d: Buffer) => resolve(JSON.parse(d.toString()) as Record<string, unknown>)));

test('listens on 127.0.0.1 only and serves the page with a strict CSP', async () => {
  await withHost(async ({ url }) => {
    assert.equal(url.hostname, '127.0.0.1');
    const res = await get(`${url.origin}/`);
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-security-policy']), /default-src 'none'/);
    assert.equal((await get(`${url.origin}/../../etc/passwd`)).status, 404);
  });
});

test('refuses a foreign Host header (DNS rebinding)', async () => {
  await withHost(async ({ url }) => {
    assert.equal((await get(`${url.origin}/`, { Host: `evil.example:${url.port}` })).status, 421);
  });
});

test('the API needs the token and our own Origin', async () => {
  await withHost(async ({ url, origin }) => {
    const token = url.searchParams.get('token') ?? '';
    const wsBase = `ws://127.0.0.1:${url.port}/api`;
    await assert.rejects(connect(`${wsBase}?token=wrong`, origin), /HTTP 403/);
    await assert.rejects(connect(`${wsBase}`, origin), /HTTP 403/);
    await assert.rejects(connect(`${wsBase}?token=${token}`, 'http://evil.example'), /HTTP 403/);
    await assert.rejects(connect(`${wsBase}?token=${token}`, `http://localhost:${url.port}`), /HTTP 403/);
    const ws = await connect(`${wsBase}?token=${token}`, origin);
    ws.close();
  });
});

test('forwards valid calls, refuses invalid ones before the core, and pushes events', async () => {
  await withHost(async ({ url, origin, core }) => {
    const ws = await connect(`ws://127.0.0.1:${url.port}/api?token=${url.searchParams.get('token')}`, origin);
    ws.send(JSON.stringify({ t: 'call', id: 1, method: 'accounts.list', args: {} }));
    assert.deepEqual(await nextMessage(ws), { t: 'result', id: 1, result: { ok: true, value: [] } });

    ws.send(JSON.stringify({ t: 'call', id: 2, method: 'messages.get', args: { id: 'DROP TABLE' } }));
    const bad = await nextMessage(ws);
    assert.equal((bad.result as { error: { code: string } }).error.code, 'INVALID_ARGUMENT');

    ws.send(JSON.stringify({ t: 'call', id: 3, method: 'fs.readFile', args: {} }));
    assert.equal(((await nextMessage(ws)).result as { error: { code: string } }).error.code, 'UNKNOWN_METHOD');
    assert.deepEqual(core.calls.map((c) => c.method), ['accounts.list']);

    const event = nextMessage(ws);
    core.emit('accounts.changed', {});
    assert.deepEqual(await event, { t: 'event', event: 'accounts.changed', payload: {} });

    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('not json');
    assert.equal(await closed, 1008);
  });
});
