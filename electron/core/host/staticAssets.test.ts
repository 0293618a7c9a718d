import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { RENDERER_META_CSP } from '../../../shared/security/appCsp.js';
import { appResponseHeaders, resolveStaticAsset } from './staticAssets.js';

const root = path.resolve('/srv/app');

test('serves index.html for / and files inside the root with their content type', () => {
  assert.deepEqual(resolveStaticAsset(root, '/'), { filePath: path.join(root, 'index.html'), contentType: 'text/html; charset=utf-8' });
  assert.equal(resolveStaticAsset(root, '/assets/app-1.js')?.contentType, 'text/javascript; charset=utf-8');
  assert.equal(resolveStaticAsset(root, '/assets/sarabun-thai-400.woff2')?.contentType, 'font/woff2');
  assert.equal(resolveStaticAsset(root, '/assets/%E0%B8%81.css')?.filePath, path.join(root, 'assets', 'ก.css'));
});

test('refuses traversal, encoded traversal, backslashes, NUL and unknown types', () => {
  for (const bad of [
    '/../etc/passwd.html',
    '/assets/../../x.js',
    '/%2e%2e/x.js',
    '/%2E%2E%2Fx.js',
    '/assets\\..\\x.js',
    '/assets/%5c..%5cx.js',
    '/assets/%2fetc%2fpasswd.js',
    '/C:/x.js',
    '/a%0a.js',
    '//x.js',
    '/a%00.js',
    '/./index.html',
    'index.html',
    '/%E0%A4%A',
    '/secret.db',
    '/key.json',
  ]) {
    assert.equal(resolveStaticAsset(root, bad), null, bad);
  }
});

test('the CSP forbids everything not named, and connect-src names only the given ws origin', () => {
  const csp = appResponseHeaders('text/html', ['ws://127.0.0.1:4000'])['Content-Security-Policy'] ?? '';
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.match(csp, /connect-src 'self' ws:\/\/127\.0\.0\.1:4000(;|$)/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.doesNotMatch(csp, /unsafe-eval|\*/);
});

test("the renderer's meta CSP is the shared one", async () => {
  const html = await readFile(new URL('../../../renderer/index.html', import.meta.url), 'utf8');
  const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
  assert.equal(meta, RENDERER_META_CSP);
});
