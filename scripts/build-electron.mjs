#!/usr/bin/env node
// Bundles the Electron main process and the sandboxed preload into dist/electron/. The preload must be
// ONE CommonJS file: a sandboxed preload can only require('electron') (and a few polyfills), so every
// other import is inlined here, and the build fails if anything else slipped in as a require.
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'dist/electron');

// Electron 45 ships Node 22 and Chromium 140.
const NODE_TARGET = 'node22';
const CHROME_TARGET = 'chrome140';
// Keep the preload small: it is parsed on every page load and is part of the attack surface.
const PRELOAD_MAX_BYTES = 64 * 1024;

export async function buildMain() {
  await build({
    entryPoints: [path.join(root, 'electron/main/main.ts')],
    outfile: path.join(outDir, 'main.cjs'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: NODE_TARGET,
    // npm packages (and electron itself) load from node_modules at run time; our own code is inlined.
    packages: 'external',
    // Shared code uses import.meta.url (e.g. coreClient's default worker path); give CJS a real one.
    define: { 'import.meta.url': '__raksaImportMetaUrl' },
    banner: { js: "const __raksaImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    logLevel: 'warning',
  });
}

export async function buildPreload() {
  const outfile = path.join(outDir, 'preload.cjs');
  await build({
    entryPoints: [path.join(root, 'electron/preload/preload.ts')],
    outfile,
    bundle: true,
    platform: 'browser',
    format: 'cjs',
    target: CHROME_TARGET,
    external: ['electron'],
    logLevel: 'warning',
  });
  const code = await readFile(outfile, 'utf8');
  const requires = [...code.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]);
  const foreign = requires.filter((name) => name !== 'electron');
  if (foreign.length > 0) {
    throw new Error(
      `preload.cjs requires ${foreign.join(', ')}; a sandboxed preload may only require 'electron'`,
    );
  }
  if (Buffer.byteLength(code) > PRELOAD_MAX_BYTES) {
    throw new Error(
      `preload.cjs is ${Buffer.byteLength(code)} bytes (limit ${PRELOAD_MAX_BYTES}): ` +
        'did it import shared/contract/api.ts (and with it zod)? Import shared/contract/channels.ts instead.',
    );
  }
}

export async function buildElectron() {
  await Promise.all([buildMain(), buildPreload()]);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  buildElectron().then(
    () => console.log('build-electron: dist/electron/main.cjs and dist/electron/preload.cjs written'),
    (e) => {
      console.error(`build-electron: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
}
