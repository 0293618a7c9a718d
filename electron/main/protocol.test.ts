import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  APP_CSP,
  appResponseHeaders,
  createAppProtocolHandler,
  registerAppProtocol,
  registerAppSchemePrivileges,
  resolveAppAsset,
} from './protocol.js';

const root = path.resolve('/srv/raksa/dist/renderer');

void test('resolveAppAsset maps app URLs to files inside the root with their content type', () => {
  assert.deepEqual(resolveAppAsset(root, 'raksa://app/index.html'), {
    path: path.join(root, 'index.html'),
    contentType: 'text/html; charset=utf-8',
  });
  assert.deepEqual(resolveAppAsset(root, 'raksa://app/'), {
    path: path.join(root, 'index.html'),
    contentType: 'text/html; charset=utf-8',
  });
  assert.deepEqual(resolveAppAsset(root, 'raksa://app/assets/index-B1x.js?v=1#top'), {
    path: path.join(root, 'assets', 'index-B1x.js'),
    contentType: 'text/javascript; charset=utf-8',
  });
  assert.equal(resolveAppAsset(root, 'raksa://app/assets/a.css')?.contentType, 'text/css; charset=utf-8');
  assert.equal(resolveAppAsset(root, 'raksa://app/files/sarabun-thai-400.woff2')?.contentType, 'font/woff2');
  assert.equal(resolveAppAsset(root, 'raksa://app/logo.SVG')?.contentType, 'image/svg+xml');
  assert.equal(resolveAppAsset(root, 'raksa://app/a%20b.png')?.path, path.join(root, 'a b.png'));
});

void test('resolveAppAsset refuses every traversal spelling', () => {
  const attacks = [
    'raksa://app/../etc/passwd',
    'raksa://app/assets/../../etc/passwd.js',
    'raksa://app/%2e%2e/%2e%2e/etc/passwd.js',
    'raksa://app/%2E%2E/secret.js',
    'raksa://app/.%2e/secret.js',
    'raksa://app/..%2f..%2fsecret.js',
    'raksa://app/..%2F..%2Fsecret.js',
    'raksa://app/assets%2f..%2f..%2fsecret.js',
    'raksa://app/..\\..\\secret.js',
    'raksa://app/assets%5c..%5c..%5csecret.js',
    'raksa://app/index.html%00.js',
    'raksa://app/index.html\u0000.js',
    'raksa://app//etc/passwd.js',
    'raksa://app/C:/Windows/win.ini.txt',
    'raksa://app/C%3A/Windows/win.ini.txt',
    'raksa://app/./index.html',
    'raksa://app/assets/',
    'raksa://app/%E0%A4%A.js',
  ];
  for (const url of attacks) assert.equal(resolveAppAsset(root, url), null, url);
});

void test('resolveAppAsset refuses other origins and unknown types', () => {
  for (const url of [
    'raksa://evil/index.html',
    'raksa://app.evil/index.html',
    'raksa://app:8080/index.html',
    'raksa://user@app/index.html',
    'file:///srv/raksa/dist/renderer/index.html',
    'http://app/index.html',
    'raksa:/app/index.html',
    'raksa://app/run.exe',
    'raksa://app/package',
    '',
  ]) {
    assert.equal(resolveAppAsset(root, url), null, url);
  }
});

void test('every response carries the strict CSP and nosniff', () => {
  const headers = appResponseHeaders('text/html; charset=utf-8');
  assert.equal(headers['Content-Type'], 'text/html; charset=utf-8');
  assert.equal(headers['X-Content-Type-Options'], 'nosniff');
  assert.equal(headers['Content-Security-Policy'], APP_CSP);
  for (const directive of [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "frame-src 'self' about: data:",
    "base-uri 'none'",
    "form-action 'none'",
    "object-src 'none'",
  ]) {
    assert.ok(APP_CSP.split('; ').includes(directive), directive);
  }
  assert.doesNotMatch(APP_CSP, /unsafe-eval|\*|https?:/);
  // 'unsafe-inline' only for styles (the srcdoc message frame inherits this policy), never for scripts.
  assert.match(APP_CSP, /script-src 'self';/);
});

async function withRenderer(fn: (dir: string, outside: string) => Promise<void>): Promise<void> {
  const base = await mkdtemp(path.join(os.tmpdir(), 'raksa-protocol-'));
  try {
    const dir = path.join(base, 'renderer');
    const outside = path.join(base, 'secret');
    await mkdir(path.join(dir, 'assets'), { recursive: true });
    await mkdir(outside);
    await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>Raksa</title>');
    await writeFile(path.join(dir, 'assets', 'app.js'), 'export {};');
    await writeFile(path.join(outside, 'key.json'), '{"key":"not for the renderer"}');
    await symlink(path.join(outside, 'key.json'), path.join(dir, 'assets', 'linked.json'));
    await fn(dir, outside);
  } finally {
    await rm(base, { recursive: true, force: true });
  }
}

void test('the protocol handler serves built files with headers and 404s everything else', async () => {
  await withRenderer(async (dir) => {
    const handle = createAppProtocolHandler(dir);
    const page = await handle(new Request('raksa://app/index.html'));
    assert.equal(page.status, 200);
    assert.equal(await page.text(), '<!doctype html><title>Raksa</title>');
    assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(page.headers.get('content-security-policy'), APP_CSP);
    assert.equal(page.headers.get('x-content-type-options'), 'nosniff');

    const script = await handle(new Request('raksa://app/assets/app.js'));
    assert.equal(script.status, 200);
    assert.equal(script.headers.get('content-type'), 'text/javascript; charset=utf-8');

    const missing = await handle(new Request('raksa://app/assets/missing.js'));
    assert.equal(missing.status, 404);
    assert.equal(missing.headers.get('content-security-policy'), APP_CSP);

    const traversal = await handle(new Request('raksa://app/..%2fsecret%2fkey.json'));
    assert.equal(traversal.status, 404);
  });
});

void test('the protocol handler refuses a symlink that leads out of the renderer directory', async () => {
  await withRenderer(async (dir) => {
    const handle = createAppProtocolHandler(dir);
    const res = await handle(new Request('raksa://app/assets/linked.json'));
    assert.equal(res.status, 404);
    assert.doesNotMatch(await res.text(), /not for the renderer/);
  });
});

void test('the protocol handler answers HEAD without a body and refuses other methods', async () => {
  await withRenderer(async (dir) => {
    const handle = createAppProtocolHandler(dir);
    const head = await handle(new Request('raksa://app/index.html', { method: 'HEAD' }));
    assert.equal(head.status, 200);
    assert.equal(await head.text(), '');
    const post = await handle(new Request('raksa://app/index.html', { method: 'POST', body: 'x' }));
    assert.equal(post.status, 405);
  });
});

void test('a renderer directory that does not exist gives 404, not a crash', async () => {
  const handle = createAppProtocolHandler(path.join(os.tmpdir(), 'raksa-no-such-dir', 'renderer'));
  assert.equal((await handle(new Request('raksa://app/index.html'))).status, 404);
});

void test('the scheme is registered as standard, secure and fetch-capable, and handled as raksa', () => {
  const registered: unknown[] = [];
  registerAppSchemePrivileges({ registerSchemesAsPrivileged: (schemes) => registered.push(...schemes) });
  assert.deepEqual(registered, [
    { scheme: 'raksa', privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
  ]);
  const handled: string[] = [];
  registerAppProtocol({ handle: (scheme) => handled.push(scheme) }, '/nowhere');
  assert.deepEqual(handled, ['raksa']);
});
