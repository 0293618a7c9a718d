#!/usr/bin/env node
// `npm start`: build, then run the app in Electron. Electron's runtime binary is downloaded by the
// `electron` package's install step; where that download was impossible, say so plainly and point to the
// browser preview instead of failing obscurely.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

const NO_RUNTIME =
  'The Electron runtime is not installed on this machine (it could not be downloaded). ' +
  'Use `npm run preview` to run Raksa Mail in your browser.';

async function runBuild() {
  const full = path.join(root, 'scripts/build.mjs');
  if (existsSync(full)) {
    const { build } = await import(pathToFileURL(full).href);
    await build();
    return;
  }
  const { buildElectron } = await import(pathToFileURL(path.join(root, 'scripts/build-electron.mjs')).href);
  await buildElectron();
  const vite = spawnSync('npx', ['vite', 'build'], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (vite.status !== 0) throw new Error('vite build failed');
}

/**
 * The Electron executable, or null when it is not there. Deliberately NOT `require('electron')`: since
 * Electron 36 its index.js tries to download the binary when it is missing, which on a machine without
 * access to GitHub hangs or fails with a confusing message. This repeats its lookup without the download.
 */
export function findElectronBinary() {
  let pkgDir;
  try {
    pkgDir = path.dirname(require.resolve('electron/package.json', { paths: [root] }));
  } catch {
    return null;
  }
  const pathFile = path.join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const candidate = path.join(override, relative || 'electron');
    return existsSync(candidate) ? candidate : null;
  }
  if (!relative) return null;
  const candidate = path.join(pkgDir, 'dist', relative);
  return existsSync(candidate) ? candidate : null;
}

async function main() {
  await runBuild();
  const electron = findElectronBinary();
  if (!electron) {
    console.error(NO_RUNTIME);
    process.exit(1);
  }
  const env = { ...process.env };
  // If set, Electron would start as plain Node and ignore the app (the packaged app has this fuse off).
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(electron, ['.', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  child.on('error', (e) => {
    console.error(`Could not start Electron (${electron}): ${e.message}`);
    console.error(NO_RUNTIME);
    process.exit(1);
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((e) => {
    console.error(`start: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
