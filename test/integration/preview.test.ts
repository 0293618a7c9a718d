// `npm run preview`'s server process: prints a tokened 127.0.0.1 URL, serves the page, refuses the API
// without the token, and shuts down cleanly (closing the encrypted store) on SIGTERM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

const root = fileURLToPath(new URL('../..', import.meta.url));

test('the preview host prints its URL, serves the app, guards the API and stops cleanly', async () => {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'raksa-preview-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/core/host/previewMain.ts', '--profile', profile], {
    cwd: root,
    env: { ...process.env, RAKSA_PASSPHRASE: 'preview test passphrase' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let out = '';
    const url = await new Promise<URL>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 60_000);
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out);
        if (m?.[1]) {
          clearTimeout(timer);
          resolve(new URL(m[1]));
        }
      });
      child.once('exit', (code) => reject(new Error(`preview exited ${code}: ${out}`)));
    });
    const page = await fetch(url);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /id="root"/);

    const refused = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${url.port}/api?token=guess`, { origin: url.origin });
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('open', () => resolve(101));
    });
    assert.equal(refused, 403);

    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    // The store was closed cleanly: the WAL was checkpointed and truncated.
    const files = await readdir(profile);
    assert.ok(files.includes('raksa.db'), files.join(','));
    assert.ok(files.includes('key.json'), files.join(','));
  } finally {
    child.kill('SIGKILL');
    await rm(profile, { recursive: true, force: true });
  }
});
