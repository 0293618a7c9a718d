import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { appPaths } from './appPaths.js';

void test('the paths main loads match what the build writes', () => {
  const root = path.resolve('/opt/Raksa Mail/resources/app.asar');
  assert.deepEqual(appPaths(root), {
    rendererDir: path.join(root, 'dist', 'renderer'),
    preload: path.join(root, 'dist', 'electron', 'preload.cjs'),
    coreWorker: path.join(root, 'dist', 'core', 'worker.mjs'),
  });
});
