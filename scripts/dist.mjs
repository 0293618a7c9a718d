#!/usr/bin/env node
// `npm run dist`: build, rebuild the native SQLite module for Electron, and package installers with
// electron-builder (electron-builder.config.cjs). This is the ONLY step that downloads Electron binaries
// and headers, so it needs internet access (github.com and www.electronjs.org, or an internal mirror
// named by ELECTRON_MIRROR). Set RAKSA_DIST_OFFLINE=1 to skip the reachability check when the Electron
// caches (~/.cache/electron, ~/.electron-gyp) are already filled.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shell = process.platform === 'win32';

// Native modules whose Node build the repo's own tools (CLI, browser host, tests) need back afterwards.
const NATIVE_MODULES = ['better-sqlite3-multiple-ciphers'];

const DOWNLOAD_HOSTS = [
  process.env.ELECTRON_MIRROR || 'https://github.com/electron/electron/releases/',
  'https://www.electronjs.org/headers/',
];

const WHY =
  'electron-builder downloads the Electron runtime for each target platform and the Electron headers ' +
  'needed to rebuild better-sqlite3-multiple-ciphers for Electron. ';

async function reachable(url) {
  try {
    await fetch(url, { method: 'HEAD', redirect: 'manual', signal: AbortSignal.timeout(8000) });
    return true;
  } catch {
    return false;
  }
}

function run(label, command, args) {
  console.log(`dist: ${label}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell });
  if (result.status !== 0) {
    throw new Error(`${label} failed (exit ${result.status ?? result.signal ?? result.error?.message}).`);
  }
}

// electron-builder rebuilds native modules in place (node-gyp `rebuild` starts by deleting build/), which
// would leave the repo's node_modules built for Electron's ABI; keep the Node build and put it back.
function saveNativeBuilds() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'raksa-dist-native-'));
  const saved = [];
  for (const name of NATIVE_MODULES) {
    const build = path.join(root, 'node_modules', name, 'build');
    if (!existsSync(build)) continue;
    cpSync(build, path.join(dir, name), { recursive: true });
    saved.push({ build, copy: path.join(dir, name) });
  }
  return () => {
    for (const { build, copy } of saved) {
      rmSync(build, { recursive: true, force: true });
      cpSync(copy, build, { recursive: true });
    }
    rmSync(dir, { recursive: true, force: true });
  };
}

async function main() {
  if (process.env.RAKSA_DIST_OFFLINE !== '1') {
    for (const url of DOWNLOAD_HOSTS) {
      if (!(await reachable(url))) {
        throw new Error(
          `${WHY}This machine cannot reach ${url}, so installers cannot be built here. ` +
            'Run `npm run dist` on a build machine with internet access, or point ELECTRON_MIRROR at an ' +
            'internal mirror (RAKSA_DIST_OFFLINE=1 skips this check when the ' +
            'Electron caches are already filled). Nothing was changed.',
        );
      }
    }
  }
  run('build', 'npm', ['run', 'build']);
  const restore = saveNativeBuilds();
  try {
    run('rebuild native modules for Electron', 'npx', ['electron-builder', 'install-app-deps']);
    run('package', 'npx', [
      'electron-builder',
      '--config',
      'electron-builder.config.cjs',
      ...process.argv.slice(2),
    ]);
    console.log('dist: installers written to out/');
  } catch (e) {
    throw new Error(
      `${e instanceof Error ? e.message : String(e)} ${WHY}A download or compiler failure above is the usual cause.`,
      {
        cause: e,
      },
    );
  } finally {
    restore();
    console.log('dist: restored the Node build of the native modules in node_modules');
  }
}

main().catch((e) => {
  console.error(`dist: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
