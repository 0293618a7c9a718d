#!/usr/bin/env node
// Builds everything the app and the browser host load: the renderer (Vite), the core worker bundle, and
// the Electron main/preload bundles. Source maps stay out of shipped files.
import { build as esbuild } from 'esbuild';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import { existsSync } from 'node:fs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function buildRenderer() {
  const { build } = await import('vite');
  const config = ['vite.config.ts', 'renderer/vite.config.ts'].map((f) => path.join(root, f)).find((f) => existsSync(f));
  await build({ configFile: config, logLevel: 'warn' });
}

/**
 * Standalone ESM bundles for Node (`<name>.mjs` in `outdir`), one per entry, no code splitting between them.
 * npm packages (the native SQLite module among them) load from node_modules at run time, so `outdir` must lie
 * inside the repo, where they resolve.
 */
export async function bundleForNode(entryPoints, outdir) {
  await esbuild({
    entryPoints,
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
}

// Tests pass an `outdir` of their own (inside the repo, see bundleForNode).
export async function buildCoreWorker(outdir = path.join(root, 'dist/core')) {
  // The core's worker, the search-document parser threads and the header-sync writer thread it starts
  // (startCore finds docWorker.mjs and syncWriterThread.mjs beside worker.mjs).
  await bundleForNode(
    {
      worker: path.join(root, 'electron/core/host/worker.ts'),
      docWorker: path.join(root, 'electron/core/search/docWorker.ts'),
      syncWriterThread: path.join(root, 'electron/core/store/syncWriterThread.ts'),
    },
    outdir,
  );
}

export async function build() {
  await buildRenderer();
  await buildCoreWorker();
  const electronBuild = path.join(root, 'scripts/build-electron.mjs');
  if (existsSync(electronBuild)) {
    const { buildElectron } = await import(pathToFileURL(electronBuild).href);
    await buildElectron();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  build().then(
    () => console.log('build: done'),
    (e) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    },
  );
}
